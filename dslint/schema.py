"""The chart's values as a JSON Schema, generated from the pydantic models.

Editors use it through the YAML language server
(`# yaml-language-server: $schema=...`); the copies under `schemas/` are
tested to match this output.
"""

from __future__ import annotations

import json
from typing import Any

from dslint.model.facts import model_for

# The YAML language server implements draft-07 best; the keywords pydantic
# emits here (`$defs` reached through `$ref`) read the same under it.
SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"


def _draft7(node: Any) -> None:
    """Keep to draft-07 keywords: `deprecated` (2019-09) becomes part of the description."""
    if isinstance(node, dict):
        if node.pop("deprecated", False):
            text = node.get("description", "")
            node["description"] = text if text.lower().startswith("deprecated") else "Deprecated. " + text
        for key, value in node.items():
            if key not in ("default", "enum", "const", "examples"):
                _draft7(value)
    elif isinstance(node, list):
        for item in node:
            _draft7(item)


def values_schema(chart_version: str) -> dict[str, Any]:
    schema = model_for(chart_version).model_json_schema(by_alias=True, mode="validation")
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
