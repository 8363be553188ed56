"""DS606 affinity-presets-ignored: affinity presets beside a custom `affinity`, which replaces them."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import COMPONENTS, component_runs
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._workload import user_paths_under

RULE = Rule(
    code="DS606",
    name="affinity-presets-ignored",
    severity=Severity.WARNING,
    summary="`podAffinityPreset`, `podAntiAffinityPreset` or `nodeAffinityPreset` set beside a custom `affinity`.",
    rationale=(
        "When `<component>.affinity` is non-empty the chart uses it as the pod's whole affinity "
        "and ignores the three presets, as its documentation notes. A preset written next to it, "
        "for example `podAntiAffinityPreset: hard` to spread workers over nodes, has no effect: "
        "workers may share a node (and its GPUs and network) although the values say otherwise."
    ),
    bad="""\
worker:
  podAntiAffinityPreset: hard
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - {key: node-type, operator: In, values: [gpu]}
""",
    good="""\
worker:
  podAntiAffinityPreset: hard
  nodeAffinityPreset:
    type: hard
    key: node-type
    values: [gpu]
""",
    fix="Write the rule inside `affinity` (e.g. a `podAntiAffinity` term) and delete the presets.",
)

PRESETS = ("podAffinityPreset", "podAntiAffinityPreset", "nodeAffinityPreset")


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for component in COMPONENTS:
        if not component_runs(values, component) or not values.get(f"{component}.affinity"):
            continue
        for preset in PRESETS:
            if not user_paths_under(values, (component, preset)):
                continue
            if values.get((component, preset)) in ("", None) or values.get((component, preset, "type")) == "":
                continue  # an empty preset asks for nothing
            yield ctx.problem(
                (component, preset),
                f"`{component}.{preset}` is ignored: `{component}.affinity` is set and replaces all affinity presets",
                f"move the rule into `{component}.affinity` and delete `{component}.{preset}`",
                at_key=True,
                related=[f"{component}.affinity"],
            )
