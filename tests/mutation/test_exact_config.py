"""Configuration: the most specific code prefix wins, for severities as for selection (ruff's rule)."""

from __future__ import annotations

import pytest

from dslint.config import Settings
from dslint.findings import Severity

from answers import finding_lines

# A long table goes through the per-code cache (more than 8 entries): both paths must agree.
FILLER = {f"DS{n}": Severity.WARNING for n in (1, 2, 3, 5, 6, 7, 8, 9)}


@pytest.mark.parametrize("extra", [{}, FILLER], ids=["short table", "cached table"])
@pytest.mark.parametrize("table", [
    {"DS4": Severity.INFO, "DS401": Severity.ERROR},
    {"DS401": Severity.ERROR, "DS4": Severity.INFO},
], ids=["general first", "specific first"])
def test_the_most_specific_severity_prefix_wins(table, extra):
    settings = Settings(severity={**extra, **table})
    assert settings.severity_of("DS401", Severity.WARNING) == Severity.ERROR
    assert settings.severity_of("DS402", Severity.WARNING) == Severity.INFO
    # A code no prefix matches keeps its rule's own severity.
    assert Settings(severity=dict(table)).severity_of("DS201", Severity.WARNING) == Severity.WARNING


def test_the_ci_gate_fails_on_the_specific_severity(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("worker:\n  resourcesPreset: small\n")
    for order in (["DS4=info", "DS401=error"], ["DS401=error", "DS4=info"]):
        args = [a for level in order for a in ("--severity", level)]
        result = run_cli("check", "v.yaml", "--select", "DS401", *args, "--format", "json")
        assert [line.split(" the ")[0] for line in finding_lines(result)] == [
            "v.yaml:1:1 DS401 error", "v.yaml:2:20 DS401 error"]
        assert result.exit_code == 1


@pytest.mark.parametrize("select, ignore, selected", [
    ((), (), {"DS401": True, "DS201": True}),
    (("DS4",), ("DS401",), {"DS401": False, "DS402": True, "DS201": False}),
    (("DS401",), ("DS4",), {"DS401": True, "DS402": False}),
    (("DS4",), ("DS4",), {"DS401": False}),  # a tie: ignore wins
])
def test_selection_most_specific_prefix_wins_and_ignore_wins_ties(select, ignore, selected):
    settings = Settings(select=select, ignore=ignore)
    assert {code: settings.is_selected(code) for code in selected} == selected
