"""DS901 (Kubernetes schema) and DS907 (removed API versions)."""

from __future__ import annotations

import pytest

from dslint.findings import Severity
from dslint.load.errors import InputError
from dslint.manifests.kube_versions import DEFAULT_KUBE_VERSION, normalize_kube_version
from dslint.manifests.kube_schema import SchemaLibrary, schema_library
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


# --- the schema cache and the validator libraries ---------------------------------------------

import copy  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from dslint.manifests import kube_schema as schema_module  # noqa: E402
from dslint.manifests.kube_schema import (AUTO, BUILTIN, CACHE_FORMAT, COMPILE_AFTER, JSONSCHEMA,  # noqa: E402
                                     JSONSCHEMA_RS, available_engines, package_root)
from dslint.manifests.kube_schema import default_cache_root as real_default_cache_root  # noqa: E402 (before any patch)

ENGINES = available_engines()
CONFIGMAP = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "v"}}
BAD_DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"a": 1}},
    "spec": {"replicas": "3", "selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"image": "nginx", "imagePullPolice": "Always",
                                                   "ports": [{"containerPort": "80"}]}]}}},
}


@pytest.fixture(params=ENGINES + [AUTO])
def engine(request, monkeypatch):
    """Run a test with each validator usable here (built-in, jsonschema-rs, jsonschema), and the automatic choice."""
    library = SchemaLibrary(package_root(), os.path.join(schema_module.default_cache_root(), "engines"),
                            engine=request.param)
    monkeypatch.setattr(schema_module, "_LIBRARY", library)
    return request.param


def test_ds901_messages_and_paths_are_the_same_with_either_library(engine):
    findings = by_code(check_text(DEPLOYMENT.format(replicas='"3"') + "          imagePullPolice: Always\n"), "DS901")
    assert [(f.manifest.field_path, f.location.line, f.message) for f in findings] == [
        ("spec.replicas", 6, 'spec.replicas must be integer, not string "3"'),
        ("spec.template.spec.containers[0].imagePullPolice", 16,
         "unknown field 'imagePullPolice' in spec.template.spec.containers[0] (did you mean 'imagePullPolicy'?)"),
    ]
    secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: 31415926535\n"
    messages = [f.message for f in by_code(check_text(secret), "DS901")]
    assert messages == ["stringData.password must be string, not integer"]
    missing = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template: {}\n"
    assert sorted(f.message for f in by_code(check_text(missing), "DS901")) == [
        "spec is missing the required field 'selector'"]


def test_the_validators_report_the_same_issues(tmp_path):
    """Goldens, and goldens with random damage (types, unknown and missing fields), through every validator."""
    if len(ENGINES) < 3:
        pytest.skip("jsonschema-rs or jsonschema is not installed here")
    from conftest import GOLDEN

    from dslint.manifests.documents import split_manifests

    documents = []
    for path in sorted(GOLDEN.glob("*/expected-*.yaml"))[:12]:
        documents.extend(d.data for d in split_manifests(path.read_text("utf-8"), str(path)))
    if not documents:
        pytest.skip("no golden renders here")
    rnd = random.Random(20261129)
    damaged = [_damage(copy.deepcopy(rnd.choice(documents)), rnd) for _ in range(300)]
    libraries = {name: SchemaLibrary(package_root(), str(tmp_path), engine=name) for name in ENGINES}
    reported = 0
    for document in documents + damaged + [BAD_DEPLOYMENT]:
        results = {name: library.validate(document, 35, secret=document.get("kind") == "Secret")
                   for name, library in libraries.items()}
        builtin, rs, py = results[BUILTIN], results[JSONSCHEMA_RS], results[JSONSCHEMA]
        assert (rs.unknown, rs.issues) == (py.unknown, py.issues), document
        assert (builtin.unknown, builtin.issues) == (py.unknown, py.issues), document
        reported += len(rs.issues)
    assert reported > 100  # the damage was noticed


def _damage(node, rnd, depth=0):
    """A document with a few fields of the wrong type, unknown, or removed."""
    if isinstance(node, dict):
        for key in list(node):
            roll = rnd.random()
            if roll < 0.04 and depth:
                del node[key]
            elif roll < 0.08:
                node[key] = rnd.choice(["text", 7, 2.5, True, None, [1], {"x": 1}])
            else:
                node[key] = _damage(node[key], rnd, depth + 1)
        if rnd.random() < 0.05:
            node[rnd.choice(["imagePullPolice", "replica", "lables", "x"])] = 1
    elif isinstance(node, list):
        return [_damage(item, rnd, depth + 1) for item in node]
    return node


