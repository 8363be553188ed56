"""What a new parameter's default or a changed default does to this release, where the knowledge layer can tell.

The messages of `parameters` and `defaults` end with it: a budget the chart now renders (and for
how many pods), a preset that sizes nothing because its component does not run or `resources`
wins, pods that stop mounting their service account token.
"""

from __future__ import annotations

from typing import Any

from dslint.knowledge.chart import COMPONENTS, budgets, component_runs, sizing, volume_permissions_run

Path = tuple[Any, ...]


def effect(path: Path, values: Any) -> str:
    """A clause for the change's message ("" when dslint cannot tell); `values`: the new version's ChartValues."""
    if values is None or len(path) < 2:
        return ""
    head, key = path[0], path[-1]
    if path[1:] == ("pdb", "create") and head in COMPONENTS:
        return _budget(head, values)
    if key == "resourcesPreset" and len(path) == 2:
        return _preset(head, values)
    if path[1:] == ("automountServiceAccountToken",) and head in COMPONENTS and component_runs(values, head):
        mounts = values.get(path)
        return f": the {head} pods {'mount' if mounts else 'no longer mount'} the service account token"
    return ""


def _budget(component: str, values: Any) -> str:
    for budget in budgets(values):
        if budget.component == component:
            bound = (f"minAvailable {budget.min_available}" if budget.min_available is not None
                     else f"maxUnavailable {budget.max_unavailable}")
            pods = f"{budget.pods} pod{'s' if budget.pods != 1 else ''}"
            return f": the chart renders a PodDisruptionBudget for the {component} ({pods}, {bound})"
    if component == "client" and values.get("client.useJob"):
        return ": no budget for the client, which runs as a Job"
    if not values.get(f"{component}.enabled"):
        return f": no budget, the {component} is not enabled"
    return f": no budget for the {component} with your values"


def _preset(base: str, values: Any) -> str:
    runs = volume_permissions_run(values) if base == "volumePermissions" else (
        base in COMPONENTS and component_runs(values, base))
    if not runs:
        return f" (no effect on your release: no {base} container runs)"
    if sizing(values, base).origin == "resources":
        return f" (no effect on your release: your `{base}.resources` wins)"
    return ""
