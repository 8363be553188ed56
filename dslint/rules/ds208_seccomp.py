"""DS208 seccomp: client or worker containers without a confining seccomp profile."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext
from dslint.rules._security import chart_hardening_problems, seccomp_issues

RULE = Rule(
    code="DS208",
    name="seccomp",
    severity=Severity.WARNING,
    summary="`seccompProfile` is `Unconfined`, or missing from both the container and the pod context.",
    rationale=(
        "The chart sets `seccompProfile.type: RuntimeDefault` on the containers, which blocks the "
        "system calls containers have no business making (and that most container escapes rely on). "
        "`Unconfined`, or removing the profile without setting one on the pod, leaves the container "
        "unfiltered unless the kubelet happens to default to RuntimeDefault. The restricted Pod "
        "Security Standard requires RuntimeDefault or Localhost."
    ),
    bad="""\
client:
  containerSecurityContext:
    seccompProfile:
      type: Unconfined
""",
    good="""\
client:
  containerSecurityContext:
    seccompProfile:
      type: RuntimeDefault
""",
    fix="Use `seccompProfile.type: RuntimeDefault` (the chart default), or `Localhost` with a profile of your own.",
    profiles=frozenset({PRODUCTION}),
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    yield from chart_hardening_problems(ctx, seccomp_issues)
