"""`dslint render` with the real upstream chart reproduces the golden renders.

Runs when DSLINT_UPSTREAM_CHART names the chart directory (several, separated
by os.pathsep, to test more than one version), e.g. one assembled by
../shared/tools/upstream-chart.sh; skipped otherwise.  Each golden scenario
is rendered with `--fail-on never` and the scenario's release and namespace,
then compared semantically: every document parsed and keyed by
apiVersion/kind/namespace/name, the generated key and `checksum/*`
annotation values aside.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from conftest import GOLDEN, golden_meta, golden_scenarios, needs_shared

OMITTED = "GENERATED-KEY-OMITTED"


def _charts() -> list[tuple[str, str]]:
    found = []
    for directory in filter(None, os.environ.get("DSLINT_UPSTREAM_CHART", "").split(os.pathsep)):
        chart_yaml = Path(directory) / "Chart.yaml"
        if chart_yaml.is_file():
            found.append((directory, str(yaml.safe_load(chart_yaml.read_text())["version"])))
    return found


CHARTS = _charts()
needs_upstream = pytest.mark.skipif(not CHARTS, reason="DSLINT_UPSTREAM_CHART does not name an upstream chart")


def _cases() -> list[tuple[str, str, str]]:
    return [(chart, version, scenario) for chart, version in CHARTS for scenario in golden_scenarios()
            if (GOLDEN / scenario / f"expected-{version}.yaml").is_file()
            or (GOLDEN / scenario / f"error-{version}.txt").is_file()]


def objects(text: str) -> dict[tuple, dict]:
    out = {}
    for document in yaml.safe_load_all(text):
        if document:
            meta = document.get("metadata") or {}
            out[(document.get("apiVersion"), document.get("kind"), meta.get("namespace", ""), meta.get("name"))] = document
    return out


def comparable(document, expected=None):
    """Checksum annotations and keys the golden omitted are not compared."""
    if isinstance(document, dict):
        out = {}
        for key, value in document.items():
            if isinstance(key, str) and key.startswith("checksum/"):
                value = "<checksum>"
            elif isinstance(expected, dict) and expected.get(key) == OMITTED:
                value = OMITTED
            out[key] = comparable(value, expected.get(key) if isinstance(expected, dict) else None)
        return out
    if isinstance(document, list):
        return [comparable(item, expected[i] if isinstance(expected, list) and i < len(expected) else None)
                for i, item in enumerate(document)]
    return document


def render_scenario(run_cli, chart: str, scenario: str, *extra: str):
    meta = golden_meta(scenario)
    return run_cli("render", "--isolated", "--chart", chart, str(GOLDEN / scenario / "values.yaml"),
                   "--release-name", meta["release"], "--namespace", meta["namespace"],
                   "--format", "json", "--report", "report.json", *extra)


def value_position(scenario: str, key: str) -> tuple[int, int]:
    """Line and column of `key`'s value in the scenario's values file, read from its text: where
    a user expects a finding about the value (not the key, not the mapping above it)."""
    for number, line in enumerate((GOLDEN / scenario / "values.yaml").read_text().splitlines(), 1):
        match = re.match(rf"^\s*{re.escape(key)}:[ \t]+", line)
        if match:
            return number, match.end() + 1
    raise AssertionError(f"{key} not in {scenario}")


@needs_upstream
@pytest.mark.parametrize("chart,version,scenario", _cases(), ids=lambda v: Path(v).parent.name if "/" in v else v)
def test_golden_scenario(run_cli, tmp_path, chart, version, scenario):
    needs_shared(GOLDEN)
    result = render_scenario(run_cli, chart, scenario, "--fail-on", "never", "-o", "out.yaml")
    report = json.loads((tmp_path / "report.json").read_text())
    helm_said = [f for f in report["findings"] if f["code"].startswith("DS95") and f["code"] != "DS953"]
    expected = GOLDEN / scenario / f"expected-{version}.yaml"
    if expected.is_file():
        assert result.exit_code == 0, result.stderr
        assert helm_said == []
        want = objects(expected.read_text())
        got = objects((tmp_path / "out.yaml").read_text())
        assert sorted(got, key=str) == sorted(want, key=str)
        for key, document in want.items():
            assert comparable(got[key], document) == comparable(document), f"{scenario}: {key} differs"
        return
    # Helm rejects it (or, for 12-sidecars-volumes with 2.1.1, prints invalid YAML): nothing is written.
    assert result.exit_code == 1
    assert not (tmp_path / "out.yaml").exists()
    # One root cause, one finding: a refusal a values rule predicts is counted into that finding.
    predicted = [f for f in report["findings"] if re.search(r"\(also DS95[0-2]\b", f["message"])]
    if not helm_said and predicted:
        assert predicted[0]["location"]["file"] == str(GOLDEN / scenario / "values.yaml"), predicted
        return
    assert helm_said, result.stderr
    error = " ".join((GOLDEN / scenario / f"error-{version}.txt").read_text().split())
    first = helm_said[0]
    values_path = str(GOLDEN / scenario / "values.yaml")
    if (GOLDEN / scenario / f"invalid-output-{version}.yaml").is_file():
        assert first["code"] == "DS951"
        assert "deepspeed/templates/client/client-dep-job.yaml" in first["message"]
    elif scenario == "e03-invalid-preset":
        line, column = value_position(scenario, "resourcesPreset")
        assert first["location"] == {"file": values_path, "line": line, "column": column}
        assert "Preset key 'huge' invalid" in first["message"]
    elif scenario == "e04-wrong-type":
        located = {(f["path"], f["location"]["line"], f["location"]["column"]) for f in helm_said if f["code"] == "DS952"}
        assert located == {("worker.replicaCount", *value_position(scenario, "replicaCount")),
                           ("worker.terminationGracePeriodSeconds",
                            *value_position(scenario, "terminationGracePeriodSeconds"))}
    else:
        # The chart's own message, word for word (the golden keeps the end of it).
        said = first["message"].removeprefix("Helm refused to render: ")
        said = re.sub(r" \(deepspeed/templates/[^)]*\)$", "", said)
        assert said[-80:] in error, (said, error)
        assert first["location"]["file"] == values_path


@needs_upstream
@pytest.mark.parametrize("chart,version", CHARTS, ids=lambda v: v if "/" not in v else Path(v).parent.name)
def test_values_errors_helm_accepts_are_refused_before_rendering(run_cli, tmp_path, chart, version):
    """An invalid affinity preset renders without complaint from Helm; dslint refuses it first."""
    values = tmp_path / "values.yaml"
    values.write_text("config:\n  existingSSHKeySecret: ssh\nworker:\n  podAntiAffinityPreset: medium\n")
    result = run_cli("render", "--isolated", "--chart", chart, str(values), "-o", "out")
    assert result.exit_code == 1
    assert f"{values}:4:26: DS103 [error]" in result.stderr
    assert not (tmp_path / "out").exists()
    assert "DS95" not in result.stderr


@needs_upstream
def test_sidecars_with_chart_2_1_1_are_refused_with_ds703_first(run_cli, tmp_path):
    from dslint.rules import rule_by_code

    chart = next((c for c, v in CHARTS if v == "2.1.1"), None)
    if chart is None:
        pytest.skip("needs the 2.1.1 chart")
    needs_shared(GOLDEN)
    if rule_by_code("DS703") is None:
        pytest.skip("DS703 is not written yet")
    result = render_scenario(run_cli, chart, "12-sidecars-volumes", "-o", "out")
    report = json.loads((tmp_path / "report.json").read_text())
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()
    errors = [f["code"] for f in report["findings"] if f["severity"] == "error"]
    assert errors and errors[0] == "DS703", errors
