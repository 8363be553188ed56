"""DS905 missing-resources: a container without CPU and memory requests or without a memory limit."""

from __future__ import annotations

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.manifests.context import ManifestContext, ManifestProblem
from dslint.rules import MANIFESTS_LANE, PRODUCTION, Rule

RULE = Rule(
    code="DS905",
    name="missing-resources",
    severity=Severity.WARNING,
    summary="A container (init containers and sidecars included) lacks a CPU request, a memory request or a memory limit.",
    rationale=(
        "Without requests the scheduler places the pod as if it needed nothing, so training pods land on "
        "nodes that cannot hold them; without a memory limit one container can exhaust the node and get "
        "other pods evicted. A namespace with a ResourceQuota on requests or limits refuses every pod with "
        "a container (init containers included) that does not declare them. A request defaults to the "
        "limit when only the limit is given, so a CPU or memory limit counts as its request. The DeepSpeed "
        "chart gives its own SSH and git init containers no resources and has no value to set them: in a "
        "render of the chart those findings are info, owned by the chart version, and a LimitRange in the "
        "namespace can supply defaults."
    ),
    bad=(
        "apiVersion: batch/v1\n"
        "kind: Job\n"
        "metadata:\n"
        "  name: train\n"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      restartPolicy: Never\n"
        "      containers:\n"
        "        - name: train\n"
        "          image: docker.io/bitnami/deepspeed:0.14.2-debian-12-r3\n"
        "          resources:\n"
        "            requests: {cpu: \"4\"}\n"
    ),
    good=(
        "apiVersion: batch/v1\n"
        "kind: Job\n"
        "metadata:\n"
        "  name: train\n"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      restartPolicy: Never\n"
        "      containers:\n"
        "        - name: train\n"
        "          image: docker.io/bitnami/deepspeed:0.14.2-debian-12-r3\n"
        "          resources:\n"
        "            requests: {cpu: \"4\", memory: 16Gi}\n"
        "            limits: {memory: 16Gi}\n"
    ),
    fix="Give every container resources.requests.cpu, resources.requests.memory and resources.limits.memory (DeepSpeed chart: `<component>.resources`).",
    lane=MANIFESTS_LANE,
    profiles=frozenset({PRODUCTION}),
)


def check(ctx: ManifestContext) -> Iterator[ManifestProblem]:
    from dslint.manifests.objects import EPHEMERAL
    from dslint.manifests.pss import describe

    for ref in ctx.containers():
        if ref.list_name == EPHEMERAL:
            continue  # ephemeral containers cannot have resources
        resources = ref.container.resources
        requests = (resources.requests if resources else None) or {}
        limits = (resources.limits if resources else None) or {}
        missing = []
        if "cpu" not in requests and "cpu" not in limits:
            missing.append("CPU request")
        if "memory" not in requests and "memory" not in limits:
            missing.append("memory request")
        if "memory" not in limits:
            missing.append("memory limit")
        if missing:
            listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
            yield ctx.problem(ref.field("resources"), f"{describe(ref)} lacks a {listed}", container=ref)
