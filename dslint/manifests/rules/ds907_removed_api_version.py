"""DS907 removed-api-version: an object uses an API version the target Kubernetes no longer serves."""

from __future__ import annotations

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.manifests.context import ManifestContext, ManifestProblem
from dslint.rules import MANIFESTS_LANE, Rule

RULE = Rule(
    code="DS907",
    name="removed-api-version",
    severity=Severity.ERROR,
    summary="An object uses an apiVersion that the target Kubernetes version (--kube-version) has removed.",
    rationale=(
        "Kubernetes stops serving deprecated API versions on a published schedule (extensions/v1beta1 "
        "workloads in 1.16, networking.k8s.io/v1beta1 Ingress in 1.22, batch/v1beta1 CronJob and "
        "policy/v1beta1 PodDisruptionBudget in 1.25, autoscaling/v2beta2 in 1.26...). An object with a "
        "removed apiVersion is refused by the API server: the install or upgrade fails. With the DeepSpeed "
        "chart this comes from `extraDeploy` objects copied from old manifests."
    ),
    bad=(
        "apiVersion: policy/v1beta1\n"
        "kind: PodDisruptionBudget\n"
        "metadata:\n"
        "  name: workers\n"
        "spec:\n"
        "  minAvailable: 1\n"
        "  selector:\n"
        "    matchLabels: {app: workers}\n"
    ),
    good=(
        "apiVersion: policy/v1\n"
        "kind: PodDisruptionBudget\n"
        "metadata:\n"
        "  name: workers\n"
        "spec:\n"
        "  minAvailable: 1\n"
        "  selector:\n"
        "    matchLabels: {app: workers}\n"
    ),
    fix="Use the replacement API version named in the message (and adapt fields that changed with it).",
    lane=MANIFESTS_LANE,
)


def check(ctx: ManifestContext) -> Iterator[ManifestProblem]:
    from dslint.manifests.kube_versions import removed_api

    data = ctx.obj.data
    if not isinstance(data, dict):
        return
    api_version, kind = str(data.get("apiVersion") or ""), str(data.get("kind") or "")
    removal = removed_api(api_version, kind, ctx.kube_minor)
    if removal is not None:
        yield ctx.problem(
            ("apiVersion",),
            f"{kind} {api_version} was removed in Kubernetes 1.{removal.removed_in} (the target is {ctx.kube_version})",
            f"Use {removal.replacement}.",
        )
