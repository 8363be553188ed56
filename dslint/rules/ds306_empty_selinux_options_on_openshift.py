"""DS306 empty-selinux-options-on-openshift: an empty `seLinuxOptions` that restricted-v2 refuses."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import active_components, adaptation_active, context_path, security_context
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import fixed_ids

RULE = Rule(
    code="DS306",
    name="empty-selinux-options-on-openshift",
    severity=Severity.ERROR,
    summary="On OpenShift without the adaptation, the chart's default `seLinuxOptions: {}` reaches the pods.",
    rationale=(
        "The chart renders `seLinuxOptions: {}` in every container it owns. OpenShift's SCCs validate "
        "an SELinux context that is present, and an empty one has the wrong (empty) level, so the pods "
        "are refused (\"seLinuxOptions.level: Invalid value\"). The adaptation (`force`, or `auto` "
        "when Helm sees OpenShift) removes it along with the ids; removing the ids by hand does not. "
        "DS301 and DS303 report the ids first; this rule speaks once they are gone."
    ),
    bad="""\
global:
  compatibility:
    openshift:
      adaptSecurityContext: disabled
client:
  podSecurityContext:
    fsGroup: null
  containerSecurityContext:
    runAsUser: null
    runAsGroup: null
worker:
  podSecurityContext:
    fsGroup: null
  containerSecurityContext:
    runAsUser: null
    runAsGroup: null
""",
    good="""\
global:
  compatibility:
    openshift:
      adaptSecurityContext: force
""",
    fix="Set `adaptSecurityContext: force`, or set `containerSecurityContext.seLinuxOptions: null` on the client and the workers.",
    example_options={"platform": "openshift"},
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not ctx.openshift or adaptation_active(ctx) or fixed_ids(values):
        return
    for component in active_components(values):
        for kind in ("pod", "container"):
            found = security_context(values, component, kind)
            selinux = None if found is None else found.get("seLinuxOptions")
            if isinstance(selinux, dict) and not any(selinux.values()):
                yield ctx.problem(
                    context_path(component, kind) + ("seLinuxOptions",),
                    f"the empty `seLinuxOptions` reaches the {component} pods and OpenShift refuses them for its empty SELinux level",
                )