def test_later_runs_read_the_cached_schemas_not_the_definitions(tmp_path):
    first = SchemaLibrary(package_root(), str(tmp_path))
    assert first.validate(CONFIGMAP, 35).issues == []
    assert [i.path for i in first.validate(BAD_DEPLOYMENT, 35).issues]
    assert (first.definition_loads, first.schema_builds, first.builds) == (1, 2, 2)
    # A new process: same results, and the 1.8 MB definitions file is never opened.
    later = SchemaLibrary(package_root(), str(tmp_path))
    assert later.validate(CONFIGMAP, 35).issues == []
    assert later.validate(BAD_DEPLOYMENT, 35).issues == first.validate(BAD_DEPLOYMENT, 35).issues
    assert (later.definition_loads, later.schema_builds, later.builds) == (0, 0, 2)


def test_warming_builds_validators_from_the_cache_only(tmp_path):
    first = SchemaLibrary(package_root(), str(tmp_path))
    assert first.warm(35, "ConfigMap", "v1") is False  # not cached yet: left to the first document
    assert (first.definition_loads, first.builds) == (0, 0)
    first.validate(CONFIGMAP, 35)
    later = SchemaLibrary(package_root(), str(tmp_path))
    assert later.warm(35, "ConfigMap", "v1") is True
    assert later.warm(35, "Deployment", "apps/v1") is False
    assert later.warm(35, "Widget", "example.com/v1") is False
    assert (later.definition_loads, later.schema_builds, later.builds) == (0, 0, 1)
    assert later.validate(CONFIGMAP, 35).issues == []
    assert later.builds == 1  # the warmed validator served the document


@pytest.mark.parametrize(("ignore", "warmed"), [((), 1), (("DS901",), 0)])
def test_preparing_the_checks_warms_the_expected_kinds_for_ds901(tmp_path, monkeypatch, ignore, warmed):
    from dslint.config import load_settings
    from dslint.manifests.check import prepare_checks

    SchemaLibrary(package_root(), str(tmp_path)).validate(CONFIGMAP, 35)  # an earlier run cached it
    library = SchemaLibrary(package_root(), str(tmp_path))
    monkeypatch.setattr(schema_module, "_LIBRARY", library)
    settings = load_settings(None, {"kube_version": "1.35", "ignore": list(ignore)}, isolated=True)
    prepare_checks(settings, [("v1", "ConfigMap"), ("apps/v1", "Deployment")])
    assert library.builds == warmed


def test_cache_layout_and_atomic_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(schema_module, "default_cache_root", real_default_cache_root)
    monkeypatch.setattr(schema_module, "_LIBRARY", None)
    library = schema_module.schema_library()
    library.validate(BAD_DEPLOYMENT, 35)
    version = schema_module.package_version(package_root())
    folder = tmp_path / "dslint" / "schemas" / version / "1.35"
    assert sorted(p.name for p in folder.iterdir()) == ["apps-v1-Deployment.json"]  # no temporary file left
    entry = json.loads((folder / "apps-v1-Deployment.json").read_text("utf-8"))
    assert entry["format"] == CACHE_FORMAT and entry["kind"] == "Deployment" and entry["apiVersion"] == "apps/v1"
    text = json.dumps(entry["schema"])
    # Self-contained: no reference leaves the schema, and nothing a validator does not read.
    assert '"$ref": "#/$defs/' not in text or "$defs" in entry["schema"]
    assert "_definitions.json" not in text and '"description"' not in text and '"format"' not in text


_UNUSABLE = ('{"format": %d, "version": "1.35", "kind": "Deployment", "apiVersion": "apps/v1", "builtin": %s, '
             '"schema": {"type": 12, "properties": {"metadata": {"$ref": "#/$defs/missing"}}}}')


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1}', b"[]",
                                    (_UNUSABLE % (CACHE_FORMAT - 1, "true")).encode(),
                                    (_UNUSABLE % (CACHE_FORMAT, "true")).encode(),
                                    (_UNUSABLE % (CACHE_FORMAT, "false")).encode()])
