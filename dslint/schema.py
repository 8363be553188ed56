"""The chart's values as a JSON Schema, generated from the pydantic models.

A version without a hand-written model (every published version but 2.1.1
and 2.3.51) gets its schema from its compiled facts, which hold the same
types, allowed values and formats.

Editors use it through the YAML language server
(`# yaml-language-server: $schema=...`); the copies under `schemas/` are
tested to match this output.
"""

from __future__ import annotations

import json
from typing import Any

from dslint.model.facts import model_for

# The YAML language server implements draft-07 best, so the whole schema is
# draft-07: definitions under `definitions` (pydantic writes 2019-09's `$defs`).
SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
_DEFS, _DRAFT7_DEFS = "$defs", "definitions"
# Keywords whose values are data, not schemas.
_DATA = ("default", "enum", "const", "examples")


def _draft7(node: Any, *, names: bool = False) -> None:
    """Keep to draft-07 keywords and to what editors should show.

    `deprecated` (2019-09) becomes part of the description; pydantic's titles
    (`"Localhostprofile"`, made from the field name) go, since editors show a
    title on hover before the chart parameter's description; `$ref`s point
    into `definitions`.  `names`: this mapping's keys are property names.
    """
    if isinstance(node, dict):
        if not names:
            if node.pop("deprecated", False):
                text = node.get("description", "")
                node["description"] = text if text.lower().startswith("deprecated") else "Deprecated. " + text
            node.pop("title", None)
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(f"#/{_DEFS}/"):
                ref = node["$ref"] = f"#/{_DRAFT7_DEFS}/" + ref[len(f"#/{_DEFS}/"):]
            if isinstance(ref, str) and len(node) > 1:
                # Draft-07 ignores every keyword beside `$ref` (the description, the default):
                # the reference moves into an allOf, so editors still show them.
                del node["$ref"]
                node["allOf"] = [{"$ref": ref}]
        for key, value in node.items():
            if names or key not in _DATA:
                _draft7(value, names=not names and key in ("properties", "patternProperties", _DEFS, _DRAFT7_DEFS))
    elif isinstance(node, list):
        for item in node:
            _draft7(item)


_JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "null": "null"}


def _from_spec(spec: dict[str, Any], default: Any = None) -> dict[str, Any]:
    """One compiled facts node (see `dslint.model.facts`) as draft-07 JSON Schema."""
    from dslint.knowledge.kubernetes import QUANTITY_PATTERN

    kind = spec["k"]
    if kind == "map":
        defaults = default if isinstance(default, dict) else {}
        node: dict[str, Any] = {"type": "object", "additionalProperties": False,
                                "properties": {k: _from_spec(v, defaults.get(k)) for k, v in spec["f"].items()}}
    elif kind == "dict":
        node = {"type": "object", "additionalProperties": _from_spec(spec["v"])}
    elif kind == "list":
        node = {"type": "array", "items": _from_spec(spec["i"])}
    elif kind == "union":
        node = {"anyOf": [_from_spec(option) for option in spec["o"]]}
    elif kind == "scalar":
        node = {"type": [_JSON_TYPES[t] for t in spec["t"]]}
        for ours, theirs in (("enum", "enum"), ("min", "minimum"), ("max", "maximum"), ("pattern", "pattern")):
            if ours in spec:
                node[theirs] = spec[ours]
        if spec.get("format") == "quantity":
            node["pattern"] = QUANTITY_PATTERN
    else:
        node = {}
    if spec.get("null") and node:
        node = {"anyOf": [node, {"type": "null"}]}
    if "deprecated" in spec:
        node["description"] = f"Deprecated: {spec['deprecated']}"
    if default is not None and kind != "map":
        node["default"] = default
    return node


def values_schema(chart_version: str) -> dict[str, Any]:
    from dslint.knowledge.versions import MODELLED_VERSIONS, load

    if chart_version not in MODELLED_VERSIONS:
        facts = load(chart_version)
        schema = _from_spec(facts["spec"], facts["defaults"])
    else:
        schema = model_for(chart_version).model_json_schema(by_alias=True, mode="validation")
        if _DEFS in schema:
            schema[_DRAFT7_DEFS] = schema.pop(_DEFS)
        _draft7(schema)
    schema = {
        "$schema": SCHEMA_DIALECT,
        "title": f"Values of the Bitnami DeepSpeed chart {chart_version} (dslint)",
        **{k: v for k, v in schema.items() if k != "title"},
    }
    return schema


def schema_text(chart_version: str) -> str:
    return json.dumps(values_schema(chart_version), indent=2, sort_keys=True) + "\n"


def schema_filename(chart_version: str) -> str:
    return f"deepspeed-values-{chart_version}.schema.json"
