"""DS904 openshift-restricted-v2: a pod that OpenShift's default `restricted-v2` SCC would refuse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dslint.findings import Severity
from dslint.knowledge.kubernetes import RANGE_TEXT as _RANGE_TEXT
from dslint.knowledge.kubernetes import RESTRICTED_CAPABILITIES, RESTRICTED_VOLUMES, in_project_range
from dslint.manifests.context import ManifestContext, ManifestProblem
from dslint.rules import MANIFESTS_LANE, Rule

if TYPE_CHECKING:
    # Listing rules must not load the views (the rule modules are read for their metadata).
    from dslint.manifests.objects import ContainerRef, Path, PodSecurityContext, SecurityContext

# restricted-v2 allows what the Restricted Pod Security Standard allows here.
ALLOWED_CAPABILITIES = RESTRICTED_CAPABILITIES
ALLOWED_VOLUMES = RESTRICTED_VOLUMES

RULE = Rule(
    code="DS904",
    name="openshift-restricted-v2",
    severity=Severity.ERROR,
    summary="With --platform openshift: a pod the restricted-v2 SCC refuses (fixed IDs outside the project range, privileged, host access, extra capabilities).",
    rationale=(
        "On OpenShift, pods of ordinary service accounts are admitted by the `restricted-v2` security "
        "context constraint. It assigns each pod a UID and fsGroup from the project's range "
        f"(a block inside {_RANGE_TEXT}) and refuses a pod that asks for a fixed runAsUser, "
        "runAsGroup or fsGroup outside it, privileged containers, privilege escalation, host namespaces and "
        "ports, capabilities other than NET_BIND_SERVICE, seccomp profiles other than runtime/default, "
        "custom SELinux options and volumes other than configMap, csi, downwardAPI, emptyDir, ephemeral, "
        "persistentVolumeClaim, projected and secret. The Deployment is accepted but its pods are never "
        "created. The DeepSpeed chart's defaults fix UID/GID 1001; "
        "`global.compatibility.openshift.adaptSecurityContext: force` removes them."
    ),
    bad=(
        "apiVersion: apps/v1\n"
        "kind: StatefulSet\n"
        "metadata:\n"
        "  name: worker\n"
        "spec:\n"
        "  selector:\n"
        "    matchLabels: {app: worker}\n"
        "  template:\n"
        "    metadata:\n"
        "      labels: {app: worker}\n"
        "    spec:\n"
        "      securityContext:\n"
        "        fsGroup: 1001\n"
        "      containers:\n"
        "        - name: worker\n"
        "          image: docker.io/bitnami/deepspeed:0.14.2-debian-12-r3\n"
        "          securityContext:\n"
        "            runAsUser: 1001\n"
    ),
    good=(
        "apiVersion: apps/v1\n"
        "kind: StatefulSet\n"
        "metadata:\n"
        "  name: worker\n"
        "spec:\n"
        "  selector:\n"
        "    matchLabels: {app: worker}\n"
        "  template:\n"
        "    metadata:\n"
        "      labels: {app: worker}\n"
        "    spec:\n"
        "      containers:\n"
        "        - name: worker\n"
        "          image: docker.io/bitnami/deepspeed:0.14.2-debian-12-r3\n"
        "          securityContext:\n"
        "            runAsNonRoot: true\n"
        "            allowPrivilegeEscalation: false\n"
    ),
    fix=(
        "Leave runAsUser, runAsGroup and fsGroup unset so OpenShift assigns them (for the DeepSpeed chart: "
        "`global.compatibility.openshift.adaptSecurityContext: force`), and drop privileges the SCC refuses."
    ),
    lane=MANIFESTS_LANE,
    security=True,
    example_options={"platform": "openshift"},
)


def check(ctx: ManifestContext) -> Iterator[ManifestProblem]:
    if not ctx.openshift or ctx.pod is None:
        return
    from dslint.manifests.pss import describe

    pod = ctx.pod
    spec, psc = pod.spec, pod.security
    fixed_fix = ("Remove it so OpenShift assigns one from the project's range "
                 "(DeepSpeed chart: global.compatibility.openshift.adaptSecurityContext: force).")
    for name in ("runAsUser", "runAsGroup", "fsGroup"):
        value = getattr(psc, name)
        if _outside(value):
            yield ctx.problem(pod.field("securityContext", name),
                              f"the pod fixes {name}: {value}, outside OpenShift's project ID range ({_RANGE_TEXT})",
                              fixed_fix)
    for name in ("hostNetwork", "hostPID", "hostIPC"):
        if getattr(spec, name):
            yield ctx.problem(pod.field(name), f"the pod shares the node's namespace ({name}: true), which restricted-v2 refuses",
                              f"Remove {name}.")
    yield from _profiles(ctx, pod.field("securityContext"), psc, "the pod", None)
    for index, volume in enumerate(spec.volumes or ()):
        for source in volume.source_types:
            if source not in ALLOWED_VOLUMES:
                yield ctx.problem(pod.field("volumes", index, source),
                                  f"volume {volume.name!r} is a {source} volume, which restricted-v2 does not allow",
                                  "Use a PersistentVolumeClaim, emptyDir, configMap, secret or projected volume.")
    for ref in ctx.containers():
        sc, who = ref.security, describe(ref)
        for name in ("runAsUser", "runAsGroup"):
            value = getattr(sc, name)
            if _outside(value):
                yield ctx.problem(ref.field("securityContext", name),
                                  f"{who} fixes {name}: {value}, outside OpenShift's project ID range ({_RANGE_TEXT})",
                                  fixed_fix, container=ref)
        if sc.privileged:
            yield ctx.problem(ref.field("securityContext", "privileged"),
                              f"{who} is privileged, which restricted-v2 refuses", "Set privileged: false.", container=ref)
        if sc.allowPrivilegeEscalation:
            yield ctx.problem(ref.field("securityContext", "allowPrivilegeEscalation"),
                              f"{who} allows privilege escalation, which restricted-v2 refuses",
                              "Set allowPrivilegeEscalation: false.", container=ref)
        added = sc.capabilities.add if sc.capabilities and sc.capabilities.add else []
        for index, capability in enumerate(added):
            if str(capability) not in ALLOWED_CAPABILITIES:
                yield ctx.problem(ref.field("securityContext", "capabilities", "add", index),
                                  f"{who} adds the capability {capability}; restricted-v2 allows only NET_BIND_SERVICE",
                                  "Remove it from capabilities.add.", container=ref)
        for index, port in enumerate(ref.container.ports or ()):
            if port.hostPort:
                yield ctx.problem(ref.field("ports", index, "hostPort"),
                                  f"{who} binds host port {port.hostPort}, which restricted-v2 refuses",
                                  "Remove hostPort; use a Service or Route.", container=ref)
        yield from _profiles(ctx, ref.field("securityContext"), sc, who, ref)


def _outside(value: object) -> bool:
    # The range is dslint.knowledge.kubernetes's, shared with the values lane (DS301, DS303).
    return isinstance(value, int) and not in_project_range(value)


def _profiles(ctx: ManifestContext, base: Path, security: SecurityContext | PodSecurityContext, who: str,
              ref: ContainerRef | None) -> Iterator[ManifestProblem]:
    """Seccomp (runtime/default only) and SELinux (assigned by the project: MustRunAs)."""
    seccomp = security.seccompProfile.type if security.seccompProfile else None
    if seccomp not in (None, "RuntimeDefault"):
        yield ctx.problem(base + ("seccompProfile", "type"),
                          f"{who} uses the seccomp profile {seccomp}; restricted-v2 allows only RuntimeDefault",
                          "Use seccompProfile.type: RuntimeDefault (or leave it unset).", container=ref)
    options = security.seLinuxOptions
    if options is not None:
        for name in ("user", "role", "type", "level"):
            if getattr(options, name):
                yield ctx.problem(base + ("seLinuxOptions", name),
                                  f"{who} sets seLinuxOptions.{name}; restricted-v2 assigns the project's SELinux context",
                                  "Remove seLinuxOptions (or leave it empty).", container=ref)
