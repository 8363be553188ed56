"""DS611 probe-port-not-declared: a custom probe aimed at a named port the container does not have."""


from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import COMPONENTS, component_runs, diagnostic
from dslint.lazy import LazyPattern
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS611",
    name="probe-port-not-declared",
    severity=Severity.ERROR,
    summary="A `custom*Probe` whose `tcpSocket` or `httpGet` port is a name the container does not declare.",
    rationale=(
        "A probe port given by name is looked up among the ports of the same container. The "
        "chart's worker container declares a single port, `tcp-ssh`; the client container "
        "declares none. The kubelet cannot resolve any other name, so the probe never gives a "
        "result: a readiness or startup probe never lets the pod become Ready (a worker that is "
        "not Ready gets no DNS name in the headless Service, so the client cannot reach it), and a "
        "liveness probe silently never checks anything. A name that is not a valid port name "
        "(for example `\"2222\"` in quotes) is refused by the API server outright."
    ),
    bad="""\
worker:
  customReadinessProbe:
    tcpSocket:
      port: ssh
""",
    good="""\
worker:
  customReadinessProbe:
    tcpSocket:
      port: tcp-ssh
""",
    fix="Use the port number, or `tcp-ssh` on the worker (the client declares no named port).",
)

DECLARED = {"client": (), "worker": ("tcp-ssh",)}
PROBES = ("customLivenessProbe", "customReadinessProbe", "customStartupProbe")
# Kubernetes' IANA_SVC_NAME: at most 15 lowercase letters, digits and inner dashes, one letter at least.
PORT_NAME = LazyPattern(r"^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?=[a-z0-9])){0,14}$")


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if diagnostic(values):
        return
    for component in COMPONENTS:
        if not component_runs(values, component):
            continue
        for probe in PROBES:
            spec = values.get((component, probe))
            if not isinstance(spec, dict):
                continue
            for handler in ("tcpSocket", "httpGet"):
                action = spec.get(handler)
                port = action.get("port") if isinstance(action, dict) else None
                if not isinstance(port, str) or "{{" in port:
                    continue
                path = (component, probe, handler, "port")
                if not PORT_NAME.match(port):
                    yield ctx.problem(
                        path,
                        f"probe port {port!r} is neither a number nor a valid port name: Kubernetes refuses the pod template",
                        "write the port as a number (no quotes) or as a declared port name",
                    )
                elif port not in DECLARED[component]:
                    declared = ", ".join(f"`{p}`" for p in DECLARED[component]) or "no named port"
                    yield ctx.problem(
                        path,
                        f"the {component} container has no port named {port!r} (it declares {declared}): "
                        f"the {probe} never gets a result",
                        "use `tcp-ssh` or the port number" if component == "worker" else "use the port number",
                    )
