"""DS407 no-shared-memory-volume: multi-GPU workers with the container's default /dev/shm."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import sizing, workers_run
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._workload import gpu_count

RULE = Rule(
    code="DS407",
    name="no-shared-memory-volume",
    severity=Severity.INFO,
    summary="Workers running several GPU processes without a memory-backed volume at `/dev/shm`.",
    rationale=(
        "The chart mounts nothing at `/dev/shm`, so each worker gets the container runtime's "
        "default of 64 MiB. NCCL exchanges data between the GPU processes of one node through "
        "shared memory, and PyTorch data loaders pass batches through it: with 64 MiB, multi-GPU "
        "training stops with \"unhandled system error\" or \"No space left on device\" from NCCL, "
        "or a data loader bus error."
    ),
    bad="""\
worker:
  slotsPerNode: 4
  resources:
    limits: {memory: 64Gi, nvidia.com/gpu: 4}
""",
    good="""\
worker:
  slotsPerNode: 4
  resources:
    limits: {memory: 64Gi, nvidia.com/gpu: 4}
  extraVolumes:
    - name: shm
      emptyDir: {medium: Memory, sizeLimit: 8Gi}
  extraVolumeMounts:
    - name: shm
      mountPath: /dev/shm
""",
    fix="Add an `emptyDir` with `medium: Memory` to `worker.extraVolumes` and mount it at `/dev/shm` "
        "with `worker.extraVolumeMounts` (its size counts against the memory limit).",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not workers_run(values):
        return
    gpus, _ = gpu_count(sizing(values, "worker").resources)
    slots = values.get("worker.slotsPerNode")
    if gpus < 2 and not (gpus and isinstance(slots, int) and slots > 1):
        return
    mounts = values.get("worker.extraVolumeMounts")
    if isinstance(mounts, list) and any(
        isinstance(m, dict) and str(m.get("mountPath", "")).rstrip("/") == "/dev/shm" for m in mounts  # noqa: S108 -- a mount path compared, no file is opened
    ):
        return
    yield ctx.problem(
        "worker.extraVolumeMounts",
        f"each worker runs several GPU processes ({gpus} GPUs) with the default 64 MiB `/dev/shm`",
    )
