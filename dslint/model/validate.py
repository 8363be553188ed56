"""Checking user values against a chart version's compiled facts.

Walks only what the user wrote (the chart's defaults are valid by
construction), and reports every mismatch as a `SchemaProblem` that the DS1xx
rules turn into findings.  Pure data in, data out: no YAML, no pydantic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any, NamedTuple

from dslint.knowledge.kubernetes import is_quantity, name_problem

Path = tuple[str | int, ...]

UNKNOWN_KEY = "unknown-key"
# Unknown keys per file that get a did-you-mean (Validator.suggestions_left).
MAX_SUGGESTIONS = 1_000
WRONG_TYPE = "wrong-type"
INVALID_VALUE = "invalid-value"
INVALID_QUANTITY = "invalid-quantity"
INVALID_NAME = "invalid-name"
DEPRECATED_KEY = "deprecated-key"


def _offers() -> ModuleType:
    # Imported when a problem is found: a clean file pays nothing for fixes and hints.
    from dslint.fix import offers

    return offers


def _suggest() -> ModuleType:
    from dslint.model import suggest

    return suggest


class SchemaProblem(NamedTuple):
    kind: str
    path: Path
    message: str
    fix: str = ""
    # Point at the key (unknown keys) rather than at the value.
    at_key: bool = False
    # The fix on offer, as data (dslint.fix.edits.Edit), if any.
    edit: Any = None


_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
    "map": "a map",
    "list": "a list",
}


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def _accepts(types: list[str], value: Any) -> bool:
    actual = type_name(value)
    if actual in types:
        return True
    if actual == "integer" and "number" in types:
        return True
    # Helm's numbers are float64: 3.0 is the integer 3.
    return actual == "number" and "integer" in types and float(value).is_integer()


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return '"' + text.replace("\n", "\\n") + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return "a map" if isinstance(value, dict) else "a list"
    return str(value)


def _describe(spec: dict[str, Any]) -> str:
    kind = spec["k"]
    if kind == "scalar":
        words = [_TYPE_WORDS[t] for t in spec["t"] if t != "null"]
        if "integer" in spec["t"] and "number" in spec["t"]:
            words = [_TYPE_WORDS["number"]] + [w for w in words if w not in (_TYPE_WORDS["integer"], _TYPE_WORDS["number"])]
        return " or ".join(words)
    if kind in ("map", "dict"):
        return "a map"
    if kind == "list":
        return "a list"
    if kind == "union":
        return " or ".join(dict.fromkeys(_describe(o) for o in spec["o"]))
    return "any value"


def _is_template(value: Any) -> bool:
    return isinstance(value, str) and "{{" in value


class Validator:
    """Validates one user values tree against one spec tree.

    `rejected` collects the paths whose user value the rules must not see
    (wrong type, outside the allowed set or range): the chart default stands
    in, so every rule reads values of the documented type and domain.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        # Did-you-mean searches the whole model for every unknown key: past this many in one
        # file (a typo does not come by the thousand) the keys are still reported, without
        # suggestions, so a hostile file of 50,000 unknown keys stays within the time bound.
        self.suggestions_left = MAX_SUGGESTIONS
        self.problems: list[SchemaProblem] = []
        self.rejected: set[Path] = set()

    def run(self, data: dict[str, Any]) -> list[SchemaProblem]:
        self._node(self.spec, data, ())
        return self.problems

    def _add(self, kind: str, path: Path, message: str, fix: str = "", at_key: bool = False, edit: Any = None) -> None:
        self.problems.append(SchemaProblem(kind, path, message, fix, at_key, edit))

    def _node(self, spec: dict[str, Any], value: Any, path: Path) -> None:
        kind = spec["k"]
        if "deprecated" in spec:
            # The chart's descriptions start with "Deprecated:" themselves; say it once.
            reason = re.sub(r"^\s*deprecated\b[:.,]?\s*", "", str(spec["deprecated"]), flags=re.IGNORECASE)
            self._add(DEPRECATED_KEY, path, f"`{_dotted(path)}` is deprecated: {reason}", at_key=True,
                      edit=_offers().deprecated(path, spec["deprecated"], lambda p: _suggest().spec_at(self.spec, p) is not None))
        if value is None and path and (spec.get("null") or not isinstance(path[-1], int)):
            # Helm deletes a key whose value is null: it unsets the default.
            return
        if kind == "any":
            return
        if kind == "union":
            self._union(spec, value, path)
            return
        if kind == "map":
            if not isinstance(value, dict):
                self._wrong_type(spec, value, path)
                return
            fields = spec["f"]
            # A map inside a list is not merged with any chart default, so it
            # must be complete; elsewhere the chart's defaults fill the gaps.
            in_list = any(isinstance(p, int) for p in path)
            for key in spec.get("r", ()) if in_list else ():
                if key not in value:
                    self._add(WRONG_TYPE, path, f"`{_dotted(path) or 'the values'}` lacks the key `{key}`, which it must have",
                              f"add `{key}`")
            for key, item in value.items():
                sub = fields.get(key)
                if sub is None:
                    self._unknown_key(item, path + (key,))
                else:
                    self._node(sub, item, path + (key,))
            return
        if kind == "dict":
            if not isinstance(value, dict):
                self._wrong_type(spec, value, path)
                return
            for key, item in value.items():
                self._node(spec["v"], item, path + (key,))
            return
        if kind == "list":
            if not isinstance(value, list):
                self._wrong_type(spec, value, path)
                return
            for index, item in enumerate(value):
                self._node(spec["i"], item, path + (index,))
            return
        self._scalar(spec, value, path)

    def _union(self, spec: dict[str, Any], value: Any, path: Path) -> None:
        actual = type_name(value)
        for option in spec["o"]:
            okind = option["k"]
            if (okind in ("map", "dict") and actual == "map") or (okind == "list" and actual == "list") or (
                okind == "scalar" and _accepts(option["t"], value)
            ):
                self._node(option, value, path)
                return
        self._wrong_type(spec, value, path)

    def _scalar(self, spec: dict[str, Any], value: Any, path: Path) -> None:
        if not _accepts(spec["t"], value):
            self._wrong_type(spec, value, path)
            return
        enum = spec.get("enum")
        if enum is not None and value not in enum:
            # Rules then see the chart default, as they do for wrong types.
            self.rejected.add(path)
            allowed = ", ".join(_show(v) if v == "" else str(v) for v in enum)
            hint = _closest(str(value), [str(v) for v in enum if v != ""])
            self._add(
                INVALID_VALUE,
                path,
                f"{_show(value)} is not an allowed value for `{_dotted(path)}`; allowed: {allowed}",
                f"use {hint!r}" if hint else f"use one of: {allowed}",
                edit=_offers().case_only(value, enum, path),
            )
            return
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "min" in spec and value < spec["min"]:
                self.rejected.add(path)
                self._add(INVALID_VALUE, path, f"`{_dotted(path)}` must be at least {spec['min']}, got {_show(value)}")
                return
            if "max" in spec and value > spec["max"]:
                self.rejected.add(path)
                self._add(INVALID_VALUE, path, f"`{_dotted(path)}` must be at most {spec['max']}, got {_show(value)}")
                return
        fmt = spec.get("format")
        if fmt is None or _is_template(value):
            return
        if fmt == "quantity":
            if not is_quantity(value):
                self._add(
                    INVALID_QUANTITY,
                    path,
                    f"{_show(value)} is not a Kubernetes quantity",
                    _quantity_fix(value),
                    edit=_offers().quantity(value, path),
                )
        elif fmt == "digits":
            if isinstance(value, str) and value and not value.isdigit():
                self._add(
                    INVALID_VALUE,
                    path,
                    f"{_show(value)} is not a whole number of seconds; the chart prints it unquoted into the pod spec",
                    'write the seconds as a quoted number, e.g. "30"',
                )
        elif fmt in ("dns-label", "dns-subdomain") and isinstance(value, str) and value:
            problem = name_problem(value, fmt)
            if problem:
                self._add(INVALID_NAME, path, f"{_show(value)} {problem}", "use lowercase letters, digits and '-'")

    def _wrong_type(self, spec: dict[str, Any], value: Any, path: Path) -> None:
        self.rejected.add(path)
        expected = _describe(spec)
        message = f"`{_dotted(path)}` must be {expected}, got {_TYPE_WORDS.get(type_name(value), type_name(value))}"
        if not isinstance(value, (dict, list)):
            message += f" ({_show(value)})"
        fix = ""
        wants = spec.get("t", [])
        if isinstance(value, str) and ("integer" in wants or "number" in wants) and _looks_numeric(value):
            fix = f"remove the quotes: {value}"
        elif isinstance(value, str) and "boolean" in wants and value.lower() in ("true", "false"):
            fix = f"remove the quotes: {value.lower()}"
        elif isinstance(value, (int, float, bool)) and "string" in wants:
            fix = f'quote it: "{_show(value)}"'
        edit = _offers().wrong_type(wants, value, path)
        if isinstance(value, dict) and path and isinstance(path[-1], str):
            # A map where a string goes is often a key indented one level too deep.
            up = _suggest().misindented(self.spec, path, value)
            if up is not None:
                fix, edit = up.hint(path), _offers().misplaced(path, up)
        if fix:
            message += f"; {fix}"
        self._add(WRONG_TYPE, path, message, fix, edit=edit)

    def _unknown_key(self, value: Any, path: Path) -> None:
        parent = _dotted(path[:-1])
        where = f"`{parent}`" if parent else "the top level"
        found = None
        if self.suggestions_left > 0:
            self.suggestions_left -= 1
            found = _suggest().suggest_key(self.spec, path, value)
        fix = found.hint(path) if found is not None else ""
        message = f"unknown key `{path[-1]}` in {where}; Helm ignores it"
        if fix:
            message += f" ({fix})"
        self._add(UNKNOWN_KEY, path, message, fix, at_key=True, edit=_offers().unknown_key(path, found))