def test_a_damaged_cache_entry_is_ignored_and_rebuilt(tmp_path, damage):
    SchemaLibrary(package_root(), str(tmp_path)).validate(BAD_DEPLOYMENT, 35)
    entry = tmp_path / "1.35" / "apps-v1-Deployment.json"
    good = entry.read_bytes()
    entry.write_bytes(damage)
    library = SchemaLibrary(package_root(), str(tmp_path))
    issues = library.validate(BAD_DEPLOYMENT, 35).issues
    assert [format_path_of(i) for i in issues] == ["metadata.labels.a", "spec.replicas",
                                                   "spec.template.spec.containers[0]",
                                                   "spec.template.spec.containers[0].imagePullPolice",
                                                   "spec.template.spec.containers[0].ports[0].containerPort"]
    assert json.loads(entry.read_bytes()) == json.loads(good)  # rewritten


def format_path_of(issue) -> str:
    from dslint.findings import format_path

    return format_path(issue.path)


def test_a_cache_that_cannot_be_written_costs_only_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", "utf-8")
    library = SchemaLibrary(package_root(), str(blocked))
    assert library.validate(CONFIGMAP, 35).issues == []
    assert library.validate({**CONFIGMAP, "data": [1]}, 35).issues
    assert library.builds == 1


@pytest.mark.parametrize("name", ENGINES)
def test_recursive_schemas_validate_offline(name, tmp_path):
    """A CustomResourceDefinition's schema refers to itself: that reference stays inside the cached schema."""
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "a.b.c"},
        "spec": {"group": "b.c", "names": {"kind": "A", "plural": "as"}, "scope": "Namespaced", "versions": [{
            "name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
                "type": "object", "properties": {"spec": {"type": "object", "properties": {
                    "size": {"type": "integer", "maximun": 3}}}}}}}]},
    }
    library = SchemaLibrary(package_root(), str(tmp_path), engine=name)
    issues = library.validate(crd, 35).issues
    assert [i.message for i in issues] == [
        "unknown field 'maximun' in spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size "
        "(did you mean 'maximum'?)"]
    assert SchemaLibrary(package_root(), str(tmp_path), engine=name).validate(crd, 35).issues == issues


def test_a_render_is_walked_and_a_frequent_kind_compiled():
    """Automatic choice: no library imported for a chart render; jsonschema-rs takes a kind after COMPILE_AFTER."""
    code = (
        "import sys\nfrom dslint.manifests.kube_schema import SchemaLibrary, package_root\n"
        "library = SchemaLibrary(package_root(), None)\n"
        "for i in range(COUNT):\n"
        "    library.validate({'apiVersion': 'v1', 'kind': 'ConfigMap', 'metadata': {'name': f'c{i}'}}, 35)\n"
        "print(library._validators[(35, 'ConfigMap', 'v1')].engine, "
        "sorted(m for m in ('jsonschema', 'referencing', 'jsonschema_rs') if m in sys.modules))\n"
    )
    small = subprocess.run([sys.executable, "-c", code.replace("COUNT", "20")], capture_output=True, text=True, check=True)
    assert small.stdout.strip() == "builtin []"
    if JSONSCHEMA_RS not in ENGINES:
        return
    large = subprocess.run([sys.executable, "-c", code.replace("COUNT", str(COMPILE_AFTER + 5))], capture_output=True,
                           text=True, check=True)
    assert large.stdout.strip() == "jsonschema-rs ['jsonschema_rs']"


def test_without_jsonschema_rs_the_builtin_validator_keeps_the_kind(monkeypatch, tmp_path):
    root = package_root()
    real_find = schema_module._find
    monkeypatch.setattr(schema_module, "_find", lambda module: None if module == "jsonschema_rs" else real_find(module))
    library = SchemaLibrary(root, str(tmp_path))
    for _ in range(COMPILE_AFTER + 5):
        assert library.validate(CONFIGMAP, 35).issues == []
    assert library._validators[(35, "ConfigMap", "v1")].engine == BUILTIN
    assert library.validate(BAD_DEPLOYMENT, 35).issues


def test_a_keyword_the_builtin_validator_does_not_know_goes_to_a_library():
    from dslint.manifests.kube_schema import _KindValidator

    validator = _KindValidator({"type": "object", "properties": {"a": {"type": "string", "maxLength": 2}}}, False)
    assert validator.engine in (JSONSCHEMA_RS, JSONSCHEMA)
    [error] = validator.errors({"a": "abc"})
    assert error.keyword == "maxLength" and error.path == ("a",)
