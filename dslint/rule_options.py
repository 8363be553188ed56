"""Rule-declared options read from the config's `rules:` table, checked against each rule's declaration.

`rules: {DS802: {allowed-registries: [registry.example.com]}}`: the code (or the
rule's name) must name a rule, the option must be one the rule declares, and
the value must have the declared type; anything else is an input error at the
line that says it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dslint.load.errors import InputError
from dslint.registry import OPTION_TYPES, RuleOption, rule_by_code

# The longest list an option takes: options are matched against every value, so a hostile
# config of huge lists would make every run slow (the global lists have the same cap).
MAX_ITEMS = 1_000

Locate = Callable[[tuple[Any, ...]], tuple[int, int]]


def read_rule_options(table: dict[str, Any], source: str, locate: Locate) -> dict[str, dict[str, Any]]:
    """code -> option name -> value, each checked; `locate(path)` places a path inside the table."""
    out: dict[str, dict[str, Any]] = {}
    for written, options in table.items():
        rule = rule_by_code(str(written))
        if rule is None:
            raise InputError(f"rules: {written!r} names no rule (`dslint rules` lists them)", source,
                             *locate((written,)))
        meta = rule.meta
        declared = {option.name: option for option in meta.options}
        if not isinstance(options, dict):
            raise InputError(f"rules: {meta.code} takes a mapping of its options, not {_kind(options)}", source,
                             *locate((written,)))
        checked: dict[str, Any] = {}
        for name, value in options.items():
            option = declared.get(str(name))
            if option is None:
                known = ", ".join(sorted(declared)) or "none"
                raise InputError(f"rules: {meta.code} has no option {name!r} (its options: {known})", source,
                                 *locate((written, name)))
            checked[option.name] = _checked(option, value, f"rules: {meta.code} {option.name}", source,
                                            locate((written, name)))
        out[meta.code] = {**out.get(meta.code, {}), **checked}
    return out


def _checked(option: RuleOption, value: Any, what: str, source: str, where: tuple[int, int]) -> Any:
    expected = OPTION_TYPES[option.type]
    if expected is list:
        if not isinstance(value, list):
            raise InputError(f"{what} must be a {option.type}, not {_kind(value)}", source, *where)
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise InputError(f"{what} must be a {option.type}: item {index + 1} is {_kind(item)}", source,
                                 *where)
        if len(value) > MAX_ITEMS:
            raise InputError(f"{what} has {len(value)} entries; at most {MAX_ITEMS}", source, *where)
        return tuple(value)
    # YAML's `yes`/`1` are not booleans here, nor booleans integers: the declared type, exactly.
    if type(value) is not expected:
        raise InputError(f"{what} must be a {option.type}, not {_kind(value)}", source, *where)
    return value


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
             dict: "a mapping"}
    return names.get(type(value), type(value).__name__)
