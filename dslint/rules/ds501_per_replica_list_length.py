"""DS501 per-replica-list-length: an external-access list whose length is not the worker count."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import worker_replicas, workers_run
from dslint.rules import Problem, Rule, ValuesContext
from dslint.wording import numbered

RULE = Rule(
    code="DS501",
    name="per-replica-list-length",
    severity=Severity.ERROR,
    summary="A per-worker list of `worker.externalAccess.service` that does not have one entry per worker.",
    rationale=(
        "With external access the chart creates one Service per worker and picks entry N of "
        "`loadBalancerIPs`, `externalIPs`, `loadBalancerAnnotations` and `nodePorts` for worker N. "
        "It uses `loadBalancerIPs` and `loadBalancerAnnotations` only when their length is exactly "
        "`worker.replicaCount` and silently drops them otherwise, so every worker gets a random IP "
        "and no annotations (an internal load balancer becomes a public one). Shorter `nodePorts` "
        "or `externalIPs` leave the last workers with random ports or no IP; longer ones are cut."
    ),
    bad="""\
worker:
  replicaCount: 3
  externalAccess:
    enabled: true
    service:
      type: LoadBalancer
      loadBalancerSourceRanges: [10.0.0.0/8]
      loadBalancerIPs: [10.0.0.10, 10.0.0.11]
""",
    good="""\
worker:
  replicaCount: 3
  externalAccess:
    enabled: true
    service:
      type: LoadBalancer
      loadBalancerSourceRanges: [10.0.0.0/8]
      loadBalancerIPs: [10.0.0.10, 10.0.0.11, 10.0.0.12]
""",
    fix="Give exactly one entry per worker (as many as `worker.replicaCount`), or leave the list empty.",
)

SERVICE = "worker.externalAccess.service"
# Which Service types the chart uses each list with, and what it does with a wrong length.
LISTS = {
    "loadBalancerIPs": (("LoadBalancer",), "the chart ignores the whole list, so every worker gets a random IP"),
    "loadBalancerAnnotations": (("LoadBalancer",), "the chart ignores the whole list, so no Service gets these annotations"),
    "nodePorts": (("NodePort", "LoadBalancer"), None),
    "externalIPs": (("NodePort",), None),
}


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not workers_run(values) or not values.get("worker.externalAccess.enabled"):
        return
    replicas = worker_replicas(values)
    service_type = values.get(f"{SERVICE}.type")
    for key, (types, whole_list_effect) in LISTS.items():
        entries = values.get(f"{SERVICE}.{key}")
        if service_type not in types or not isinstance(entries, list) or not entries or len(entries) == replicas:
            continue
        if whole_list_effect:
            effect = whole_list_effect
        elif len(entries) < replicas:
            effect = f"{numbered(len(entries), replicas - 1, 'worker')} {'gets' if len(entries) == replicas - 1 else 'get'} none"
        else:
            extra = len(entries) - replicas
            effect = "the last entry is never used" if extra == 1 else f"the last {extra} entries are never used"
        yield ctx.problem(
            f"{SERVICE}.{key}",
            f"`{key}` has {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} for {replicas} "
            f"worker{'s' if replicas != 1 else ''}: {effect}",
            f"give exactly {replicas} entries (one per worker), or none",
            related=["worker.replicaCount"],
        )
