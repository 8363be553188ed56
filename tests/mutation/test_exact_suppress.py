"""Suppressions: every comment that matches a finding counts as used, so none is reported stale (DS100)."""

from __future__ import annotations

from dslint.findings import Finding, Location, Severity
from dslint.load.yaml_tree import Position
from dslint.suppress import Suppression, apply_suppressions, find_suppressions_in, unused_suppression_locations

from answers import finding_lines


def test_a_file_level_and_a_line_ignore_of_one_finding_are_both_used(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("# dslint: ignore-file[DS4]\nworker:\n  resourcesPreset: small  # dslint: ignore[DS401]\n")
    result = run_cli("check", "v.yaml", "--select", "DS401,DS100", "--format", "json")
    assert finding_lines(result) == [] and result.exit_code == 0


def test_a_line_ignore_that_matches_nothing_is_reported_where_it_is(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("# dslint: ignore-file[DS4]\nworker:\n  replicaCount: 2  # dslint: ignore[DS401]\n")
    result = run_cli("check", "v.yaml", "--select", "DS401,DS100", "--format", "json")
    assert finding_lines(result) == ["v.yaml:3:20 DS100 warning `# dslint: ignore[DS401]` suppresses nothing here"]


def _finding(code: str, line: int, source: str = "v.yaml", argument: str | None = None) -> Finding:
    return Finding(code, "name", Severity.WARNING, "m", "a.b", Location(source, line, 1, argument))


def test_apply_marks_every_matching_comment_and_keeps_the_rest():
    text = "# dslint: ignore-file[DS4]\na: 1  # dslint: ignore[DS401, DS5]\n# dslint: ignore\nb: 2\n"
    suppressions = find_suppressions_in("v.yaml", text, [])
    assert [(s.line, s.column, s.lines, s.codes, s.whole_file) for s in suppressions] == [
        (1, 1, (1, 2), ("DS4",), True), (2, 7, (2,), ("DS401", "DS5"), False), (3, 1, (3, 4), (), False)]
    kept = apply_suppressions([_finding("DS401", 2), _finding("DS201", 2), _finding("DS201", 4),
                               _finding("DS401", 2, "other.yaml"), _finding("DS401", 2, "--set", "a=1")], suppressions)
    # Another file's finding on the same line, and a flag's, are not this file's to suppress.
    assert kept == [_finding("DS201", 2), _finding("DS401", 2, "other.yaml"), _finding("DS401", 2, "--set", "a=1")]
    assert [s.used for s in suppressions] == [{"DS4"}, {"DS401"}, {"*"}]
    assert unused_suppression_locations(suppressions) == [(Location("v.yaml", 2, 7), ("DS5",), False, ("DS401", "DS5"))]


def test_a_comment_without_codes_that_matched_nothing_is_unused_as_a_whole():
    suppression = Suppression("v.yaml", 3, 1, (3, 4), (), False)
    assert suppression.unused_codes() == ("*",)
    assert suppression.matches(_finding("DS201", 4)) and suppression.unused_codes() == ()


def test_text_that_only_looks_like_a_comment_does_not_stop_the_search():
    text = ('a: "x # dslint: ignore[DS201]"\n'  # inside a quoted scalar: text, not a comment
            "b: dslint: is not a comment\n"  # says dslint: but is no suppression
            "c: 1  # dslint: ignore[DS202]\n")
    spans = [(Position(1, 4), Position(1, 31))]
    found = [(s.line, s.column, s.codes) for s in find_suppressions_in("v.yaml", text, spans)]
    assert found == [(3, 7, ("DS202",))]
