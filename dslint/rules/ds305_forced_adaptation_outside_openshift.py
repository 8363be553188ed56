"""DS305 forced-adaptation-outside-openshift: `force` on plain Kubernetes drops fsGroup from pods with volumes."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import ADAPT_PATH, active_components, adaptation_mode, security_context
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS305",
    name="forced-adaptation-outside-openshift",
    severity=Severity.WARNING,
    summary="`adaptSecurityContext: force` outside OpenShift, with persistent volumes that rely on `fsGroup`.",
    rationale=(
        "`force` strips `runAsUser`, `runAsGroup` and `fsGroup` on any cluster. OpenShift then fills "
        "them in from the namespace's range; plain Kubernetes does not. The containers still run as "
        "the image's non-root user, but without `fsGroup` a freshly provisioned persistent volume "
        "stays owned by root, and DeepSpeed cannot write its checkpoints or data there."
    ),
    bad="""\
global:
  compatibility:
    openshift:
      adaptSecurityContext: force
worker:
  persistence:
    enabled: true
""",
    good="""\
global:
  compatibility:
    openshift:
      adaptSecurityContext: auto
worker:
  persistence:
    enabled: true
""",
    fix="Use `adaptSecurityContext: auto` (or `disabled`) for Kubernetes clusters; keep `force` for OpenShift installs only.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if ctx.openshift or adaptation_mode(values) != "force":
        return
    for component in active_components(values):
        pod = security_context(values, component, "pod")
        if values.get(f"{component}.persistence.enabled") and pod is not None and pod.get("fsGroup") is not None:
            mount = values.get(f"{component}.persistence.mountPath")
            yield ctx.problem(
                ADAPT_PATH,
                f"`force` also removes `fsGroup: {pod['fsGroup']}` from the {component} pods on Kubernetes, so their "
                f"persistent volume at {mount} may not be writable for the DeepSpeed user",
                related=[f"{component}.persistence.enabled"],
            )
