"""DS901 kubernetes-schema: objects the Kubernetes API would reject (schema of --kube-version)."""

from __future__ import annotations

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.manifests.context import ManifestContext, ManifestProblem
from dslint.rules import MANIFESTS_LANE, Rule

RULE = Rule(
    code="DS901",
    name="kubernetes-schema",
    severity=Severity.ERROR,
    summary="An object does not match the Kubernetes API schema of the target version (wrong type, unknown field, missing field).",
    rationale=(
        "The API server refuses an object whose fields have the wrong type or that it does not know, so "
        "`helm install` fails half-way, or (with client-side tools that drop unknown fields) a setting "
        "silently does nothing. Objects are validated with the strict schemas kubernetes-validate ships "
        "for `--kube-version` (default 1.35). Kinds without a schema, such as custom resources, are reported "
        "as info: they are not validated. A group/version given with `--api-versions` is taken as served "
        "by the cluster and not reported."
    ),
    bad=(
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        "  name: web\n"
        "spec:\n"
        "  replicas: \"3\"\n"
        "  selector:\n"
        "    matchLabels: {app: web}\n"
        "  template:\n"
        "    metadata:\n"
        "      labels: {app: web}\n"
        "    spec:\n"
        "      containers:\n"
        "        - name: web\n"
        "          image: nginx:1.27.0\n"
        "          imagePullPolice: Always\n"
    ),
    good=(
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        "  name: web\n"
        "spec:\n"
        "  replicas: 3\n"
        "  selector:\n"
        "    matchLabels: {app: web}\n"
        "  template:\n"
        "    metadata:\n"
        "      labels: {app: web}\n"
        "    spec:\n"
        "      containers:\n"
        "        - name: web\n"
        "          image: nginx:1.27.0\n"
        "          imagePullPolicy: Always\n"
    ),
    fix="Correct the field named in the message (in the values that render it, for a chart).",
    lane=MANIFESTS_LANE,
)


def check(ctx: ManifestContext) -> Iterator[ManifestProblem]:
    from dslint.manifests.kube_versions import removed_api
    from dslint.manifests.schema import SchemaUnavailable, schema_library

    data = ctx.obj.data
    if not isinstance(data, dict):
        yield ctx.problem((), "the document is not a Kubernetes object (a mapping with apiVersion and kind)")
        return
    kind, api_version = data.get("kind"), data.get("apiVersion")
    missing = [name for name, value in (("apiVersion", api_version), ("kind", kind)) if not isinstance(value, str) or not value]
    if missing or not isinstance(api_version, str) or not isinstance(kind, str):
        yield ctx.problem((), f"the object has no {' and no '.join(missing)}", "Give every object an apiVersion and a kind.")
        return
    if removed_api(api_version, kind, ctx.kube_minor):
        return  # DS907 reports the removed API; there is no schema to check against.
    try:
        library = schema_library()
    except SchemaUnavailable as err:
        ctx.notice(f"DS901 skipped: {err} (pip install 'dslint[manifests]')")
        return
    version = library.version_for(ctx.kube_minor)
    if version != ctx.kube_minor:
        ctx.notice(f"kubernetes-validate has no schemas for Kubernetes {ctx.kube_version}; "
                   f"objects are validated against 1.{version}")
    result = library.validate(data, version, secret=kind == "Secret")
    if result.unknown:
        if api_version in ctx.api_versions or f"{api_version}/{kind}" in ctx.api_versions:
            return
        yield ctx.problem(
            ("kind",),
            f"no schema for {kind} in {api_version} (Kubernetes 1.{version}): not validated",
            "A custom resource is fine if its CRD is installed; name its group/version with --api-versions "
            "to say the cluster serves it.",
            severity=Severity.INFO,
        )
        return
    for issue in result.issues:
        yield ctx.problem(issue.path, issue.message)
