"""A secret in a manifest's names is redacted in every field that names the object, not only the message."""

from __future__ import annotations

from dslint import secrets
from dslint.findings import Finding, Location, ManifestRef, Severity

TOKEN = "ghp_R7uQm2XkP9vL4sT8wY1zA6bC3dE5fG0hJ2kL"
REDACTED = "<redacted: looks like a GitHub token; keep it in a Secret>"
FIELDS = ("kind", "name", "namespace", "field_path", "container", "source", "template")


def test_a_token_used_as_object_container_and_field_name_is_never_printed(run_cli, tmp_path):
    (tmp_path / "m.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + TOKEN + "\nspec:\n  containers:\n"
        "    - name: " + TOKEN + "\n      image: nginx:1.25.3\n      securityContext:\n"
        "        " + TOKEN + ": true\n")
    result = run_cli("check", "--manifests", "m.yaml", "--select", "DS901")
    assert TOKEN not in result.output
    assert result.stdout.splitlines()[0] == (
        f"m.yaml:10:9: DS901 [error] unknown field '{REDACTED}' in spec.containers[0].securityContext "
        f"[Pod/{REDACTED} container '{REDACTED}' spec.containers[0].securityContext.{REDACTED}]")
    manifest = run_cli("check", "--manifests", "m.yaml", "--select", "DS901", "--format", "json").json()["findings"][0]["manifest"]
    assert (manifest["name"], manifest["container"], manifest["field"]) == (
        REDACTED, REDACTED, f"spec.containers[0].securityContext.{REDACTED}")


def test_every_text_field_of_the_manifest_reference_is_redacted():
    with secrets.run() as redactor:
        redactor.add("hunter2-is-my-password", "a test secret")
        secret = "hunter2-is-my-password"
        placeholder = "<redacted: a test secret; keep it in a Secret>"
        ref = ManifestRef(**{field: f"{field}-{secret}" for field in FIELDS}, line=3)
        finding = Finding("DS901", "kubernetes-schema", Severity.ERROR, "m", "", Location("m.yaml", 3, 1), manifest=ref)
        safe = redactor.finding(finding).manifest
    assert safe == ManifestRef(**{field: f"{field}-{placeholder}" for field in FIELDS}, line=3)


def test_a_finding_without_secrets_is_returned_as_it_is():
    with secrets.run() as redactor:
        redactor.add("hunter2-is-my-password", "a test secret")
        finding = Finding("DS901", "kubernetes-schema", Severity.ERROR, "m", "", Location("m.yaml", 3, 1),
                          manifest=ManifestRef("Pod", "p", field_path="spec"))
        assert redactor.finding(finding) is finding
