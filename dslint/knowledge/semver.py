"""Version constraints as Helm reads them in a Chart.yaml dependency.

Helm uses Masterminds/semver v3: constraints joined by `||` (any) of groups
joined by commas or spaces (all); the operators `=`, `!=`, `>`, `<`, `>=`,
`<=` (also `=<`), `~` (patch-level changes; `~2` allows minors), `^` (changes
that keep the left-most non-zero part), wildcards (`2.2.x`, `2.*`, `*`),
hyphen ranges (`2.1 - 2.3`), and a partial version standing for its
wildcard (`2.2` is `2.2.x`).  Pre-releases match only a constraint that names
one; published DeepSpeed charts have none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

Version = tuple[int, int, int]
# Longest first, so that `>=` is not read as `>`.  Parsed by hand: compiling a
# regular expression would cost every `dslint check` more than the checks do.
_OPERATORS = ("!=", ">=", "=>", "<=", "=<", "~>", ">", "<", "=", "~", "^")
_WILDCARDS = ("x", "X", "*")


class ConstraintError(ValueError):
    pass


def _core(text: str) -> str:
    """`v2.2.5-rc.1+build` -> `2.2.5`."""
    text = text.strip()
    if text[:1] in ("v", "V"):
        text = text[1:]
    return text.partition("+")[0].partition("-")[0]


def parse_version(text: str) -> Version | None:
    parts = _core(str(text)).split(".")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    major, minor, patch = (int(p) for p in parts + ["0"] * (3 - len(parts)))
    return (major, minor, patch)


def _parts(text: str, constraint: str) -> list[int | None]:
    """`2.2` -> [2, 2, None]; a wildcard part and everything after it is None (ConstraintError when it is no version)."""
    pieces = _core(text).split(".")
    if not 1 <= len(pieces) <= 3 or not all(p.isdigit() or p in _WILDCARDS for p in pieces):
        raise ConstraintError(f"{constraint!r} is not a version constraint Helm understands")
    out: list[int | None] = []
    for piece in pieces:
        if piece in _WILDCARDS:
            break
        out.append(int(piece))
    return out + [None] * (3 - len(out))


def _floor(parts: list[int | None]) -> Version:
    return tuple(p or 0 for p in parts)  # type: ignore[return-value]


def _next(parts: list[int | None]) -> Version | None:
    """The first version above every version `parts` stands for (None: no bound).

    `2.2.5` -> 2.2.6, `2.2` -> 2.3.0, `2` -> 3.0.0: for whole-number versions, "below 2.2.6" is
    "at most 2.2.5", so one half-open range serves exact and partial versions alike.
    """
    known = [p for p in parts if p is not None]
    if not known:
        return None
    if len(known) == 3:
        return (known[0], known[1], known[2] + 1)
    if len(known) == 2:
        return (known[0], known[1] + 1, 0)
    return (known[0] + 1, 0, 0)


def _range(low: Version | None, high: Version | None) -> Callable[[Version], bool]:
    """low <= version < high (None: unbounded)."""
    def test(version: Version) -> bool:
        return (low is None or version >= low) and (high is None or version < high)

    return test


def _single(text: str) -> Callable[[Version], bool]:
    operator = next((op for op in _OPERATORS if text.startswith(op)), "")
    parts = _parts(text[len(operator):], text)
    floor = _floor(parts)
    if operator in ("", "="):
        return _range(floor, _next(parts))
    if operator == "!=":
        inside = _range(floor, _next(parts))
        return lambda v: not inside(v)
    if operator in (">=", "=>"):
        return _range(floor, None)
    if operator == ">":
        return _range(_next(parts), None)
    if operator == "<":
        return _range(None, floor)
    if operator in ("<=", "=<"):
        return _range(None, _next(parts))
    if operator in ("~", "~>"):
        if parts[1] is None:
            return _range(floor, (floor[0] + 1, 0, 0))
        return _range(floor, (floor[0], floor[1] + 1, 0))
    # ^: keep the left-most non-zero part.
    if floor[0] > 0 or parts[1] is None:
        return _range(floor, (floor[0] + 1, 0, 0))
    if floor[1] > 0 or parts[2] is None:
        return _range(floor, (0, floor[1] + 1, 0))
    return _range(floor, (0, 0, floor[2] + 1))


@lru_cache(maxsize=64)
def satisfies(version: str, text: str) -> bool:
    """Does `version` meet the constraint `text`? (A version that is not semantic meets every constraint.)"""
    parsed = parse_version(version)
    return parsed is None or constraint(text)(parsed)


def constraint(text: str) -> Callable[[Version], bool]:
    """A test for versions, from a constraint string (ConstraintError when Helm would refuse it)."""
    alternatives = []
    for alternative in str(text).split("||"):
        words = alternative.replace(",", " ").split()
        if len(words) == 3 and words[1] == "-":
            # A hyphen range, both ends included: `2.1 - 2.3` is >=2.1.0 and below 2.4.0.
            low, high = _parts(words[0], text), _parts(words[2], text)
            tests = [_range(_floor(low), _next(high))]
        else:
            # An operator may stand apart from its version (`>= 2.2`): join them first.
            joined: list[str] = []
            for word in words:
                if joined and joined[-1] in _OPERATORS:
                    joined[-1] += word
                else:
                    joined.append(word)
            if not joined:
                raise ConstraintError(f"{text!r} is not a version constraint Helm understands")
            tests = [_single(word) for word in joined]
        alternatives.append(tests)
    return lambda version: any(all(test(version) for test in tests) for tests in alternatives)


def newest_matching(text: str, versions: Iterable[str]) -> str | None:
    """The newest of `versions` that satisfies the constraint `text`."""
    test = constraint(text)
    best = None
    for version in versions:
        parsed = parse_version(version)
        if parsed is not None and test(parsed) and (best is None or parsed > best[0]):
            best = (parsed, version)
    return best[1] if best else None
