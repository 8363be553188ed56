"""DS403 requests-exceed-limits: a request above its own limit."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.kubernetes import overcommittable, parse_quantity
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS403",
    name="requests-exceed-limits",
    severity=Severity.ERROR,
    summary="A CPU, memory or storage request larger than the limit of the same container.",
    rationale=(
        "Kubernetes refuses a pod template whose request is above its limit (\"must be less than or "
        "equal to memory limit\"). The chart copies `resources` into the StatefulSet, Deployment or "
        "Job as it is, so `helm install` fails when the API server rejects the object, after the "
        "objects before it were created."
    ),
    bad="""\
worker:
  resources:
    requests: {cpu: "8", memory: 64Gi}
    limits: {cpu: "4", memory: 64Gi}
""",
    good="""\
worker:
  resources:
    requests: {cpu: "4", memory: 64Gi}
    limits: {cpu: "8", memory: 64Gi}
""",
    fix="Lower the request or raise the limit so that every request is at most its limit.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for base in ("client", "worker", "volumePermissions"):
        resources = values.get(f"{base}.resources")
        if not isinstance(resources, dict):
            continue
        requests, limits = resources.get("requests"), resources.get("limits")
        if not isinstance(requests, dict) or not isinstance(limits, dict):
            continue
        for name, asked in requests.items():
            # Extended resources (GPUs) have their own rule: request == limit (DS406).
            if name not in limits or not overcommittable(str(name)):
                continue
            request, limit = parse_quantity(asked), parse_quantity(limits[name])
            if request is not None and limit is not None and request > limit:
                yield ctx.problem(
                    (base, "resources", "requests", name),
                    f"the {name} request {asked} is above the {name} limit {limits[name]}: "
                    "Kubernetes refuses the pod template",
                    f"make `{base}.resources.requests.{name}` at most `{base}.resources.limits.{name}`",
                    related=[(base, "resources", "limits", name)],
                )
