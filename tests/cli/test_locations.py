"""Findings point at the exact line and column, in every format, whichever layer set the value."""

from __future__ import annotations

import json

import pytest

BASE = "worker:\n  replicaCount: 2\nclient:\n  useJob: false\n"
OVERLAY = (
    "worker:\n"
    "  replicaCont: 3\n"            # DS101 at 2:3
    "  slotsPerNode: '8'\n"         # DS102 at 3:17
    "client:\n"
    "  resourcesPreset: huge\n"     # DS103 at 5:20
    "  useJob: true\n"
    "  useJob: false\n"             # DS104 at 7:3
)
EXPECTED = {("DS101", 2, 3), ("DS102", 3, 17), ("DS103", 5, 20), ("DS104", 7, 3)}


@pytest.fixture
def files(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "overlay.yaml").write_text(OVERLAY)


def _ds1(findings):
    return {(f["code"], f["location"]["line"], f["location"]["column"]) for f in findings if f["code"].startswith("DS1")}


def test_json_second_of_two_files(run_cli, files):
    result = run_cli("check", "-f", "base.yaml", "-f", "overlay.yaml", "--format", "json", "--select", "DS1")
    assert result.exit_code == 1
    findings = result.json()["findings"]
    assert _ds1(findings) == EXPECTED
    assert {f["location"]["file"] for f in findings} == {"overlay.yaml"}


def test_text(run_cli, files):
    result = run_cli("check", "-f", "base.yaml", "overlay.yaml", "--select", "DS1")
    lines = result.stdout.splitlines()
    assert "overlay.yaml:2:3: DS101 [error] unknown key `replicaCont` in `worker`; Helm ignores it (did you mean `worker.replicaCount`?)" in lines
    assert any(l.startswith("overlay.yaml:3:17: DS102 [error]") for l in lines)
    assert any(l.startswith("overlay.yaml:5:20: DS103 [error]") and "2xlarge" in l for l in lines)
    assert any(l.startswith("overlay.yaml:7:3: DS104 [error]") and "line 6" in l for l in lines)
    assert lines[-1] == "4 errors, 0 warnings in 1 check of 2 files; chart 2.1.1 (default)"


def test_github(run_cli, files):
    result = run_cli("check", "-f", "base.yaml", "overlay.yaml", "--format", "github", "--select", "DS1")
    lines = result.stdout.splitlines()
    assert "::error file=overlay.yaml,line=2,col=3,title=DS101 unknown-key::" in lines[0]
    got = {(l.split("title=")[1].split(" ")[0], int(l.split("line=")[1].split(",")[0]), int(l.split("col=")[1].split(",")[0]))
           for l in lines[:-1]}
    assert got == EXPECTED
    assert lines[-1] == "4 errors, 0 warnings in 1 check of 2 files; chart 2.1.1 (default)", "the job log ends on the summary line"


def test_sarif(run_cli, files):
    result = run_cli("check", "-f", "base.yaml", "overlay.yaml", "--format", "sarif", "--select", "DS1")
    sarif = json.loads(result.stdout)
    run = sarif["runs"][0]
    got = set()
    for r in run["results"]:
        region = r["locations"][0]["physicalLocation"]["region"]
        got.add((r["ruleId"], region["startLine"], region["startColumn"]))
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "overlay.yaml"
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    assert got == EXPECTED


def test_values_from_set_point_at_the_flag(run_cli, files):
    result = run_cli("check", "-f", "base.yaml", "--set", "worker.replicaCount=abc,client.useJobs=true",
                     "--format", "json", "--select", "DS1")
    findings = result.json()["findings"]
    by_code = {f["code"]: f for f in findings}
    assert by_code["DS102"]["location"] == {"file": "--set", "line": 1, "column": 1,
                                            "argument": "worker.replicaCount=abc,client.useJobs=true"}
    assert by_code["DS101"]["location"]["column"] == 25
    text = run_cli("check", "-f", "base.yaml", "--set", "client.useJobs=true", "--select", "DS1").stdout
    assert text.startswith("--set client.useJobs=true: DS101 [error]"), "no repr quoting, no meaningless :1:1"
    quoted = run_cli("check", "-f", "base.yaml", "--set", "x=1,worker.nodeSelector.a\\.b/c=d,client.useJobs=true",
                     "--select", "DS101").stdout
    assert "\n--set 'x=1,worker.nodeSelector.a\\.b/c=d,client.useJobs=true' (column 34): DS101" in quoted, quoted


def test_set_wins_over_files(run_cli, files):
    # overlay's bad slotsPerNode is replaced by a good --set value: no DS102.
    result = run_cli("check", "overlay.yaml", "--set", "worker.slotsPerNode=8", "--format", "json", "--select", "DS102")
    assert result.json()["findings"] == []


def test_exit_codes_follow_fail_on(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("global:\n  storageClass: fast\n")
    assert run_cli("check", "v.yaml", "--chart-version", "2.3.51", "--select", "DS107").exit_code == 0
    assert run_cli("check", "v.yaml", "--chart-version", "2.3.51", "--select", "DS107", "--fail-on", "warning").exit_code == 1
    (tmp_path / "e.yaml").write_text("worker:\n  replicaCount: '3'\n")
    assert run_cli("check", "e.yaml", "--fail-on", "never").exit_code == 0
    assert run_cli("check", "e.yaml").exit_code == 1


def test_output_file(run_cli, files, tmp_path):
    result = run_cli("check", "overlay.yaml", "--format", "json", "-o", "report.json", "--select", "DS1")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(json.loads((tmp_path / "report.json").read_text())["findings"]) == 4
