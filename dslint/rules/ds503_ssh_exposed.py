"""DS503 ssh-exposed: the workers' SSH port published outside the cluster without a source restriction."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import workers_run
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS503",
    name="ssh-exposed",
    severity=Severity.WARNING,
    summary="Worker SSH reachable from outside the cluster through a LoadBalancer or NodePort with no source ranges.",
    rationale=(
        "External access publishes each worker's SSH server, which runs the training code as the "
        "`deepspeed` user with the chart's shared key and no host key checking. A LoadBalancer "
        "without `loadBalancerSourceRanges` accepts connections from any address the load balancer "
        "is reachable from (the internet, for a public one), and turns the workers into a target "
        "for key theft and brute force. The chart applies source ranges to LoadBalancer Services "
        "only: a NodePort Service opens the port on every node's address with no way to restrict "
        "it from the values."
    ),
    bad="""\
worker:
  externalAccess:
    enabled: true
    service:
      type: LoadBalancer
""",
    good="""\
worker:
  externalAccess:
    enabled: true
    service:
      type: LoadBalancer
      loadBalancerSourceRanges: [192.168.10.0/24]
""",
    fix="Use a LoadBalancer Service with `loadBalancerSourceRanges` listing only the networks that need SSH.",
    security=True,
)

SERVICE = "worker.externalAccess.service"


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not workers_run(values) or not values.get("worker.externalAccess.enabled"):
        return
    service_type = values.get(f"{SERVICE}.type")
    port = values.get(f"{SERVICE}.ports.ssh")
    if service_type == "LoadBalancer" and not values.get(f"{SERVICE}.loadBalancerSourceRanges"):
        yield ctx.problem(
            f"{SERVICE}.loadBalancerSourceRanges",
            f"every worker's SSH port ({port}) is published by a LoadBalancer that accepts any source address",
            "list the networks allowed to connect in `loadBalancerSourceRanges`",
            related=[f"{SERVICE}.type"],
        )
    elif service_type == "NodePort":
        yield ctx.problem(
            f"{SERVICE}.type",
            "every worker's SSH port is opened on all node addresses; the chart cannot restrict the "
            "sources of a NodePort Service",
            "use `type: LoadBalancer` with `loadBalancerSourceRanges`, or restrict the node ports in "
            "the cluster's firewall and suppress this finding",
        )
