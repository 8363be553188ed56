"""Secrets are never printed: in any format, in errors, on stdout, stderr or an -o file.

Each scenario is a values file (or flags, or manifests) whose findings or
errors would quote a secret.  The test first proves that they would (with the
redactor switched off the secret shows up), then that with it on, neither the
secret nor any 8-character fragment of it appears anywhere.
"""

from __future__ import annotations

import hashlib
import re

import pytest

from dslint import secrets
from dslint.formats import FORMATS

from robust_support import assert_survived, run_check, write

PEM_BODY = [
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
    "QyNTUxOQAAACDXq3xqvT9dNc6Ohq4XgP9F0Zq1uE2JMtq0T3hWn9pS5wAAAJh2mA3Wdpg",
    "N1gAAAAtzc2gtZWQyNTUxOQAAACDXq3xqvT9dNc6Ohq4XgP9F0Zq1uE2JMtq0T3hWn9pS",
]
PEM = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(PEM_BODY) + "\n-----END OPENSSH PRIVATE KEY-----\n"
GITHUB = "ghp_R7uQm2XkP9vL4sT8wY1zA6bC3dE5fG0hJ2kL"
HUGGING_FACE = "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"
AWS = "AKIAZ7QX4Y2W8V6U3T1S"
PASSWORD = "correct-horse-battery-staple-42"
NUMBER = "918273645546372819"
SECRETS = [*PEM_BODY, GITHUB, HUGGING_FACE, AWS, PASSWORD, NUMBER]

FORMAT_NAMES = sorted(FORMATS)


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())


