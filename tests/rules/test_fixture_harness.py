"""The fixture harness itself: a marker that states a column, message, severity or fix catches a
finding that gets it wrong, and a marker it cannot read is an error, not a weaker check."""

from __future__ import annotations

import pytest
from fixture_expectations import Expectation, MarkerError, compare, parse_marker, read_expectations

FIXTURE = """\
worker:
  slotsPerNode: 4  # expect: DS405 col=17 message="4 of them stay idle" severity=warning fix="slotsPerNode: 8"
"""


def finding(line=2, col=17, message="each worker pod has 8 GPUs: 4 of them stay idle", severity="warning",
            fix="Set `worker.slotsPerNode: 8`.", code="DS405"):
    return {"code": code, "severity": severity, "message": message, "fix": fix,
            "location": {"file": "bad.yaml", "line": line, "column": col}}


def test_a_marker_states_every_field():
    assert read_expectations(FIXTURE) == [
        Expectation(line=2, code="DS405", col=17, message="4 of them stay idle", severity="warning", fix="slotsPerNode: 8")]


def test_a_finding_that_matches_every_stated_field_passes():
    assert compare(read_expectations(FIXTURE), [finding()]) == []


@pytest.mark.parametrize("wrong,complaint", [
    ({"col": 3}, "col 3 != 17"),
    ({"message": "each worker pod has 8 GPUs: 2 of them stay idle"}, "lacks '4 of them stay idle'"),
    ({"severity": "info"}, "severity info != warning"),
    ({"fix": "Set `worker.slotsPerNode: 4`."}, "lacks 'slotsPerNode: 8'"),
])
def test_a_wrong_field_is_caught_and_named(wrong, complaint):
    problems = compare(read_expectations(FIXTURE), [finding(**wrong)])
    assert problems, f"a finding with {wrong} passed"
    assert problems[0].startswith("line 2: 1 expected, 1 found, and they do not agree:")
    assert complaint in problems[-1], problems


def test_a_finding_on_another_line_is_missing_here_and_unexpected_there():
    problems = compare(read_expectations(FIXTURE), [finding(line=1)])
    assert problems == [
        "unexpected: line 1: DS405 col=17 severity=warning message='each worker pod has 8 GPUs: 4 of them stay idle' "
        "fix='Set `worker.slotsPerNode: 8`.' related='none'",
        "missing:    line 2: DS405 col=17 message='4 of them stay idle' severity='warning' fix='slotsPerNode: 8'",
    ]


def test_a_line_must_have_as_many_findings_as_expectations():
    # The old harness compared sets of lines: a second finding on a marked line went unseen.
    assert compare(read_expectations(FIXTURE), [finding(), finding()])
    two = 'x: 1  # expect: DS615 col=3 message="no key"; DS615 col=3 message="no label values"\n'
    assert compare(read_expectations(two), [finding(line=1, col=3, message="no key", code="DS615")])


def test_several_expectations_on_a_line_match_in_any_order():
    two = 'x: 1  # expect: DS615 col=3 message="no key"; DS615 col=3 message="no label values"\n'
    found = [finding(line=1, col=3, message="has no label values", code="DS615"),
             finding(line=1, col=3, message="has no key", code="DS615")]
    assert compare(read_expectations(two), found) == []
    # ... but each finding answers one expectation only.
    same = [finding(line=1, col=3, message="has no key", code="DS615")] * 2
    assert compare(read_expectations(two), same)


def test_a_bare_code_still_means_a_finding_on_the_line():
    assert read_expectations("a: 1  # expect: DS615, DS615\n") == [Expectation(1, "DS615"), Expectation(1, "DS615")]
    assert compare(read_expectations("a: 1  # expect: DS101\n"), [finding(line=1, code="DS101", col=99)]) == []


def test_related_locations_are_stated_in_order():
    marker = 'a: 1  # expect: DS508 col=3 related="4:5 1:1"\n'
    (expectation,) = read_expectations(marker)
    assert expectation.related == "4:5 1:1"
    found = finding(line=1, col=3, code="DS508")
    places = [{"file": "bad.yaml", "line": 4, "column": 5}, {"file": "bad.yaml", "line": 1, "column": 1}]
    assert compare([expectation], [{**found, "related": places}]) == []
    assert "related '1:1 4:5' != '4:5 1:1'" in compare([expectation], [{**found, "related": places[::-1]}])[-1]
    assert "related 'none' != '4:5 1:1'" in compare([expectation], [found])[-1]
    (none,) = read_expectations('a: 1  # expect: DS508 related=none\n')
    assert compare([none], [found]) == []
    assert compare([none], [{**found, "related": places}])


def test_quotes_and_backslashes_in_a_message():
    (expectation,) = parse_marker(r'DS102 message="quote it: \"60\"; path C:\\x" col=5', 3)
    assert expectation.message == 'quote it: "60"; path C:\\x'
    assert expectation.col == 5


@pytest.mark.parametrize("marker,why", [
    ('DS405 col=five', "col='five' is not a number"),
    ('DS405 colum=5', "unknown key `colum`"),
    ('DS405 message="never closed', "unterminated quoted value"),
    ('DS405 severity=fatal', "severity='fatal' is not one of error, warning, info"),
    ('DS405 message=""', "an empty message states nothing"),
    ('DS405 col=5 col=6', "`col` stated twice"),
    ('col=5 DS405', "`col=` before any code"),
    ('DS405 DS406', "separate expectations with `;`"),
    ('ds405', "is not a rule code"),
    ('', "no code"),
    ('DS405 related=4', "related='4' is not `L:C ...` or `none`"),
    ('DS405 related="4:5,6:7"', "related='4:5,6:7' is not `L:C ...` or `none`"),
])
def test_a_marker_that_cannot_be_read_is_an_error_at_its_line(marker, why):
    with pytest.raises(MarkerError) as error:
        parse_marker(marker, 7, "tests/rules/DS405/bad.yaml")
    assert str(error.value).startswith("tests/rules/DS405/bad.yaml:7: bad `# expect:` marker: ")
    assert why in str(error.value)
