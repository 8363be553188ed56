"""DS203 runs-as-root: the client or worker containers may run as root."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import chart_hardening_problems, root_issues

RULE = Rule(
    code="DS203",
    name="runs-as-root",
    severity=Severity.ERROR,
    summary="`runAsUser: 0` or `runAsNonRoot: false` in the client's or the workers' security context.",
    rationale=(
        "The DeepSpeed image is built to run as the unprivileged user 1001 and the chart's defaults "
        "say so (`runAsUser: 1001`, `runAsNonRoot: true`). Root inside the container turns any bug in "
        "the training code, a Python package or sshd into a root foothold, one kernel or runtime flaw "
        "away from the node. The value applies to the main container and to the chart's own init "
        "containers, and `runAsNonRoot: false` removes the kubelet's last check. When the OpenShift "
        "adaptation is on, `runAsUser` is removed by the chart, so only `runAsNonRoot` is reported."
    ),
    bad="""\
worker:
  containerSecurityContext:
    runAsUser: 0
""",
    good="""\
worker:
  containerSecurityContext:
    runAsUser: 1001
    runAsNonRoot: true
""",
    fix="Use a non-zero `runAsUser` (the image's user is 1001) and keep `runAsNonRoot: true`.",
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    yield from chart_hardening_problems(ctx, root_issues)
