"""The values JSON Schema as the YAML language server uses it.

The YAML language server (VS Code's YAML extension, yamlls) validates with
draft-07 semantics whatever `$schema` says, so the schema must mean the same
under draft-07 as under the 2020-12 dialect it declares: both validators must
accept real values files and reject a typo.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from ci_helpers import README, ROOT
from conftest import GOLDEN, golden_scenarios

VERSIONS = ("2.1.1", "2.3.51")
# Keywords that only 2019-09/2020-12 validators understand; draft-07 would ignore them.
NEWER_KEYWORDS = {"prefixItems", "unevaluatedProperties", "unevaluatedItems", "dependentSchemas",
                  "dependentRequired", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "minContains",
                  "maxContains"}
# Keywords a draft-07 validator ignores next to a $ref: only annotations may stand there.
ANNOTATIONS = {"default", "description", "title", "examples", "deprecated", "readOnly", "writeOnly"}
DRAFT7_KEYWORDS = set(jsonschema.Draft7Validator.META_SCHEMA["properties"]) | {"$defs"}

TYPO = "worker:\n  replicaCont: 2\n"
SMALL_VALID = [
    "worker:\n  replicaCount: 2\n",
    "client:\n  enabled: false\nworker:\n  resourcesPreset: none\n  resources:\n    limits:\n      memory: 8Gi\n",
    "{}\n",
]


def _schema(run_cli, version: str) -> dict:
    result = run_cli("schema", "--chart-version", version)
    assert result.exit_code == 0
    return result.json()


def _validators(schema: dict):
    return [jsonschema.Draft202012Validator(schema), jsonschema.Draft7Validator(schema)]


def _errors(validator, values) -> list[str]:
    """Schema errors, leaving out `required` (see test_partial_maps_are_valid_values)."""
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(values) if e.validator != "required"]


def _walk(node, visit):
    if isinstance(node, dict):
        visit(node)
        for key, value in node.items():
            if key in ("properties", "$defs", "definitions"):
                for child in value.values():
                    _walk(child, visit)
            elif key not in ("default", "enum", "const", "examples"):
                # Those hold instance data, not schemas.
                _walk(value, visit)
    elif isinstance(node, list):
        for item in node:
            _walk(item, visit)


@pytest.mark.parametrize("version", VERSIONS)
def test_schema_means_the_same_under_draft_7(run_cli, version):
    schema = _schema(run_cli, version)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft7Validator.check_schema(schema)
    problems = []

    def visit(node):
        newer = NEWER_KEYWORDS & set(node)
        if newer:
            problems.append(f"2019+ keywords {sorted(newer)}")
        if "$ref" in node and set(node) - ANNOTATIONS - {"$ref"}:
            problems.append(f"$ref with validation keywords beside it: {sorted(node)}")

    _walk(schema, visit)
    assert not problems, problems


@pytest.mark.parametrize("version", VERSIONS)
def test_schema_uses_only_keywords_editors_know(run_cli, version):
    unknown = set()

    def visit(node):
        unknown.update(k for k in node if k not in DRAFT7_KEYWORDS)

    _walk(_schema(run_cli, version), visit)
    assert not unknown, sorted(unknown)


@pytest.mark.parametrize("version", VERSIONS)
def test_small_files_validate_and_a_typo_is_rejected(run_cli, version):
    for validator in _validators(_schema(run_cli, version)):
        for text in SMALL_VALID:
            errors = list(validator.iter_errors(yaml.safe_load(text)))
            assert not errors, (text, [e.message for e in errors])
        errors = list(validator.iter_errors(yaml.safe_load(TYPO)))
        assert errors, "an unknown key must be an error in the editor"
        assert any("replicaCont" in e.message and list(e.absolute_path) == ["worker"] for e in errors), \
            [(list(e.absolute_path), e.message) for e in errors]


def test_golden_values_validate(run_cli):
    scenarios = [name for name in golden_scenarios() if not name.startswith("e")]
    if not scenarios:
        pytest.skip(f"golden scenarios not found at {GOLDEN}")
    for version in VERSIONS:
        validators = _validators(_schema(run_cli, version))
        for name in scenarios:
            values = yaml.safe_load((GOLDEN / name / "values.yaml").read_text()) or {}
            for validator in validators:
                assert not _errors(validator, values), (version, name, _errors(validator, values))


@pytest.mark.parametrize("version", VERSIONS)
def test_partial_maps_are_valid_values(run_cli, version):
    overlay = yaml.safe_load("image:\n  digest: sha256:" + "a" * 64 + "\n  pullPolicy: Always\n")
    for validator in _validators(_schema(run_cli, version)):
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(overlay)]
        assert not errors, errors


def test_golden_wrong_type_is_rejected(run_cli):
    path = GOLDEN / "e04-wrong-type" / "values.yaml"
    if not path.is_file():
        pytest.skip(f"golden scenario e04-wrong-type not found at {GOLDEN}")
    for validator in _validators(_schema(run_cli, "2.1.1")):
        assert list(validator.iter_errors(yaml.safe_load(path.read_text())))


def test_examples_that_dslint_accepts_validate(run_cli):
    """Where dslint sees no unknown key and no wrong type, the editor sees no error either."""
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    if not examples:
        pytest.skip("no examples/*.yaml yet")
    for path in examples:
        result = run_cli("check", str(path), "--select", "DS101,DS102", "--format", "json", "--fail-on", "never")
        if result.json()["findings"]:
            continue
        values = yaml.safe_load(path.read_text()) or {}
        for validator in _validators(_schema(run_cli, "2.1.1")):
            assert not _errors(validator, values), (path.name, _errors(validator, values))


def test_readme_modeline_points_at_the_committed_schema(run_cli):
    from dslint.schema import schema_filename

    text = README.read_text("utf-8")
    modelines = re.findall(r"^# yaml-language-server: \$schema=(\S+)$", text, re.M)
    assert modelines, "README shows the yaml-language-server modeline"
    for target in modelines:
        # The README's modeline is written for a values file one folder below the root (like examples/).
        path = (ROOT / "examples" / target).resolve()
        assert path.name == schema_filename("2.1.1")
        if not (ROOT / "schemas").is_dir():
            pytest.skip("schemas/ is not generated yet")
        assert path.is_file(), target
        assert json.loads(path.read_text()) == _schema(run_cli, "2.1.1")


@pytest.mark.parametrize("version", VERSIONS)
def test_one_draft_and_no_titles(run_cli, version):
    """Issue 16 item 26: the YAML language server heads every hover with the closest title, and
    pydantic's ("Localhostprofile") said nothing; the parameter's description says what it means."""
    schema = _schema(run_cli, version)
    text = json.dumps(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert '"$defs"' not in text and '"$ref"' not in text
    titles = []
    _walk(schema, lambda node: titles.append(node["title"]) if "title" in node else None)
    assert titles == [], titles[:5]
    replicas = schema["properties"]["worker"]["properties"]["replicaCount"]
    assert replicas["description"].startswith("Number of worker pods") and replicas["description"].endswith("Default: 3")