# name -> (files to write, dslint arguments).  In QUOTING scenarios a finding or
# error quotes the secret (proved by test_without_the_redactor_...); in the
# others nothing quotes it today, and the test keeps it that way.
SCENARIOS = {
    # DS102 quotes a wrong-typed value: a private key written as a number.
    "wrong-type-private-key": ({"v.yaml": f"config:\n  sshPrivateKey: {NUMBER}\n"}, ["v.yaml"]),
    # DS103 quotes a value outside the allowed set; the same string is a password elsewhere.
    "invalid-value-is-a-password": ({"v.yaml": (
        "worker:\n  podAntiAffinityPreset: correct-horse-battery-staple-42\n"
        "  extraEnvVars:\n    - name: DB_PASSWORD\n      value: correct-horse-battery-staple-42\n"
    )}, ["v.yaml"]),
    # ...or a token recognised by its shape alone.
    "invalid-value-is-a-token": ({"v.yaml": f"worker:\n  podAntiAffinityPreset: {GITHUB}\n"}, ["v.yaml"]),
    "wrong-type-is-a-token": ({"v.yaml": f"worker:\n  replicaCount: {AWS}\n"}, ["v.yaml"]),
    # An unknown key named by a token, and one whose value is a token.
    "unknown-keys": ({"v.yaml": f"client:\n  {GITHUB}: 1\n  apiToken: {HUGGING_FACE}\n"}, ["v.yaml"]),
    # A private key inline (DS210 and friends) and in a block scalar.
    "inline-private-key": ({"v.yaml": "config:\n  sshPrivateKey: |\n" + _indent(PEM, 4) + "\n"}, ["v.yaml"]),
    "private-key-elsewhere": ({"v.yaml": "worker:\n  podAntiAffinityPreset: |\n" + _indent(PEM, 4) + "\n"}, ["v.yaml"]),
    # YAML errors on lines holding secrets.
    "yaml-error-tagged-secret": ({"v.yaml": f"client:\n  apiToken: !!int {PASSWORD}\n"}, ["v.yaml"]),
    "yaml-error-alias-token": ({"v.yaml": f"client:\n  args: *{GITHUB}\n"}, ["v.yaml"]),
    # --set: locations quote the argument, syntax errors quote it too.
    "set-located-finding": ({}, ["--set", f"config.sshPrivateKey={PASSWORD},worker.replicaCount=x"]),
    "set-env-password": ({}, ["--set-string", "worker.extraEnvVars[0].name=DB_PASSWORD,"
                              f"worker.extraEnvVars[0].value={PASSWORD},worker.replicaCount=x"]),
    "set-syntax-error": ({}, ["--set", f"config.sshPrivateKey={PASSWORD},worker"]),
    "set-json-token": ({}, ["--set-json", f'client={{"apiToken": "{HUGGING_FACE}", "replicaCount": "x"}}']),
    "set-literal": ({}, ["--set-literal", f"config.sshPrivateKey={PASSWORD}", "--set", "worker.replicaCount=x"]),
    "set-file-key": ({"key.txt": f"not a key: {PASSWORD}\n"}, ["--set-file", "config.sshPrivateKey=key.txt"]),
    "set-json-syntax-error": ({}, ["--set-json", f'config.sshPrivateKey="{PASSWORD}']),
    # Issue 12: arguments that never parse, so only the redactor's look before parsing can find the secret.
    "set-json-invalid-member": ({}, ["--set-json", f'config={{"sshPrivateKey":"{PASSWORD}"']),
    "set-env-value-syntax-error": ({}, ["--set", "worker.extraEnvVars[0].name=DB_PASSWORD,"
                                        f"worker.extraEnvVars[0].value={PASSWORD},worker"]),
    "set-env-name-in-another-flag": ({}, ["--set", f"worker.extraEnvVars[0].value={PASSWORD},worker",
                                          "--set", "worker.extraEnvVars[0].name=DB_PASSWORD"]),
    # ...and a list value: every item, on a clean run too.
    "set-list-items": ({}, ["--set", f"config.password={{a,{PASSWORD}}}"]),
    "yaml-error-tagged-env-value": ({"v.yaml": "worker:\n  extraEnvVars:\n    - name: DB_PASSWORD\n"
                                               f"      value: !!int {PASSWORD}\n"}, ["v.yaml"]),
    # Manifests: Secret data, secret env values.
    "manifests": ({"m.yaml": (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\n"
        f"stringData:\n  token: {GITHUB}\n  port: {NUMBER}\n"
        "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n"
        f"      image: nginx:1.25.3\n      env:\n        - name: API_TOKEN\n          value: {NUMBER}\n"
    )}, ["--manifests", "m.yaml"]),
}


QUOTING = sorted(set(SCENARIOS) - {"inline-private-key", "private-key-elsewhere", "yaml-error-tagged-secret",
                                   "yaml-error-tagged-env-value",
                                   "yaml-error-alias-token", "set-literal", "set-file-key"})


def _leaks(text: str) -> list[str]:
    """Every secret, or 8-character fragment of one, found in `text`."""
    found = []
    for secret in SECRETS:
        for i in range(len(secret) - 7):
            if secret[i : i + 8] in text:
                found.append(secret[i : i + 8])
                break
    return found


def _outputs(tmp_path, files: dict, args: list[str]) -> dict[str, str]:
    for name, text in files.items():
        write(tmp_path / name, text)
    outputs = {}
    for output_format in FORMAT_NAMES:
        run = assert_survived(run_check(*args, "--format", output_format))
        outputs[output_format] = run.stdout
        outputs[f"{output_format} stderr"] = run.stderr
    report = tmp_path / "report.out"
    run = assert_survived(run_check(*args, "--format", "json", "-o", str(report)))
    outputs["-o file"] = report.read_text() if report.exists() else ""
    outputs["-o stderr"] = run.stderr
    return outputs


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_secrets_are_never_printed(tmp_path, scenario):
    files, args = SCENARIOS[scenario]
    outputs = _outputs(tmp_path, files, args)
    leaks = {where: _leaks(text) for where, text in outputs.items() if _leaks(text)}
    assert not leaks, leaks
    if scenario in QUOTING:
        assert any("<redacted: " in text for text in outputs.values()), outputs["text"] + outputs["text stderr"]


