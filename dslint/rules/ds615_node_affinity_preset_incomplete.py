"""DS615 node-affinity-preset-incomplete: a node affinity preset without a label key or values."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import COMPONENTS, component_runs
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS615",
    name="node-affinity-preset-incomplete",
    severity=Severity.ERROR,
    summary="`nodeAffinityPreset.type` set to `soft` or `hard` without `key` or `values`.",
    rationale=(
        "With a preset type the chart writes a node affinity term `<key> In <values>`. Kubernetes "
        "refuses a term with an empty key, and an `In` term with no values, so the StatefulSet or "
        "Deployment is rejected and `helm install` fails."
    ),
    bad="""\
worker:
  nodeAffinityPreset:
    type: hard
    key: nvidia.com/gpu.present
""",
    good="""\
worker:
  nodeAffinityPreset:
    type: hard
    key: nvidia.com/gpu.present
    values: ["true"]
""",
    fix="Give both `nodeAffinityPreset.key` (a node label) and at least one entry in `nodeAffinityPreset.values`.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for component in COMPONENTS:
        base = f"{component}.nodeAffinityPreset"
        # A custom `affinity` replaces the presets (DS606).
        if not component_runs(values, component) or values.get(f"{component}.affinity"):
            continue
        if values.get(f"{base}.type") not in ("soft", "hard"):
            continue
        for key, missing in (("key", "no node label key"), ("values", "no label values")):
            if not values.get(f"{base}.{key}"):
                yield ctx.problem(
                    f"{base}.{key}",
                    f"`{base}.type` is {values.get(f'{base}.type')} but the preset has {missing}: "
                    "Kubernetes refuses the node affinity term",
                    f"set `{base}.{key}`",
                    related=[f"{base}.type"],
                )
