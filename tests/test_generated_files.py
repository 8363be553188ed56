"""Generated files stay in sync with their sources: rule docs and values schemas."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from dslint.docs import expected_pages
from dslint.knowledge.versions import MODELLED_VERSIONS as SUPPORTED_VERSIONS
from dslint.schema import schema_filename, schema_text


def test_rule_docs_are_generated_from_metadata():
    folder = ROOT / "rules"
    pages = expected_pages()
    stale = [name for name, text in pages.items() if not (folder / name).is_file() or (folder / name).read_text() != text]
    extra = [p.name for p in folder.glob("*.md") if p.name not in pages]
    assert not stale and not extra, f"run `python -m dslint.docs --write` (stale: {stale}, extra: {extra})"


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_committed_schema_matches_dslint_schema(version):
    committed = (ROOT / "schemas" / schema_filename(version)).read_text()
    assert committed == schema_text(version), f"run `dslint schema --chart-version {version} > schemas/{schema_filename(version)}`"


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_schema_is_valid_and_catches_a_typo(version):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_text(version))
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    validator = validator_cls(schema)
    assert not list(validator.iter_errors({"worker": {"replicaCount": 4}, "client": {"useJob": True}}))
    errors = list(validator.iter_errors({"client": {"useJobs": True}}))
    assert errors and "useJobs" in str(errors[0].message)
    assert list(validator.iter_errors({"worker": {"replicaCount": "3"}}))
