"""DS2xx, DS3xx and DS7xx beyond their fixtures.

What fixtures cannot express: the SSH key never leaking into any output
format (also from `--set`), settings without a command-line flag (`offline`,
the API versions Helm would see), and how the rules read the golden
scenarios that Helm really rendered.
"""

from __future__ import annotations

import base64
import json

import pytest

from conftest import GOLDEN, golden_scenarios, needs_shared
from dslint.config import Settings
from dslint.run import Target
from dslint.values_lane import stack_values
from dslint.formats import FORMATS
from dslint.load.files import load_values_file
from dslint.model.view import build_chart_values
from dslint.registry import lane_rules
from dslint.rules import RuleContext
from dslint.rules.ds216_unusable_ssh_private_key import key_problem

OWN_FAMILIES = ("DS2", "DS3", "DS7")
# Distinctive lines of a (synthetic) key body: none may appear in any output.
KEY_LINES = ["Zm9yIHRlc3RzIG9ubHksIG5vdCBhIGtleQ0001", "Zm9yIHRlc3RzIG9ubHksIG5vdCBhIGtleQ0002"]
KEY_TEXT = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(KEY_LINES) + "\n-----END RSA PRIVATE KEY-----\n"


def _codes(result) -> list[str]:
    return [f["code"] for f in result.json()["findings"]]


def _check(run_cli, path, *args):
    result = run_cli("check", str(path), "--format", "json", "--isolated", "--fail-on", "never", *args)
    assert result.exit_code == 0, result.stderr
    return result


