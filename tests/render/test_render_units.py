"""Units of the render lane: Helm's stream, file names, masking, Helm's messages, chart input, the helm binary."""

from __future__ import annotations

import json
import os
import sys
import tarfile
from pathlib import Path

import pytest
from render_helpers import CLEAN, FIXTURE_CHART, fake_helm, helm_calls, sdk, values_file  # noqa: F401 (fixtures)

from dslint.config import Settings
from dslint.run import Target
from dslint.values_lane import stack_values
from dslint.load.errors import InputError
from dslint.load.files import load_values_file
from dslint.model.view import build_chart_values
from dslint.render import chart as chart_module
from dslint.render.helm import BinaryEngine, RenderFailure, split_template_output
from dslint.render.failures import failure_findings
from dslint.render.generated import MASK, mask
from dslint.render.stream import RenderedDocument, helm_documents, stream_text
from dslint.render.write import object_file_names

# --- what helm template prints --------------------------------------------------------------------


def test_documents_follow_helms_split_sort_and_skips():
    files = {
        "c/templates/b.yaml": "\nkind: B\n---\nkind: B2\n\n---   \n",
        "c/templates/a.yaml": "---\n# only a comment\n---\nkind: A\n",
        "c/templates/_helpers.tpl": "kind: Partial\n",
        "c/templates/NOTES.txt": "Thanks for installing\n",
        "c/charts/sub/templates/z.yaml": "kind: Z\n",
        "c/templates/empty.yaml": "\n\n",
    }
    documents = helm_documents(files)
    assert [(d.template, d.text) for d in documents] == [
        ("c/charts/sub/templates/z.yaml", "kind: Z"),
        ("c/templates/a.yaml", "kind: A"),
        ("c/templates/b.yaml", "kind: B"),
        ("c/templates/b.yaml", "kind: B2"),
    ]
    assert stream_text(documents[1:2]) == "---\n# Source: c/templates/a.yaml\nkind: A\n"


def test_helm_binary_output_splits_back_into_templates():
    stdout = ("---\n# Source: c/templates/b.yaml\nkind: ConfigMap\n"
              "---\n# Source: c/templates/a.yaml\nkind: Deployment\n"
              "---\n# Source: c/templates/b.yaml\nkind: Secret\n")
    files = split_template_output(stdout)
    assert [(d.template, d.text) for d in helm_documents(files)] == [
        ("c/templates/a.yaml", "kind: Deployment"),
        ("c/templates/b.yaml", "kind: ConfigMap"),
        ("c/templates/b.yaml", "kind: Secret"),
    ]


# --- one file per object ----------------------------------------------------------------------------


class _Object:
    def __init__(self, kind, name, namespace=""):
        self.kind, self.name, self.namespace = kind, name, namespace


def test_file_names_are_stable_and_never_collide():
    names = object_file_names([
        _Object("Deployment", "web"),
        _Object("ConfigMap", "cfg", "a"),
        _Object("ConfigMap", "cfg", "b"),
        _Object("ConfigMap", "cfg-a"),
        _Object("Service", "dup", "x"),
        _Object("Service", "dup", "x"),
        _Object("Secret", "../../etc/passwd"),
        _Object("", ""),
    ])
    assert names == [
        "deployment-web.yaml",
        "configmap-cfg_a.yaml",
        "configmap-cfg_b.yaml",
        "configmap-cfg-a.yaml",
        "service-dup_x.yaml",
        "service-dup_x__2.yaml",
        "secret-..-..-etc-passwd.yaml",
        "object-unnamed.yaml",
    ]
    assert all("/" not in n for n in names)
    long = object_file_names([_Object("ConfigMap", "x" * 253)])[0]
    assert len(long) <= 210 and long.endswith(".yaml")


# --- the generated key ------------------------------------------------------------------------------


def test_mask_hides_generated_keys_and_checksums_only():
    import base64

    key = base64.b64encode(b"-----BEGIN RSA PRIVATE KEY-----\nMIIE" + b"A" * 80 + b"\n-----END RSA PRIVATE KEY-----\n")
    text = ("metadata:\n  annotations:\n    checksum/ssh-private-key: 0123abcd\n"
            f"data:\n  id_rsa: \"{key.decode()}\"\n  other: \"{base64.b64encode(b'x' * 60).decode()}\"\n")
    masked = mask(text)
    assert f"    checksum/ssh-private-key: {MASK}\n" in masked
    assert f"  id_rsa: {MASK}\n" in masked
    assert "  other: \"eHh4" in masked


# --- Helm's messages as findings ------------------------------------------------------------------


def _values(tmp_path, text):
    path = tmp_path / "values.yaml"
    path.write_text(text)
    return build_chart_values(stack_values(Target([load_values_file(str(path))]), Settings()), "2.1.1"), str(path)


