"""Manifests: both versions rendered by Helm, compared object by object.

Objects are matched by kind, namespace and name, and compared as data (key
order, quoting and comments do not count).  What differs between any two
renders is normalised first, so only the upgrade shows:

* `checksum/*` annotations and private keys the chart generates when the user
  gives none (`dslint.render.generated`: every render makes a fresh one);
* the chart's own version labels (`helm.sh/chart`, `app.kubernetes.io/version`),
  which change with every release and say nothing about what runs.
"""

from __future__ import annotations

from typing import Any

from dslint.findings import format_path
from dslint.render.generated import MASK
from dslint.upgrade.changes import OBJECT_ADDED, OBJECT_CHANGED, OBJECT_REMOVED, Change
from dslint.upgrade.trace import trace_field, trace_object

VERSION_LABELS = frozenset({"helm.sh/chart", "app.kubernetes.io/version"})
# Fields listed in one object-changed message before "and N more".
SHOWN_FIELDS = 6

Path = tuple[Any, ...]


def objects_of(rendering: Any) -> dict[tuple[str, str, str], tuple[Any, Any]]:
    """(kind, namespace, name) -> (the rendered object, its normalised data)."""
    generated = {id(document) for document in rendering.generated}
    out = {}
    for rendered in rendering.objects:
        data = rendered.manifest.data
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        key = (str(data.get("kind", "")), str(metadata.get("namespace") or ""), str(metadata.get("name", "")))
        out[key] = (rendered, normalise(data, id(rendered.document) in generated))
    return out


def normalise(data: Any, generated_key: bool = False, path: Path = ()) -> Any:
    """A copy of the object without what differs between any two renders."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if path and path[-1] == "labels" and key in VERSION_LABELS:
                continue
            if path and path[-1] == "annotations" and str(key).startswith("checksum/"):
                out[key] = MASK
            elif generated_key and path == ("data",):
                out[key] = MASK  # the Secret of a key the chart generated (its value changes every render)
            else:
                out[key] = normalise(value, generated_key, (*path, key))
        return out
    if isinstance(data, list):
        return [normalise(item, generated_key, (*path, i)) for i, item in enumerate(data)]
    return data


def differences(old: Any, new: Any, path: Path = ()) -> list[Path]:
    """The fields (paths inside the object) whose values differ; a list of another length differs whole."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[Path] = []
        for key in [*old, *(k for k in new if k not in old)]:
            if key not in old or key not in new:
                out.append((*path, key))
            else:
                out.extend(differences(old[key], new[key], (*path, key)))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [p for i, (a, b) in enumerate(zip(old, new, strict=True)) for p in differences(a, b, (*path, i))]
    return [] if old == new else [path]


def compare_renderings(before: Any, after: Any, values: Any, old_values: Any = None) -> list[Change]:
    """`before`/`after`: the pipeline's `Rendering`s; `values`/`old_values`: each version's ChartValues
    (the new one traces fields to values; both say whether that value changed)."""
    def because(path: str | None) -> str:
        return _because(path, values, old_values)

    old, new = objects_of(before), objects_of(after)
    changes = []
    for key in [*(k for k in new if k not in old)]:
        rendered, _ = new[key]
        path = trace_object(rendered.manifest, values)
        changes.append(Change(OBJECT_ADDED, path, f"rendered by the new chart only{because(path)}", object=_ref(key)))
    for key in [k for k in old if k not in new]:
        rendered, _ = old[key]
        path = trace_object(rendered.manifest, values)
        changes.append(Change(OBJECT_REMOVED, path, f"no longer rendered{because(path)}", object=_ref(key)))
    for key in [k for k in new if k in old]:
        fields = differences(old[key][1], new[key][1])
        if fields:
            changes.extend(_changed(key, new[key][0], fields, old[key][1], new[key][1], values, because))
    return changes


def _changed(key: tuple[str, str, str], rendered: Any, fields: list[Path], old: Any, new: Any, values: Any,
             because: Any) -> list[Change]:
    """One change per values path the fields trace to (and one for the fields no value controls)."""
    by_path: dict[str | None, list[Path]] = {}
    for field in fields:
        by_path.setdefault(trace_field(rendered.manifest, field, values), []).append(field)
    out = []
    for path, group in sorted(by_path.items(), key=lambda item: (item[0] is None, item[0] or "")):
        shown = [format_path(f) for f in group]
        listed = ", ".join(shown[:SHOWN_FIELDS]) + (f" and {len(shown) - SHOWN_FIELDS} more" if len(shown) > SHOWN_FIELDS else "")
        # One old and one new value for every field (an image in each container): say them once.
        olds, news = {_value(old, f) for f in group}, {_value(new, f) for f in group}
        detail = f": {olds.pop()} -> {news.pop()}" if len(olds) == len(news) == 1 else ""
        message = f"{listed} change{'s' if len(group) == 1 else ''}{detail}{because(path)}"
        out.append(Change(OBJECT_CHANGED, path, message, object=_ref(key), fields=tuple(shown)))
    return out


def _value(data: Any, path: Path) -> str:
    import json

    for part in path:
        if (isinstance(data, dict) and part in data) or (isinstance(data, list) and isinstance(part, int) and part < len(data)):
            data = data[part]
        else:
            return "(absent)"
    text = json.dumps(data, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


def _because(path: str | None, values: Any, old_values: Any) -> str:
    """Whose doing the change is: a value that differs between the versions, or the chart's templates."""
    if not path:
        return " (no value controls it: the chart's templates changed)"
    if old_values is not None and values is not None:
        from dslint.model.view import parse_path

        where = parse_path(path)
        if old_values.has(where) == values.has(where) and old_values.get(where) == values.get(where):
            return f" (the chart's templates changed; `{path}` is the value that controls it)"
    return f" (controlled by `{path}`)"


def _ref(key: tuple[str, str, str]) -> str:
    return f"{key[0]}/{key[2]}"
