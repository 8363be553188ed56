"""DS505 pod-management-policy: workers started one by one."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import worker_replicas, workers_run
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS505",
    name="pod-management-policy",
    severity=Severity.WARNING,
    summary="`worker.podManagementPolicy: OrderedReady` on a StatefulSet of several workers.",
    rationale=(
        "The chart documents that the worker StatefulSet \"needs to be Parallel to be able to "
        "complete the cluster join\". With `OrderedReady` Kubernetes creates worker N+1 only after "
        "worker N is Ready, and stops at the first worker that is not: one node that cannot pull "
        "the image or schedule the GPU keeps every later worker from existing, and the client "
        "waits for all of them."
    ),
    bad="""\
worker:
  replicaCount: 4
  podManagementPolicy: OrderedReady
""",
    good="""\
worker:
  replicaCount: 4
  podManagementPolicy: Parallel
""",
    fix="Set `worker.podManagementPolicy: Parallel` (the chart default).",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if workers_run(values) and worker_replicas(values) > 1 and values.get("worker.podManagementPolicy") == "OrderedReady":
        yield ctx.problem(
            "worker.podManagementPolicy",
            f"the {worker_replicas(values)} workers start one at a time and stop at the first one that is not Ready",
            "set `worker.podManagementPolicy: Parallel`",
        )
