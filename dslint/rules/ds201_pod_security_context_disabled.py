"""DS201 pod-security-context-disabled: a pod rendered without its securityContext."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import active_components
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext

RULE = Rule(
    code="DS201",
    name="pod-security-context-disabled",
    severity=Severity.WARNING,
    summary="`podSecurityContext.enabled: false` on the client or the workers.",
    rationale=(
        "With `enabled: false` the chart leaves the pod's `securityContext` out entirely, not just the "
        "field you meant to change. The pod loses `fsGroup: 1001`, which is what makes persistent "
        "volumes writable for the non-root DeepSpeed user, and every other pod-level value you set "
        "there (sysctls, supplementalGroups, seccompProfile...) is silently dropped."
    ),
    bad="""\
worker:
  podSecurityContext:
    enabled: false
""",
    good="""\
worker:
  podSecurityContext:
    enabled: true
    fsGroup: 1001
""",
    fix="Keep `podSecurityContext.enabled: true` and change the individual fields instead (set one to `null` to leave it out).",
    profiles=frozenset({PRODUCTION}),
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for component in active_components(values):
        prefix = f"{component}.podSecurityContext"
        if values.get(f"{prefix}.enabled") is not False:
            continue
        consequences = []
        if values.get(f"{component}.persistence.enabled"):
            consequences.append("its data volume is no longer group-owned by fsGroup 1001, so the non-root user may not write to it")
        settings = values.get(prefix) or {}
        ignored = sorted(k for k in settings if k != "enabled" and values.is_set(f"{prefix}.{k}"))
        if ignored:
            consequences.append(f"the values you set there ({', '.join(ignored)}) are ignored")
        message = f"the {component} pod is rendered without a securityContext"
        if consequences:
            message += ": " + "; ".join(consequences)
        yield ctx.problem(f"{prefix}.enabled", message)