def test_schema_messages_locate_each_value_even_in_lists(tmp_path):
    values, path = _values(tmp_path, "worker:\n  replicaCount: \"3\"\n  sidecars:\n    - name: 5\n")
    message = ("values don't meet the specifications of the schema(s) in the following chart(s):\ndeepspeed:\n"
               "- at '/worker/sidecars/0/name': got number, want string\n"
               "- at '/worker/replicaCount': got string, want number\n")
    findings = failure_findings(RenderFailure(RenderFailure.SCHEMA, message), values, "deepspeed", Settings())
    assert [(f.code, f.values_path, f.location.line) for f in findings] == [
        ("DS952", "worker.replicaCount", 2), ("DS952", "worker.sidecars[0].name", 4)]


def test_an_unrecognised_schema_message_is_still_one_finding(tmp_path):
    values, path = _values(tmp_path, "worker:\n  replicaCount: 3\n")
    findings = failure_findings(RenderFailure(RenderFailure.SCHEMA, "values are odd"), values, "deepspeed", Settings())
    assert [(f.code, f.location.source, f.location.line) for f in findings] == [("DS952", path, 1)]


def test_a_message_naming_a_values_path_points_at_it(tmp_path):
    values, _ = _values(tmp_path, "client:\n  useJob: true\nsource:\n  type: git\n  launchCommand: \"\"\n")
    message = ("execution error at (deepspeed/templates/NOTES.txt:77:3): \nVALUES VALIDATION:\n\n"
               "Use the source.launchCommand value\nto specify a command.")
    [finding] = failure_findings(RenderFailure(RenderFailure.TEMPLATE, message), values, "deepspeed", Settings())
    assert finding.location.line == 5
    assert finding.message == ("Helm refused to render: VALUES VALIDATION: Use the source.launchCommand value "
                               "to specify a command. (deepspeed/templates/NOTES.txt:77:3)")


def test_yaml_errors_from_the_helm_binary_are_ds951(tmp_path):
    values, _ = _values(tmp_path, "client:\n  useJob: false\n")
    message = ("YAML parse error on deepspeed/templates/client/client-dep-job.yaml: error converting YAML to JSON: "
               "yaml: line 170: could not find expected ':'")
    [finding] = failure_findings(RenderFailure(RenderFailure.YAML, message), values, "deepspeed", Settings())
    assert finding.code == "DS951"
    assert "deepspeed/templates/client/client-dep-job.yaml" in finding.message


# --- chart input --------------------------------------------------------------------------------------


