"""The values a subchart receives from its parent chart, with their origins.

Helm hands a dependency the parent's values under the dependency's name (or
alias), and copies the parent's `global:` into the subchart's `global:`,
the parent winning on conflicts.  Every other top-level key belongs to the
parent.  Locations are kept, so a finding about `worker.replicaCount` points
at the line of `deepspeed.worker.replicaCount` in the umbrella's values.
"""

from __future__ import annotations

from typing import Any

from dslint.load.layers import UserValues, copy_tree

GLOBAL = "global"


def subchart_values(user: UserValues, key: str) -> UserValues:
    """What the subchart at `key` sees of the parent's stacked `user` values."""
    out = UserValues()
    out.files = user.files
    out.duplicates = user.duplicates
    out.ignored_documents = user.ignored_documents
    own = user.data.get(key)
    data: dict[str, Any] = copy_tree(own) if isinstance(own, dict) else {}
    for table, target in ((user.value_at, out.value_at), (user.key_at, out.key_at)):
        for path, location in table.items():
            if len(path) > 1 and path[0] == key:
                target[path[1:]] = location
    parent_global = user.data.get(GLOBAL)
    if isinstance(parent_global, dict):
        mine = data.get(GLOBAL)
        data[GLOBAL] = _merge(mine if isinstance(mine, dict) else {}, parent_global)
        for table, target in ((user.value_at, out.value_at), (user.key_at, out.key_at)):
            for path, location in table.items():
                if path[:1] == (GLOBAL,):
                    target[path] = location
    out.data = data
    return out


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Helm's coalesceGlobals: the parent's global values over the subchart's own."""
    out = dict(base)
    for name, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(name), dict):
            out[name] = _merge(out[name], value)
        else:
            out[name] = copy_tree(value)
    return out
