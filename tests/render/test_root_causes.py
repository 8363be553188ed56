"""One root cause, one finding; chart-owned fields are the chart's; with the real chart (skipped without it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SHARED

from dslint.findings import Finding, Location, ManifestRef, Severity
from dslint.render.merge import merge_root_causes


def _chart(version: str) -> Path:
    chart = SHARED / "charts" / f"deepspeed-{version}.tgz"
    if not chart.is_file():
        pytest.skip(f"{chart} is not there")
    return chart


def _check(run_cli, tmp_path, version: str, values: str, *args: str) -> dict:
    path = tmp_path / "values.yaml"
    path.write_text(values, "utf-8")
    return run_cli("check", "--chart", _chart(version), path.name, "--isolated", "--format", "json", *args)


def test_mutable_tag_is_one_finding_at_the_values_line(run_cli, tmp_path):
    result = _check(run_cli, tmp_path, "2.1.1", "image:\n  tag: latest\n")
    findings = result.json()["findings"]
    at_tag = [f for f in findings if f["path"] == "image.tag"]
    assert [(f["code"], f["location"]["line"]) for f in at_tag] == [("DS801", 2)]
    assert at_tag[0]["message"].endswith("(also DS906 in 5 containers)")
    assert not [f for f in findings if f["code"] == "DS906"]


def test_wrong_key_in_resources_is_reported_once(run_cli, tmp_path):
    values = "worker:\n  resourcesPreset: none\n  resources:\n    cpu: '2'\n    limits: {memory: 1Gi}\n" \
        "    requests: {cpu: '1', memory: 1Gi}\n"
    result = _check(run_cli, tmp_path, "2.1.1", values, "--fail-on", "never")
    findings = result.json()["findings"]
    assert not [f for f in findings if f["code"] == "DS901"]
    unknown = next(f for f in findings if f["code"] == "DS101")
    assert unknown["location"]["line"] == 4 and unknown["message"].endswith("(also DS901 in 1 container)")


def test_refused_mirror_and_helm_refusal_are_one_finding(run_cli, tmp_path):
    result = _check(run_cli, tmp_path, "2.3.51", "global:\n  imageRegistry: registry.internal.example.com\n",
                    "--fail-on", "never")
    findings = result.json()["findings"]
    assert not [f for f in findings if f["code"] == "DS950"]
    refused = next(f for f in findings if f["code"] == "DS803")
    assert refused["severity"] == "error" and refused["message"].endswith("(also DS950: Helm refused to render)")
    assert result.exit_code == 0  # --fail-on never; the merged finding still is an error:
    again = _check(run_cli, tmp_path, "2.3.51", "global:\n  imageRegistry: registry.internal.example.com\n")
    assert again.exit_code == 1


@pytest.mark.parametrize("version", ["2.1.1", "2.3.51"])
def test_production_example_has_no_warning(run_cli, tmp_path, version):
    example = (ROOT / "examples" / "production-training.yaml").read_text("utf-8")
    result = _check(run_cli, tmp_path, version, example)
    findings = result.json()["findings"]
    assert result.exit_code == 0
    assert [f for f in findings if f["severity"] != "info"] == []
    # The chart's own init containers have no resources and no value to give them some: the chart's, as info.
    owned = [f for f in findings if f["code"] == "DS905"]
    assert owned and all(f"owned by chart deepspeed {version}" in f["message"] for f in owned)


# --- the merge itself ----------------------------------------------------------------------


def _finding(code: str, path: str, line: int, severity=Severity.WARNING, container: str = "") -> Finding:
    manifest = ManifestRef("StatefulSet", "w", container=container) if code.startswith("DS9") else None
    return Finding(code, code.lower(), severity, f"{code} says", path, Location("v.yaml", line, 3), manifest=manifest)


def test_merge_takes_the_closest_values_finding_of_the_same_family():
    values = [_finding("DS613", "worker.extraEnvVars[0]", 3), _finding("DS102", "worker.extraEnvVars[0].value", 4,
                                                                         Severity.ERROR)]
    schema = _finding("DS901", "worker.extraEnvVars", 2, Severity.ERROR, "deepspeed")
    stages = {f: 0 for f in values}
    stages[schema] = 2
    merged = merge_root_causes(values + [schema], stages, 0, 1)
    assert [(f.code, f.message) for f in merged] == [("DS613", "DS613 says"),
                                                     ("DS102", "DS102 says (also DS901 in 1 container)")]


def test_merge_never_reaches_across_a_whole_component_or_lowers_a_severity():
    preset = _finding("DS401", "worker.resourcesPreset", 1)
    wide = _finding("DS905", "worker", 1, container="sidecar")
    limits = _finding("DS404", "worker.resources", 3)
    missing = _finding("DS905", "worker.resources", 3, Severity.ERROR, "deepspeed")
    stages = {preset: 0, limits: 0, wide: 2, missing: 2}
    merged = merge_root_causes([preset, limits, wide, missing], stages, 0, 1)
    assert wide in merged and preset in merged
    combined = next(f for f in merged if f.code == "DS404")
    assert combined.severity == Severity.ERROR and combined.message.endswith("(also DS905 in 1 container)")
