"""The chart's values as a JSON Schema, generated from the pydantic models.

Editors use it through the YAML language server
(`# yaml-language-server: $schema=...`); the copies under `schemas/` are
tested to match this output.
"""

from __future__ import annotations

import json
from typing import Any

from dslint.model.facts import model_for

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def values_schema(chart_version: str) -> dict[str, Any]:
    schema = model_for(chart_version).model_json_schema(by_alias=True, mode="validation")
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
