"""SARIF output against the official SARIF 2.1.0 schema, and the fields GitHub code scanning reads."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from ci_helpers import BAD_VALUES, assert_valid_sarif
from dslint.run import Report
from dslint.findings import DEFAULT_LOCATION, Finding, Location, ManifestRef, Severity
from dslint.formats import sarif
from dslint.registry import Rule, all_rules


def _security_rule(monkeypatch) -> Rule:
    """A security rule: a real one when the registry has one, else a stand-in registered for the test."""
    for rule in all_rules():
        if rule.meta.security:
            return rule.meta
    from dslint import rules as registry

    meta = Rule(
        code="DS299", name="test-security-rule", severity=Severity.ERROR, summary="A security rule for the test.",
        rationale="Stands in until the registry has a security rule.", bad="a: 1\n", good="a: 2\n", fix="Change it.",
        security=True,
    )
    real = registry.all_rules()
    monkeypatch.setattr(registry, "all_rules", lambda: (*real, registry.RegisteredRule(meta, None)))
    return meta


def _finding(code, location, *, severity=Severity.ERROR, path="worker.replicaCount", **extra) -> Finding:
    return Finding(code=code, name=f"rule-{code.lower()}", severity=severity, message=f"{code} message at {location.source}",
                   values_path=path, location=location, fix="fix it", profile="production", **extra)


def _constructed_report(security: Rule) -> Report:
    findings = [
        _finding("DS101", Location("values.yaml", 2, 3)),
        _finding("DS101", Location("--set", 1, 1, argument="worker.foo=1")),
        _finding("DS102", DEFAULT_LOCATION, severity=Severity.WARNING),
        _finding("DS103", Location("<stdin>", 4, 1), severity=Severity.INFO),
        _finding(security.code, Location("values.yaml", 7, 5), path="worker.podSecurityContext.enabled",
                 manifest=ManifestRef(kind="StatefulSet", name="ds-worker", field_path="spec.template.spec.securityContext",
                                      source="templates/worker/statefulset.yaml", line=40),
                 related=(Location("base values.yaml", 3, 1),)),
    ]
    return Report(findings=findings, files=["values.yaml"])


def _cli_sarif(run_cli, tmp_path, *extra) -> tuple[dict, int]:
    (tmp_path / "values.yaml").write_text(BAD_VALUES)
    result = run_cli("check", "values.yaml", "--format", "sarif", *extra)
    return result.json(), result.exit_code


def test_sarif_of_a_real_run_validates_against_the_schema(run_cli, tmp_path):
    document, exit_code = _cli_sarif(run_cli, tmp_path, "--set", "worker.foo=1", "--set", "client.bar=2")
    assert exit_code == 1
    assert_valid_sarif(document)
    results = document["runs"][0]["results"]
    in_file = [r for r in results if r["locations"][0].get("physicalLocation")]
    assert any(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "values.yaml"
               and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 2 for r in in_file)
    assert any("(set by --set worker.foo=1)" in r["message"]["text"] for r in results)


def test_sarif_of_every_kind_of_location_validates(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    security = _security_rule(monkeypatch)
    document = json.loads(sarif.render(_constructed_report(security)))
    assert_valid_sarif(document)
    run = document["runs"][0]
    assert len(run["results"]) == 5
    flagged = [r for r in run["results"] if "worker.foo=1" in r["message"]["text"]]
    assert flagged and not flagged[0]["locations"][0].get("physicalLocation")


def test_sarif_with_input_errors_validates(run_cli, tmp_path):
    (tmp_path / "empty.yaml").write_text("")
    result = run_cli("check", "empty.yaml", "--format", "sarif")
    assert result.exit_code == 2
    document = result.json()
    assert_valid_sarif(document)
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"]


def test_github_fields(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    security = _security_rule(monkeypatch)
    document = json.loads(sarif.render(_constructed_report(security)))
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:
        url = urlparse(rule["helpUri"])
        assert url.scheme == "https" and url.path.endswith(f"/{rule['id']}.md"), rule["helpUri"]
        assert rule["shortDescription"]["text"] and rule["help"]["markdown"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        fingerprint = result["partialFingerprints"]["dslintFinding/v1"]
        assert isinstance(fingerprint, str) and len(fingerprint) >= 16
    fingerprints = [r["partialFingerprints"]["dslintFinding/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)
    # GitHub ranks security alerts by security-severity: a number in a string, 0.0 to 10.0.
    security_rule = next(r for r in rules if r["id"] == security.code)
    assert 0.0 < float(security_rule["properties"]["security-severity"]) <= 10.0
    assert "security" in security_rule["properties"]["tags"]
    security_result = next(r for r in run["results"] if r["ruleId"] == security.code)
    assert 0.0 < float(security_result["properties"]["security-severity"]) <= 10.0
    for rule in rules:
        if rule["id"] != security.code:
            assert "security-severity" not in rule["properties"]


def test_fingerprints_survive_moved_lines(run_cli, tmp_path):
    before, _ = _cli_sarif(run_cli, tmp_path)
    (tmp_path / "values.yaml").write_text("# a comment that moves every line down\n\n" + BAD_VALUES)
    after = run_cli("check", "values.yaml", "--format", "sarif").json()

    def prints(document):
        return sorted(r["partialFingerprints"]["dslintFinding/v1"] for r in document["runs"][0]["results"])

    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after["runs"][0]["results"]
             if r["ruleId"] == "DS101"]
    assert lines == [4]
    assert prints(before) == prints(after)


def test_every_result_has_a_file_location_github_accepts(run_cli, tmp_path):
    document, _ = _cli_sarif(run_cli, tmp_path, "--set", "worker.foo=1")
    for result in document["runs"][0]["results"]:
        physical = [loc["physicalLocation"] for loc in result["locations"] if "physicalLocation" in loc]
        assert physical and physical[0]["artifactLocation"]["uri"], result


def test_the_schema_check_is_not_vacuous():
    from ci_helpers import sarif_validator

    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "dslint"}},
                                             "results": [{"message": {"text": "x"}, "level": "fatal"}]}]}
    assert list(sarif_validator().iter_errors(broken))


def test_sarif_fixes_validate_and_say_what_fix_changes(run_cli, tmp_path):
    """`dslint check --fix`'s edits as SARIF `fixes` (a rename, a value, a move that inserts past the last line)."""
    (tmp_path / "values.yaml").write_text("worker:\n  podAntiAffinityPreset: Hard\nclient:\n  launchCommand: x\n")
    document = run_cli("check", "values.yaml", "--format", "sarif").json()
    assert_valid_sarif(document)
    results = document["runs"][0]["results"]
    fixes = {r["properties"]["fixApplicability"]: r["fixes"] for r in results if "fixes" in r}
    assert set(fixes) == {"safe", "unsafe"}
    safe = fixes["safe"][0]["artifactChanges"][0]["replacements"]
    assert safe == [{"deletedRegion": {"startLine": 2, "startColumn": 26, "endLine": 2, "endColumn": 30},
                     "insertedContent": {"text": "hard"}}]
    moved = fixes["unsafe"][0]["artifactChanges"][0]["replacements"]
    assert {r["insertedContent"]["text"] for r in moved} == {"", "source:\n  launchCommand: x\n"}
