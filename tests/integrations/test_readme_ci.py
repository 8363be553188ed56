"""The README's "Use it in CI" snippets, run as their CI would run them.

Each test parses a snippet (YAML for the workflows), picks the shell lines that
run dslint, and runs exactly those commands in a temporary project: once with
clean values, once with a mistake, checking the exit codes and the reports the
next step (upload-sarif, GitLab's artifacts) reads.
"""

from __future__ import annotations

import json
import shlex
import xml.etree.ElementTree as ET

import pytest
import yaml

from ci_helpers import BAD_VALUES, assert_valid_sarif, dslint_lines, good_values, option_value, run_step, snippet


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A repository whose values live where the snippets look for them (deploy/values*.yaml)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "values.yaml").write_text(good_values())
    (tmp_path / "deploy" / "values-prod.yaml").write_text(good_values())
    return tmp_path


def _add_mistake(project):
    (project / "deploy" / "values-staging.yaml").write_text(BAD_VALUES)


# --- GitHub Actions -------------------------------------------------------------

def _workflow():
    workflow = yaml.safe_load(snippet("GitHub Actions", "yaml").text)
    (job,) = workflow["jobs"].values()
    return workflow, job["steps"]


def test_github_workflow_shape():
    workflow, steps = _workflow()
    assert workflow["permissions"]["security-events"] == "write"
    runs = dslint_lines([s["run"] for s in steps if "run" in s])
    sarif_step = next(line for line in runs if "--format sarif" in line)
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == option_value(sarif_step, "--output", "-o")
    assert "cancelled()" in upload["if"], "the SARIF must be uploaded even when the annotations step failed"
    sarif_run = next(s for s in steps if s.get("run", "").strip() == sarif_step)
    assert "cancelled()" in sarif_run["if"]
    assert option_value(sarif_step, "--fail-on") == "never"
    assert any("--format github" in line for line in runs)
    install = next(s["run"] for s in steps if "pip install" in s.get("run", ""))
    assert "git+" in install, "`pip install dslint` would install another project of that name"


def test_github_workflow_commands_pass_on_clean_values(project):
    _, steps = _workflow()
    for line in dslint_lines([s["run"] for s in steps if "run" in s]):
        result = run_step(line, project)
        assert result.exit_code == 0, (line, result.stdout, result.stderr)
        if "--format sarif" in line:
            document = json.loads((project / option_value(line, "--output", "-o")).read_text())
            assert_valid_sarif(document)
            assert not [r for r in document["runs"][0]["results"] if r["level"] == "error"]
            assert "0 errors" in result.stderr and "in 2 files" in result.stderr


def test_github_workflow_commands_on_a_mistake(project):
    _add_mistake(project)
    _, steps = _workflow()
    lines = dslint_lines([s["run"] for s in steps if "run" in s])
    annotations = run_step(next(line for line in lines if "--format github" in line), project)
    assert annotations.exit_code == 1, "the annotations step fails the job"
    assert "::error file=deploy/values-staging.yaml,line=2,col=3,title=DS101 unknown-key::" in annotations.stdout
    sarif_line = next(line for line in lines if "--format sarif" in line)
    report = run_step(sarif_line, project)
    assert report.exit_code == 0, "the SARIF step reports without failing, so the upload runs"
    document = json.loads((project / option_value(sarif_line, "--output", "-o")).read_text())
    assert_valid_sarif(document)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in document["runs"][0]["results"] if r["ruleId"] == "DS101" for loc in r["locations"]}
    assert uris == {"deploy/values-staging.yaml"}
    assert "1 error" in report.stderr and "in 3 files" in report.stderr


# --- GitLab CI ------------------------------------------------------------------

def _gitlab_job():
    pipeline = yaml.safe_load(snippet("GitLab CI", "yaml").text)
    (job,) = pipeline.values()
    return job, dslint_lines(job["script"])


def test_gitlab_job_shape():
    job, lines = _gitlab_job()
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always", "reports are needed most when the job fails"
    by_format = {option_value(line, "--format"): line for line in lines}
    assert reports["codequality"] == option_value(by_format["gitlab"], "--output", "-o")
    assert reports["junit"] == option_value(by_format["junit"], "--output", "-o")
    # A failing command ends the script: the report-only one must come first.  JUnit's failures are
    # what fails the run (issue 16), so the JUnit step is the gating one.
    assert lines.index(by_format["gitlab"]) < lines.index(by_format["junit"])
    assert option_value(by_format["gitlab"], "--fail-on") == "never"
    assert option_value(by_format["junit"], "--fail-on") is None
    assert any("git+" in line for line in job["script"] if "pip install" in line)


def test_gitlab_job_commands(project):
    job, lines = _gitlab_job()
    for line in lines:
        assert run_step(line, project).exit_code == 0, line
    _add_mistake(project)
    results = [run_step(line, project) for line in lines]
    assert [r.exit_code for r in results] == [0, 1]
    issues = json.loads((project / job["artifacts"]["reports"]["codequality"]).read_text())
    unknown = [i for i in issues if i["check_name"] == "DS101"]
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["severity"]) for i in unknown] == [
        ("deploy/values-staging.yaml", 2, "major")]
    assert "1 error" in results[1].stderr, "the job log shows the summary"
    suite = ET.parse(project / job["artifacts"]["reports"]["junit"]).getroot().find("testsuite")
    failed = {c.get("classname") for c in suite.findall("testcase") if c.find("failure") is not None}
    assert "deploy/values-staging.yaml" in failed


# --- Helm plugin and completion -------------------------------------------------

def test_helm_snippet_maps_onto_dslint(project):
    from test_helm_plugin import load_plugin_script

    plugin = load_plugin_script()
    lines = [line.split("#")[0].strip() for line in snippet("Helm plugin", "console").text.splitlines()]
    assert lines[0].startswith("helm plugin install ")
    for line in lines[1:]:
        words = shlex.split(line)
        assert words[0] == "helm"
        env = {}
        if words[1] == "-n":
            env["HELM_NAMESPACE"] = words[2]
            words = [words[0], *words[3:]]
        assert words[1] == "dslint"
        args = plugin.map_arguments(words[2:], env)
        if args[0] == "check":
            result = run_step(shlex.join(["dslint", *args]), project)
            assert result.exit_code == 0, result.stdout
        else:
            assert args[:5] == ["render", "--chart", "./deepspeed", "--release-name", "train"]
            assert args[-2:] == ["--namespace", "training"]


def test_completion_snippet_matches_click():
    text = snippet("Shell completion", "console").text
    for shell in ("bash", "zsh", "fish"):
        assert f"_DSLINT_COMPLETE={shell}_source dslint" in text
