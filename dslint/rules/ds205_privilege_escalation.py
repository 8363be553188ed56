"""DS205 privilege-escalation: client or worker containers that may gain privileges."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext
from dslint.rules._security import chart_hardening_problems, escalation_issues

RULE = Rule(
    code="DS205",
    name="privilege-escalation",
    severity=Severity.WARNING,
    summary="`allowPrivilegeEscalation` is true, or removed, in the client's or the workers' security context.",
    rationale=(
        "`allowPrivilegeEscalation: false` sets no_new_privs, so setuid programs in the image cannot "
        "raise privileges. The chart sets it to false; `true`, or `null` (Kubernetes then allows "
        "escalation), gives that protection up for the main container and the chart's init "
        "containers, and the restricted Pod Security Standard rejects the pod."
    ),
    bad="""\
client:
  containerSecurityContext:
    allowPrivilegeEscalation: true
""",
    good="""\
client:
  containerSecurityContext:
    allowPrivilegeEscalation: false
""",
    fix="Set `allowPrivilegeEscalation: false` (the chart default).",
    profiles=frozenset({PRODUCTION}),
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    yield from chart_hardening_problems(ctx, escalation_issues)
