"""DS102 wrong-type: a value of the wrong type."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dslint.findings import Severity
from dslint.model.validate import WRONG_TYPE
from dslint.rules import Problem, Rule, ValuesContext

if TYPE_CHECKING:
    from dslint.model.view import Path


RULE = Rule(
    code="DS102",
    name="wrong-type",
    severity=Severity.ERROR,
    summary="A value whose type the chart (or Kubernetes) does not accept.",
    rationale=(
        "The chart's values.schema.json makes Helm refuse the whole release when a value has the "
        "wrong type (`replicaCount: '3'`, `terminationGracePeriodSeconds: 30`, which the schema "
        "wants as a string). Where the schema is silent, the templates print the value into a "
        "manifest that Kubernetes rejects (an unquoted `true` in an annotation)."
    ),
    bad="""\
worker:
  replicaCount: "3"
  terminationGracePeriodSeconds: 60
""",
    good="""\
worker:
  replicaCount: 3
  terminationGracePeriodSeconds: "60"
""",
    fix="Write the value with the type the message names: quote strings, unquote numbers and booleans.",
    fix_safety="safe",
    fix_note=(
        "Safe where the conversion loses nothing: `\"3\"` -> `3` for an integer, `\"true\"` -> `true` "
        "for a boolean, `60` -> `\"60\"` for a string (what Helm would print). Unsafe: a map that would "
        "fit one level up (a mis-indented key) is moved there. No fix otherwise (`\"3.0\"`, `\"1e3\"`)."
    ),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for problem in ctx.values.problems:
        if problem.kind == WRONG_TYPE:
            message, fix = _fit_to_source(ctx, problem.path, problem.message, problem.fix)
            yield ctx.problem(problem.path, message, fix, edit=problem.edit)


def _fit_to_source(ctx: ValuesContext, path: Path, message: str, fix: str) -> tuple[str, str]:
    """A flag has no quotes to add or remove: the flag itself decides the type (Helm's strvals)."""
    location = ctx.values.user.location(path)
    if location is None or location.argument is None or not fix:
        return message, fix
    from dslint.findings import format_path

    value = fix.partition(": ")[2].strip('"')
    if fix.startswith("quote it") and location.source == "--set":
        better = f"use --set-string {format_path(path)}={value} (--set reads numbers and booleans as such)"
    elif fix.startswith("remove the quotes") and location.source in ("--set-string", "--set-literal"):
        better = f"use --set {format_path(path)}={value} ({location.source} keeps every value a string)"
    else:
        return message, fix
    return message.replace(f"; {fix}", f"; {better}"), better
