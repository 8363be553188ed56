"""DS204 privileged: privileged client or worker containers."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import chart_hardening_problems, privileged_issues

RULE = Rule(
    code="DS204",
    name="privileged",
    severity=Severity.ERROR,
    summary="`containerSecurityContext.privileged: true` on the client or the workers.",
    rationale=(
        "A privileged container has every capability and sees the node's devices: it is root on the "
        "node in all but name. DeepSpeed does not need it, GPUs included (the device plugin hands "
        "GPUs to unprivileged containers). The value also reaches the chart's own init containers."
    ),
    bad="""\
worker:
  containerSecurityContext:
    privileged: true
    allowPrivilegeEscalation: true
""",
    good="""\
worker:
  containerSecurityContext:
    privileged: false
""",
    fix="Set `privileged: false`; request GPUs through `resources.limits` (for example `nvidia.com/gpu`) instead.",
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    yield from chart_hardening_problems(ctx, privileged_issues)
