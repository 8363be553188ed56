"""`dslint check --manifests` as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys

from manifest_helpers import FIXTURES

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: debug
{annotations}spec:
  containers:
    - name: shell
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      securityContext:
        privileged: true
"""


def codes(result) -> list[str]:
    return [f["code"] for f in result.json()["findings"]]


def test_stdin_like_helm_template_pipe(run_cli):
    result = run_cli("check", "--manifests", "-", "--isolated", "--format", "json", input=POD.format(annotations=""))
    assert result.exit_code == 1
    findings = result.json()["findings"]
    privileged = next(f for f in findings if f["code"] == "DS903")
    assert privileged["location"] == {"file": "<stdin>", "line": 10, "column": 9}
    assert privileged["manifest"]["kind"] == "Pod" and privileged["manifest"]["container"] == "shell"
    assert privileged["manifest"]["field"] == "spec.containers[0].securityContext.privileged"


def test_text_output_names_control_object_container_and_field(run_cli, tmp_path):
    path = tmp_path / "rendered.yaml"
    path.write_text(POD.format(annotations=""), "utf-8")
    result = run_cli("check", "--manifests", path, "--isolated", "--select", "DS903")
    assert result.stdout.splitlines()[0] == (
        f"{path}:10:9: DS903 [error] Privileged Containers: container 'shell' runs privileged (privileged: true) "
        "[Pod/debug container 'shell' spec.containers[0].securityContext.privileged]")


def test_ignore_annotation_suppresses_listed_codes_and_prefixes(run_cli, tmp_path):
    path = tmp_path / "rendered.yaml"
    path.write_text(POD.format(annotations="  annotations:\n    dslint.io/ignore: DS903, DS90\n"), "utf-8")
    result = run_cli("check", "--manifests", path, "--isolated", "--format", "json", "--fail-on", "never")
    assert not [c for c in codes(result) if c.startswith("DS90")]


def test_stale_ignore_annotation_is_reported(run_cli, tmp_path):
    path = tmp_path / "rendered.yaml"
    path.write_text(POD.format(annotations="  annotations:\n    dslint.io/ignore: DS903,DS907\n"), "utf-8")
    result = run_cli("check", "--manifests", path, "--isolated", "--format", "json", "--fail-on", "never")
    stale = [f for f in result.json()["findings"] if f["code"] == "DS100"]
    assert len(stale) == 1
    assert stale[0]["message"] == "annotation `dslint.io/ignore: DS907` suppresses nothing on Pod/debug"
    assert stale[0]["location"]["line"] == 6
    # A code the run does not select is idle, not stale.
    quiet = run_cli("check", "--manifests", path, "--isolated", "--format", "json", "--fail-on", "never",
                    "--ignore", "DS907")
    assert "DS100" not in codes(quiet)


def test_settings_apply_to_manifest_findings(run_cli, tmp_path):
    path = tmp_path / "rendered.yaml"
    path.write_text(POD.format(annotations=""), "utf-8")
    selected = run_cli("check", "--manifests", path, "--isolated", "--format", "json", "--select", "DS903")
    assert set(codes(selected)) == {"DS903"}
    softer = run_cli("check", "--manifests", path, "--isolated", "--format", "json", "--select", "DS903",
                     "--severity", "DS903=warning")
    assert softer.exit_code == 0
    assert {f["severity"] for f in softer.json()["findings"]} == {"warning"}
    config = tmp_path / ".dslint.yaml"
    config.write_text("per-file-ignores:\n  'rendered.yaml': [DS9]\n", "utf-8")
    ignored = run_cli("check", "--manifests", path, "--config", config, "--format", "json")
    assert not [c for c in codes(ignored) if c.startswith("DS9")]


def test_pss_level_option(run_cli, tmp_path):
    path = tmp_path / "rendered.yaml"
    path.write_text(POD.format(annotations="").replace("        privileged: true\n", "        privileged: false\n"), "utf-8")
    strict = run_cli("check", "--manifests", path, "--isolated", "--select", "DS902,DS903")
    assert strict.exit_code == 1
    baseline = run_cli("check", "--manifests", path, "--isolated", "--select", "DS902,DS903", "--pss-level", "baseline")
    assert baseline.exit_code == 0
    assert "DS902 [info]" in baseline.stdout


