"""The chart's values as a JSON Schema, for editors: what each parameter means, on hover.

Every published version's schema is built the same way, from two sources:

* the version's compiled facts (`dslint.knowledge.versions`): which keys that
  version has, their types, allowed values and defaults, and which keys it
  marks deprecated -- exactly what `dslint check` validates against, so the
  editor and dslint agree, default for default (a schema made from the
  pydantic models would show one default per model class: `image.repository`
  and `gitImage.repository` would both read "");
* the meaning of each parameter, written once as the `Field(description=...)`
  of the hand-written model that holds for the version (2.1.1's up to 2.1.1,
  2.3.51's from 2.2.0), looked up by values path.  A field a subclass
  re-declares only to change its default keeps the description of the class
  it overrides.

The descriptions stay in the models, next to each parameter's type and default,
rather than in a table of their own or in the shipped facts: a reader changing
a parameter finds its meaning there, no text is said twice (client and worker
share their fields' classes), and `dslint/knowledge/data/` (read on every
`dslint check`, which never needs the text) stays as small as it was.  Every
key of every published version is in a model (`tests/test_schema.py` proves
it), so no version needs text from anywhere else.

What editors show: the YAML language server's hover shows a schema's `title`
as a heading, falling back to the closest ancestor's title, then the
`description`, then the allowed values (`enum`); it never shows `default`.  So
the schema has no titles at all (one at the root would head every hover), and
each description ends with the parameter's default in this chart version.  The
whole schema is draft-07, the dialect the language server implements.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
# A default longer than this is not repeated in the hover text (the editor's
# completion still offers it): a whole map there would bury the description.
_LONGEST_DEFAULT = 80

_JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "null": "null"}

ValuesPath = tuple[str, ...]
Describe = Callable[[ValuesPath], str]


def _from_spec(spec: dict[str, Any], default: Any, path: ValuesPath, describe: Describe) -> dict[str, Any]:
    """One compiled facts node (see `dslint.model.facts`) as draft-07 JSON Schema."""
    from dslint.knowledge.kubernetes import QUANTITY_PATTERN

    kind = spec["k"]
    if kind == "map":
        defaults = default if isinstance(default, dict) else {}
        node: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {
            key: _property(sub, defaults.get(key), (*path, key), describe) for key, sub in spec["f"].items()}}
        if spec.get("r"):
            node["required"] = list(spec["r"])
    elif kind == "dict":
        # Free keys (labels, files...): a map inside keeps the path, as the model's class does.
        node = {"type": "object", "additionalProperties": _from_spec(spec["v"], None, path, describe)}
    elif kind == "list":
        node = {"type": "array", "items": _from_spec(spec["i"], None, path, describe)}
    elif kind == "union":
        node = {"anyOf": [_from_spec(option, None, path, describe) for option in spec["o"]]}
    elif kind == "scalar":
        node = {"type": [_JSON_TYPES[t] for t in spec["t"]]}
        for ours, theirs in (("enum", "enum"), ("min", "minimum"), ("max", "maximum"), ("pattern", "pattern")):
            if ours in spec:
                node[theirs] = spec[ours]
        if spec.get("format") == "quantity":
            # A quantity is a non-negative number or a string such as `500m` or `8Gi`.
            node.update(pattern=QUANTITY_PATTERN, minimum=0)
    else:
        node = {}
    if spec.get("null") and node:
        node = {"anyOf": [node, {"type": "null"}]}
    return node


def _property(spec: dict[str, Any], default: Any, path: ValuesPath, describe: Describe) -> dict[str, Any]:
    """A parameter: its schema, with the hover text and (where the chart has one) its default."""
    node = _from_spec(spec, default, path, describe)
    text = describe(path)
    if "deprecated" in spec:
        # The facts' note names the replacement (`use global.defaultStorageClass.`).
        note = str(spec["deprecated"]).strip().removeprefix("Deprecated:").strip()
        text = f"Deprecated: {note} {text}" if text else f"Deprecated: {note}"
    if default is not None and spec["k"] != "map":
        node["default"] = default
        shown = json.dumps(default, sort_keys=True)
        if len(shown) <= _LONGEST_DEFAULT:
            text = f"{text}\n\nDefault: {shown}" if text else f"Default: {shown}"
    if text:
        node["description"] = text
    return node


# --- the meaning of a parameter, from the models ------------------------------------


def describer(chart_version: str) -> Describe:
    """values path -> what the parameter means (empty when no model says), for one chart version.

    The model that holds for the version answers first; the other one only for
    a key its own model lacks.
    """
    from dslint.knowledge.generate import MODEL_RANGES, model_for_version
    from dslint.model.facts import model_for

    first = model_for_version(chart_version)
    models = [model_for(first)] + [model_for(m) for _, m in MODEL_RANGES if m != first]

    def describe(path: ValuesPath) -> str:
        for model in models:
            text = _description_at(model, path)
            if text:
                return text
        return ""

    return describe


def _description_at(model: type[BaseModel], path: ValuesPath) -> str:
    owners: list[type[BaseModel]] = [model]
    text = ""
    for key in path:
        found = next(((owner, name) for owner in owners for name in _field_names(owner, key)), None)
        if found is None:
            return ""
        owner, name = found
        text = _own_description(owner, name)
        owners = _models_in(owner.model_fields[name].annotation)
    return text


def _field_names(owner: type[BaseModel], key: str) -> list[str]:
    """The attribute holding the values key `key` (`global` is `global_`)."""
    return [name for name, info in owner.model_fields.items() if (info.alias or name) == key]


def _own_description(owner: type[BaseModel], name: str) -> str:
    """A field's description, or that of the class it re-declares (to change only the default)."""
    for base in owner.__mro__:
        info = getattr(base, "model_fields", {}).get(name)
        if info is not None and info.description:
            return str(info.description)
    return ""


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic classes a field's value may be: through Optional, unions, lists and dicts."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, dict):
        return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]
    return []


# --- the schema ------------------------------------------------------------------------


def values_schema(chart_version: str) -> dict[str, Any]:
    from dslint.knowledge.versions import load

    facts = load(chart_version)
    schema = _from_spec(facts["spec"], facts["defaults"], (), describer(facts["version"]))
    # No root title: the YAML language server would head every hover with it.
    return {"$schema": SCHEMA_DIALECT,
            "description": f"Values of the Bitnami DeepSpeed chart {facts['version']}, as dslint checks them.",
            **schema}


def schema_text(chart_version: str) -> str:
    return json.dumps(values_schema(chart_version), indent=2, sort_keys=True) + "\n"


def schema_filename(chart_version: str) -> str:
    return f"deepspeed-values-{chart_version}.schema.json"
