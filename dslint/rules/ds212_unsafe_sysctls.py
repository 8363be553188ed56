"""DS212 unsafe-sysctls: pod sysctls outside the Kubernetes safe set."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import active_components, security_context
from dslint.knowledge.kubernetes import safe_sysctls
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS212",
    name="unsafe-sysctls",
    severity=Severity.ERROR,
    summary="A `podSecurityContext.sysctls` entry outside the sysctls Kubernetes considers safe.",
    rationale=(
        "The kubelet accepts only namespaced, isolated sysctls by default. Any other one (for example "
        "`net.core.rmem_max`, often copied from NCCL tuning guides) makes the kubelet refuse the pod "
        "with SysctlForbidden unless every node that may run it allows it with "
        "`--allowed-unsafe-sysctls`, and the baseline Pod Security Standard rejects the pod outright. "
        "Unsafe sysctls that are allowed can affect every other pod on the node."
    ),
    bad="""\
worker:
  podSecurityContext:
    sysctls:
      - name: net.core.rmem_max
        value: "16777216"
""",
    good="""\
worker:
  podSecurityContext:
    sysctls:
      - name: net.ipv4.tcp_keepalive_time
        value: "600"
""",
    fix=(
        "Keep to the safe sysctls, or tune the node itself (a node tuning operator or the node's "
        "sysctl.conf) and ask the cluster administrators to allow the sysctl on dedicated nodes you "
        "select with `nodeSelector`."
    ),
    security=True,
)



def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    # The Pod Security Standard's baseline list on the newest Kubernetes; the later
    # entries need a recent kubelet, so older clusters may still refuse them.
    safe = safe_sysctls()
    for component in active_components(values):
        pod = security_context(values, component, "pod")
        if pod is None:
            continue  # not rendered: DS201 reports the disabled context
        for index, entry in enumerate(pod.get("sysctls") or []):
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str) or "{{" in name:
                continue
            if name.replace("/", ".") not in safe:
                yield ctx.problem(
                    (component, "podSecurityContext", "sysctls", index, "name"),
                    f"sysctl {name!r} is not in Kubernetes' safe set: the kubelet refuses {component} pods "
                    "that set it unless the node allows it",
                )