# --- the SSH key never appears in any output -----------------------------------------


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_inline_key_text_stays_out_of_every_format(run_cli, tmp_path, output_format):
    values = tmp_path / "values.yaml"
    body = "\n".join("    " + line for line in KEY_TEXT.splitlines())
    values.write_text(f"config:\n  sshPrivateKey: |\n{body}\n", "utf-8")
    result = run_cli("check", str(values), "--format", output_format, "--isolated", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert "DS210" in result.stdout
    for line in KEY_LINES:
        assert line not in result.stdout and line not in result.stderr


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_key_from_set_flag_stays_out_of_every_format(run_cli, tmp_path, output_format):
    # A key pasted on one line lost its line breaks: DS216 fires, located at the flag, without its text.
    one_line = KEY_TEXT.replace("\n", " ").strip()
    values = tmp_path / "values.yaml"
    values.write_text("worker:\n  replicaCount: 2\n", "utf-8")
    result = run_cli("check", str(values), "--set", f"config.sshPrivateKey={one_line}",
                     "--format", output_format, "--isolated", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert "DS216" in result.stdout
    for line in KEY_LINES:
        assert line not in result.stdout and line not in result.stderr


def test_key_from_set_file_is_not_inline(run_cli, tmp_path):
    key_file = tmp_path / "id_rsa"
    key_file.write_text(KEY_TEXT, "utf-8")
    values = tmp_path / "values.yaml"
    values.write_text("worker:\n  replicaCount: 2\n", "utf-8")
    result = _check(run_cli, values, "--set-file", f"config.sshPrivateKey={key_file}")
    codes = _codes(result)
    assert "DS210" not in codes and "DS213" not in codes and "DS216" not in codes


def test_golden_ssh_key_is_reported_without_its_text(run_cli):
    needs_shared(GOLDEN)
    values = GOLDEN / "15-ssh-and-hostfile" / "values.yaml"
    key_body = [line.strip() for line in values.read_text().splitlines() if len(line.strip()) == 64]
    assert key_body
    for output_format in sorted(FORMATS):
        result = run_cli("check", str(values), "--format", output_format, "--isolated", "--fail-on", "never")
        assert "DS210" in result.stdout
        assert not any(line in result.stdout for line in key_body)


@pytest.mark.parametrize("text,expected", [
    (KEY_TEXT, None),
    ("ssh-rsa AAAAB3NzaC1yc2E user@host", "public key"),
    ("-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n", "public key"),
    ("PuTTY-User-Key-File-3: ssh-ed25519\n", "PuTTY"),
    ("hunter2", "no `-----BEGIN"),
    ("-----BEGIN RSA PRIVATE KEY-----\nabc\n", "cut short"),
    (KEY_TEXT.replace("\n", " "), "line breaks"),
    ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nabc\n-----END ENCRYPTED PRIVATE KEY-----\n", "passphrase"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----\n!!!\n-----END OPENSSH PRIVATE KEY-----\n", "damaged"),
])
def test_key_problems_never_quote_the_key(text, expected):
    problem = key_problem(text)
    if expected is None:
        assert problem is None
    else:
        assert expected in problem
        assert "abc" not in problem and "hunter2" not in problem and "AAAAB3" not in problem


def test_openssh_cipher_is_read_from_the_key_body():
    def key(cipher: bytes) -> str:
        blob = b"openssh-key-v1\0" + len(cipher).to_bytes(4, "big") + cipher + b"\0" * 20
        return f"-----BEGIN OPENSSH PRIVATE KEY-----\n{base64.b64encode(blob).decode()}\n-----END OPENSSH PRIVATE KEY-----\n"

    assert key_problem(key(b"none")) is None
    assert "passphrase" in key_problem(key(b"aes256-ctr"))


# --- settings without a flag: offline, API versions ---------------------------------------


def _run(tmp_path, text: str, **settings):
    """The values lane with settings the command line cannot give (offline, api_versions)."""
    api_versions = settings.pop("api_versions", ())
    path = tmp_path / "values.yaml"
    path.write_text(text, "utf-8")
    chosen = Settings(**settings)
    values = build_chart_values(stack_values(Target([load_values_file(str(path))]), chosen), chosen.chart_version)
    ctx = RuleContext(values, platform=chosen.platform, profile=chosen.profile, offline=chosen.offline,
                      api_versions=tuple(api_versions))
    out = []
    for rule in lane_rules("values"):
        if rule.check is not None and rule.meta.code.startswith(OWN_FAMILIES):
            out += [(rule.meta.code, p.message) for p in rule.check(ctx)]
    return out


def test_auto_adapts_when_helm_talks_to_openshift(tmp_path):
    found = _run(tmp_path, "worker:\n  containerSecurityContext:\n    runAsUser: 3000\n", platform="openshift", offline=False)
    codes = [code for code, _ in found]
    assert "DS302" in codes and "DS303" not in codes and "DS301" not in codes


def test_auto_adapts_with_the_openshift_api_version(tmp_path):
    found = _run(tmp_path, "worker:\n  containerSecurityContext:\n    runAsUser: 3000\n", platform="openshift",
                 api_versions=("security.openshift.io/v1",))
    codes = [code for code, _ in found]
    assert "DS302" in codes and "DS303" not in codes


def test_auto_does_not_adapt_on_kubernetes_even_online(tmp_path):
    found = _run(tmp_path, "worker:\n  containerSecurityContext:\n    runAsUser: 0\n", offline=False)
    codes = [code for code, _ in found]
    assert "DS302" not in codes and "DS203" in codes


def test_online_renders_keep_the_generated_key(tmp_path):
    assert "DS213" in [c for c, _ in _run(tmp_path, "worker:\n  replicaCount: 2\n")]
    assert "DS213" not in [c for c, _ in _run(tmp_path, "worker:\n  replicaCount: 2\n", offline=False)]


def test_adapted_root_user_is_not_reported_as_root(tmp_path):
    text = "worker:\n  containerSecurityContext:\n    runAsUser: 0\n"
    found = _run(tmp_path, text, platform="openshift", api_versions=("security.openshift.io/v1",))
    codes = [c for c, _ in found]
    assert "DS203" not in codes and "DS304" not in codes and "DS302" in codes


# --- the chart defaults and the goldens ----------------------------------------------------


def test_chart_defaults_fire_only_what_the_chart_documents(run_cli, tmp_path):
    empty = tmp_path / "values.yaml"
    empty.write_text("{}\n", "utf-8")
    for version in ("2.1.1", "2.3.51"):
        kubernetes = [c for c in _codes(_check(run_cli, empty, "--chart-version", version)) if c.startswith(OWN_FAMILIES)]
        assert kubernetes == ["DS213"]
        openshift = sorted(c for c in _codes(_check(run_cli, empty, "--chart-version", version, "--platform", "openshift"))
                           if c.startswith(OWN_FAMILIES))
        assert openshift == ["DS213", "DS303"]
        development = _codes(_check(run_cli, empty, "--chart-version", version, "--profile", "development"))
        assert not [c for c in development if c.startswith(OWN_FAMILIES)]


def _golden(run_cli, name, *args):
    needs_shared(GOLDEN)
    result = _check(run_cli, GOLDEN / name / "values.yaml", *args)
    return {(f["code"], f["location"]["line"]) for f in result.json()["findings"] if f["code"].startswith(OWN_FAMILIES)}


def test_golden_security_disabled(run_cli):
    got = _golden(run_cli, "10-security-disabled")
    assert got == {("DS213", 1), ("DS201", 3), ("DS202", 5), ("DS203", 8), ("DS203", 9), ("DS204", 10), ("DS205", 11), ("DS207", 12)}


def test_golden_openshift_force(run_cli):
    got = _golden(run_cli, "09-openshift-force", "--platform", "openshift")
    assert not {code for code, _ in got if code.startswith("DS3")}


def test_golden_volume_permissions_with_worker_persistence(run_cli):
    assert ("DS702", 2) in _golden(run_cli, "e02-volume-permissions-persistence")
    assert ("DS702", 2) in _golden(run_cli, "e02-volume-permissions-persistence", "--chart-version", "2.3.51")


def test_golden_client_init_containers(run_cli):
    assert ("DS703", 8) in _golden(run_cli, "12-sidecars-volumes")
    assert "DS703" not in {c for c, _ in _golden(run_cli, "12-sidecars-volumes", "--chart-version", "2.3.51")}


@pytest.mark.parametrize("name", golden_scenarios() or ["(no goldens)"])
def test_goldens_helm_rendered_fire_no_render_defect(run_cli, name):
    """DS701/DS703/DS705 say Helm's output is unusable: never for a scenario Helm rendered cleanly."""
    needs_shared(GOLDEN)
    for version in ("2.1.1", "2.3.51"):
        if not (GOLDEN / name / f"expected-{version}.yaml").exists():
            continue
        got = {c for c, _ in _golden(run_cli, name, "--chart-version", version)}
        assert not got & {"DS701", "DS703", "DS705"}, (name, version)


def test_rule_metadata_is_complete():
    for rule in lane_rules("values"):
        meta = rule.meta
        if not meta.code.startswith(OWN_FAMILIES):
            continue
        assert meta.summary.endswith(".") and meta.fix.endswith(".")
        if meta.family == "DS2" and meta.code not in ("DS215",):
            assert meta.security, meta.code
        json.dumps(meta.example_options)
