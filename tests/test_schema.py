"""The values JSON Schema's hover text: every parameter of every published version says what it means.

Issue 16 item 26: editors (the YAML language server) show a property's `description` on hover,
head it with the closest `title` in the schema, and never show `default`.
"""

from __future__ import annotations

import re
import typing
from functools import cache

import pytest
from conftest import SHARED, needs_shared

from dslint.knowledge.versions import supported_versions
from dslint.schema import SCHEMA_DIALECT, _models_in, _own_description, values_schema


def _properties(schema: dict) -> dict[tuple[str, ...], dict]:
    """values path -> property schema, through items, additionalProperties and anyOf (the schema has no $ref)."""
    found: dict[tuple[str, ...], dict] = {}

    def walk(node: object, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties":
                    for name, child in value.items():
                        found[path + (name,)] = child
                        walk(child, path + (name,))
                elif key not in ("default", "enum", "const", "examples"):
                    walk(value, path)
        elif isinstance(node, list):
            for item in node:
                walk(item, path)

    walk(schema, ())
    return found


def _keywords(node: object, path: tuple[str, ...] = ()) -> typing.Iterator[tuple[tuple[str, ...], str]]:
    """Every (where, keyword) of the schema: property names are not keywords, instance data is not schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key
            if key == "properties":
                for name, child in value.items():
                    yield from _keywords(child, path + (name,))
            elif key not in ("default", "enum", "const", "examples"):
                yield from _keywords(value, path)
    elif isinstance(node, list):
        for item in node:
            yield from _keywords(item, path)


@cache
def _schema(version: str) -> dict:
    return values_schema(version)


@cache
def _all_paths() -> frozenset[tuple[str, ...]]:
    return frozenset(p for version in supported_versions() for p in _properties(_schema(version)))


def test_every_parameter_of_every_version_has_a_description():
    undescribed = {}
    for version in supported_versions():
        missing = [".".join(p) for p, node in _properties(_schema(version)).items()
                   if not str(node.get("description", "")).split("\n\nDefault:")[0].strip()]
        if missing:
            undescribed[version] = missing[:5]
    assert not undescribed, f"add a Field(description=...) in dslint/model for: {undescribed}"
    # The 2.3.51 schema alone has well over the 45 descriptions it had before.
    assert len(_properties(_schema("2.3.51"))) > 250


def test_every_version_is_one_draft_07_schema_without_titles():
    """A title anywhere (even the root's) heads every hover in the YAML language server."""
    for version in supported_versions():
        schema = _schema(version)
        assert schema["$schema"] == SCHEMA_DIALECT == "http://json-schema.org/draft-07/schema#"
        keywords = list(_keywords(schema))
        assert [where for where, key in keywords if key == "$schema"] == [()], version
        unwanted = sorted({key for _, key in keywords} & {"title", "$defs", "definitions", "$ref", "deprecated"})
        assert not unwanted, (version, unwanted)


def _described_paths(model: type, path: tuple[str, ...] = ()) -> typing.Iterator[tuple[str, ...]]:
    for name, info in model.model_fields.items():  # type: ignore[attr-defined]
        child = path + (info.alias or name,)
        if _own_description(model, name):
            yield child
        for inner in _models_in(info.annotation):
            yield from _described_paths(inner, child)


@pytest.mark.parametrize("version", ["2.1.1", "2.3.51"])
def test_models_describe_no_parameter_that_no_version_has(version):
    """A description in the models for a key no published version has would be stale text."""
    from dslint.model.facts import model_for

    stale = sorted(".".join(p) for p in set(_described_paths(model_for(version))) - _all_paths())
    assert not stale, stale


@pytest.mark.parametrize(("version", "path", "default"), [
    # The same model class, different defaults by path: the hover says this version's, for this path.
    ("2.1.1", ("client", "livenessProbe", "timeoutSeconds"), 20),
    ("2.3.51", ("client", "livenessProbe", "timeoutSeconds"), 60),
    ("2.3.51", ("worker", "livenessProbe", "timeoutSeconds"), 5),
    ("2.3.51", ("image", "repository"), "bitnami/deepspeed"),
    ("2.3.51", ("gitImage", "repository"), "bitnami/git"),
    ("2.3.51", ("worker", "resourcesPreset"), "medium"),
    ("1.5.0", ("worker", "replicaCount"), 3),
])
def test_hover_text_ends_with_the_default_of_the_version(version, path, default):
    node = _properties(_schema(version))[path]
    assert node["default"] == default
    meaning, _, shown = node["description"].partition("\n\nDefault: ")
    assert meaning and shown == (f'"{default}"' if isinstance(default, str) else str(default))


def test_a_deprecation_leads_the_hover_text_only_where_the_version_deprecates():
    newest = _properties(_schema("2.3.51"))[("global", "storageClass")]["description"]
    assert newest.startswith("Deprecated: use global.defaultStorageClass. StorageClass of every PVC")
    older = _properties(_schema("2.1.1"))[("global", "storageClass")]["description"]
    assert older.startswith("StorageClass of every PVC")


def test_an_old_version_takes_the_meaning_from_the_model_that_holds_for_it():
    # 1.6.0 is described by the 2.1.1 model; its keys are a subset of it.
    assert _properties(_schema("1.6.0"))[("source", "type")]["description"].startswith("Where the training code comes from")
    assert ("client", "pdb") not in _properties(_schema("2.1.1"))
    assert _properties(_schema("2.2.0"))[("client", "pdb")]["description"].startswith("PodDisruptionBudget of the client")


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_descriptions_are_our_own_words_not_the_charts():
    """The project holds only its own text: no description repeats a `## @param` line of the chart."""
    charts = needs_shared(SHARED / "chart-reference")
    theirs = set()
    for values in charts.glob("*/values.yaml"):
        for line in values.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*##\s*@(?:param|extra)\s+\S+\s+(?:\[\w+\]\s+)?(.+)$", line)
            if match and len(_words(match.group(1)).split()) >= 3:
                theirs.add(_words(match.group(1)))
    assert len(theirs) > 100
    copied = {".".join(path): node["description"] for version in ("2.1.1", "2.3.51")
              for path, node in _properties(_schema(version)).items()
              if _words(node["description"].split("\n\nDefault:")[0]) in theirs}
    assert not copied, copied