def test_invalid_yaml_is_an_input_error_and_other_files_are_still_checked(run_cli, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("kind: Pod\n  metadata: [\n", "utf-8")
    good = tmp_path / "rendered.yaml"
    good.write_text(POD.format(annotations=""), "utf-8")
    result = run_cli("check", "--manifests", bad, good, "--isolated", "--format", "json")
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr
    assert "DS903" in codes(result)


def test_bad_kube_version_is_a_usage_error(run_cli, tmp_path):
    path = tmp_path / "rendered.yaml"
    path.write_text(POD.format(annotations=""), "utf-8")
    result = run_cli("check", "--manifests", path, "--isolated", "--kube-version", "newest")
    assert result.exit_code == 2
    assert "--kube-version" in result.stderr


def test_fixture_render_checks_cleanly_as_a_file(run_cli):
    result = run_cli("check", "--manifests", FIXTURES / "render.yaml", "--isolated", "--format", "json",
                     "--fail-on", "never")
    assert result.exit_code == 0
    assert "DS901" not in codes(result)


def test_values_lane_never_imports_the_manifest_lane(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("worker:\n  replicaCount: 2\n", "utf-8")
    code = (
        "import sys\n"
        "from dslint.cli import main\n"
        f"try:\n    main(['check', {str(values)!r}, '--isolated'])\n"
        "except SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.startswith(('dslint.manifests', 'jsonschema', 'kubernetes_validate'))]\n"
        "print(repr(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_listing_rules_does_not_load_models_or_validators():
    code = (
        "import sys\n"
        "from dslint.registry import all_rules\n"
        "all_rules()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('dslint.manifests.objects', 'dslint.manifests.kube_schema', "
        "'jsonschema', 'kubernetes_validate'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unreadable_pod_is_reported_by_ds901_and_noted():
    from manifest_helpers import check_text

    notices: list[str] = []
    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: [yes]\n  containers: []\n"
    findings = check_text(text, notices=notices)
    assert [f.manifest.field_path for f in findings if f.code == "DS901"] == ["spec.hostNetwork"]
    assert any("Pod/p: pod checks skipped" in n for n in notices)


def test_check_manifests_never_imports_pydantic_or_the_values_rules(tmp_path):
    """The manifest lane reads objects through typed views: no pydantic, no values rule, no validator library."""
    code = (
        "import sys\n"
        "from dslint.cli import main\n"
        f"try:\n    main(['check', '--manifests', {str(FIXTURES / 'render.yaml')!r}, '--isolated'])\n"
        "except SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m == 'pydantic' or m.startswith(('pydantic.', 'pydantic_core',"
        " 'dslint.rules.ds', 'dslint.model.chart_', 'jsonschema', 'referencing')))\n"
        "print(repr(loaded), 'dslint.manifests.rules.ds901_kubernetes_schema' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True,
                         env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert out.stdout.strip().splitlines()[-1] == "[] True"


COMMENTED = """\
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: "docker.io/bitnami/os-shell:latest # dslint: ignore[DS906] (text, not a comment)"
      resources: {}  # dslint: ignore[DS905]
      securityContext:
        # dslint: ignore[DS903]
        privileged: true
        runAsUser: 0  # dslint: ignore[DS904]
"""


def test_comment_suppressions_work_in_manifest_files(run_cli, tmp_path):
    path = tmp_path / "rendered.yaml"
    path.write_text(COMMENTED, "utf-8")
    result = run_cli("check", "--manifests", path, "--isolated", "--format", "json", "--fail-on", "never",
                     "--select", "DS903,DS904,DS905,DS906,DS100")
    found = {(f["code"], f["location"]["line"]) for f in result.json()["findings"]}
    # DS903 (line above), DS905 (same line) are suppressed; the quoted text suppresses nothing;
    # the DS904 comment (OpenShift only) matches nothing and is reported, like a stale one in a values file.
    assert found == {("DS906", 8), ("DS100", 13)}
    whole = tmp_path / "whole.yaml"
    whole.write_text("# dslint: ignore-file[DS9]\n" + COMMENTED, "utf-8")
    result = run_cli("check", "--manifests", whole, "--isolated", "--format", "json", "--fail-on", "never",
                     "--select", "DS903,DS904,DS905,DS906,DS100")
    assert [f["code"] for f in result.json()["findings"]] == ["DS100"]  # only the DS904 comment, now stale
