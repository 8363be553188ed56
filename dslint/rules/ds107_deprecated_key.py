"""DS107 deprecated-key: a key the chart version still reads but has replaced."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.model.validate import DEPRECATED_KEY
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS107",
    name="deprecated-key",
    severity=Severity.WARNING,
    summary="A key this chart version deprecates in favour of another.",
    rationale=(
        "Deprecated keys keep working until a chart release drops them; then Helm ignores them "
        "like any unknown key. Moving now avoids a silent change at the next upgrade."
    ),
    bad="""\
global:
  storageClass: fast-ssd
""",
    good="""\
global:
  defaultStorageClass: fast-ssd
""",
    fix="Use the replacement the message names.",
    fix_safety="unsafe",
    fix_note=(
        "Unsafe: the key is renamed to the replacement its deprecation names, which need not mean the "
        "same (`global.storageClass` overrides each component's `persistence.storageClass`; "
        "`global.defaultStorageClass` only fills in where none is set)."
    ),
    example_options={"chart_version": "2.3.51"},
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for problem in ctx.values.problems:
        # A deprecated key left at its default (a copy of `helm show values`) changes nothing.
        if problem.kind == DEPRECATED_KEY and ctx.values.is_chosen(problem.path):
            yield ctx.problem(problem.path, problem.message, problem.fix, at_key=True, edit=problem.edit)
