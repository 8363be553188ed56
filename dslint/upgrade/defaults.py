"""Defaults the user relies on: values they do not set whose chart default changes.

A preset's name is not what runs: its requests and limits come from the `common`
library each chart version pins, so a `resourcesPreset` change says what the
containers get before and after; and the same preset name can size differently
when the pinned `common` changes its table.
"""

from __future__ import annotations

import json
from typing import Any

from dslint.knowledge.chart import preset_resources
from dslint.upgrade.changes import DEFAULT_CHANGED, Change, dotted
from dslint.upgrade.effects import effect
from dslint.upgrade.values_tree import Path, is_known, leaves, lookup, relies_on_default

PRESET_KEY = "resourcesPreset"


def compare_defaults(user: dict[str, Any], old: dict[str, Any], new: dict[str, Any],
                     values: Any = None) -> list[Change]:
    """`old`/`new`: the facts of each version (`versions.load`); `values`: the new version's
    ChartValues, to say when a preset sizes nothing in this release (`effects`)."""
    changes = []
    for path, before in leaves(old["defaults"]):
        found, after = lookup(new["defaults"], path)
        if not path or not relies_on_default(user, path):
            continue
        if not found:
            changes.append(_dropped(path, before, new))
            continue
        if path[-1] == PRESET_KEY:
            change = _preset(path, before, after, old, new, values)
            if change is not None:
                changes.append(change)
        elif before != after:
            changes.append(Change(DEFAULT_CHANGED, dotted(path), f"the default you rely on changes from {_show(before)} "
                                  f"to {_show(after)}", old=before, new=after))
    return changes


def _dropped(path: Path, before: Any, new: dict[str, Any]) -> Change:
    """A default the new values.yaml no longer has: the chart still reads the key (set it to keep the
    old behaviour), or not at all."""
    if is_known(new["spec"], path):
        then = f"chart {new['version']} still reads the key but gives it no default: set it to keep {_show(before)}"
    else:
        then = f"chart {new['version']} no longer reads the key"
    return Change(DEFAULT_CHANGED, dotted(path), f"the default you rely on, {_show(before)}, is gone: {then}",
                  old=before, new=None)


def _preset(path: Path, before: Any, after: Any, old: dict[str, Any], new: dict[str, Any],
            values: Any) -> Change | None:
    sized_before = _sizing(before, old["version"])
    sized_after = _sizing(after, new["version"])
    if before == after and sized_before == sized_after:
        return None
    what = sizing_difference(sized_before, sized_after)
    if before == after:
        message = (f"the default you rely on stays {_show(before)}, but the `common` library chart {new['version']} "
                   f"pins sizes it differently: {what}")
    else:
        message = f"the default you rely on changes from {_show(before)} to {_show(after)}: {what}"
    message += effect(path, values)
    return Change(DEFAULT_CHANGED, dotted(path), message, old=before, new=after)


def _sizing(preset: Any, version: str) -> dict[str, Any] | None:
    if not isinstance(preset, str) or preset == "none":
        return None
    return preset_resources(preset, version)


def sizing_difference(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """`limits memory 768Mi -> 1536Mi, ...`: only the amounts that differ."""
    parts: list[str] = []
    for side in ("requests", "limits"):
        old_block, new_block = (before or {}).get(side) or {}, (after or {}).get(side) or {}
        parts.extend(f"{side} {name} {old_block.get(name, 'none')} -> {new_block.get(name, 'none')}"
                     for name in sorted(set(old_block) | set(new_block)) if old_block.get(name) != new_block.get(name))
    return ", ".join(parts) or "the same requests and limits"


def _show(value: Any) -> str:
    return json.dumps(value)
