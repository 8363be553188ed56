"""What the chart will see: its defaults coalesced with the user's values.

Helm coalesces user values over the chart's `values.yaml`: maps merge, any
other value replaces the default, and `null` deletes the default key.  The
rules read this effective tree, and ask it where a value came from so their
findings point at the line that set it (or say it is a chart default).

A user value of the wrong type (DS102) is left out, so the chart default
stands in: rules always see the types the chart documents.
"""

from __future__ import annotations

from typing import Any

from dslint.findings import DEFAULT_LOCATION, Location
from dslint.load.layers import UserValues, copy_tree
from dslint.model.facts import load_facts
from dslint.model.validate import SchemaProblem, validate

Path = tuple[str | int, ...]
_MISSING = object()


def parse_path(dotted: str) -> Path:
    """`worker.externalAccess.service.nodePorts[0]` -> ("worker", ..., "nodePorts", 0)."""
    out: list[Any] = []
    for part in dotted.split("."):
        while "[" in part:
            head, _, rest = part.partition("[")
            if head:
                out.append(head)
            index, _, part = rest.partition("]")
            out.append(int(index))
        if part:
            out.append(part)
    return tuple(out)


class ChartValues:
    """The effective values of one lint target, with provenance."""

    __slots__ = ("data", "defaults", "problems", "rejected", "scope", "user", "version")

    def __init__(self, version: str, user: UserValues, data: dict[str, Any], defaults: dict[str, Any],
                 problems: list[SchemaProblem] | None = None, rejected: set[Path] | None = None) -> None:
        self.version = version
        self.user = user
        self.data = data
        self.defaults = defaults
        self.problems = [] if problems is None else problems
        # User values DS1xx refused (wrong type, not allowed): the default stands in.
        self.rejected = set() if rejected is None else rejected
        # The key of an umbrella chart's values these sit under (`deepspeed`), or None.
        self.scope: str | None = None

    # -- reading values ------------------------------------------------------
    def get(self, path: str | Path, default: Any = None) -> Any:
        """The effective value at a path (`"worker.replicaCount"` or a tuple)."""
        value = _lookup(self.data, parse_path(path) if isinstance(path, str) else path)
        return default if value is _MISSING else value

    def has(self, path: str | Path) -> bool:
        return _lookup(self.data, parse_path(path) if isinstance(path, str) else path) is not _MISSING

    def default(self, path: str | Path) -> Any:
        value = _lookup(self.defaults, parse_path(path) if isinstance(path, str) else path)
        return None if value is _MISSING else value

    def is_chosen(self, path: str | Path) -> bool:
        """Did the user set this value to something other than the chart default?

        `helm show values > values.yaml` is how many users start: a value equal
        to the default is not a choice, and "you set X" findings skip it.
        """
        path = parse_path(path) if isinstance(path, str) else path
        return self.is_set(path) and self.get(path) != self.default(path)

    def is_set(self, path: str | Path) -> bool:
        """Did the user set this value (rather than leave the chart default)?"""
        path = parse_path(path) if isinstance(path, str) else path
        return path in self.user.value_at or path in self.user.key_at

    # -- where values came from --------------------------------------------------
    def location(self, path: str | Path, *, key: bool = False) -> Location:
        """Where the value at `path` was set, or where the user would set it.

        For a chart default the location is the deepest enclosing key the user
        did write in a file (e.g. `client:`), or the top of the last values
        file, never a --set flag (which set something else).
        """
        path = parse_path(path) if isinstance(path, str) else path
        exact = self.user.location(path, key=key or _is_collection(self.get(path)))
        if exact is not None:
            return exact
        nearest = self.user.nearest_location(path)
        if nearest is not None and nearest[1].argument is None:
            return nearest[1]
        # A flag sets its own value only: `--set worker.replicaCount=4` did not
        # choose the worker's preset, so a default beside it is located in a
        # file (its enclosing key, or the top), or nowhere ("chart default").
        for depth in range(len(path) - 1, 0, -1):
            found = self.user.key_at.get(path[:depth]) or self.user.value_at.get(path[:depth])
            if found is not None and found.argument is None:
                return found
        if self.user.files:
            return Location(self.user.files[-1].name, 1, 1)
        return DEFAULT_LOCATION


def _is_collection(value: Any) -> bool:
    return isinstance(value, (dict, list))


def _lookup(data: Any, path: Path) -> Any:
    value = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(value, list) or not -len(value) <= part < len(value):
                return _MISSING
        elif not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def coalesce(defaults: dict[str, Any], user: dict[str, Any], rejected: set[Path]) -> dict[str, Any]:
    """Helm's CoalesceValues, leaving out user values that failed type checks."""
    result: dict[str, Any] = copy_tree(defaults)
    _overlay(result, user, (), rejected)
    return result


def _overlay(base: dict[str, Any], user: dict[str, Any], path: Path, rejected: set[Path]) -> None:
    for key, value in user.items():
        child = path + (key,)
        if child in rejected:
            continue
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            _overlay(base[key], value, child, rejected)
        else:
            base[key] = _without_nulls(value) if isinstance(value, dict) else value


def _without_nulls(value: dict[str, Any]) -> dict[str, Any]:
    return {k: (_without_nulls(v) if isinstance(v, dict) else v) for k, v in value.items() if v is not None}


def build_chart_values(user: UserValues, version: str) -> ChartValues:
    facts = load_facts(version)
    problems, rejected = validate(facts["spec"], user.data)
    data = coalesce(facts["defaults"], user.data, rejected)
    return ChartValues(version, user, data, facts["defaults"], problems, rejected)
