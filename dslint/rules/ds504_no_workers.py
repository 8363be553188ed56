"""DS504 no-workers: a client with no workers to run the training on."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import client_runs, worker_replicas
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS504",
    name="no-workers",
    severity=Severity.ERROR,
    summary="The client runs but no worker pod will exist: `worker.replicaCount: 0` or `worker.enabled: false`.",
    rationale=(
        "The client's `wait-for-workers` init container and its host file list "
        "`worker.replicaCount` workers whether or not the worker StatefulSet is rendered. With "
        "`worker.enabled: false` the client waits for hosts that never appear and stays in `Init` "
        "until it gives up and restarts, forever. With zero replicas the host file is empty and the "
        "DeepSpeed launcher has nowhere to start the training."
    ),
    bad="""\
worker:
  replicaCount: 0
""",
    good="""\
worker:
  replicaCount: 2
""",
    fix="Give `worker.replicaCount` at least 1 with `worker.enabled: true`, or disable the client as well.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not client_runs(values):
        return
    replicas = worker_replicas(values)
    # A host file of the user's own may point at hosts outside the release.
    own_hosts = values.get("config.overrideHostFile") or values.get("config.existingHostFileConfigMap")
    if not values.get("worker.enabled"):
        if replicas > 0 and values.get("client.enableDefaultInitContainers"):
            yield ctx.problem(
                "worker.enabled",
                f"workers are disabled, but the client's `wait-for-workers` init container waits for "
                f"{replicas} of them (`worker.replicaCount`): the client never starts",
                "enable the workers, or disable the client too",
                related=["worker.replicaCount"],
            )
        elif not own_hosts:
            yield ctx.problem(
                "worker.enabled",
                "workers are disabled and no host file of your own is given: the client has nowhere to train",
                "enable the workers",
            )
    elif replicas == 0 and not own_hosts:
        yield ctx.problem(
            "worker.replicaCount",
            "no worker pods: the host file is empty and the client has nowhere to train",
            "set `worker.replicaCount` to the number of training nodes",
        )
