"""DS209 service-account-token-mounted: client or worker pods that carry a Kubernetes API token."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import active_components
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext

RULE = Rule(
    code="DS209",
    name="service-account-token-mounted",
    severity=Severity.WARNING,
    summary="`automountServiceAccountToken: true` on the client or worker pods, or on a service account the chart creates.",
    rationale=(
        "Neither the DeepSpeed launcher nor sshd talks to the Kubernetes API, and the chart creates no "
        "RBAC for them, so a mounted token only helps an attacker who gets into a pod: it "
        "authenticates as the service account to the API server (and to anything that trusts it, "
        "such as cloud IAM bindings). The pod-level setting decides for the chart's pods; the one on "
        "a service account the chart creates decides for every other pod that uses it."
    ),
    bad="""\
worker:
  automountServiceAccountToken: true
""",
    good="""\
worker:
  automountServiceAccountToken: false
  serviceAccount:
    automountServiceAccountToken: false
""",
    fix="Set `automountServiceAccountToken: false` on the pod and the service account; mount a projected token only into the container that needs it.",
    profiles=frozenset({PRODUCTION}),
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for component in active_components(values):
        pod_mounts = values.get(f"{component}.automountServiceAccountToken") is True
        if pod_mounts:
            yield ctx.problem(
                f"{component}.automountServiceAccountToken",
                f"every {component} pod gets a Kubernetes API token it does not need",
            )
        if values.get(f"{component}.serviceAccount.create") and values.get(f"{component}.serviceAccount.automountServiceAccountToken") is True:
            who = "the chart's pods and any other pod" if pod_mounts else (
                f"the {component} pods do not mount it (their own `automountServiceAccountToken: false` wins), but any other pod"
            )
            yield ctx.problem(
                f"{component}.serviceAccount.automountServiceAccountToken",
                f"the {component} service account hands out API tokens: {who} that uses it gets one",
            )
