"""DS404 missing-limits: a container without a memory limit."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import running_sizings
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS404",
    name="missing-limits",
    severity=Severity.WARNING,
    summary="A container the chart runs with no memory limit (neither in `resources` nor from a preset).",
    rationale=(
        "Without a memory limit a training process that leaks or loads a too-large batch takes "
        "memory from everything else on the node until the kernel's OOM killer picks a victim, "
        "which may be another team's pod or the kubelet. With `resourcesPreset: none` and empty "
        "`resources`, or `resources` that set only requests, the chart renders no limit at all."
    ),
    bad="""\
worker:
  resourcesPreset: none
  resources:
    requests: {cpu: "8", memory: 32Gi}
""",
    good="""\
worker:
  resourcesPreset: none
  resources:
    requests: {cpu: "8", memory: 32Gi}
    limits: {memory: 32Gi}
""",
    fix="Add `resources.limits.memory` (for training, usually equal to the memory request).",
)

NAMES = {"client": "client", "worker": "worker", "volumePermissions": "volume-permissions init container"}


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for sized in running_sizings(ctx.values):
        limits = sized.resources.get("limits")
        if sized.origin == "invalid" or (isinstance(limits, dict) and limits.get("memory") not in (None, "")):
            continue
        if sized.origin == "resources":
            yield ctx.problem(
                f"{sized.base}.resources",
                f"the {NAMES[sized.base]} has no memory limit: `{sized.base}.resources` sets none",
                f"add `{sized.base}.resources.limits.memory`",
            )
        else:
            yield ctx.problem(
                f"{sized.base}.resourcesPreset",
                f"the {NAMES[sized.base]} runs without requests or limits (`resourcesPreset: none` and no `resources`)",
                f"set `{sized.base}.resources` with requests and a memory limit",
            )
