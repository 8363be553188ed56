"""SARIF fingerprints: one per finding, stable across line moves (GitHub tracks alerts by them)."""

from __future__ import annotations

import json

import pytest

from dslint.findings import Finding, Location, ManifestRef, Severity
from dslint.formats.sarif import _fingerprint

BASE = Finding("DS506", "hostfile-mismatch", Severity.WARNING, "the host file lists 2 hosts",
               "config.overrideHostFile", Location("v.yaml", 2, 21))


def test_the_fingerprint_of_a_finding_is_pinned():
    # A changed fingerprint reopens every alert a repository has dismissed: change it only on purpose.
    assert _fingerprint(BASE) == "5128392870ac4c96a912d869aa98da08"


@pytest.mark.parametrize("change", [
    {"code": "DS405"},
    {"message": "the host file names worker-a"},
    {"values_path": "config.sshPrivateKey"},
    {"location": Location("other.yaml", 2, 21)},
    {"manifest": ManifestRef("Pod", "p")},
])
def test_what_tells_findings_apart_changes_the_fingerprint(change):
    assert _fingerprint(BASE._replace(**change)) != _fingerprint(BASE)


@pytest.mark.parametrize("change", [
    {"location": Location("v.yaml", 40, 3)},  # the same value after lines were added above it
    {"severity": Severity.ERROR},
    {"fix": "another wording of the fix"},
])
def test_what_moves_or_is_reconfigured_keeps_the_fingerprint(change):
    assert _fingerprint(BASE._replace(**change)) == _fingerprint(BASE)


@pytest.mark.parametrize("values", [
    # Two messages of one rule on one key.
    "config:\n  overrideHostFile: |\n    worker-a slots=4\n    worker-b slots=4\n",
    # Two rules on one key.
    "worker:\n  containerSecurityContext:\n    privileged: true\n",
])
def test_findings_on_one_key_get_distinct_fingerprints(run_cli, tmp_path, values):
    (tmp_path / "v.yaml").write_text(values)
    results = json.loads(run_cli("check", "v.yaml", "--format", "sarif").stdout)["runs"][0]["results"]
    fingerprints = [r["partialFingerprints"]["dslintFinding/v1"] for r in results]
    assert len(results) >= 3 and len(set(fingerprints)) == len(fingerprints)


# --- the whole document, for findings of every shape --------------------------------------------

def _physical(uri: str, line: int, column: int | None = None, base: bool = True) -> dict:
    artifact = {"uri": uri, "uriBaseId": "%SRCROOT%"} if base else {"uri": uri}
    region = {"startLine": line} if column is None else {"startLine": line, "startColumn": column}
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _member(path: str) -> list:
    return [{"fullyQualifiedName": path, "kind": "member"}]


@pytest.fixture
def team_policy():
    from dslint import policies
    from dslint.rules import Rule

    policy = Rule("TEAM1", "team-rule", Severity.WARNING, "Team summary.", "Team rationale.", "", "", "Team fix.  ")
    policies.register([policy])
    yield policy
    policies.register([])


