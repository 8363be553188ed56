"""DS401 resources-preset-in-use: a container sized by one of the chart's presets."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import running_sizings
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext

RULE = Rule(
    code="DS401",
    name="resources-preset-in-use",
    severity=Severity.WARNING,
    summary="A container gets its CPU and memory from a `resourcesPreset` instead of `resources`.",
    rationale=(
        "When `resources` is empty the chart fills requests and limits from a preset of the common "
        "library, which the chart itself says is for testing and \"not meant for production\" (it "
        "prints the same warning after every install). The sizes are small (the default `small` "
        "preset caps the container at 768Mi of memory in chart 2.1.1, `medium` at 1536Mi in 2.3.51) "
        "and every preset limits ephemeral storage to 1-2 GiB, while the chart keeps `/tmp`, "
        "`~/.cache` and `~/.local` on `emptyDir`: downloading a model or a pip wheel cache gets the "
        "pod evicted or OOM-killed in the middle of training."
    ),
    bad="""\
worker:
  replicaCount: 2
""",
    good="""\
client:
  resources:
    requests: {cpu: "1", memory: 2Gi}
    limits: {memory: 4Gi}
worker:
  replicaCount: 2
  resources:
    requests: {cpu: "16", memory: 64Gi, nvidia.com/gpu: 1}
    limits: {memory: 64Gi, nvidia.com/gpu: 1}
""",
    fix="Set `resources` (requests and a memory limit) sized for the workload; the preset is then ignored.",
    profiles=frozenset({PRODUCTION}),
)

NAMES = {"client": "client", "worker": "worker", "volumePermissions": "volume-permissions init container"}


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for sized in running_sizings(ctx.values):
        if sized.origin != "preset":
            continue
        limits = sized.resources.get("limits", {})
        yield ctx.problem(
            f"{sized.base}.resourcesPreset",
            f"the {NAMES[sized.base]} is sized by the `{sized.preset}` preset (at most {limits['cpu']} CPU, "
            f"{limits['memory']} memory, {limits['ephemeral-storage']} ephemeral storage), which the chart "
            "says is not meant for production",
            f"set `{sized.base}.resources` with requests and a memory limit sized for the workload",
        )
