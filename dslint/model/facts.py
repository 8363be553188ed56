"""Chart facts: the pydantic models compiled into a small table of plain data.

The pydantic models (`chart_*.py`) are the typed knowledge of the chart:
types, allowed values, formats, which maps are free-form.  Importing pydantic
and building ~60 models costs more than a whole pre-commit run may take, so
`dslint check` reads a compiled form instead: the models' specs joined with
every published version's chart facts (`dslint.knowledge.generate`), shipped
in `dslint/knowledge/data/`, and dslint's own config spec in
`model/facts/config.json`.  After changing a model, regenerate both with

    python -m dslint.model.facts --write

(which re-joins the committed chart facts; no chart history needed).  Tests
fail when the committed files drift, and validate every golden scenario
through pydantic and through the compiled facts to prove they agree.

Spec nodes (JSON objects):

* ``{"k": "map", "f": {key: spec}, "r": [key]}``  a chart-owned map (unknown keys
  reported; ``r`` lists the keys it must have)
* ``{"k": "dict", "v": spec}``                a map with free keys (labels, files...)
* ``{"k": "list", "i": spec}``                a list
* ``{"k": "any"}``                            passed to Kubernetes as it is
* ``{"k": "scalar", "t": [types], ...}``      with optional ``enum``, ``min``,
  ``max``, ``pattern``, ``format`` (quantity, dns-label, dns-subdomain, digits)
* ``{"k": "union", "o": [spec, ...]}``
* any node may carry ``"null": true`` (Kubernetes field left unset by default)
  and ``"deprecated": "message"``.
"""

from __future__ import annotations

import json
import os
import sys
import types
import typing
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

_FACTS_DIR = "facts"


@cache
def load_facts(version: str) -> dict[str, Any]:
    """The compiled facts of one chart version (or of the config): ``{"version", "spec", "defaults"}``."""
    if version != CONFIG:
        from dslint.knowledge.versions import load

        return load(version)
    # A plain file next to this module (package data); importlib.resources
    # would cost more start-up time than reading it does.
    with open(facts_path(version), encoding="utf-8") as handle:
        facts: dict[str, Any] = json.load(handle)
        return facts


# --- compiling (imports pydantic; never on the `dslint check` path) -----------------


CONFIG = "config"


def model_for(version: str) -> type[BaseModel]:
    """The pydantic root model of a chart version (or of dslint's config)."""
    if version == CONFIG:
        from dslint.config_model import ConfigFile

        return ConfigFile
    if version == "2.1.1":
        from dslint.model import chart_2_1_1

        return chart_2_1_1.Values
    if version == "2.3.51":
        from dslint.model import chart_2_3_51

        return chart_2_3_51.Values
    raise KeyError(version)


def compile_facts(version: str) -> dict[str, Any]:
    model = model_for(version)
    return {
        "version": version,
        "spec": _model_spec(model),
        "defaults": model().model_dump(by_alias=True, exclude_none=True, mode="json"),
    }


def _model_spec(model: type[BaseModel]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    required = []
    for name, info in model.model_fields.items():
        spec = _type_spec(info.annotation, list(info.metadata))
        if info.deprecated:
            spec["deprecated"] = str(info.deprecated) if isinstance(info.deprecated, str) else (info.description or "deprecated")
        fields[info.alias or name] = spec
        if info.is_required():
            required.append(info.alias or name)
    spec = {"k": "map", "f": fields}
    from dslint.model.base import KubernetesMap, PassThrough

    if issubclass(model, (KubernetesMap, PassThrough)):
        # Handed to Kubernetes whole: every field is valid in every chart version.
        spec["pt"] = True
    if required:
        spec["r"] = required
    return spec


_SCALARS = {str: "string", bool: "boolean", int: "integer", float: "number", type(None): "null"}


def _type_spec(annotation: Any, metadata: list[Any]) -> dict[str, Any]:
    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _type_spec(inner, metadata + extra)
    if annotation is Any:
        return {"k": "any"}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_spec(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [o for o in typing.get_args(annotation) if o is not type(None)]
        if all(_strip_annotated(o)[0] in _SCALARS for o in options):
            names, extra = [], list(metadata)
            for option in options:
                bare, option_metadata = _strip_annotated(option)
                names.append(_SCALARS[bare])
                extra += option_metadata
            spec = _scalar_spec(names, extra)
        elif len(options) == 1:
            spec = _type_spec(options[0], metadata)
        else:
            spec = {"k": "union", "o": [_type_spec(o, metadata) for o in options]}
        if len(options) < len(typing.get_args(annotation)):
            spec["null"] = True
        return spec
    if origin is typing.Literal:
        values = list(typing.get_args(annotation))
        spec = _scalar_spec(sorted({_SCALARS[type(v)] for v in values}), metadata)
        spec["enum"] = values
        return spec
    if origin is list:
        (item,) = typing.get_args(annotation)
        return {"k": "list", "i": _type_spec(item, [])}
    if origin is dict:
        _, value = typing.get_args(annotation)
        return {"k": "dict", "v": _type_spec(value, [])}
    if annotation in _SCALARS:
        return _scalar_spec([_SCALARS[annotation]], metadata)
    raise TypeError(f"dslint cannot compile the annotation {annotation!r}")


def _strip_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    if typing.get_origin(annotation) is typing.Annotated:
        bare, *extra = typing.get_args(annotation)
        return bare, extra
    return annotation, []


def _scalar_spec(type_names: list[str], metadata: list[Any]) -> dict[str, Any]:
    from dslint.model.types import ValueFormat

    spec: dict[str, Any] = {"k": "scalar", "t": sorted(set(type_names))}
    for item in metadata:
        if isinstance(item, ValueFormat):
            spec["format"] = item.name
        for attr, key in (("ge", "min"), ("le", "max"), ("pattern", "pattern")):
            value = getattr(item, attr, None)
            if value is not None:
                spec[key] = value
        # Field(ge=..., pattern=...) inside Annotated arrives as a FieldInfo
        # whose constraints sit in its own metadata.
        for sub in getattr(item, "metadata", None) or []:
            for attr, key in (("ge", "min"), ("le", "max"), ("pattern", "pattern")):
                value = getattr(sub, attr, None)
                if value is not None:
                    spec[key] = value
    return spec


def facts_path(version: str) -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), _FACTS_DIR, f"{version}.json")


def render_facts(version: str) -> str:
    return json.dumps(compile_facts(version), indent=1, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    from dslint.knowledge import generate

    write = "--write" in argv
    # The chart versions: the committed chart facts joined again with the models.
    status = generate.main(["--models-only", *(["--write"] if write else [])])
    path = facts_path(CONFIG)
    stale = [path] if generate.update_file(path, render_facts(CONFIG), write) else []
    for path in stale:
        print(("wrote " if write else "stale: ") + path)
    return 1 if (stale or status) and not write else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
