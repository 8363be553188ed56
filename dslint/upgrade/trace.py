"""Which values path is behind a manifest change, where the knowledge layer can tell.

A changed field of a pod-bearing object is traced by the manifest lane's map
(`dslint.manifests.values_map`, which follows the chart's templates); an
object that appears or goes is traced to the switch that renders it.
"""

from __future__ import annotations

from typing import Any

from dslint.knowledge.chart import COMPONENTS
from dslint.upgrade.changes import dotted

# kind -> the switch under `<component>` that renders it.
_SWITCHES = {
    "PodDisruptionBudget": ("pdb", "create"),
    "NetworkPolicy": ("networkPolicy", "enabled"),
    "ServiceAccount": ("serviceAccount", "create"),
    "PersistentVolumeClaim": ("persistence", "enabled"),
}


def _component(manifest: Any) -> str | None:
    data = manifest.data
    labels = (data.get("metadata") or {}).get("labels") or {}
    component = labels.get("app.kubernetes.io/component") if isinstance(labels, dict) else None
    if component in COMPONENTS:
        return str(component)
    name = str((data.get("metadata") or {}).get("name", ""))
    for candidate in COMPONENTS:
        if name.endswith(f"-{candidate}"):
            return candidate
    return None


def trace_object(manifest: Any, values: Any) -> str | None:
    """The values path that makes the chart render (or drop) this object."""
    switch = _SWITCHES.get(str(manifest.data.get("kind", "")))
    component = _component(manifest)
    if switch is None or component is None:
        return None
    return dotted((component, *switch))


def trace_field(manifest: Any, field: tuple[Any, ...], values: Any) -> str | None:
    """The values path that controls `field` of the object, or None when no value does (or it is not known)."""
    if values is None:
        return None
    from dslint.manifests.check import read_object
    from dslint.manifests.context import ManifestProblem
    from dslint.manifests.values_map import values_path

    obj = read_object(manifest)
    container = None
    if obj.pod is not None:
        for ref in obj.pod.containers():
            if field[:len(ref.path)] == ref.path:
                container = ref
                break
    try:
        path = values_path(obj, ManifestProblem(field, "", container=container), values)
    except (AttributeError, IndexError, KeyError, TypeError):
        return None  # a shape the map does not expect: untraced rather than wrong
    if not path or (len(path) == 1 and path[0] in COMPONENTS):
        return None  # "somewhere under worker" says nothing
    return dotted(_probe(_sized_by(path, values), field, values))


def _probe(path: tuple[Any, ...], field: tuple[Any, ...], values: Any) -> tuple[Any, ...]:
    """A custom probe the user did not set is not what changed: the chart's own probe settings are."""
    if len(path) == 2 and str(path[1]).startswith("custom") and not values.is_set(path):
        probe = path[1][len("custom"):]
        probe = (path[0], probe[0].lower() + probe[1:])
        # The field under the probe (`timeoutSeconds`) when the values have it; else the probe as a whole.
        inside = field[field.index(probe[1]) + 1:] if probe[1] in field else ()
        return (*probe, inside[0]) if inside and values.has((*probe, inside[0])) else probe
    return path


def _sized_by(path: tuple[Any, ...], values: Any) -> tuple[Any, ...]:
    """`<base>.resources` when the user gives resources, else the preset that sizes the container."""
    if len(path) >= 2 and path[1] == "resources":
        from dslint.knowledge.chart import sizing

        if sizing(values, path[0]).origin == "preset":
            return (path[0], "resourcesPreset")
    return path
