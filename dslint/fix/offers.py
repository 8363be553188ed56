"""Which edit each schema problem (DS101-DS107) offers, and how sure it is.

`dslint.model.validate` calls these where it creates a problem; they return
an `Edit` (or None) and never touch text.  "Lossless" is judged on the value
Helm would use: `"3"` -> `3` for an integer keeps what the user meant, as does
`60` -> `"60"` for a string, while `"3.0"` or `1e3` would need a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dslint.fix.edits import Edit, move_key, rename_key, replace_value
from dslint.lazy import LazyPattern
from dslint.model.suggest import CASE, MISINDENTED, SPELLING, Suggestion

Path = tuple[str | int, ...]

_INTEGER = LazyPattern(r"^-?(0|[1-9][0-9]*)$")
_DECIMAL = LazyPattern(r"^-?(0|[1-9][0-9]*)\.[0-9]*[1-9]$")
# Helm's numbers are float64: integers beyond 2^53 are not kept exactly.
_EXACT = 2**53


def unknown_key(path: Path, suggestion: Suggestion | None) -> Edit | None:
    """Rename in place (safe when only case or separators differ) or move (always a guess)."""
    if suggestion is None or suggestion.target is None:
        return None
    target = suggestion.target
    if suggestion.kind == CASE:
        return rename_key(path, str(target[-1]), safe=True)
    if suggestion.kind == SPELLING and target[:-1] == path[:-1]:
        return rename_key(path, str(target[-1]), safe=False)
    if suggestion.kind == MISINDENTED or target[:-1] != path[:-1]:
        return move_key(path, target)
    return None


def misplaced(path: Path, suggestion: Suggestion | None) -> Edit | None:
    """A value of the wrong type that would fit one or two levels up: move it there (a guess)."""
    if suggestion is None or suggestion.kind != MISINDENTED or suggestion.target is None:
        return None
    return move_key(path, suggestion.target)


def wrong_type(types: list[str], value: Any, path: Path) -> Edit | None:
    """Convert a scalar to the type the chart wants, when nothing is lost."""
    if isinstance(value, str):
        if "integer" in types and _INTEGER.match(value) and abs(int(value)) < _EXACT:
            return replace_value(path, int(value), safe=True)
        if "number" in types and _DECIMAL.match(value):
            return replace_value(path, float(value), safe=True)
        if "number" in types and _INTEGER.match(value) and abs(int(value)) < _EXACT:
            return replace_value(path, int(value), safe=True)
        if "boolean" in types and value.lower() in ("true", "false"):
            return replace_value(path, value.lower() == "true", safe=True)
        return None
    if "string" not in types:
        return None
    if isinstance(value, bool):
        return replace_value(path, "true" if value else "false", safe=True)
    if isinstance(value, int) and abs(value) < _EXACT:
        return replace_value(path, str(value), safe=True)
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT:
        # Helm prints the float64 3.0 as 3.
        return replace_value(path, str(int(value)), safe=True)
    return None


def case_only(value: Any, allowed: list[Any], path: Path) -> Edit | None:
    """`Hard` -> `hard`: an allowed value that differs only in case."""
    if not isinstance(value, str):
        return None
    same = [v for v in allowed if isinstance(v, str) and v.lower() == value.lower()]
    return replace_value(path, same[0], safe=True) if len(same) == 1 else None


_UNITS = "KMGTPE"


def quantity(value: Any, path: Path) -> Edit | None:
    """A quantity with one certain reading: `100 Gi` -> `100Gi`, `8gi`/`8GiB` -> `8Gi`.

    `8GB` or `8g` is not certain (decimal G, or the binary Gi the user may
    have meant), so it gets no fix.
    """
    if not isinstance(value, str):
        return None
    match = re.match(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:([kKmMgGtTpPeE])(i|iB|ib|I)|([KMGTPE]|m))?\s*$", value)
    if match is None:
        return None
    number, binary, _, decimal = match.groups()
    fixed = number + (binary.upper() + "i" if binary else (decimal or ""))
    return replace_value(path, fixed, safe=True) if fixed != value else None


_REPLACEMENT = LazyPattern(r"\buse `?([A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_])`?\.?\s*$")


def deprecated(path: Path, note: str, known: Callable[[Path], bool]) -> Edit | None:
    """A deprecated key whose note names its replacement (`use global.defaultStorageClass`)."""
    match = _REPLACEMENT.search(note)
    if match is None:
        return None
    target = tuple(match.group(1).split("."))
    if target == path or not known(target):
        return None
    # Unsafe: a replacement need not mean the same (in the Bitnami common
    # chart `global.storageClass` beats each `persistence.storageClass`,
    # while `global.defaultStorageClass` only fills in where none is set).
    if target[:-1] == path[:-1]:
        return rename_key(path, target[-1], safe=False)
    return move_key(path, target, safe=False)
