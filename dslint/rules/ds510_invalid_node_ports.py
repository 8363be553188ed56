"""DS510 invalid-node-ports: node ports Kubernetes refuses for the per-worker Services."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import worker_replicas, workers_run
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS510",
    name="invalid-node-ports",
    severity=Severity.ERROR,
    summary="`worker.externalAccess.service.nodePorts` that the API server refuses: on a ClusterIP "
            "Service, repeated, or outside the node port range.",
    rationale=(
        "The chart writes entry N of `nodePorts` into worker N's Service whatever the Service type. "
        "Kubernetes refuses a `nodePort` on a ClusterIP Service, refuses a second Service asking "
        "for a port another one already holds, and by default allocates node ports only between "
        "30000 and 32767. Each case fails `helm install` after part of the release was created."
    ),
    bad="""\
worker:
  replicaCount: 2
  externalAccess:
    enabled: true
    service:
      type: NodePort
      nodePorts: [30022, 30022]
""",
    good="""\
worker:
  replicaCount: 2
  externalAccess:
    enabled: true
    service:
      type: NodePort
      nodePorts: [30022, 30023]
""",
    fix="Use distinct ports between 30000 and 32767, and a NodePort or LoadBalancer Service.",
)

SERVICE = "worker.externalAccess.service"
LOW, HIGH = 30000, 32767


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not workers_run(values) or not values.get("worker.externalAccess.enabled"):
        return
    ports = values.get(f"{SERVICE}.nodePorts")
    if not isinstance(ports, list) or not ports:
        return
    if values.get(f"{SERVICE}.type") == "ClusterIP":
        yield ctx.problem(
            f"{SERVICE}.nodePorts",
            "node ports on ClusterIP Services: Kubernetes refuses a `nodePort` unless the type is NodePort or LoadBalancer",
            f"set `{SERVICE}.type: NodePort`, or remove `nodePorts`",
            related=[f"{SERVICE}.type"],
        )
        return
    seen: dict[int, int] = {}
    # Only the first replicaCount entries reach a Service.
    for index, port in enumerate(ports[: worker_replicas(values)]):
        if not isinstance(port, int) or isinstance(port, bool):
            continue
        path = ("worker", "externalAccess", "service", "nodePorts", index)
        if port in seen:
            yield ctx.problem(
                path,
                f"node port {port} is also given to worker {seen[port]}: Kubernetes refuses the second Service",
                "give every worker its own node port",
                related=[("worker", "externalAccess", "service", "nodePorts", seen[port])],
            )
        elif not LOW <= port <= HIGH:
            yield ctx.problem(
                path,
                f"node port {port} is outside Kubernetes' default node port range {LOW}-{HIGH}: the API server "
                "refuses it unless the cluster's `--service-node-port-range` includes it",
                f"pick a port between {LOW} and {HIGH}",
            )
        seen.setdefault(port, index)
