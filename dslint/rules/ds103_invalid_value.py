"""DS103 invalid-value: a value outside the allowed set or range."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.model.validate import INVALID_VALUE
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS103",
    name="invalid-value",
    severity=Severity.ERROR,
    summary="A value outside the set or range the chart allows.",
    rationale=(
        "Some invalid values make Helm fail (`resourcesPreset: huge`); others are accepted and do "
        "nothing: an unknown affinity preset such as `podAntiAffinityPreset: strict` renders no "
        "anti-affinity at all, so every worker may land on one node."
    ),
    bad="""\
client:
  resourcesPreset: huge
worker:
  podAntiAffinityPreset: strict
""",
    good="""\
client:
  resourcesPreset: large
worker:
  podAntiAffinityPreset: hard
""",
    # bounds (ports, counts) list no values: the fix names both kinds of limit
    fix="Use a value the message allows: one it lists, or one within the bound it names.",
    fix_safety="safe",
    fix_note="Safe for a value that differs from an allowed one only in case (`Hard` -> `hard`); no fix otherwise.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for problem in ctx.values.problems:
        if problem.kind == INVALID_VALUE:
            yield ctx.problem(problem.path, problem.message, problem.fix, edit=problem.edit)