def _dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (("." if out else "") + str(part))
    return out


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _closest(word: str, candidates: list[str]) -> str | None:
    import difflib  # only when there is a typo to explain

    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return lowered[word.lower()]
    # A ratio of 0.75 needs lengths within 5:3 (ratio <= 2*shorter/(sum)); a megabyte-long key
    # would otherwise cost difflib seconds and gigabytes for no match (issue 12).
    if 3 * len(word) > 5 * max((len(c) for c in candidates), default=0):
        return None
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    if not match:
        match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.75)
        match = [lowered[m] for m in match]
    return match[0] if match else None




def _quantity_fix(value: Any) -> str:
    if isinstance(value, str):
        m = re.match(r"^\s*([0-9.]+)\s*([KMGTPE])([Bb]|iB)?\s*$", value, re.I)
        if m:
            number, unit = m.group(1), m.group(2).upper()
            return f"use {number}{unit}i (binary) or {number}{unit} (decimal)"
        if value.startswith("-"):
            return "quantities cannot be negative"
    return "write it like 500m, 2, 512Mi or 8Gi"


def validate(spec: dict[str, Any], data: dict[str, Any]) -> tuple[list[SchemaProblem], set[Path]]:
    """Problems in `data`, and the paths whose values must not be used."""
    validator = Validator(spec)
    return validator.run(data), validator.rejected


def iter_problems(problems: list[SchemaProblem], kind: str) -> Iterator[SchemaProblem]:
    return (p for p in problems if p.kind == kind)
