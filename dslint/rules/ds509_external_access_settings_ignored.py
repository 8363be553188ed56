"""DS509 external-access-settings-ignored: per-worker Service settings while external access is off."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._workload import user_paths_under

RULE = Rule(
    code="DS509",
    name="external-access-settings-ignored",
    severity=Severity.WARNING,
    summary="Settings under `worker.externalAccess.service` while `worker.externalAccess.enabled` is left false.",
    rationale=(
        "The chart creates the per-worker Services only when `worker.externalAccess.enabled` is "
        "true, and it is false by default. A values file that configures the Service type, IPs or "
        "node ports without enabling it deploys no Service at all, and nothing says so: the "
        "workers are simply unreachable from outside."
    ),
    bad="""\
worker:
  externalAccess:
    service:
      type: LoadBalancer
      loadBalancerSourceRanges: [10.0.0.0/8]
""",
    good="""\
worker:
  externalAccess:
    enabled: true
    service:
      type: LoadBalancer
      loadBalancerSourceRanges: [10.0.0.0/8]
""",
    fix="Set `worker.externalAccess.enabled: true`, or remove the service settings.",
)

ENABLED = "worker.externalAccess.enabled"


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    # A user who wrote `enabled: false` keeps the settings on purpose.
    if values.get(ENABLED) or values.is_set(ENABLED):
        return
    service = ("worker", "externalAccess", "service")
    if any(len(p) > len(service) for p in user_paths_under(values, service)):
        yield ctx.problem(
            service,
            "the per-worker Service settings are ignored: `worker.externalAccess.enabled` is false, "
            "so no external Service is created",
            "set `worker.externalAccess.enabled: true`",
            at_key=True,
        )
