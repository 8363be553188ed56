"""DS406 extended-resource-mismatch: a GPU (or other device) request that differs from its limit."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.kubernetes import overcommittable, parse_quantity
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS406",
    name="extended-resource-mismatch",
    severity=Severity.ERROR,
    summary="A GPU or other device-plugin resource requested without a limit, or with a different limit.",
    rationale=(
        "Devices such as `nvidia.com/gpu` cannot be shared or overcommitted, so Kubernetes requires "
        "their request to equal their limit and refuses a pod template that requests one without a "
        "limit (\"Limit must be set for non overcommitable resources\"). The chart passes "
        "`resources` through unchanged, so the StatefulSet or Job is rejected and `helm install` "
        "fails. Giving only the limit is fine: the request then defaults to it."
    ),
    bad="""\
worker:
  resources:
    requests: {memory: 64Gi, nvidia.com/gpu: 8}
    limits: {memory: 64Gi}
""",
    good="""\
worker:
  resources:
    requests: {memory: 64Gi}
    limits: {memory: 64Gi, nvidia.com/gpu: 8}
""",
    fix="Give device resources under `limits` (and, if you also request them, with the same amount).",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for base in ("client", "worker", "volumePermissions"):
        resources = values.get(f"{base}.resources")
        if not isinstance(resources, dict) or not isinstance(resources.get("requests"), dict):
            continue
        limits = resources.get("limits")
        if not isinstance(limits, dict):
            limits = {}
        for name, asked in resources["requests"].items():
            if overcommittable(str(name)):
                continue
            path = (base, "resources", "requests", name)
            if name not in limits:
                yield ctx.problem(
                    path,
                    f"{name} is requested without a limit: Kubernetes refuses the pod template",
                    f"move it to `{base}.resources.limits`",
                )
                continue
            request, limit = parse_quantity(asked), parse_quantity(limits[name])
            if request is not None and limit is not None and request != limit:
                yield ctx.problem(
                    path,
                    f"the {name} request {asked} differs from its limit {limits[name]}: Kubernetes requires "
                    "them to be equal for devices",
                    "use the same amount under `requests` and `limits`, or drop the request",
                    related=[(base, "resources", "limits", name)],
                )
