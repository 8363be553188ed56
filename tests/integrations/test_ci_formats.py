"""CI report formats (GitLab Code Quality, JUnit, GitHub annotations), exit codes, --fail-on and --output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from ci_helpers import BAD_VALUES, good_values
from dslint.run import Report
from dslint.findings import DEFAULT_LOCATION, Finding, Location, Severity
from dslint.formats import FORMATS, gitlab, junit

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


@pytest.fixture
def values(tmp_path):
    (tmp_path / "bad.yaml").write_text(BAD_VALUES)
    (tmp_path / "good.yaml").write_text(good_values())
    return tmp_path


def _assert_code_quality(issues):
    """The fields GitLab's Code Quality report requires, with their types."""
    assert isinstance(issues, list)
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str) and issue["location"]["path"]
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints), "GitLab needs a unique fingerprint per issue"


def test_every_format_is_a_cli_choice(run_cli):
    help_text = run_cli("check", "--help").stdout
    for name in FORMATS:
        assert name in help_text


def test_gitlab_code_quality(run_cli, values):
    result = run_cli("check", "bad.yaml", "good.yaml", "--format", "gitlab", "--set", "worker.foo=1")
    assert result.exit_code == 1
    issues = result.json()
    _assert_code_quality(issues)
    in_file = [i for i in issues if i["location"]["path"] == "bad.yaml" and i["check_name"] == "DS101"]
    assert [i["location"]["lines"]["begin"] for i in in_file] == [2]
    assert in_file[0]["severity"] == "major"
    assert in_file[0]["description"].startswith("DS101 ")
    flagged = [i for i in issues if "worker.foo=1" in i["description"]]
    assert flagged and flagged[0]["location"]["path"] == "--set"


def test_gitlab_paths_are_relative_to_the_project(run_cli, values):
    issues = run_cli("check", str(values / "bad.yaml"), "--format", "gitlab").json()
    assert {i["location"]["path"] for i in issues} == {"bad.yaml"}


def test_gitlab_severities_and_unique_fingerprints():
    same = Location("values.yaml", 3, 1)
    findings = [
        Finding("DS101", "unknown-key", Severity.ERROR, "twice", "a", same),
        Finding("DS101", "unknown-key", Severity.ERROR, "twice", "a", same),
        Finding("DS401", "preset", Severity.WARNING, "warn", "b", Location("values.yaml", 4, 1)),
        Finding("DS108", "doc", Severity.INFO, "info", "", DEFAULT_LOCATION),
    ]
    issues = json.loads(gitlab.render(Report(findings=findings, files=["values.yaml"])))
    _assert_code_quality(issues)
    assert [i["severity"] for i in issues] == ["major", "major", "minor", "info"]
    assert issues[3]["location"] == {"path": "chart default", "lines": {"begin": 1}}


def test_gitlab_security_errors_are_critical():
    finding = Finding("DS201", "privileged", Severity.ERROR, "m", "p", Location("v.yaml", 1, 1))
    assert gitlab.issue(finding, security=True)["severity"] == "critical"
    assert gitlab.issue(finding, security=True)["categories"] == ["Security"]


def test_gitlab_no_findings_is_an_empty_array(run_cli, values):
    result = run_cli("check", "good.yaml", "--format", "gitlab", "--fail-on", "never")
    assert result.exit_code == 0
    assert all(i["severity"] != "major" for i in result.json())


def test_junit(run_cli, values):
    result = run_cli("check", "bad.yaml", "good.yaml", "--format", "junit", "--select", "DS1")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases)
    failing = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("failures")) == len(failing)
    bad = [c for c in failing if c.get("classname") == "bad.yaml"]
    assert bad and bad[0].get("line") == "2" and bad[0].get("name").startswith("DS101 unknown-key")
    assert "bad.yaml:2:3: DS101 [error]" in bad[0].find("failure").text
    passing = [c for c in cases if c.find("failure") is None]
    assert [c.get("classname") for c in passing] == ["good.yaml"]


def test_junit_input_error_is_an_errored_case():
    from dslint.load.errors import InputError

    report = Report(input_errors=[InputError("file is empty", "empty.yaml")])
    root = ET.fromstring(junit.render(report))
    assert root.find("testsuite").get("errors") == "1"
    assert root.find("testsuite/testcase/error") is not None


def test_github_annotations(run_cli, values):
    result = run_cli("check", "bad.yaml", "--format", "github")
    assert result.exit_code == 1
    assert "::error file=bad.yaml,line=2,col=3,title=DS101 unknown-key::" in result.stdout


@pytest.mark.parametrize("fail_on, expected", [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_gates_errors(run_cli, values, fail_on, expected):
    assert run_cli("check", "bad.yaml", "--fail-on", fail_on).exit_code == expected


def test_fail_on_gates_warnings_only_when_asked(run_cli, tmp_path):
    (tmp_path / "warn.yaml").write_text(BAD_VALUES)
    # DS101 demoted to a warning: only --fail-on warning (or info) fails.
    base = ("check", "warn.yaml", "--select", "DS101", "--severity", "DS101=warning")
    assert run_cli(*base).exit_code == 0
    assert run_cli(*base, "--fail-on", "warning").exit_code == 1
    assert run_cli(*base, "--fail-on", "info").exit_code == 1


def test_input_errors_exit_2_in_every_format(run_cli, tmp_path):
    (tmp_path / "broken.yaml").write_text("a: [1\n")
    for name in FORMATS:
        assert run_cli("check", "broken.yaml", "--format", name).exit_code == 2, name


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_output_writes_the_report_and_keeps_the_summary_on_the_terminal(run_cli, values, name, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    result = run_cli("check", "bad.yaml", "--format", name, "--output", "report.out")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "1 error" in result.stderr and "in 1 file" in result.stderr
    written = (values / "report.out").read_text()
    assert "\033[" not in written
    assert written == run_cli("check", "bad.yaml", "--format", name).stdout
