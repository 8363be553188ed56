"""DS206 capabilities: client or worker containers that keep or add Linux capabilities."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext
from dslint.rules._security import capability_issues, chart_hardening_problems

RULE = Rule(
    code="DS206",
    name="capabilities",
    severity=Severity.WARNING,
    summary="`capabilities.drop` without `ALL`, or `capabilities.add` with anything but `NET_BIND_SERVICE`.",
    rationale=(
        "The chart drops every capability (`drop: [ALL]`): sshd on the workers listens on port 2222 "
        "and needs none. Without the drop, containers keep the runtime's default set (CHOWN, "
        "SETUID, NET_RAW...); added capabilities such as SYS_ADMIN or NET_ADMIN widen what an "
        "attacker in the container can do to the node. The restricted Pod Security Standard allows "
        "adding only NET_BIND_SERVICE. A privileged container is DS204's finding instead."
    ),
    bad="""\
worker:
  containerSecurityContext:
    capabilities:
      drop: []
      add: [SYS_ADMIN]
""",
    good="""\
worker:
  containerSecurityContext:
    capabilities:
      drop: [ALL]
""",
    fix="Keep `capabilities.drop: [ALL]` and add nothing (or only `NET_BIND_SERVICE`).",
    profiles=frozenset({PRODUCTION}),
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    yield from chart_hardening_problems(ctx, capability_issues)
