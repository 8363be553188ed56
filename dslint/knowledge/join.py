"""Joining what a chart's files say with what dslint's typed models add.

A chart version's `values.yaml` says which parameters exist and their
defaults; its templates say little more.  The hand-written pydantic models
(`dslint/model/chart_*.py`) add what the files do not state: allowed values,
quantity and name formats, which maps are free-form, which maps the chart
hands to Kubernetes whole.  `join` keeps, from a model's compiled spec, the
keys the chart version really has, and infers a plain type for a key the
model does not know.  The generator runs it for every published version; a
chart dslint has no data for (`--chart` on a newer release or a fork) is
joined the same way at run time, against the newest version's spec.

Pure data: no pydantic, no YAML.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Path = tuple[str | int, ...]

# Keys a chart version's values.yaml does not list but its pinned `common`
# library reads: (values path, the name the library's templates use).
IMPLICIT_KEYS = ((("global", "compatibility", "omitEmptySeLinuxOptions"), "omitEmptySeLinuxOptions"),)
DEPRECATED = "the chart marks it deprecated"


class ChartFacts:
    """What one chart version's files say, as the join needs it."""

    __slots__ = ("common_reads", "deprecated", "inferred", "schema_types", "values")

    def __init__(self, values: dict[str, Any], deprecated: Iterable[str] = (), common_reads: Iterable[str] = (),
                 schema_types: dict[str, list[str]] | None = None) -> None:
        self.values = values  # the chart's values.yaml (defaults, keys)
        # dotted path -> the JSON types the chart's values.schema.json allows (for keys no model knows)
        self.schema_types = schema_types or {}
        self.deprecated = frozenset(deprecated)  # dotted paths the chart marks deprecated
        self.common_reads = frozenset(common_reads)  # implicit key names its common library reads
        self.inferred: list[str] = []  # dotted paths the model did not know (typed from the default)


def join(model: dict[str, Any], facts: ChartFacts) -> dict[str, Any]:
    """The spec of a chart version: `model`'s types on `facts`' keys."""
    return _node(model, facts.values, (), facts)


def _dotted(path: Path) -> str:
    return ".".join(str(p) for p in path)


def _node(model: dict[str, Any] | None, chart: Any, path: Path, facts: ChartFacts) -> dict[str, Any]:
    if model is None:
        facts.inferred.append(_dotted(path))
        stated = facts.schema_types.get(_dotted(path))
        if stated and all(t in _SCALAR_TYPES for t in stated):
            return {"k": "scalar", "t": sorted(set(stated))}
        return infer(chart)
    if model["k"] != "map" or model.get("pt") or not isinstance(chart, dict):
        return model
    fields: dict[str, Any] = {}
    for key, sub in model["f"].items():
        child = path + (key,)
        if key in chart:
            fields[key] = _mark(_node(sub, chart[key], child, facts), child, facts)
        elif any(child == implicit and name in facts.common_reads for implicit, name in IMPLICIT_KEYS):
            fields[key] = sub
    for key in chart:
        if key not in model["f"]:
            fields[key] = _mark(_node(None, chart[key], path + (key,), facts), path + (key,), facts)
    node = {**model, "f": fields}
    required = [k for k in model.get("r", ()) if k in fields]
    if required:
        node["r"] = required
    else:
        node.pop("r", None)
    return node


def _mark(spec: dict[str, Any], path: Path, facts: ChartFacts) -> dict[str, Any]:
    """A deprecation holds from the version whose values.yaml says so, with the model's words if it has them."""
    deprecated = _dotted(path) in facts.deprecated
    if deprecated and "deprecated" not in spec:
        return {**spec, "deprecated": DEPRECATED}
    if not deprecated and "deprecated" in spec:
        return {k: v for k, v in spec.items() if k != "deprecated"}
    return spec


_SCALAR_TYPES = ("string", "integer", "number", "boolean")


def infer(value: Any) -> dict[str, Any]:
    """A spec from a default alone: its type, and nothing the default cannot tell."""
    if isinstance(value, bool):
        return {"k": "scalar", "t": ["boolean"]}
    if isinstance(value, int):
        return {"k": "scalar", "t": ["integer"]}
    if isinstance(value, float):
        return {"k": "scalar", "t": ["number"]}
    if isinstance(value, str):
        return {"k": "scalar", "t": ["string"]}
    if isinstance(value, list):
        return {"k": "list", "i": {"k": "any"}}
    if isinstance(value, dict) and value:
        # A map with keys: the chart owns them (typos are reported), each typed from its default.
        return {"k": "map", "f": {k: infer(v) for k, v in value.items()}}
    return {"k": "any"}
