"""The golden scenarios Helm rendered: dslint agrees with Helm about what is valid."""

from __future__ import annotations

import pytest

from conftest import GOLDEN, golden_meta, golden_scenarios, needs_shared

SCENARIOS = golden_scenarios()


def _helm_rendered(name: str, version: str) -> bool:
    return (GOLDEN / name / f"expected-{version}.yaml").exists() or (GOLDEN / name / f"invalid-output-{version}.yaml").exists()


@pytest.mark.parametrize("version", ["2.1.1", "2.3.51"])
@pytest.mark.parametrize("name", SCENARIOS or ["(no goldens)"])
def test_rendered_scenarios_have_no_schema_errors(run_cli, name, version):
    needs_shared(GOLDEN)
    if not _helm_rendered(name, version):
        pytest.skip("Helm refused this scenario")
    values = GOLDEN / name / "values.yaml"
    meta = golden_meta(name)
    result = run_cli("check", values, "--chart-version", version, "--release-name", meta["release"],
                     "--select", "DS1", "--format", "json", "--isolated")
    errors = [f for f in result.json()["findings"] if f["severity"] == "error"]
    assert errors == []


@pytest.mark.parametrize("name", SCENARIOS or ["(no goldens)"])
@pytest.mark.parametrize("platform", ["kubernetes", "openshift"])
@pytest.mark.parametrize("version", ["2.1.1", "2.3.51"])
def test_no_rule_crashes_on_any_scenario(run_cli, name, platform, version):
    needs_shared(GOLDEN)
    meta = golden_meta(name)
    result = run_cli("check", GOLDEN / name / "values.yaml", "--platform", platform, "--chart-version", version,
                     "--release-name", meta["release"], "--format", "json", "--isolated", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    for finding in result.json()["findings"]:
        assert finding["location"]["line"], finding


def test_e03_invalid_preset(run_cli):
    needs_shared(GOLDEN)
    result = run_cli("check", GOLDEN / "e03-invalid-preset" / "values.yaml", "--select", "DS1", "--format", "json")
    assert result.exit_code == 1
    (finding,) = result.json()["findings"]
    assert (finding["code"], finding["path"], finding["location"]["line"], finding["location"]["column"]) == (
        "DS103", "client.resourcesPreset", 2, 20)


def test_e04_wrong_types(run_cli):
    needs_shared(GOLDEN)
    result = run_cli("check", GOLDEN / "e04-wrong-type" / "values.yaml", "--select", "DS1", "--format", "json")
    assert result.exit_code == 1
    got = {(f["code"], f["path"], f["location"]["line"]) for f in result.json()["findings"]}
    # The same two values Helm's schema validation names.
    assert got == {("DS102", "worker.replicaCount", 2), ("DS102", "worker.terminationGracePeriodSeconds", 3)}
