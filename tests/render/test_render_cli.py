"""`dslint render` and `dslint check --chart` with the fixture chart, called as a user calls them."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from render_helpers import CLEAN, FIXTURE_CHART, chart_copy, sdk, tree, values_file  # noqa: F401 (fixtures)

CHART = str(FIXTURE_CHART)


def render(run_cli, *args):
    return run_cli("render", "--isolated", "--chart", CHART, *args)


def codes(result_stderr: str) -> list[str]:
    return re.findall(r": (DS\d{3}) \[", result_stderr)


def documents(text: str) -> list[dict]:
    return [d for d in yaml.safe_load_all(text) if d]


# --- the manifests -----------------------------------------------------------------------


def test_render_prints_what_helm_template_prints(run_cli, sdk, values_file):
    result = render(run_cli, values_file(CLEAN), "--release-name", "demo", "--namespace", "ml")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Rendered by dslint from chart deepspeed 2.1.1, release 'demo' in namespace 'ml'.\n")
    sources = re.findall(r"^---\n# Source: (\S+)\n", out, re.MULTILINE)
    # Sorted by template path; NOTES.txt and a template with nothing but separators and a comment are left out.
    assert sources == sorted(sources) == [
        "deepspeed/templates/client/deployment.yaml",
        "deepspeed/templates/client/hostfile-configmap.yaml",
        "deepspeed/templates/worker/headless-service.yaml",
        "deepspeed/templates/worker/statefulset.yaml",
    ]
    kinds = [(d["kind"], d["metadata"]["name"], d["metadata"]["namespace"]) for d in documents(out)]
    assert ("StatefulSet", "demo-deepspeed-worker", "ml") in kinds
    assert "Helm prints this only after an install" not in out


def test_same_inputs_give_byte_identical_output(run_cli, sdk, values_file, tmp_path):
    path = values_file(CLEAN)
    assert render(run_cli, path, "-o", "all.yaml").exit_code == 0
    assert render(run_cli, path, "-o", "objects").exit_code == 0
    stream, objects = (tmp_path / "all.yaml").read_bytes(), tree(tmp_path / "objects")
    assert render(run_cli, path, "-o", "all.yaml").exit_code == 0
    assert render(run_cli, path, "-o", "objects").exit_code == 0
    assert (tmp_path / "all.yaml").read_bytes() == stream
    assert tree(tmp_path / "objects") == objects
    assert render(run_cli, path).stdout.encode() == stream


def test_values_flags_and_files_stack_like_helm(run_cli, sdk, values_file):
    base = values_file(CLEAN + "worker:\n  replicaCount: 2\n", "base.yaml")
    top = values_file("worker:\n  replicaCount: 4\n", "top.yaml")
    result = render(run_cli, "-f", base, top, "--set", "worker.containerPorts.ssh=2022")
    assert result.exit_code == 0, result.stderr
    worker = next(d for d in documents(result.stdout) if d["kind"] == "StatefulSet")
    assert worker["spec"]["replicas"] == 4
    assert worker["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] == 2022


def test_security_contexts_come_from_the_values(run_cli, sdk, values_file):
    result = render(run_cli, values_file(CLEAN + "worker:\n  containerSecurityContext:\n    runAsUser: 2000\n"),
                    "--fail-on", "never")
    worker = next(d for d in documents(result.stdout) if d["kind"] == "StatefulSet")
    assert worker["spec"]["template"]["spec"]["containers"][0]["securityContext"]["runAsUser"] == 2000


# --- the gate: values first ---------------------------------------------------------------


def test_values_errors_stop_before_helm_runs(run_cli, sdk, values_file, tmp_path, monkeypatch):
    from dslint.render import helm as engine

    def never(*_args, **_kwargs):
        raise AssertionError("Helm must not run when the values have errors")

    monkeypatch.setattr(engine.SdkEngine, "render", never)
    # The fixture chart (like the real one) silently accepts an unknown affinity preset.
    path = values_file(CLEAN + "worker:\n  podAntiAffinityPreset: medium\n")
    result = render(run_cli, path, "-o", "out")
    assert result.exit_code == 1
    assert f"{path}:4:26: DS103 [error]" in result.stderr
    assert "DS401 [warning]" in result.stderr  # the rules the gate did not wait for still report
    assert "not rendered" in result.stderr
    assert not (tmp_path / "out").exists()
    assert result.stdout == ""


def test_fail_on_never_renders_whatever_the_findings(run_cli, sdk, values_file, tmp_path):
    result = render(run_cli, values_file(CLEAN + "worker:\n  podAntiAffinityPreset: medium\n"),
                    "--fail-on", "never", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert "DS103" in result.stderr  # still printed
    assert (tmp_path / "out" / "statefulset-release-name-deepspeed-worker.yaml").is_file()


def test_helm_waits_only_for_the_rules_that_can_fail_the_gate(run_cli, sdk, values_file, monkeypatch):
    # --fail-on never: Helm starts before the values rules; with a gate, after those that can fail it.
    # The report is the same.
    from dslint import values_lane
    from dslint.render import pipeline

    order = []
    start, rules = pipeline.start_render, values_lane.run_rules
    monkeypatch.setattr(pipeline, "start_render", lambda *a: order.append("helm") or start(*a))
    monkeypatch.setattr(values_lane, "run_rules", lambda *a: order.append("rules") or rules(*a))
    path = values_file(CLEAN + "worker:\n  resourcesPreset: large\n")  # warnings only: the gate lets them pass
    ungated = render(run_cli, path, "--fail-on", "never")
    assert order == ["helm", "rules"]
    order.clear()
    gated = render(run_cli, path, "--fail-on", "error")
    assert order == ["rules", "helm", "rules"]  # the rules that can fail the gate, then the others
    assert ungated.exit_code == gated.exit_code == 0, ungated.stderr + gated.stderr
    assert "[warning]" in ungated.stderr
    assert (ungated.stdout, ungated.stderr) == (gated.stdout, gated.stderr)


# --- Helm's own refusals become findings ----------------------------------------------------


def test_a_charts_fail_is_a_finding_with_its_message(run_cli, sdk, values_file, tmp_path):
    result = render(run_cli, values_file(CLEAN + "client:\n  useJob: true\n"), "--fail-on", "never", "-o", "out")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert ("DS950 [error] Helm refused to render: client.useJob is true but source.launchCommand is empty: "
            "a job needs the command it runs (set source.launchCommand) "
            "(deepspeed/templates/client/deployment.yaml:3:4)") in result.stderr
    assert "nothing written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_refusal_is_located_at_the_value_it_quotes(run_cli, sdk, values_file):
    path = values_file(CLEAN + "client:\n  resourcesPreset: huge\n")
    result = render(run_cli, path, "--fail-on", "never", "--format", "json", "--report", "report.json")
    assert result.exit_code == 1
    report = json.loads(open("report.json").read())
    refusal = next(f for f in report["findings"] if f["code"] == "DS950")
    assert refusal["location"] == {"file": str(path), "line": 4, "column": 20}
    assert "Preset key 'huge' invalid" in refusal["message"]
    assert refusal["path"] == "client.resourcesPreset"


def test_chart_schema_errors_point_at_the_values_line(run_cli, sdk, values_file):
    path = values_file(CLEAN + "worker:\n  replicaCount: \"3\"\n")
    result = render(run_cli, path, "--fail-on", "never")
    assert result.exit_code == 1
    assert (f"{path}:4:17: DS952 [error] the chart's values schema rejects `worker.replicaCount`: "
            "got string, want number") in result.stderr


def test_output_that_is_not_yaml_is_refused(run_cli, sdk, values_file, tmp_path):
    path = values_file(CLEAN + "client:\n  initContainers:\n    - name: fetch\n      image: busybox\n")
    result = render(run_cli, path, "--fail-on", "never", "-o", "out.yaml")
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if "DS951" in line)
    assert line.startswith(f"{path}:1:1: DS951 [error] Helm rendered text that is not a Kubernetes manifest from "
                           "deepspeed/templates/client/deployment.yaml (line ")
    assert "[Deployment/release-name-deepspeed-client]" in line
    assert not (tmp_path / "out.yaml").exists()


def test_check_with_chart_runs_the_pipeline_and_writes_nothing(run_cli, sdk, values_file, tmp_path):
    path = values_file(CLEAN + "client:\n  useJob: true\n")
    before = set(p.name for p in tmp_path.iterdir())
    result = run_cli("check", "--isolated", "--chart", CHART, path, "--fail-on", "never", "--format", "json")
    assert result.exit_code == 0
    assert [f["code"] for f in result.json()["findings"] if f["code"].startswith("DS95")] == ["DS950"]
    assert set(p.name for p in tmp_path.iterdir()) == before


def test_check_with_chart_checks_each_file_on_its_own(run_cli, sdk, values_file):
    good = values_file(CLEAN, "good.yaml")
    bad = values_file(CLEAN + "worker:\n  replicaCount: \"3\"\n", "bad.yaml")
    result = run_cli("check", "--isolated", "--chart", CHART, good, bad, "--fail-on", "never", "--format", "json")
    schema = [f for f in result.json()["findings"] if f["code"] == "DS952"]
    assert [f["location"]["file"] for f in schema] == [str(bad)]


# --- output: files, directories, atomicity ------------------------------------------------------


def test_a_directory_gets_one_file_per_object(run_cli, sdk, values_file, tmp_path):
    result = render(run_cli, values_file(CLEAN), "--release-name", "r", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["configmap-r-deepspeed-hostfile.yaml", "deployment-r-deepspeed-client.yaml",
                     "service-r-deepspeed-worker-headless.yaml", "statefulset-r-deepspeed-worker.yaml"]
    text = (tmp_path / "out" / "statefulset-r-deepspeed-worker.yaml").read_text()
    assert text.startswith("# Rendered by dslint")
    assert "\n---\n# Source: deepspeed/templates/worker/statefulset.yaml\n" in text


def test_objects_sharing_a_name_in_different_namespaces_get_their_own_files(run_cli, sdk, values_file, tmp_path):
    extra = """\
