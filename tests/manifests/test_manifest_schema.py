"""DS901 (Kubernetes schema) and DS907 (removed API versions)."""

from __future__ import annotations

import pytest

from dslint.findings import Severity
from dslint.load.errors import InputError
from dslint.manifests.kube_versions import DEFAULT_KUBE_VERSION, normalize_kube_version
from dslint.manifests.schema import SchemaLibrary, schema_library
from manifest_helpers import by_code, check_text

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
"""


def test_string_replica_count_is_reported_with_its_path_and_line():
    findings = by_code(check_text(DEPLOYMENT.format(replicas='"3"')), "DS901")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.manifest.field_path == "spec.replicas"
    assert finding.location.line == 6
    assert finding.severity is Severity.ERROR
    assert "spec.replicas must be integer, not string" in finding.message


def test_unknown_field_is_reported_at_the_field_with_a_suggestion():
    text = DEPLOYMENT.format(replicas=2) + "          imagePullPolice: Always\n"
    findings = by_code(check_text(text), "DS901")
    assert [f.manifest.field_path for f in findings] == ["spec.template.spec.containers[0].imagePullPolice"]
    assert findings[0].location.line == 16
    assert "did you mean 'imagePullPolicy'" in findings[0].message


def test_valid_object_passes():
    assert not by_code(check_text(DEPLOYMENT.format(replicas=2)), "DS901")


def test_secret_values_never_appear_in_messages():
    text = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: 31415926535\n" \
        "data:\n  key: [not-a-string-hunter2]\n"
    findings = by_code(check_text(text), "DS901")
    assert len(findings) == 2
    for finding in findings:
        assert "31415926535" not in finding.message and "hunter2" not in finding.message


def test_unknown_kind_is_info_and_declared_api_versions_silence_it():
    text = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\n"
    findings = by_code(check_text(text), "DS901")
    assert [f.severity for f in findings] == [Severity.INFO]
    assert not by_code(check_text(text, api_versions=("monitoring.coreos.com/v1",)), "DS901")
    assert not by_code(check_text(text, api_versions=("monitoring.coreos.com/v1/ServiceMonitor",)), "DS901")


def test_custom_group_sharing_a_builtin_prefix_is_not_validated_as_the_builtin():
    # kubernetes-validate names files by the group's first label: policy.example.com/v1 must not match policy/v1.
    text = "apiVersion: policy.example.com/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {anything: 1}\n"
    assert [f.severity for f in by_code(check_text(text), "DS901")] == [Severity.INFO]


def test_documents_that_are_not_objects():
    findings = by_code(check_text("- a\n- b\n---\nmetadata: {name: x}\n"), "DS901")
    assert len(findings) == 2
    assert "not a Kubernetes object" in findings[0].message
    assert "no apiVersion and no kind" in findings[1].message


def test_validators_are_built_once_per_kind():
    library = SchemaLibrary(schema_library().root)
    documents = [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"c{i}"}, "data": {"k": "v"}} for i in range(50)
    ] + [
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"s{i}"}, "spec": {"ports": [{"port": 80}]}}
        for i in range(50)
    ]
    for document in documents:
        assert library.validate(document, 35).issues == []
    assert library.builds == 2
    assert library.definition_loads == 1
    # Another version is another set of validators.
    library.validate(documents[0], 33)
    assert library.builds == 3 and library.definition_loads == 2


def test_kube_version_forms():
    assert normalize_kube_version(None) == DEFAULT_KUBE_VERSION
    assert normalize_kube_version("v1.30.2") == "1.30"
    assert normalize_kube_version("1.29") == "1.29"
    with pytest.raises(InputError):
        normalize_kube_version("latest")


def test_versions_without_schemas_fall_back_with_a_notice():
    notices: list[str] = []
    check_text(DEPLOYMENT.format(replicas=2), kube_version="1.99", notices=notices)
    newest = max(schema_library().versions)
    assert any(f"validated against 1.{newest}" in n for n in notices)


def test_removed_api_is_ds907_not_ds901():
    text = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: x, jobTemplate: {}}\n"
    findings = check_text(text, kube_version="1.25")
    assert [f.code for f in findings if f.code in ("DS901", "DS907")] == ["DS907"]
    assert "removed in Kubernetes 1.25" in by_code(findings, "DS907")[0].message
    assert "batch/v1" in by_code(findings, "DS907")[0].fix
    older = check_text(text, kube_version="1.24")
    assert not by_code(older, "DS907")
