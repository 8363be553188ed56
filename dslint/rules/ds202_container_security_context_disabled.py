"""DS202 container-security-context-disabled: containers rendered without their securityContext."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import active_components
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import chart_containers_phrase

RULE = Rule(
    code="DS202",
    name="container-security-context-disabled",
    severity=Severity.ERROR,
    summary="`containerSecurityContext.enabled: false` on the client or the workers.",
    rationale=(
        "The chart uses the component's container context for its main container and for its own "
        "init containers (SSH set-up, wait-for-workers, git clone). With `enabled: false` all of them "
        "run without any securityContext: privilege escalation allowed, the runtime's default "
        "capabilities, a writable root filesystem and no seccomp profile. Namespaces that enforce the "
        "restricted Pod Security Standard reject such pods. The other fields of the context are then "
        "not rendered at all, so dslint reports this once instead of one finding per field."
    ),
    bad="""\
client:
  containerSecurityContext:
    enabled: false
""",
    good="""\
client:
  containerSecurityContext:
    enabled: true
    readOnlyRootFilesystem: true
""",
    fix="Keep `containerSecurityContext.enabled: true` and change only the fields you need (set one to `null` to leave it out).",
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for component in active_components(values):
        prefix = f"{component}.containerSecurityContext"
        if values.get(f"{prefix}.enabled") is not False:
            continue
        message = (
            f"{chart_containers_phrase(values, component)} run without a securityContext: privilege escalation, "
            "default capabilities, a writable root filesystem and no seccomp profile"
        )
        if ctx.openshift:
            message += " (OpenShift's SCC fills in most of these, but not the read-only root filesystem)"
        yield ctx.problem(f"{prefix}.enabled", message)