extraDeploy:
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: shared, namespace: team-a}, data: {a: "1"}}
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: shared, namespace: team-b}, data: {b: "2"}}
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: shared-team-a}, data: {c: "3"}}
"""
    result = render(run_cli, values_file(CLEAN + extra), "-o", "out")
    assert result.exit_code == 0, result.stderr
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"configmap-shared_team-a.yaml", "configmap-shared_team-b.yaml", "configmap-shared-team-a.yaml"} <= names
    assert "b: \"2\"" in (tmp_path / "out" / "configmap-shared_team-b.yaml").read_text()


def test_rerendering_replaces_the_directory(run_cli, sdk, values_file, tmp_path):
    path = values_file(CLEAN + "extraDeploy:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: extra}}\n")
    assert render(run_cli, path, "-o", "out").exit_code == 0
    assert (tmp_path / "out" / "configmap-extra.yaml").is_file()
    path.write_text(CLEAN)
    assert render(run_cli, path, "-o", "out").exit_code == 0
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert "configmap-extra.yaml" not in names  # no stale object left behind
    assert "deployment-release-name-deepspeed-client.yaml" in names
    assert [p.name for p in tmp_path.iterdir() if ".dslint-" in p.name] == []  # no staging left over


def test_a_failed_render_leaves_the_output_directory_as_it_was(run_cli, sdk, values_file, tmp_path):
    path = values_file(CLEAN)
    assert render(run_cli, path, "-o", "out").exit_code == 0
    before = tree(tmp_path / "out")
    path.write_text(CLEAN + "client:\n  useJob: true\n")  # the chart fails
    assert render(run_cli, path, "--fail-on", "never", "-o", "out").exit_code == 1
    path.write_text(CLEAN + "worker:\n  podAntiAffinityPreset: medium\n")  # the gate refuses
    assert render(run_cli, path, "-o", "out").exit_code == 1
    assert tree(tmp_path / "out") == before
    assert [p.name for p in tmp_path.iterdir() if ".dslint-" in p.name] == []


def test_a_write_that_fails_midway_leaves_the_directory_as_it_was(run_cli, sdk, values_file, tmp_path, monkeypatch):
    from dslint.render import write

    path = values_file(CLEAN)
    assert render(run_cli, path, "-o", "out").exit_code == 0
    before = tree(tmp_path / "out")
    calls = []

    def failing_write(file_path, text, private):
        calls.append(file_path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        original(file_path, text, private)

    original = write._write_new_file
    monkeypatch.setattr(write, "_write_new_file", failing_write)
    result = render(run_cli, path, "--release-name", "other", "-o", "out")
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert tree(tmp_path / "out") == before
    assert [p.name for p in tmp_path.iterdir() if ".dslint-" in p.name] == []


@pytest.mark.parametrize("output", ["blocker/out.yaml", "blocker/out"])
def test_an_output_that_cannot_be_written_is_a_one_line_error_naming_it(run_cli, sdk, values_file, tmp_path, output):
    (tmp_path / "blocker").write_text("a file, where the output needs a directory\n")
    result = render(run_cli, values_file(CLEAN), "-o", output)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert (f"dslint: error: {output}: cannot write the manifests: {tmp_path / 'blocker'} is in the way "
            "(a file where a directory must be)") in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "values.yaml"]


def test_a_directory_holding_other_files_is_not_replaced(run_cli, sdk, values_file, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "kustomization.yaml").write_text("resources: []\n")
    result = render(run_cli, values_file(CLEAN), "-o", "out")
    assert result.exit_code == 2
    assert "holds files dslint did not write (kustomization.yaml)" in result.stderr
    assert tree(out) == {"kustomization.yaml": b"resources: []\n"}


def test_symbolic_links_are_never_followed(run_cli, sdk, values_file, tmp_path):
    path = values_file(CLEAN)
    assert render(run_cli, path, "-o", "out").exit_code == 0
    outside = tmp_path / "outside.yaml"
    outside.write_text("# Rendered by dslint, but outside\n")
    (tmp_path / "out" / "deployment-release-name-deepspeed-client.yaml").unlink()
    (tmp_path / "out" / "deployment-release-name-deepspeed-client.yaml").symlink_to(outside)
    result = render(run_cli, path, "-o", "out")
    assert result.exit_code == 2
    assert "did not write" in result.stderr
    assert outside.read_text() == "# Rendered by dslint, but outside\n"
    # The output directory itself as a link is refused too.
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    result = render(run_cli, path, "-o", "linked")
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr
    assert list((tmp_path / "real").iterdir()) == []


def test_a_single_file_is_written_atomically(run_cli, sdk, values_file, tmp_path):
    path = values_file(CLEAN)
    assert render(run_cli, path, "-o", "manifests/all.yaml").exit_code == 0
    written = (tmp_path / "manifests" / "all.yaml").read_text()
    assert written == render(run_cli, path).stdout
    path.write_text(CLEAN + "client:\n  useJob: true\n")
    assert render(run_cli, path, "--fail-on", "never", "-o", "manifests/all.yaml").exit_code == 1
    assert (tmp_path / "manifests" / "all.yaml").read_text() == written
    assert [p.name for p in (tmp_path / "manifests").iterdir()] == ["all.yaml"]


# --- --check --------------------------------------------------------------------------------------


@pytest.mark.parametrize("output", ["out", "out.yaml"])
def test_check_is_quiet_when_fresh_and_diffs_when_stale(run_cli, sdk, values_file, tmp_path, output):
    path = values_file(CLEAN)
    missing = render(run_cli, path, "-o", output, "--check")
    assert missing.exit_code == 1  # nothing rendered yet: stale
    assert render(run_cli, path, "-o", output).exit_code == 0
    before = tree(tmp_path)
    fresh = render(run_cli, path, "-o", output, "--check")
    assert fresh.exit_code == 0, fresh.stderr
    assert fresh.stdout == ""
    path.write_text(CLEAN + "worker:\n  replicaCount: 5\n")
    stale = render(run_cli, path, "-o", output, "--check")
    assert stale.exit_code == 1
    assert "-  replicas: 3\n+  replicas: 5\n" in stale.stdout
    assert "(on disk)" in stale.stdout and "(rendered)" in stale.stdout
    assert "re-render" in stale.stderr
    assert tree(tmp_path) == {**before, "values.yaml": path.read_bytes()}  # --check writes nothing


def test_check_needs_an_output_to_compare_with(run_cli, sdk, values_file):
    result = render(run_cli, values_file(CLEAN), "--check")
    assert result.exit_code == 2
    assert "--check compares" in result.stderr


# --- the generated key ----------------------------------------------------------------------------


def test_a_generated_key_is_reported_and_masked_for_check(run_cli, sdk, values_file, tmp_path):
    path = values_file("worker:\n  replicaCount: 2\n")
    first = render(run_cli, path, "-o", "first.yaml")
    assert first.exit_code == 0, first.stderr
    # The values lane says it (DS213) in production; the render does not say it twice.
    assert "DS213" in first.stderr and "DS953" not in first.stderr
    development = render(run_cli, path, "--profile", "development")
    assert "DS953 [warning] no SSH key given: the chart generated a random private key" in development.stderr
    text = (tmp_path / "first.yaml").read_text()
    assert "# NOT REPRODUCIBLE: no SSH key was given" in text
    second = render(run_cli, path).stdout
    assert second != text  # a new key every render ...
    from dslint.render.generated import mask

    assert mask(second) == mask(text)  # ... and nothing else differs
    assert render(run_cli, path, "-o", "first.yaml", "--check").exit_code == 0
    assert render(run_cli, path, "-o", "dir").exit_code == 0
    secret = (tmp_path / "dir" / "secret-release-name-deepspeed-ssh-key.yaml").read_text()
    assert "NOT REPRODUCIBLE" in secret
    assert "NOT REPRODUCIBLE" not in (tmp_path / "dir" / "service-release-name-deepspeed-worker-headless.yaml").read_text()
    assert render(run_cli, path, "-o", "dir", "--check").exit_code == 0


# --- chart input and versions ---------------------------------------------------------------------


def test_a_packaged_chart_renders_like_its_directory(run_cli, sdk, values_file, tmp_path):
    archive = sdk.package(str(FIXTURE_CHART), destination=str(tmp_path))
    path = values_file(CLEAN)
    from_archive = run_cli("render", "--isolated", "--chart", archive, path)
    assert from_archive.exit_code == 0, from_archive.stderr
    assert from_archive.stdout == render(run_cli, path).stdout


def test_the_charts_own_version_selects_the_values_model(run_cli, sdk, values_file):
    result = render(run_cli, values_file(CLEAN), "--chart-version", "2.3.51")
    assert result.exit_code == 0, result.stderr
    assert "dslint: note: the chart is version 2.1.1: checking its values with that model, not the 2.3.51" \
        in result.stderr


def test_a_chart_version_dslint_does_not_know_is_read_from_the_chart(run_cli, sdk, values_file, chart_copy):
    """A newer release or a fork: its parameters come from its own values.yaml, said in one note."""
    chart = chart_copy(version="9.9.9")
    result = run_cli("render", "--isolated", "--chart", chart, "--fail-on", "never",
                     values_file(CLEAN + "worker:\n  podAntiAffinityPreset: medium\n"))
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "no facts for chart deepspeed 9.9.9" in line]
    assert len(notes) == 1 and "read from the chart at hand" in notes[0]
    # The fixture chart has no podAntiAffinityPreset: with its own facts the key is unknown.
    assert "DS101 [error] unknown key `podAntiAffinityPreset` in `worker`" in result.stderr
    assert "chart 9.9.9 (from --chart)" in result.stderr
    assert "# Rendered by dslint from chart deepspeed 9.9.9" in result.stdout


def test_an_oci_chart_needs_a_version(run_cli, sdk):
    result = run_cli("render", "--isolated", "--chart", "oci://registry.example.com/charts/deepspeed")
    assert result.exit_code == 2
    assert "needs --pull-version" in result.stderr


def test_a_missing_chart_is_an_input_error(run_cli, sdk):
    result = run_cli("render", "--isolated", "--chart", "no-such-chart")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no such chart" in result.stderr


def test_an_invalid_release_name_is_an_input_error(run_cli, sdk, values_file):
    # DS106 refuses it first; past the gate, Helm's own check makes it an input error.
    result = render(run_cli, values_file(CLEAN), "--release-name", "Bad_Name", "--fail-on", "never")
    assert result.exit_code == 2
    assert "invalid release name" in result.stderr


# --- capabilities -----------------------------------------------------------------------------------


def test_openshift_renders_see_the_openshift_api(run_cli, sdk, values_file):
    result = render(run_cli, values_file(CLEAN), "--platform", "openshift", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    worker = next(d for d in documents(result.stdout) if d["kind"] == "StatefulSet")
    # adaptSecurityContext: auto adapted because the render saw security.openshift.io/v1.
    assert "runAsUser" not in worker["spec"]["template"]["spec"]["containers"][0]["securityContext"]
    assert "fsGroup" not in worker["spec"]["template"]["spec"]["securityContext"]
    plain = render(run_cli, values_file(CLEAN), "--fail-on", "never")
    assert "runAsUser: 1001" in plain.stdout


def test_an_engine_without_api_versions_says_what_to_do(run_cli, sdk, values_file, monkeypatch):
    from helm_python import _native

    real = _native.call_string

    def no_capabilities(name, *args):
        if name == "helm_render" and args[-1] and "api_versions" in args[-1]:
            raise sdk.HelmInvalidArgError('invalid render options JSON: json: unknown field "api_versions"')
        return real(name, *args)

    monkeypatch.setattr(_native, "call_string", no_capabilities)
    result = render(run_cli, values_file(CLEAN), "--platform", "openshift", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert "does not see security.openshift.io/v1" in result.stderr
    assert "adaptSecurityContext: force" in result.stderr
    assert "runAsUser: 1001" in result.stdout


def test_kube_version_reaches_helm(run_cli, sdk, values_file):
    assert render(run_cli, values_file(CLEAN), "--kube-version", "1.29.0").exit_code == 0
    result = render(run_cli, values_file(CLEAN), "--kube-version", "banana")
    assert result.exit_code == 2
    assert "banana" in result.stderr


# --- without the render extra ---------------------------------------------------------------------


def test_without_the_sdk_or_helm_render_names_the_extra(run_cli, values_file, monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "helm_python", None)  # `import helm_python` now fails
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = render(run_cli, values_file(CLEAN))
    assert result.exit_code == 2
    assert result.stderr == ("dslint: error: dslint render needs the Helm engine: pip install 'dslint[render]' "
                             "(or put a helm binary on PATH)\n")
    assert result.stdout == ""
    check = run_cli("check", "--isolated", values_file(CLEAN))
    assert check.exit_code == 0, check.stderr
