"""DS405 slots-gpu-mismatch: the host file's slots differ from the worker's GPUs."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import is_template, sizing, workers_run
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._workload import gpu_count, hostfile_entries

RULE = Rule(
    code="DS405",
    name="slots-gpu-mismatch",
    severity=Severity.WARNING,
    summary="`worker.slotsPerNode` (or a host file's `slots=`) differs from the GPUs each worker pod gets.",
    rationale=(
        "The chart writes `slots=<worker.slotsPerNode>` for every worker into the host file at "
        "`/job/hostfile`, and the DeepSpeed launcher starts that many processes per worker, one per "
        "GPU. More slots than GPUs makes the extra ranks fail to find a device (or share one and run "
        "out of memory); fewer slots leaves GPUs the pod reserved, and the cluster cannot give to "
        "anyone else, idle for the whole run."
    ),
    bad="""\
worker:
  slotsPerNode: 4
  resources:
    limits: {memory: 64Gi, nvidia.com/gpu: 8}
""",
    good="""\
worker:
  slotsPerNode: 8
  resources:
    limits: {memory: 64Gi, nvidia.com/gpu: 8}
""",
    fix="Make `worker.slotsPerNode` equal to the worker's GPU limit (or change the GPU limit).",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not workers_run(values) or values.get("config.existingHostFileConfigMap"):
        return
    gpus, names = gpu_count(sizing(values, "worker").resources)
    if not gpus:
        return
    what = f"{gpus} GPU{'s' if gpus != 1 else ''} ({', '.join(names)})"
    override = values.get("config.overrideHostFile")
    if override:
        if is_template(override):
            return
        slots = sorted({s for _, s in hostfile_entries(override) if s is not None and s != gpus})
        if slots:
            listed = ", ".join(f"slots={s}" for s in slots)
            yield ctx.problem(
                "config.overrideHostFile",
                f"`config.overrideHostFile` gives hosts {listed}, but each worker pod has {what}",
                f"write `slots={gpus}` for every worker in the host file",
            )
        return
    slots = values.get("worker.slotsPerNode")
    if isinstance(slots, int) and slots != gpus:
        effect = "the extra ranks have no GPU" if slots > gpus else f"{gpus - slots} of them {'stays' if gpus - slots == 1 else 'stay'} idle"
        yield ctx.problem(
            "worker.slotsPerNode",
            f"the host file gives each worker {slots} slot{'s' if slots != 1 else ''} but each worker pod has "
            f"{what}: {effect}",
            f"set `worker.slotsPerNode: {gpus}`",
            related=["worker.resources"],
        )
