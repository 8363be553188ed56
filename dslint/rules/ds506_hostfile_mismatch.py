"""DS506 hostfile-mismatch: an overriding host file with a different number of hosts than workers."""

from dslint.findings import Severity
from dslint.rules import Rule
from dslint.knowledge.chart import is_template, worker_replicas
from dslint.rules._workload import hostfile_entries

RULE = Rule(
    code="DS506",
    name="hostfile-mismatch",
    severity=Severity.WARNING,
    summary="`config.overrideHostFile` lists a different number of hosts than `worker.replicaCount`.",
    rationale=(
        "The client's DeepSpeed launcher trains on the hosts of `/job/hostfile`, which is "
        "`config.overrideHostFile` when it is set. The chart still creates "
        "`worker.replicaCount` workers and waits for all of them. More hosts than workers makes the "
        "launcher reach for machines that do not exist and fail; fewer leaves workers, and the "
        "GPUs they reserve, idle for the whole run."
    ),
    bad="""\
worker:
  replicaCount: 3
config:
  overrideHostFile: |
    ds-deepspeed-worker-0.ds-deepspeed-worker-headless slots=1
    ds-deepspeed-worker-1.ds-deepspeed-worker-headless slots=1
""",
    good="""\
worker:
  replicaCount: 2
config:
  overrideHostFile: |
    ds-deepspeed-worker-0.ds-deepspeed-worker-headless slots=1
    ds-deepspeed-worker-1.ds-deepspeed-worker-headless slots=1
""",
    fix="List one host per worker in `config.overrideHostFile`, or change `worker.replicaCount` to match.",
)


def check(ctx):
    values = ctx.values
    text = values.get("config.overrideHostFile")
    # An existing ConfigMap replaces the override (DS604); templates cannot be counted.
    if not text or not isinstance(text, str) or is_template(text) or values.get("config.existingHostFileConfigMap"):
        return
    if not values.get("client.enabled") or not values.get("worker.enabled"):
        return
    hosts = len(hostfile_entries(text))
    replicas = worker_replicas(values)
    if hosts != replicas:
        effect = "the launcher fails on the hosts that do not exist" if hosts > replicas else (
            f"{replicas - hosts} worker{'s stay' if replicas - hosts != 1 else ' stays'} idle")
        yield ctx.problem(
            "config.overrideHostFile",
            f"the host file lists {hosts} host{'s' if hosts != 1 else ''} but the chart runs {replicas} "
            f"worker{'s' if replicas != 1 else ''}: {effect}",
            f"list {replicas} hosts or set `worker.replicaCount: {hosts}`",
            related=["worker.replicaCount"],
        )