@pytest.mark.parametrize("scenario", QUOTING)
def test_without_the_redactor_each_scenario_would_leak(tmp_path, monkeypatch, scenario):
    """The scenarios are real: with redaction switched off, each one prints a secret."""
    monkeypatch.setattr(secrets.Redactor, "_redact_part", lambda self, text: text)
    files, args = SCENARIOS[scenario]
    outputs = _outputs(tmp_path, files, args)
    assert any(_leaks(text) for text in outputs.values()), scenario


def test_placeholder_says_why_and_what_to_do(tmp_path):
    write(tmp_path / "v.yaml", f"config:\n  sshPrivateKey: {NUMBER}\n")
    run = run_check("v.yaml", "--select", "DS102")
    assert ("<redacted: config.sshPrivateKey holds a private key; keep it in a Secret named by "
            "config.existingSSHKeySecret>") in run.stdout
    write(tmp_path / "w.yaml", f"worker:\n  replicaCount: {GITHUB}\n")
    assert "<redacted: looks like a GitHub token; keep it in a Secret>" in run_check("w.yaml").stdout


def test_ordinary_values_are_not_redacted(tmp_path):
    """Redaction hides secrets, not the values a user needs to see to fix a finding."""
    write(tmp_path / "v.yaml", (
        "config:\n  existingSSHKeySecret: My_SSH_Keys\nworker:\n  podAntiAffinityPreset: strict-spread\n"
        "  extraEnvVars:\n    - name: NCCL_DEBUG\n      value: INFO-verbose-mode\n  replicaCount: '12345678'\n"
    ))
    run = run_check("v.yaml")
    assert "<redacted" not in run.stdout
    assert '"strict-spread"' in run.stdout and '"12345678"' in run.stdout


# --- the redactor on its own ------------------------------------------------------------------

def test_fragments_of_a_collected_secret_are_redacted():
    redactor = secrets.Redactor()
    redactor.add_values({"client": {"extraEnvVars": [{"name": "HF_TOKEN", "value": "abcdefghijklmnopqrstuvwxyz"}]}})
    for shown in ("abcdefghijklmnopqrstuvwxyz", '"abcdefghijklmnopqrstuvw..."', "x=ghijklmnop y", "mnopqrst"):
        assert "<redacted: the value of HF_TOKEN; keep it in a Secret>" in redactor.redact(shown)
        assert not _leaks_of(redactor.redact(shown), "abcdefghijklmnopqrstuvwxyz")
    assert redactor.redact("abcdefg is short") == "abcdefg is short"  # 7 characters: no fragment


def _leaks_of(text: str, secret: str) -> bool:
    return any(secret[i : i + 8] in text for i in range(len(secret) - 7))


@pytest.mark.parametrize("text", [
    PEM, PEM.replace("\n", "\\n"), repr(PEM)[:60], GITHUB, "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
    HUGGING_FACE, AWS, "glpat-abcdefghij0123456789", "xoxb-123456789012-abcdefghijkl", "sk-proj-abcdefghijklmnopqrstuvwx",
    "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N",
    "https://user:s3cretpass@example.com/x", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345",
])
def test_patterns_redact_without_collection(text):
    redacted = secrets.Redactor().redact(f"value {text} here")
    assert "<redacted: " in redacted
    body = text.replace("\\n", "\n")
    assert not any(len(part) >= 8 and part in redacted for part in re.split(r"[\s:/@\\]", body)
                   if not part.startswith("-----") and part not in ("https", "Authorization", "Bearer", "example.com"))


def test_armor_and_rule_text_stay_readable():
    """PEM armor is public: a rule may say "it has no -----BEGIN ... PRIVATE KEY----- line"."""
    redactor = secrets.Redactor()
    redactor.add_values({"config": {"sshPrivateKey": PEM}})
    message = "is not a private key: it has no `-----BEGIN ... PRIVATE KEY-----` line"
    assert redactor.redact(message) == message


