"""What a new user reads (issue 16): help lines, notes in their place, locations, CI formats, walking a directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

FIXTURE_CHART = ROOT / "tests" / "render" / "fixture-chart"
TYPO = "worker:\n  replicas: 3\n"
NO_WORKERS = "worker:\n  replicaCount: 0\n"


# --- item 22: the text format shows the fix; concise does not -----------------------------------

def test_text_shows_help_lines_and_concise_does_not(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text(NO_WORKERS)
    full = run_cli("check", "v.yaml", "--select", "DS504").stdout.splitlines()
    assert full[0].startswith("v.yaml:2:17: DS504 [error] no worker pods")
    assert full[1] == "  help: Set `worker.replicaCount` to the number of training nodes."
    concise = run_cli("check", "v.yaml", "--select", "DS504", "--format", "concise").stdout.splitlines()
    assert concise == [full[0], full[-1]]


def test_help_line_does_not_repeat_the_message(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("client:\n  resourcesPreset: huge\n")
    lines = run_cli("check", "v.yaml", "--select", "DS103").stdout.splitlines()
    assert "allowed: none, nano" in lines[0] and not any(line.startswith("  help:") for line in lines)


# --- item 23: fixes are sentences; counts read as English ---------------------------------------

def test_fixes_are_sentences_in_every_format(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("worker:\n  replicaCount: 2\n")
    for finding in run_cli("check", "v.yaml", "--format", "json").json()["findings"]:
        fix = finding["fix"]
        assert fix[:1].isupper() or fix[:1] == "`", fix
        assert fix.endswith((".", "?")), fix


def test_wording_of_counts():
    from dslint.wording import numbered, plural, sentence

    assert numbered(2, 2, "worker") == "worker 2" and numbered(1, 2, "worker") == "workers 1 and 2"
    assert numbered(1, 4, "worker") == "workers 1 to 4"
    assert plural(1, "entry") == "1 entry" and plural(3, "entry") == "3 entries" and plural(2, "day") == "2 days"
    assert sentence("set `x` to 1") == "Set `x` to 1." and sentence("Did you mean `a`?") == "Did you mean `a`?"


@pytest.mark.parametrize("values, select, wanted, unwanted", [
    ("worker:\n  replicaCount: 3\n  externalAccess:\n    enabled: true\n    service:\n      type: NodePort\n"
     "      nodePorts: [30001, 30002]\n", "DS501", "worker 2 gets none", "2 to 2"),
    ("worker:\n  replicaCount: 1\n  pdb:\n    minAvailable: 1\n", "DS507",
     "keeps the only pod of the workers", "all 1 pod"),
    ("volumePermissions:\n  enabled: true\nworker:\n  persistence:\n    enabled: true\n", "DS702",
     "the chart adds the volume-permissions init container only", "alike"),
])
def test_messages_read_as_english(run_cli, tmp_path, values, select, wanted, unwanted):
    (tmp_path / "v.yaml").write_text(values)
    out = run_cli("check", "v.yaml", "--select", select, "--chart-version", "2.3.51").stdout
    assert wanted in out and unwanted not in out, out


def test_one_idle_gpu_is_singular(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("worker:\n  slotsPerNode: 1\n  resources:\n    limits:\n"
                                     "      nvidia.com/gpu: 2\n")
    out = run_cli("check", "v.yaml", "--select", "DS405").stdout
    assert "1 of them stays idle" in out, out


# --- item 15: notes follow the findings they explain, before the summary -------------------------

def test_notes_come_after_the_findings(run_cli, tmp_path):
    pytest.importorskip("dslint.render.helm")
    (tmp_path / "w.yaml").write_text(NO_WORKERS)
    result = run_cli("check", "--chart", FIXTURE_CHART, "w.yaml", "--select", "DS504")
    lines = result.output.splitlines()
    note = next(i for i, line in enumerate(lines) if line.startswith("dslint: note: w.yaml: not rendered"))
    finding = next(i for i, line in enumerate(lines) if "DS504" in line)
    assert finding < note == len(lines) - 2 and lines[-1].startswith("1 error"), lines


# --- item 8: a chart default is never blamed on a flag that set something else ------------------

def test_chart_default_is_not_located_at_an_unrelated_set(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("client:\n  enabled: true\n")
    only_flags = run_cli("check", "--set", "worker.replicaCount=4", "--select", "DS401", "--format", "json").json()
    assert {f["location"]["file"] for f in only_flags["findings"]} == {"chart default"}
    with_file = run_cli("check", "v.yaml", "--set", "worker.replicaCount=4", "--select", "DS401",
                        "--format", "json").json()
    where = {f["path"]: (f["location"]["file"], f["location"]["line"]) for f in with_file["findings"]}
    assert where == {"client.resourcesPreset": ("v.yaml", 1), "worker.resourcesPreset": ("v.yaml", 1)}


# --- item 25: a directory stands for its values files -------------------------------------------

def test_check_walks_a_directory_with_the_hook_patterns(run_cli, tmp_path):
    deploy = tmp_path / "deploy"
    for name in ("values.yaml", "prod-values.yaml", "values/team.yaml", "charts/x/values.yaml",
                 ".git/values.yaml", "notes.yaml"):
        (deploy / name).parent.mkdir(parents=True, exist_ok=True)
        (deploy / name).write_text(TYPO)
    report = run_cli("check", "deploy", "--format", "json", "--select", "DS101").json()
    checked = sorted(Path(f["location"]["file"]).relative_to("deploy").as_posix() for f in report["findings"])
    assert checked == ["prod-values.yaml", "values.yaml", "values/team.yaml"]
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("check", "empty")
    assert result.exit_code == 2 and result.stderr.startswith("dslint: error: empty: is a directory with no values files")


def test_walk_patterns_are_the_pre_commit_hooks():
    import re

    from dslint.load.walk import EXCLUDED, VALUES_FILES

    from ruamel.yaml import YAML

    hooks = {hook["id"]: hook for hook in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert (hooks["dslint"]["files"], hooks["dslint"]["exclude"]) == (VALUES_FILES, EXCLUDED)
    assert re.search(VALUES_FILES, "a/values-prod.yaml")


# --- item 27: github summary, JUnit failures, stdin once -----------------------------------------

def test_github_format_ends_with_the_summary(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text(TYPO)
    lines = run_cli("check", "v.yaml", "--format", "github", "--select", "DS101").stdout.splitlines()
    assert lines[0].startswith("::error ") and lines[-1] == "1 error, 0 warnings in 1 file; chart 2.1.1 (default)"


def test_junit_fails_only_what_fails_the_run(run_cli, tmp_path):
    import xml.etree.ElementTree as ET

    (tmp_path / "v.yaml").write_text("worker:\n  replicaCount: 2\n")
    passing = run_cli("check", "v.yaml", "--format", "junit")
    assert passing.exit_code == 0
    suite = ET.fromstring(passing.stdout).find("testsuite")
    assert suite.get("failures") == "0" and int(suite.get("tests")) >= 2
    assert not suite.findall(".//failure") and suite.findall(".//system-out")
    strict = ET.fromstring(run_cli("check", "v.yaml", "--format", "junit", "--fail-on", "warning").stdout)
    warnings = [f for f in strict.iter("failure") if f.get("type") == "warning"]
    assert warnings and strict.find("testsuite").get("failures") == str(len(list(strict.iter("failure"))))


def test_stdin_can_be_read_once(run_cli):
    result = run_cli("check", "-", "-", input="worker: {}\n")
    assert result.exit_code == 2
    assert result.stderr == "dslint: error: check: stdin can be read once: give '-' once (as FILE or -f)\n"
    assert run_cli("check", "-f", "-", "-", input="worker: {}\n").exit_code == 2


# --- item 11: the wrong kind of input is one line -------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 1\n",
     "dslint: error: in.yaml:2:1: looks like a Kubernetes manifest (kind: Deployment), not values: use `dslint check "
     "--manifests`"),
    ("apiVersion: v2\nname: deepspeed\nversion: 2.1.1\ndescription: x\n",
     "dslint: error: in.yaml:1:1: looks like a Chart.yaml (chart 'deepspeed' 2.1.1), not values"),
    ("image:\n  tag: 1\nservice:\n  type: X\ningress:\n  enabled: true\nserverBlock: ''\nreplicaCount: 2\n",
     "dslint: error: in.yaml:3:1: does not look like DeepSpeed chart values: 4 of 5 top-level keys are unknown"),
])
def test_wrong_kind_of_input_is_one_line(run_cli, tmp_path, text, expected):
    (tmp_path / "in.yaml").write_text(text)
    result = run_cli("check", "in.yaml")
    assert result.exit_code == 2 and "DS101" not in result.stdout
    assert result.stderr.startswith(expected) and result.stderr.count("\n") == 1, result.stderr


def test_a_few_typos_are_still_findings(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("worker:\n  replicaCount: 2\nwokrer: {}\nclent: {}\n")
    result = run_cli("check", "v.yaml", "--select", "DS101", "--format", "json")
    assert [f["code"] for f in result.json()["findings"]] == ["DS101", "DS101"]


def test_values_given_as_manifests_is_one_line(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("worker:\n  replicaCount: 2\n")
    result = run_cli("check", "--manifests", "v.yaml")
    assert result.exit_code == 2 and "DS901" not in result.stdout
    assert result.stderr == ("dslint: error: v.yaml:1:1: looks like values, not rendered manifests "
                             "(no apiVersion or kind): check it without --manifests\n")


# --- item 9: a finding in a shared -f file says which FILEs it holds for -------------------------

def test_base_file_findings_name_their_targets(run_cli, tmp_path):
    (tmp_path / "base.yaml").write_text("worker:\n  replicaCount: 2\n")
    (tmp_path / "a.yaml").write_text("worker:\n  resourcesPreset: none\n")
    (tmp_path / "b.yaml").write_text("client:\n  enabled: true\n")
    result = run_cli("check", "-f", "base.yaml", "a.yaml", "b.yaml", "--select", "DS401", "--format", "concise")
    lines = result.stdout.splitlines()
    base = [line for line in lines if line.startswith("base.yaml")]
    assert base == [line for line in base if line.endswith("(for b.yaml)")] and len(base) == 1, lines
    assert lines[-1] == "0 errors, 3 warnings in 2 checks of 3 files; chart 2.1.1 (default)"
    shared = run_cli("check", "-f", "base.yaml", "b.yaml", "b.yaml", "--select", "DS401", "--format", "json").json()
    assert not any("(for " in f["message"] for f in shared["findings"]), "holds for every FILE: nothing to say"
    assert shared["summary"]["checks"] == 2


# --- item 14: render --check against a missing output or another release --------------------------

def test_render_check_says_why_instead_of_diffing_everything(run_cli, tmp_path):
    pytest.importorskip("dslint.render.helm")
    (tmp_path / "v.yaml").write_text("worker:\n  replicaCount: 2\n")
    base = ("render", "--chart", FIXTURE_CHART, "v.yaml", "--format", "concise")
    assert run_cli(*base, "--release-name", "a", "-o", "out").exit_code == 0
    other = run_cli(*base, "--release-name", "b", "-o", "out", "--check")
    assert other.exit_code == 1 and other.stdout == ""
    assert ("dslint: note: out holds the render of release 'a', not of release 'b': check with the same "
            "--release-name, --namespace and chart, or re-render it") in other.stderr.splitlines()
    missing = run_cli(*base, "--release-name", "a", "-o", "deploy/x", "--check")
    assert missing.exit_code == 1 and missing.stdout == ""
    assert "dslint: note: deploy/x does not exist: write it with dslint render -o deploy/x" in missing.stderr
    assert run_cli(*base, "--release-name", "a", "-o", "out", "--check").exit_code == 0
