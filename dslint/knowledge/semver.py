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
    return text.split("+", 1)[0].split("-", 1)[0]


def parse_version(text: str) -> Version | None:
    parts = _core(str(text)).split(".")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    numbers = [int(p) for p in parts] + [0] * (3 - len(parts))
    return (numbers[0], numbers[1], numbers[2])


def _parts(text: str) -> list[int | None]:
    """`2.2` -> [2, 2, None]; a wildcard part and everything after it is None."""
    out: list[int | None] = []
    wild = False
    for part in text.split("."):
        wild = wild or part in ("x", "X", "*")
        out.append(None if wild else int(part))
    while len(out) < 3:
        out.append(None)
    return out


def _floor(parts: list[int | None]) -> Version:
    return tuple(p or 0 for p in parts)  # type: ignore[return-value]


def _next(parts: list[int | None]) -> Version | None:
    """The first version above every version the partial `parts` stands for (None: no bound)."""
    known = [p for p in parts if p is not None]
    if not known:
        return None
    if len(known) == 3:
        return (known[0], known[1], known[2] + 1)
    if len(known) == 2:
        return (known[0], known[1] + 1, 0)
    return (known[0] + 1, 0, 0)


def _range(low: Version | None, high: Version | None, low_inclusive: bool = True, high_inclusive: bool = False) -> Callable[[Version], bool]:
    def test(version: Version) -> bool:
        if low is not None and (version < low or (version == low and not low_inclusive)):
            return False
        if high is not None and (version > high or (version == high and not high_inclusive)):  # noqa: SIM103 -- reads like the low bound
            return False
        return True

    return test


def _single(text: str) -> Callable[[Version], bool]:
    operator = next((op for op in _OPERATORS if text.startswith(op)), "=")
    version = _core(text[len(operator):] if text.startswith(operator) else text)
    pieces = version.split(".")
    if not 1 <= len(pieces) <= 3 or not all(p.isdigit() or p in _WILDCARDS for p in pieces):
        raise ConstraintError(f"{text!r} is not a version constraint Helm understands")
    parts = _parts(version)
    exact = None not in parts
    floor = _floor(parts)
    if operator == "=":
        return _range(floor, floor, True, True) if exact else _range(floor, _next(parts))
    if operator == "!=":
        inside = _single(version)
        return lambda v: not inside(v)
    if operator in (">=", "=>"):
        return _range(floor, None)
    if operator == ">":
        return _range(floor, None, low_inclusive=False) if exact else _range(_next(parts), None)
    if operator == "<":
        return _range(None, floor)
    if operator in ("<=", "=<"):
        return _range(None, floor, high_inclusive=True) if exact else _range(None, _next(parts))
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
            low, high = _parts(_core(words[0])), _parts(_core(words[2]))
            upper = _range(None, _floor(high), high_inclusive=True) if None not in high else _range(None, _next(high))
            tests = [_range(_floor(low), None), upper]
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