def test_the_cache_honours_xdg_and_stays_inside_it(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = chart_module.cache_path("oci://registry.example.com/bitnamicharts/deepspeed", "2.3.51")
    assert path == tmp_path / "xdg" / "dslint" / "charts" / "registry.example.com" / "bitnamicharts" / \
        "deepspeed-2.3.51.tgz"
    sneaky = chart_module.cache_path("oci://host/../../etc/x", "../1")
    assert str(sneaky).startswith(str(tmp_path / "xdg" / "dslint" / "charts"))
    assert ".." not in sneaky.relative_to(tmp_path / "xdg").parts


def _archive(directory: Path, version: str) -> Path:
    archive = directory / f"deepspeed-{version}.tgz"
    chart_yaml = directory / "Chart.yaml"
    chart_yaml.write_text(f"apiVersion: v2\nname: deepspeed\nversion: {version}\n")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(chart_yaml, arcname="deepspeed/Chart.yaml")
    chart_yaml.unlink()
    return archive


def test_an_oci_chart_is_pulled_once_into_the_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pulls = []

    class FakeEngine:
        def pull(self, reference, version, destination):
            pulls.append((reference, version))
            return str(_archive(Path(destination), version))

    reference = "oci://registry.example.com/charts/deepspeed"
    first = chart_module.resolve_chart(reference, "2.3.51", FakeEngine())
    second = chart_module.resolve_chart(reference, "2.3.51", FakeEngine())
    assert pulls == [(reference, "2.3.51")]
    assert first == second
    assert (first.name, first.version) == ("deepspeed", "2.3.51")
    assert first.path.startswith(str(tmp_path / "cache" / "dslint" / "charts"))
    assert [p.name for p in Path(first.path).parent.iterdir()] == ["deepspeed-2.3.51.tgz"]


def test_a_local_chart_must_be_the_version_asked_for(tmp_path):
    archive = _archive(tmp_path, "2.1.1")
    assert chart_module.resolve_chart(str(archive), None, None).version == "2.1.1"
    with pytest.raises(InputError, match="--pull-version 2.3.51 asked, but the chart is version 2.1.1"):
        chart_module.resolve_chart(str(archive), "2.3.51", None)
    (tmp_path / "not-a-chart.tgz").write_bytes(b"garbage")
    with pytest.raises(InputError, match="not a chart"):
        chart_module.resolve_chart(str(tmp_path / "not-a-chart.tgz"), None, None)


# --- the helm binary, when the SDK is not installed --------------------------------------------------


def test_the_helm_binary_renders_when_the_sdk_is_absent(run_cli, fake_helm, values_file):
    result = run_cli("render", "--isolated", "--chart", str(FIXTURE_CHART), values_file(CLEAN),
                     "--release-name", "r", "--namespace", "ml", "--platform", "openshift", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    [args] = helm_calls(fake_helm)
    # Options as --name=value, the release name and chart after `--` (the end of Helm's options).
    assert args[0] == "template" and args[-3:] == ["--", "r", str(FIXTURE_CHART)]
    assert "--namespace=ml" in args
    assert "--api-versions=security.openshift.io/v1" in args
    # Re-sorted by template path, as the SDK path prints it.
    assert result.stdout.index("# Source: deepspeed/templates/client/deployment.yaml") < \
        result.stdout.index("# Source: deepspeed/templates/worker/headless-service.yaml")


def test_helm_binary_failures_are_findings(run_cli, fake_helm, values_file):
    result = run_cli("render", "--isolated", "--chart", str(FIXTURE_CHART),
                     values_file(CLEAN + "client:\n  useJob: true\n"), "--fail-on", "never")
    assert result.exit_code == 1
    assert ("DS950 [error] Helm refused to render: job needs a command "
            "(deepspeed/templates/client/deployment.yaml:3:4)") in result.stderr


def test_binary_engine_is_chosen_only_without_the_sdk(monkeypatch, tmp_path):
    from dslint.render import helm as engine

    monkeypatch.setitem(sys.modules, "helm_python", None)
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: "/opt/helm/bin/helm")
    chosen = engine.find_engine()
    assert isinstance(chosen, BinaryEngine) and chosen.binary == "/opt/helm/bin/helm"


# --- the DS95x rules: their documented examples behave with the fixture chart -------------------------


def _render_rules():
    from dslint.render.rules import ds950_helm_render_failed, ds951_invalid_rendered_yaml, \
        ds952_chart_schema_rejected, ds953_generated_ssh_key

    return [m.RULE for m in (ds950_helm_render_failed, ds951_invalid_rendered_yaml, ds952_chart_schema_rejected,
                             ds953_generated_ssh_key)]


@pytest.mark.parametrize("meta", _render_rules(), ids=lambda m: m.code)
def test_rule_examples_fire_against_the_fixture_chart(run_cli, sdk, tmp_path, meta):
    assert meta.engine and meta.lane == "render"
    options = [part for key, value in meta.example_options.items() for part in (f"--{key.replace('_', '-')}", value)]
    for kind, text in (("bad", meta.bad), ("good", meta.good)):
        path = tmp_path / f"{kind}.yaml"
        path.write_text(text, "utf-8")
        result = run_cli("check", "--isolated", "--chart", str(FIXTURE_CHART), str(path), "--fail-on", "never",
                         "--format", "json", *options)
        assert result.exit_code == 0, result.stderr
        found = [f["code"] for f in result.json()["findings"]]
        assert (meta.code in found) == (kind == "bad"), f"{meta.code} {kind} example: {found}"


# --- the values gate ------------------------------------------------------------------------------


@pytest.mark.parametrize(("fail_on", "severity", "gated"), [
    ("error", [], {"DS103"}),                     # an error gates; DS401 (a warning) does not
    ("error", ["DS401=error"], {"DS103", "DS401"}),  # a warning raised to an error gates
    ("warning", [], {"DS103", "DS401"}),
    ("warning", ["DS4=info"], {"DS103"}),          # a family lowered below the level does not
    ("never", [], set()),                          # no gate: nothing waits
])
def test_the_gate_waits_for_the_rules_that_can_reach_the_fail_level(fail_on, severity, gated):
    from dslint.config import load_settings
    from dslint.values_lane import gate_rules

    settings = load_settings(None, {"fail_on": fail_on, "severity": severity}, isolated=True)
    can_fail, cannot = gate_rules(settings)
    assert {r.meta.code for r in can_fail} & {"DS103", "DS401"} == gated
    assert len(can_fail) + len(cannot) == len({r.meta.code for r in can_fail + cannot})
    level = settings.fail_level
    assert all(settings.severity_of(r.meta.code, r.meta.severity) >= level for r in can_fail)
    assert all(level is None or settings.severity_of(r.meta.code, r.meta.severity) < level for r in cannot)
