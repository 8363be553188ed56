"""Parameters: keys the user sets that the new version drops, renames or deprecates; keys it adds.

The facts are the knowledge layer's per-version specs (`dslint.knowledge.versions`):
a key the old version reads and the new one does not is removed, or renamed when a
deprecation note of either version names its replacement (`use global.defaultStorageClass`)
and the new version has that key.  New keys are the leaves of the new version's
values.yaml the old one lacks, with the default the user gets unless they set them.
"""

from __future__ import annotations

from typing import Any

from dslint.upgrade.changes import KEY_ADDED, KEY_DEPRECATED, KEY_REMOVED, KEY_RENAMED, Change, dotted
from dslint.upgrade.effects import effect
from dslint.upgrade.values_tree import Path, is_known, leaves, lookup, spec_node


def replacement(note: str | None) -> Path | None:
    """The key a deprecation note names (`Deprecated: use global.defaultStorageClass.`), as `check --fix` reads it."""
    from dslint.fix.offers import _REPLACEMENT

    match = _REPLACEMENT.search(note or "")
    return tuple(match.group(1).split(".")) if match else None


def compare_parameters(user: dict[str, Any], old: dict[str, Any], new: dict[str, Any],
                       values: Any = None) -> list[Change]:
    """`old`/`new`: the facts of each version (`versions.load`: version, spec, defaults); `values`: the
    new version's ChartValues, to say what a new parameter's default does (`effects`)."""
    changes: list[Change] = []
    for path, value in leaves(user):
        if not path:
            continue
        changes.extend(_user_key(path, value, old, new))
    changes.extend(_added(user, old, new, values))
    return changes


def _user_key(path: Path, value: Any, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    shown = dotted(path)
    if not is_known(old["spec"], path):
        return []  # unknown before too: `check` reports it (DS101), the upgrade changes nothing
    if not is_known(new["spec"], path):
        target = _renamed_to(path, old, new)
        if target is not None:
            return [Change(KEY_RENAMED, shown, f"chart {new['version']} reads `{dotted(target)}` instead of "
                                               "this key, which you set: move the value there", old=value,
                           new=dotted(target))]
        return [Change(KEY_REMOVED, shown, f"chart {new['version']} has no such key, and you set it: the value "
                                           "is ignored (or refused by the chart's schema) after the upgrade",
                       old=value)]
    note = (spec_node(new["spec"], path) or {}).get("deprecated")
    if note and not (spec_node(old["spec"], path) or {}).get("deprecated"):
        target = replacement(note)
        instead = f": use `{dotted(target)}`" if target else ""
        return [Change(KEY_DEPRECATED, shown, f"chart {new['version']} deprecates this key, which you set{instead}",
                       old=value, new=dotted(target) if target else None)]
    return []


def _renamed_to(path: Path, old: dict[str, Any], new: dict[str, Any]) -> Path | None:
    """The key a deprecation note points to, when the new version has it."""
    for facts in (old, new):
        target = replacement((spec_node(facts["spec"], path) or {}).get("deprecated"))
        if target is not None and target != path and is_known(new["spec"], target):
            return target
    return None


def _added(user: dict[str, Any], old: dict[str, Any], new: dict[str, Any], values: Any) -> list[Change]:
    out = []
    for path, default in leaves(new["defaults"]):
        if not path or lookup(old["defaults"], path)[0]:
            continue
        shown = dotted(path)
        found, value = lookup(user, path)
        if found:
            # A key under a map the old chart passed on whole (a securityContext) was read before too.
            before = "read it too" if is_known(old["spec"], path) else "ignored it"
            message = (f"new in chart {new['version']} (default {_show(default)}); you already set it "
                       f"to {_show(value)}, and chart {old['version']} {before}")
        else:
            message = f"new in chart {new['version']}, defaults to {_show(default)}{effect(path, values)}"
        out.append(Change(KEY_ADDED, shown, message, new=default))
    return out


def _show(value: Any) -> str:
    import json

    return json.dumps(value)
