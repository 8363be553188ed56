"""DS502 list-ignored-for-service-type: external-access settings the chosen Service type never uses."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import workers_run
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS502",
    name="list-ignored-for-service-type",
    severity=Severity.WARNING,
    summary="An external-access setting that the chart (or Kubernetes) ignores for the chosen Service type.",
    rationale=(
        "The chart writes `loadBalancerIPs` and `loadBalancerSourceRanges` only into LoadBalancer "
        "Services, and `externalIPs` only into NodePort Services (not LoadBalancer or ClusterIP, "
        "unlike plain Kubernetes). `loadBalancerAnnotations` reach any type, but only a load "
        "balancer controller reads them, and `externalTrafficPolicy` is rendered for NodePort and "
        "LoadBalancer only. The values look like they restrict or pin something while the "
        "Services do not: source ranges on a NodePort Service protect nothing."
    ),
    bad="""\
worker:
  externalAccess:
    enabled: true
    service:
      type: NodePort
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
    fix="Remove the setting, or switch `worker.externalAccess.service.type` to the type that uses it.",
)

SERVICE = "worker.externalAccess.service"
# Each setting, the Service types it works with, and why it does nothing with the others.
USED_WITH = {
    "loadBalancerIPs": ("LoadBalancer", "the chart writes it only into LoadBalancer Services"),
    "loadBalancerSourceRanges": ("LoadBalancer", "the chart writes it only into LoadBalancer Services"),
    "loadBalancerAnnotations": ("LoadBalancer", "only a load balancer controller reads these annotations"),
    "externalIPs": ("NodePort", "the chart writes it only into NodePort Services"),
}


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not workers_run(values) or not values.get("worker.externalAccess.enabled"):
        return
    service_type = values.get(f"{SERVICE}.type")
    for key, (wanted, why) in USED_WITH.items():
        if values.get(f"{SERVICE}.{key}") and service_type != wanted:
            yield ctx.problem(
                f"{SERVICE}.{key}",
                f"`{key}` has no effect on {service_type} Services: {why}",
                f"remove `{key}` or set `{SERVICE}.type: {wanted}`",
                related=[f"{SERVICE}.type"],
            )
    policy = f"{SERVICE}.externalTrafficPolicy"
    if values.is_set(policy) and values.get(policy) != "Cluster" and service_type == "ClusterIP":
        yield ctx.problem(
            policy,
            "`externalTrafficPolicy` is not rendered for ClusterIP Services",
            "remove it, or use a NodePort or LoadBalancer Service",
            related=[f"{SERVICE}.type"],
        )
