"""DS402 preset-ignored: `resourcesPreset` beside `resources`, which wins."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS402",
    name="preset-ignored",
    severity=Severity.WARNING,
    summary="A `resourcesPreset` that has no effect because `resources` is also set.",
    rationale=(
        "The chart uses `resources` whenever it is non-empty and only falls back to "
        "`resourcesPreset` when it is empty. Setting both leaves a preset in the file that does "
        "nothing; whoever reads the values later may believe the pod is sized by the preset, or "
        "delete `resources` expecting the preset to stay as it is."
    ),
    bad="""\
worker:
  resourcesPreset: large
  resources:
    limits: {memory: 64Gi}
""",
    good="""\
worker:
  resourcesPreset: none
  resources:
    limits: {memory: 64Gi}
""",
    fix="Remove `resourcesPreset` (or set it to `none`) where `resources` is set.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for base in ("client", "worker", "volumePermissions"):
        preset_path = f"{base}.resourcesPreset"
        resources = values.get(f"{base}.resources")
        if values.is_set(preset_path) and values.get(preset_path) not in (None, "none") and resources:
            yield ctx.problem(
                preset_path,
                f"`{preset_path}: {values.get(preset_path)}` is ignored: `{base}.resources` is set and wins",
                f"delete `{preset_path}` or set it to `none`",
                related=[f"{base}.resources"],
            )
