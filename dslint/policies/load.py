"""Team policies: definitions read, validated and compiled into `Policy` objects.

Definitions come from `.dslint.yaml` (`policies:`), from policy files
(`policy-files:` in the config, relative to it; `--policy FILE`), each file
holding `policies: [...]`.  Every problem with a definition - a misspelled
key, a code in dslint's own `DS` namespace, two policies with one code, a CEL
expression that does not parse or type-check - is an input error at its
file:line:col, before any values are read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.findings import Location, Severity
from dslint.load.errors import InputError
from dslint.rules import MANIFESTS_LANE, PROFILES, VALUES_LANE, Rule

if TYPE_CHECKING:
    from dslint.policies.cel import Expression

Locate = Callable[..., tuple[int, int]]

CODE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]$")
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
VALUES_VARIABLES = ("values", "chart", "release", "platform", "profile")
MANIFEST_VARIABLES = VALUES_VARIABLES + ("object",)
DEFAULT_SEVERITY = Severity.ERROR


class Match(NamedTuple):
    """Which rendered objects a manifest policy looks at."""

    kinds: tuple[str, ...] = ("*",)
    namespaces: tuple[str, ...] = ()
    exclude_namespaces: tuple[str, ...] = ()

    def covers(self, api_version: str, kind: str, namespace: str) -> bool:
        if not any(k in ("*", kind, f"{api_version}/{kind}") for k in self.kinds):
            return False
        if self.namespaces and namespace not in self.namespaces:
            return False
        return namespace not in self.exclude_namespaces


class Policy(NamedTuple):
    """One team policy, compiled."""

    meta: Rule
    rule: Expression  # must be true
    message: str
    message_expression: Expression | None = None  # gives the message
    when: Expression | None = None  # the rule applies only when true
    path: tuple[Any, ...] = ()  # values policies: where the finding points
    field: tuple[Any, ...] = ()  # manifest policies: the object field
    match: Match = Match()
    source: Location = Location("")

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def on_values(self) -> bool:
        return self.meta.lane == VALUES_LANE


_FIELD_PART = re.compile(r"""\[(\d+)\]|\[(["'])(.*?)\2\]|((?:[^.\[\\]|\\.)+)""")


def parse_field(text: str) -> tuple[Any, ...]:
    """A values path or object field: `worker.resources.limits.nvidia\\.com/gpu` (Helm's escape) or
    `...limits['nvidia.com/gpu']`, `spec.containers[0].image`; a leading `.` (a VAP's fieldPath) is allowed."""
    text = text.strip()
    if text.startswith("."):
        text = text[1:]
    out: list[Any] = []
    position = 0
    while position < len(text):
        if text[position] == "." and out:
            position += 1
        match = _FIELD_PART.match(text, position)
        if match is None or match.end() == position:
            raise ValueError(f"cannot read {text!r} as a path (at character {position + 1})")
        index, _, quoted, plain = match.groups()
        out.append(int(index) if index is not None else quoted if quoted is not None
                   else re.sub(r"\\(.)", r"\1", plain))
        position = match.end()
    return tuple(out)


def read_definitions(data: Any, locate: Locate, source: str, key: tuple[Any, ...] = ("policies",)) -> tuple[Policy, ...]:
    """Compile the definitions at `key` of a config or policy file (already validated against the model)."""
    if not data:
        return ()
    return tuple(_compile(entry, key + (index,), locate, source) for index, entry in enumerate(data))


def read_policy_file(path: str) -> tuple[Policy, ...]:
    """A file holding `policies: [...]`."""
    from dslint.config import read_config
    from dslint.model.facts import CONFIG, load_facts
    from dslint.model.validate import validate

    # A policy file is read as a config file is: positions for every key and value.
    data, locate = read_config(path)
    if not isinstance(data, dict) or not data:
        raise InputError("a policy file holds `policies:`, a list of policies (docs/policies.md)", path, 1, 1)
    spec = {"k": "map", "f": {"policies": load_facts(CONFIG)["spec"]["f"]["policies"]}, "r": ["policies"]}
    problems, _ = validate(spec, data)
    if problems:
        first = problems[0]
        raise InputError(f"invalid policy: {first.message.replace('; Helm ignores it', '')}", path,
                         *locate(first.path, first.at_key))
    return read_definitions(data.get("policies"), locate, path)


def _compile(entry: dict[str, Any], key: tuple[Any, ...], locate: Locate, source: str) -> Policy:
    from dslint.policies import cel

    def fail(message: str, field: str | None = None, at_key: bool = True) -> InputError:
        return InputError(message, source, *locate(key + ((field,) if field else ()), at_key))

    code = entry["code"].strip()
    if not CODE.match(code) or code.startswith("DS"):
        raise fail(f"policy code {code!r}: use your own prefix and digits, like ORG101 (DS codes are dslint's)",
                   "code", False)
    name = entry["name"].strip()
    if not NAME.match(name):
        raise fail(f"policy name {name!r}: use kebab-case, like worker-gpu-product", "name", False)
    values_policy = entry["target"] == "values"
    if values_policy and (entry.get("field") is not None or entry.get("match") is not None):
        raise fail("`field` and `match` are for `target: manifests` policies; a values policy points with `path`",
                   "field" if entry.get("field") is not None else "match")
    if not values_policy and entry.get("path") is not None:
        raise fail("`path` is for `target: values` policies; a manifest policy points with `field`", "path")
    variables = VALUES_VARIABLES if values_policy else MANIFEST_VARIABLES

    def expression(field: str, returns: str) -> Expression | None:
        text = entry.get(field)
        if text is None:
            return None
        try:
            return cel.compile_expression(text, variables, returns)
        except cel.CompileError as err:
            line, column = locate(key + (field,), False)
            line, column = _inside(text, line, column, err.line, err.column)
            raise InputError(f"policy {code} `{field}`: {err.message}", source, line, column) from None

    severity = Severity.parse(entry["severity"]) if entry.get("severity") else DEFAULT_SEVERITY
    message = entry["message"].strip()
    documentation = (entry.get("documentation") or "").strip()
    meta = Rule(
        code=code,
        name=name,
        severity=severity,
        summary=message,
        rationale=documentation or message,
        bad="",
        good="",
        fix=(entry.get("fix") or "").strip(),
        profiles=frozenset(entry.get("profiles") or PROFILES),
        lane=VALUES_LANE if values_policy else MANIFESTS_LANE,
        security=bool(entry.get("security")),
    )
    match = entry.get("match") or {}
    rule = expression("rule", "bool")
    if rule is None:  # the configuration model requires it
        raise fail(f"policy {code} has no `rule`", "code")
    return Policy(
        meta=meta,
        rule=rule,
        message=message,
        message_expression=expression("message-expression", "string"),
        when=expression("when", "bool"),
        path=_path(entry, "path", fail),
        field=_path(entry, "field", fail),
        match=Match(tuple(match.get("kinds") or ("*",)), tuple(match.get("namespaces") or ()),
                    tuple(match.get("exclude-namespaces") or ())),
        source=Location(source, *locate(key + ("code",), True)),
    )


def _path(entry: dict[str, Any], key: str, fail: Callable[[str, str, bool], InputError]) -> tuple[Any, ...]:
    try:
        return parse_field(entry[key]) if entry.get(key) else ()
    except ValueError as err:
        raise fail(str(err), key, False) from None


def _inside(text: str, line: int, column: int, expr_line: int, expr_column: int) -> tuple[int, int]:
    """Where a position inside an expression is in the file (the expression's value starts at line:column)."""
    if not line:
        return 0, 0
    if "\n" not in text.rstrip("\n"):
        # A one-line scalar: plain or quoted, the expression starts at (or just after) the value.
        return line, column + expr_column - 1
    # A block scalar (`rule: |`): its text starts on the next line.  An error at the very
    # end (a missing operand) is placed at the end of the last line, not past it.
    lines = text.rstrip("\n").split("\n")
    if expr_line > len(lines):
        expr_line, expr_column = len(lines), len(lines[-1]) + 1
    return line + expr_line, expr_column


def policy_file_paths(paths: Any, config_source: str) -> tuple[str, ...]:
    """Paths in a config file are relative to the file, as every linter reads them."""
    base = os.path.dirname(config_source)
    return tuple(p if os.path.isabs(p) else os.path.normpath(os.path.join(base, p)) for p in paths)
