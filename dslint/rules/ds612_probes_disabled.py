"""DS612 probes-disabled: a long-running pod with neither a liveness nor a readiness probe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dslint.findings import Severity
from dslint.knowledge.chart import CLIENT, COMPONENTS, component_runs, diagnostic
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext

if TYPE_CHECKING:
    from dslint.model.view import ChartValues


RULE = Rule(
    code="DS612",
    name="probes-disabled",
    severity=Severity.WARNING,
    summary="The workers (or a client Deployment) with both the liveness and the readiness probe switched off.",
    rationale=(
        "The chart's worker probes check that the SSH server runs and accepts connections, and the "
        "client's check that DeepSpeed imports. With both `livenessProbe.enabled` and "
        "`readinessProbe.enabled` false and no custom probe, Kubernetes restarts nothing that hangs "
        "and marks every pod Ready as soon as it starts, so a worker whose SSH server died keeps "
        "its place in the host file and the next launch fails on it."
    ),
    bad="""\
worker:
  livenessProbe:
    enabled: false
  readinessProbe:
    enabled: false
""",
    good="""\
worker:
  livenessProbe:
    enabled: true
    periodSeconds: 60
  readinessProbe:
    enabled: true
""",
    fix="Keep at least the liveness probe on (tune `periodSeconds`/`failureThreshold` if it is too eager).",
    profiles=frozenset({PRODUCTION}),
)


def _probe_on(values: ChartValues, component: str, name: str) -> bool:
    custom = "custom" + name[0].upper() + name[1:]
    return bool(values.get((component, custom))) or bool(values.get((component, name, "enabled")))


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if diagnostic(values):
        return  # DS608
    for component in COMPONENTS:
        # A client Job ends on its own; its probes matter less.
        if not component_runs(values, component) or (component == CLIENT and values.get("client.useJob")):
            continue
        if not _probe_on(values, component, "livenessProbe") and not _probe_on(values, component, "readinessProbe"):
            yield ctx.problem(
                f"{component}.livenessProbe.enabled",
                f"the {component} has neither a liveness nor a readiness probe: Kubernetes cannot tell a hung pod from a healthy one",
                f"set `{component}.livenessProbe.enabled: true`",
                related=[f"{component}.readinessProbe.enabled"],
            )