def test_references_to_secrets_are_not_secrets():
    redactor = secrets.Redactor()
    redactor.add_values({"config": {"existingSSHKeySecret": "deepspeed-ssh-keys"},
                         "worker": {"extraEnvVarsSecret": "training-env-secret", "automountServiceAccountToken": True},
                         "global": {"imagePullSecrets": ["registry-credentials"]}})
    text = "deepspeed-ssh-keys training-env-secret registry-credentials"
    assert redactor.redact(text) == text


def test_redacting_is_idempotent_and_linear():
    redactor = secrets.Redactor()
    redactor.add("redacted-secret-value", "the value of X")
    once = redactor.redact("a redacted-secret-value b")
    assert redactor.redact(once) == once
    long_text = "=" * 30_000 + "x" * 30_000  # no backtracking blow-up on hostile text (under MAX_TEXT)
    assert redactor.redact(long_text) == long_text


def test_outside_a_run_nothing_is_remembered():
    secrets.current().add("remembered-forever-123", "x")
    assert secrets.redact("remembered-forever-123") == "remembered-forever-123"
    with secrets.run() as redactor:
        redactor.add("remembered-in-run-123", "x")
        assert "<redacted" in secrets.redact("remembered-in-run-123")
    assert secrets.redact("remembered-in-run-123") == "remembered-in-run-123"


def test_hostile_number_of_secrets_stays_bounded():
    """Memory for collected secrets is capped; secrets past the exact budget are still found by their fragments."""
    from dslint import fragments

    redactor = secrets.Redactor()
    def value(i: int) -> str:  # every window distinct, as in a hostile file of random passwords
        return hashlib.sha256(str(i).encode()).hexdigest()[:40]

    redactor.add_values({f"password{i}": value(i) for i in range(20_000)})
    index = redactor._fragments
    assert index.exact_windows <= fragments.EXACT_WINDOWS and index.sampled_windows <= fragments.SAMPLED_WINDOWS
    assert index.sampled_windows > 0  # the test reaches past the exact budget
    last = value(19_999)
    for shown in (f"got {last}", f"got {last[3:30]} and more"):  # whole, and a fragment of 27 characters
        out = redactor.redact(shown)
        assert "<redacted: the value of password19999;" in out and not _leaks_of(out, last[:30]), out


# --- properties of the redactor ------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# The placeholders' own words are public: a "secret" made of them cannot be told apart.
_PUBLIC = " ".join([secrets.PLACEHOLDER, secrets.DEFAULT_HINT, secrets._SSH_HINT, "the value of API_TOKEN",
                    "looks like a secret", *(p.reason for p in secrets.PATTERNS)])
_secret_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=8, max_size=60).filter(
    lambda s: s == s.strip() and "\n" not in s and "\r" not in s and not _leaks_of(_PUBLIC, s))


@given(secret=_secret_text, before=st.text(max_size=30), after=st.text(max_size=30), data=st.data())
def test_no_fragment_of_a_collected_secret_survives(secret, before, after, data):
    start = data.draw(st.integers(0, len(secret) - 8))
    end = data.draw(st.integers(start + 8, len(secret)))
    redactor = secrets.Redactor()
    redactor.add_values({"worker": {"extraEnvVars": [{"name": "API_TOKEN", "value": secret}]}})
    for text in (before + secret[start:end] + after, before + secret + after, f"<redacted: {secret}>"):
        out = redactor.redact(text)
        assert not _leaks_of(out, secret), (text, out)
        assert redactor.redact(out) == out


@given(text=st.text(max_size=300))
def test_redacting_any_text_is_safe(text):
    out = secrets.Redactor().redact(text)
    assert secrets.printable(out) == out
    assert "\n" not in out and "\x1b" not in out
