"""The Pod Security Standards, control by control, over one pod.

Implemented from the controls' definitions in the Kubernetes documentation
("Pod Security Standards"), as Pod Security Admission evaluates them: the
levels are cumulative, so `baseline()` yields the Baseline controls and
`restricted()` only what Restricted adds.  A pod passes Restricted when both
yield nothing.  Where a field fails both levels (an Unconfined seccomp
profile, a hostPath volume, a capability outside the Baseline list) only the
Baseline control reports it, so one mistake is one finding.

Every violation names its control, the container (init and ephemeral
containers included), and the field path inside the object.  A field the
policy requires but the pod lacks is named at the place it should be set.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from dslint.knowledge.kubernetes import (
    APPARMOR_ANNOTATION,
    BASELINE_CAPABILITIES,
    RESTRICTED_CAPABILITIES,
    RESTRICTED_VOLUMES,
    SAFE_SYSCTLS,
    SECCOMP_ALLOWED,
    selinux_types,
)
from dslint.manifests.objects import ContainerRef, INIT, EPHEMERAL, PodTemplate

Path = tuple

class Violation(NamedTuple):
    control: str  # the control's name in the Kubernetes documentation
    field: Path
    message: str
    fix: str
    container: ContainerRef | None = None


def describe(ref: ContainerRef) -> str:
    kind = {INIT: "init container", EPHEMERAL: "ephemeral container"}.get(ref.list_name, "container")
    return f"{kind} {ref.name!r}"


# --- Baseline ----------------------------------------------------------------------


def baseline(pod: PodTemplate, minor: int) -> Iterator[Violation]:
    spec, psc = pod.spec, pod.security
    # HostProcess
    if psc.windowsOptions and psc.windowsOptions.hostProcess:
        yield Violation("HostProcess", pod.field("securityContext", "windowsOptions", "hostProcess"),
                        "the pod runs Windows HostProcess containers (hostProcess: true)",
                        "Remove windowsOptions.hostProcess: HostProcess containers have privileged access to the node.")
    for ref in pod.containers():
        sc = ref.security
        if sc.windowsOptions and sc.windowsOptions.hostProcess:
            yield Violation("HostProcess", ref.field("securityContext", "windowsOptions", "hostProcess"),
                            f"{describe(ref)} is a Windows HostProcess container (hostProcess: true)",
                            "Remove windowsOptions.hostProcess.", ref)
    # Host Namespaces
    for name in ("hostNetwork", "hostPID", "hostIPC"):
        if getattr(spec, name):
            yield Violation("Host Namespaces", pod.field(name),
                            f"the pod shares the node's namespace ({name}: true)",
                            f"Remove {name} (or set it to false).")
    for ref in pod.containers():
        sc = ref.security
        # Privileged Containers
        if sc.privileged:
            yield Violation("Privileged Containers", ref.field("securityContext", "privileged"),
                            f"{describe(ref)} runs privileged (privileged: true)",
                            "Set securityContext.privileged to false: a privileged container can take over the node.", ref)
        # Capabilities
        added = sc.capabilities.add if sc.capabilities and sc.capabilities.add else []
        for index, capability in enumerate(added):
            if _capability(capability) not in BASELINE_CAPABILITIES:
                yield Violation("Capabilities", ref.field("securityContext", "capabilities", "add", index),
                                f"{describe(ref)} adds the capability {capability}, which Baseline forbids",
                                "Remove it from capabilities.add; Baseline allows only the container runtime's default set.", ref)
        # Host Ports
        for index, port in enumerate(ref.container.ports or ()):
            if port is not None and port.hostPort:
                yield Violation("Host Ports", ref.field("ports", index, "hostPort"),
                                f"{describe(ref)} binds host port {port.hostPort}",
                                "Remove hostPort; expose the port through a Service instead.", ref)
        # /proc Mount Type
        if sc.procMount not in (None, "Default"):
            yield Violation("/proc Mount Type", ref.field("securityContext", "procMount"),
                            f"{describe(ref)} unmasks /proc (procMount: {sc.procMount})",
                            "Remove procMount (or set it to Default).", ref)
    # HostPath Volumes
    for index, volume in enumerate(spec.volumes or ()):
        if volume is not None and "hostPath" in volume.source_types:
            yield Violation("HostPath Volumes", pod.field("volumes", index, "hostPath"),
                            f"volume {volume.name!r} mounts a directory of the node (hostPath)",
                            "Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath.")
    yield from _apparmor(pod)
    yield from _selinux(pod, minor)
    yield from _seccomp_unconfined(pod)
    # Sysctls
    for index, sysctl in enumerate(psc.sysctls or ()):
        name = sysctl.name if sysctl is not None else None
        if name is not None and SAFE_SYSCTLS.get(name, 1000) > minor:
            yield Violation("Sysctls", pod.field("securityContext", "sysctls", index, "name"),
                            f"the pod sets the sysctl {name}, which is not in the safe set for Kubernetes 1.{minor}",
                            "Remove it; Baseline allows only namespaced sysctls that cannot affect other pods.")


def _capability(name: object) -> str:
    # Admission compares names exactly: `CAP_CHOWN` or `chown` is not `CHOWN`.
    return str(name)


def _apparmor(pod: PodTemplate) -> Iterator[Violation]:
    for key, value in (pod.metadata.annotations or {}).items():
        if str(key).startswith(APPARMOR_ANNOTATION):
            profile = str(value)
            if profile != "runtime/default" and not profile.startswith("localhost/"):
                yield Violation("AppArmor", pod.metadata_path + ("annotations", key),
                                f"the AppArmor profile of container {str(key)[len(APPARMOR_ANNOTATION):]!r} is {profile!r}",
                                "Use runtime/default or a localhost/ profile.")
    if pod.security.appArmorProfile and pod.security.appArmorProfile.type == "Unconfined":
        yield Violation("AppArmor", pod.field("securityContext", "appArmorProfile", "type"),
                        "the pod disables AppArmor (appArmorProfile.type: Unconfined)",
                        "Use RuntimeDefault or Localhost.")
    for ref in pod.containers():
        profile = ref.security.appArmorProfile
        if profile and profile.type == "Unconfined":
            yield Violation("AppArmor", ref.field("securityContext", "appArmorProfile", "type"),
                            f"{describe(ref)} disables AppArmor (appArmorProfile.type: Unconfined)",
                            "Use RuntimeDefault or Localhost.", ref)


def _selinux(pod: PodTemplate, minor: int) -> Iterator[Violation]:
    allowed = selinux_types(minor)
    places = [(pod.field("securityContext", "seLinuxOptions"), pod.security.seLinuxOptions, "the pod", None)]
    places += [(ref.field("securityContext", "seLinuxOptions"), ref.security.seLinuxOptions, describe(ref), ref)
               for ref in pod.containers()]
    for path, options, who, ref in places:
        if options is None:
            continue
        if options.type is not None and options.type not in allowed:
            yield Violation("SELinux", path + ("type",), f"{who} sets the SELinux type {options.type!r}",
                            f"Remove seLinuxOptions.type or use one of {', '.join(sorted(t for t in allowed if t))}.", ref)
        for name in ("user", "role"):
            if getattr(options, name):
                yield Violation("SELinux", path + (name,), f"{who} sets a custom SELinux {name} ({getattr(options, name)!r})",
                                f"Remove seLinuxOptions.{name}.", ref)


def _seccomp_unconfined(pod: PodTemplate) -> Iterator[Violation]:
    profile = pod.security.seccompProfile
    if profile and profile.type == "Unconfined":
        yield Violation("Seccomp", pod.field("securityContext", "seccompProfile", "type"),
                        "the pod disables seccomp (seccompProfile.type: Unconfined)",
                        "Use seccompProfile.type: RuntimeDefault.")
    for ref in pod.containers():
        profile = ref.security.seccompProfile
        if profile and profile.type == "Unconfined":
            yield Violation("Seccomp", ref.field("securityContext", "seccompProfile", "type"),
                            f"{describe(ref)} disables seccomp (seccompProfile.type: Unconfined)",
                            "Use seccompProfile.type: RuntimeDefault.", ref)


# --- Restricted (what it adds to Baseline) ---------------------------------------------


def restricted(pod: PodTemplate, minor: int) -> Iterator[Violation]:
    spec, psc = pod.spec, pod.security
    # Volume Types (hostPath is Baseline's)
    for index, volume in enumerate(spec.volumes or ()):
        if volume is None:
            continue
        for source in volume.source_types:
            if source not in RESTRICTED_VOLUMES and source != "hostPath":
                yield Violation("Volume Types", pod.field("volumes", index, source),
                                f"volume {volume.name!r} is a {source} volume, which Restricted does not allow",
                                "Use a PersistentVolumeClaim (or configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral).")
    windows = pod.is_windows
    # Running as Non-root
    pod_non_root = psc.runAsNonRoot is True
    if psc.runAsNonRoot is False:
        yield Violation("Running as Non-root", pod.field("securityContext", "runAsNonRoot"),
                        "the pod allows running as root (runAsNonRoot: false)",
                        "Set runAsNonRoot: true.")
    # Running as Non-root user
    if psc.runAsUser == 0:
        yield Violation("Running as Non-root user", pod.field("securityContext", "runAsUser"),
                        "the pod runs as root (runAsUser: 0)", "Set runAsUser to a non-zero UID (or remove it).")
    pod_seccomp = psc.seccompProfile.type if psc.seccompProfile else None
    for ref in pod.containers():
        sc = ref.security
        who = describe(ref)
        if not windows and sc.allowPrivilegeEscalation is not False:
            state = "allows privilege escalation (allowPrivilegeEscalation: true)" if sc.allowPrivilegeEscalation \
                else "does not set allowPrivilegeEscalation: false"
            yield Violation("Privilege Escalation", ref.field("securityContext", "allowPrivilegeEscalation"),
                            f"{who} {state}", "Set securityContext.allowPrivilegeEscalation: false.", ref)
        if sc.runAsNonRoot is False:
            yield Violation("Running as Non-root", ref.field("securityContext", "runAsNonRoot"),
                            f"{who} allows running as root (runAsNonRoot: false)", "Set runAsNonRoot: true.", ref)
        elif sc.runAsNonRoot is None and not pod_non_root:
            yield Violation("Running as Non-root", ref.field("securityContext", "runAsNonRoot"),
                            f"{who} does not set runAsNonRoot: true (nor does the pod)",
                            "Set runAsNonRoot: true on the container or the pod.", ref)
        if sc.runAsUser == 0:
            yield Violation("Running as Non-root user", ref.field("securityContext", "runAsUser"),
                            f"{who} runs as root (runAsUser: 0)", "Set runAsUser to a non-zero UID (or remove it).", ref)
        container_seccomp = sc.seccompProfile.type if sc.seccompProfile else None
        if not windows and container_seccomp is None and pod_seccomp is None:
            yield Violation("Seccomp", ref.field("securityContext", "seccompProfile", "type"),
                            f"{who} has no seccomp profile (nor does the pod)",
                            "Set seccompProfile.type: RuntimeDefault on the pod or the container.", ref)
        elif container_seccomp is not None and container_seccomp not in SECCOMP_ALLOWED | {"Unconfined"}:
            yield Violation("Seccomp", ref.field("securityContext", "seccompProfile", "type"),
                            f"{who} sets the seccomp profile type {container_seccomp!r}",
                            "Use seccompProfile.type: RuntimeDefault (or Localhost).", ref)
        if not windows:
            yield from _restricted_capabilities(ref)
    if pod_seccomp is not None and pod_seccomp not in SECCOMP_ALLOWED | {"Unconfined"}:
        yield Violation("Seccomp", pod.field("securityContext", "seccompProfile", "type"),
                        f"the pod sets the seccomp profile type {pod_seccomp!r}", "Use RuntimeDefault (or Localhost).")


def _restricted_capabilities(ref: ContainerRef) -> Iterator[Violation]:
    caps = ref.security.capabilities
    dropped = {_capability(c) for c in (caps.drop or ())} if caps else set()
    if "ALL" not in dropped:
        yield Violation("Capabilities", ref.field("securityContext", "capabilities", "drop"),
                        f"{describe(ref)} does not drop ALL capabilities",
                        "Set securityContext.capabilities.drop: [ALL].", ref)
    for index, capability in enumerate(caps.add or () if caps else ()):
        name = _capability(capability)
        # Capabilities outside the Baseline set are Baseline's finding.
        if name in BASELINE_CAPABILITIES and name not in RESTRICTED_CAPABILITIES:
            yield Violation("Capabilities", ref.field("securityContext", "capabilities", "add", index),
                            f"{describe(ref)} adds the capability {capability}; Restricted allows only NET_BIND_SERVICE",
                            "Remove it from capabilities.add.", ref)