def test_a_report_of_every_kind_of_finding_is_this_document(tmp_path, monkeypatch, team_policy):
    from dslint import __version__
    from dslint.engine import Report
    from dslint.fix.edits import Edit
    from dslint.formats import sarif
    from dslint.load.errors import InputError

    monkeypatch.chdir(tmp_path)
    edit = Edit("rename", ("worker", "replicacount"), True, "rename `replicacount` to `replicaCount`",
                new_key="replicaCount")
    findings = [
        Finding("DS101", "unknown-key", Severity.ERROR, "unknown key", "worker.replicacount", Location("v.yaml", 3, 5),
                fix="rename it", profile="default", edit=edit, replacements=((3, 3, 3, 15, "replicaCount"),)),
        # Set by a flag: shown on the values file it was checked with.
        Finding("DS102", "wrong-type", Severity.ERROR, "not a number", "worker.replicaCount",
                Location("--set", 0, 0, "worker.replicaCount=x"), target="v.yaml", edit=edit),  # no text edit: no fix
        # A manifest finding: the object as a related location; a flag's related location has no place.
        Finding("DS902", "pss-restricted", Severity.WARNING, "Capabilities: no drop", "", Location("m.yaml", 9, 0),
                manifest=ManifestRef("Pod", "p", field_path="spec.containers[0]", container="app", source="m.yaml",
                                     line=7),
                related=(Location("v.yaml", 2, 1), Location("--set", 0, 0, "a=b"))),
        Finding("TEAM1", "team-rule", Severity.INFO, "team says no", "", Location("<stdin>", 4, 2),
                manifest=ManifestRef("Deployment", "web-X")),  # an invalid name, still shown as it is
        Finding("DS101", "unknown-key", Severity.ERROR, "unknown key", "a", Location("/elsewhere/v.yaml", 1, 1),
                edit=edit, replacements=((1, 1, 1, 2, "b"),)),
        # An object whose line is unknown: no physical place for it.
        Finding("DS903", "pss-baseline", Severity.ERROR, "Privileged", "", Location("m.yaml", 5, 2),
                manifest=ManifestRef("Pod", "q", source="m.yaml")),
        Finding("DS101", "unknown-key", Severity.ERROR, "unknown key", "a",
                Location(str(tmp_path / "sub dir" / "v.yaml"), 1, 1)),
    ]
    report = Report(findings=findings, input_errors=[InputError("cannot read", "x.yaml", 1, 2)])
    report.config, report.config_outside = ".dslint.yaml", True
    text = sarif.render(report)
    assert text.startswith('{\n  "$schema": ') and text.endswith("}\n")  # indented by 2, one final newline
    document = json.loads(text)
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    rules = driver.pop("rules")
    fingerprints = [r.pop("partialFingerprints") for r in run["results"]]
    assert len({f["dslintFinding/v1"] for f in fingerprints}) == 7
    assert document == {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "dslint", "version": __version__, "semanticVersion": __version__,
                            "informationUri": "https://github.com/dslint/dslint"}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}},
        "results": [
            {"ruleId": "DS101", "ruleIndex": 0, "level": "error", "message": {"text": "unknown key"},
             "locations": [{**_physical("v.yaml", 3, 5), "logicalLocations": _member("worker.replicacount")}],
             "properties": {"profile": "default", "fix": "rename it", "fixApplicability": "safe"},
             "fixes": [{"description": {"text": "rename `replicacount` to `replicaCount` (safe fix)"},
                        "artifactChanges": [{
                            "artifactLocation": {"uri": "v.yaml", "uriBaseId": "%SRCROOT%"},
                            "replacements": [{"deletedRegion": {"startLine": 3, "startColumn": 3, "endLine": 3,
                                                                "endColumn": 15},
                                              "insertedContent": {"text": "replicaCount"}}]}]}]},
            {"ruleId": "DS102", "ruleIndex": 1, "level": "error",
             "message": {"text": "not a number (set by --set worker.replicaCount=x)"},
             "locations": [{**_physical("v.yaml", 1, 1), "logicalLocations": _member("worker.replicaCount")}],
             "properties": {"profile": "", "fix": ""}},
            {"ruleId": "DS902", "ruleIndex": 2, "level": "warning", "message": {"text": "Capabilities: no drop"},
             "locations": [_physical("m.yaml", 9, 1)],
             "properties": {"profile": "", "fix": "", "security-severity": "5.5"},
             "relatedLocations": [
                 {**_physical("v.yaml", 2, 1), "id": 0},
                 {"message": {"text": "Pod/p spec.containers[0]"},
                  "logicalLocations": [{"fullyQualifiedName": "Pod/p/spec.containers[0]", "kind": "object"}],
                  **_physical("m.yaml", 7), "id": 1}]},
            {"ruleId": "TEAM1", "ruleIndex": 4, "level": "note", "message": {"text": "team says no"},
             "locations": [{}], "properties": {"profile": "", "fix": ""},
             "relatedLocations": [{"message": {"text": "Deployment/web-X"},
                                   "logicalLocations": [{"fullyQualifiedName": "Deployment/web-X", "kind": "object"}],
                                   "id": 0}]},
            {"ruleId": "DS101", "ruleIndex": 0, "level": "error", "message": {"text": "unknown key"},
             "locations": [{**_physical("file:///elsewhere/v.yaml", 1, 1, base=False), "logicalLocations": _member("a")}],
             "properties": {"profile": "", "fix": "", "fixApplicability": "safe"},
             "fixes": [{"description": {"text": "rename `replicacount` to `replicaCount` (safe fix)"},
                        "artifactChanges": [{
                            "artifactLocation": {"uri": "file:///elsewhere/v.yaml"},
                            "replacements": [{"deletedRegion": {"startLine": 1, "startColumn": 1, "endLine": 1,
                                                                "endColumn": 2},
                                              "insertedContent": {"text": "b"}}]}]}]},
            {"ruleId": "DS903", "ruleIndex": 3, "level": "error", "message": {"text": "Privileged"},
             "locations": [_physical("m.yaml", 5, 2)], "properties": {"profile": "", "fix": "", "security-severity": "8.0"},
             "relatedLocations": [{"message": {"text": "Pod/q"},
                                   "logicalLocations": [{"fullyQualifiedName": "Pod/q", "kind": "object"}], "id": 0}]},
            {"ruleId": "DS101", "ruleIndex": 0, "level": "error", "message": {"text": "unknown key"},
             "locations": [{**_physical("sub%20dir/v.yaml", 1, 1), "logicalLocations": _member("a")}],
             "properties": {"profile": "", "fix": ""}},
        ],
        "properties": {"config": ".dslint.yaml", "configOutsideRepository": True},
        "invocations": [{"executionSuccessful": False, "toolExecutionNotifications": [
            {"level": "error", "message": {"text": "x.yaml:1:2: cannot read"}}]}],
    }]}
    assert [r["id"] for r in rules] == ["DS101", "DS102", "DS902", "DS903", "TEAM1"]
    # A team policy: no page of dslint's, its text as written (trailing blanks dropped from the markdown).
    assert rules[4] == {
        "id": "TEAM1", "name": "team-rule", "shortDescription": {"text": "Team summary."},
        "fullDescription": {"text": "Team rationale."},
        "help": {"text": "Team rationale.\n\nFix: Team fix.  ", "markdown": "**Team summary.**\n\nTeam rationale.\n\nTeam fix."},
        "defaultConfiguration": {"level": "warning"}, "properties": {"tags": ["TEA", "values"]}}
    from dslint.rules import all_rules

    meta = {rule.meta.code: rule.meta for rule in all_rules()}["DS101"]
    assert rules[0]["helpUri"] == sarif.DOCS_BASE_URL + "DS101.md"
    assert rules[0]["properties"] == {"tags": ["DS1", "values"]}
    assert rules[0]["help"]["markdown"] == (
        f"**{meta.summary}**\n\n{meta.rationale}\n\nExample that fires:\n```yaml\n{meta.bad}```\n\n"
        f"Use instead:\n```yaml\n{meta.good}```\n\n{meta.fix}")
    assert rules[2]["properties"] == {"tags": ["DS9", "manifests", "security"], "security-severity": "8.0"}
