"""DS302 adaptation-drops-explicit-ids: ids the user set that the OpenShift adaptation removes."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import (
    ADAPTED_IDS,
    active_components,
    adaptation_active,
    adaptation_mode,
    context_path,
    security_context,
)
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS302",
    name="adaptation-drops-explicit-ids",
    severity=Severity.WARNING,
    summary="`runAsUser`, `runAsGroup` or `fsGroup` set by you, then removed by the chart's OpenShift adaptation.",
    rationale=(
        "When the adaptation is on (`force`, or `auto` when Helm sees OpenShift's API), the chart "
        "deletes `runAsUser`, `runAsGroup` and `fsGroup` from every security context it renders, "
        "whatever their value. An id you chose on purpose (to match a volume's owner, say) never "
        "reaches the cluster and nothing says so: the pod runs with the id OpenShift assigns or, on "
        "plain Kubernetes, the image's user and no fsGroup."
    ),
    bad="""\
global:
  compatibility:
    openshift:
      adaptSecurityContext: force
worker:
  podSecurityContext:
    fsGroup: 2000
""",
    good="""\
global:
  compatibility:
    openshift:
      adaptSecurityContext: force
""",
    fix=(
        "Remove the ids (OpenShift assigns them from the namespace's range), or keep them and set "
        "`adaptSecurityContext: disabled` on a cluster whose SCC admits those ids."
    ),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    if not adaptation_active(ctx):
        return
    values = ctx.values
    mode = adaptation_mode(values)
    why = f"`adaptSecurityContext: {mode}`" + (" (Helm sees OpenShift's API)" if mode == "auto" else "")
    instead = "the id OpenShift assigns" if ctx.openshift or mode == "auto" else "the image's own user and group, and no fsGroup"
    for component in active_components(values):
        for kind in ("pod", "container"):
            found = security_context(values, component, kind)
            if found is None:
                continue
            for field in ADAPTED_IDS:
                path = context_path(component, kind) + (field,)
                if found.get(field) is not None and values.is_set(path):
                    yield ctx.problem(
                        path,
                        f"`{field}: {found[field]}` is removed from the rendered {component} pods by {why}; they run with {instead}",
                    )
