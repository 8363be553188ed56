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
    fix="Use one of the allowed values listed in the message.",
    fix_safety="safe",
    fix_note="Safe for a value that differs from an allowed one only in case (`Hard` -> `hard`); no fix otherwise.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for problem in ctx.values.problems:
        if problem.kind == INVALID_VALUE:
            yield ctx.problem(problem.path, problem.message, problem.fix, edit=problem.edit)
