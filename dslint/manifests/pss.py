"""The Pod Security Standards, control by control, over one pod, at one policy version.

Implemented from the controls' definitions (the Kubernetes documentation and
Pod Security Admission's policy checks); which control applies at which policy
version, and what changed when, is data in `dslint.knowledge.pss_controls`.
The levels are cumulative, so `baseline()` yields the Baseline controls and
`restricted()` only what Restricted adds.  A pod passes Restricted when both
yield nothing.  Where a field fails both levels (an Unconfined seccomp
profile, a hostPath volume, a capability outside the Baseline list) only the
Baseline control reports it, so one mistake is one finding; where Restricted
is stricter than a relaxed Baseline control (an unmasked /proc in a user
namespace, from 1.35) Restricted's own control reports it.

Every violation names its control, the container (init and ephemeral
containers included), and the field path inside the object.  A field the
policy requires but the pod lacks is named at the place it should be set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from dslint.findings import FieldPath as Path
from dslint.knowledge.kubernetes import APPARMOR_ANNOTATION
from dslint.knowledge.pss_controls import Control, control
from dslint.manifests.objects import EPHEMERAL, INIT, ContainerRef, PodTemplate

APPARMOR_TYPES = frozenset({"RuntimeDefault", "Localhost"})
SECCOMP_TYPES = frozenset({"RuntimeDefault", "Localhost"})
# The alpha seccomp annotations policies before 1.19 read, and the values they allow.
SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/"
SECCOMP_ANNOTATION_VALUES = frozenset({"runtime/default", "docker/default"})
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
LIFECYCLE_HANDLERS = ("postStart", "preStop")


class Violation(NamedTuple):
    control: str  # the control's name in the Kubernetes documentation
    field: Path
    message: str
    fix: str
    container: ContainerRef | None = None


def describe(ref: ContainerRef) -> str:
    kind = {INIT: "init container", EPHEMERAL: "ephemeral container"}.get(ref.list_name, "container")
    return f"{kind} {ref.name!r}"


class _Pod:
    """One pod at one policy version: which controls apply, and how violations are made."""

    __slots__ = ("minor", "pod", "user_namespace", "windows")

    def __init__(self, pod: PodTemplate, minor: int) -> None:
        self.pod = pod
        self.minor = minor
        self.windows = pod.is_windows
        self.user_namespace = pod.spec.hostUsers is False

    def applies(self, control_id: str) -> Control | None:
        found = control(control_id)
        if found.exempts(self.minor, windows=self.windows, user_namespace=self.user_namespace):
            return None
        return found

    def run(self, checks: tuple[tuple[str, ControlCheck], ...]) -> Iterator[Violation]:
        """Each (control ID, check) whose control is in force for this pod."""
        for control_id, check in checks:
            found = self.applies(control_id)
            if found is not None:
                yield from check(self, found)

    @staticmethod
    def violation(found: Control, field: Path, message: str, fix: str, ref: ContainerRef | None = None) -> Violation:
        return Violation(found.title, field, message, fix, ref)


# One control's check of one pod: the violations it finds.
ControlCheck = Callable[[_Pod, Control], Iterator[Violation]]


def _security_settings(pod: PodTemplate, name: str) -> list[tuple[Path, Any, str, ContainerRef | None]]:
    """(path, value, who, container) of `securityContext.<name>` for the pod and each container."""
    out: list[tuple[Path, Any, str, ContainerRef | None]] = [(pod.field("securityContext", name), getattr(pod.security, name), "the pod", None)]
    out += [(ref.field("securityContext", name), getattr(ref.security, name), describe(ref), ref)
            for ref in pod.containers()]
    return out


# --- Baseline ----------------------------------------------------------------------


def baseline(pod: PodTemplate, minor: int) -> Iterator[Violation]:
    """The Baseline controls in force at policy 1.`minor`."""
    yield from _Pod(pod, minor).run(BASELINE_CHECKS)


def _host_process(at: _Pod, found: Control) -> Iterator[Violation]:
    pod = at.pod
    windows = pod.security.windowsOptions
    if windows and windows.hostProcess:
        yield at.violation(found, pod.field("securityContext", "windowsOptions", "hostProcess"),
                           "the pod runs Windows HostProcess containers (hostProcess: true)",
                           "Remove windowsOptions.hostProcess: HostProcess containers have privileged access to the node.")
    for ref in pod.containers():
        options = ref.security.windowsOptions
        if options and options.hostProcess:
            yield at.violation(found, ref.field("securityContext", "windowsOptions", "hostProcess"),
                               f"{describe(ref)} is a Windows HostProcess container (hostProcess: true)",
                               "Remove windowsOptions.hostProcess.", ref)


def _host_namespaces(at: _Pod, found: Control) -> Iterator[Violation]:
    for name in ("hostNetwork", "hostPID", "hostIPC"):
        if getattr(at.pod.spec, name):
            yield at.violation(found, at.pod.field(name), f"the pod shares the node's namespace ({name}: true)",
                               f"Remove {name} (or set it to false).")


def _privileged(at: _Pod, found: Control) -> Iterator[Violation]:
    for ref in at.pod.containers():
        if ref.security.privileged:
            yield at.violation(found, ref.field("securityContext", "privileged"),
                               f"{describe(ref)} runs privileged (privileged: true)",
                               "Set securityContext.privileged to false: a privileged container can take over the node.",
                               ref)


def _added_capabilities(ref: ContainerRef) -> list[str]:
    caps = ref.security.capabilities
    return list(caps.add or ()) if caps else []


def _baseline_capabilities(at: _Pod, found: Control) -> Iterator[Violation]:
    allowed = found.allowed(at.minor)
    for ref in at.pod.containers():
        for index, capability in enumerate(_added_capabilities(ref)):
            # Admission compares names exactly: `CAP_CHOWN` or `chown` is not `CHOWN`.
            if str(capability) not in allowed:
                yield at.violation(found, ref.field("securityContext", "capabilities", "add", index),
                                   f"{describe(ref)} adds the capability {capability}, which Baseline forbids",
                                   "Remove it from capabilities.add; Baseline allows only the container runtime's "
                                   "default set.", ref)


def _host_path(at: _Pod, found: Control) -> Iterator[Violation]:
    for index, volume in enumerate(at.pod.spec.volumes or ()):
        if "hostPath" in volume.source_types:
            yield at.violation(found, at.pod.field("volumes", index, "hostPath"),
                               f"volume {volume.name!r} mounts a directory of the node (hostPath)",
                               "Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath.")


def _host_ports(at: _Pod, found: Control) -> Iterator[Violation]:
    for ref in at.pod.containers():
        for index, port in enumerate(ref.container.ports or ()):
            if port.hostPort:
                yield at.violation(found, ref.field("ports", index, "hostPort"),
                                   f"{describe(ref)} binds host port {port.hostPort}",
                                   "Remove hostPort; expose the port through a Service instead.", ref)


def _host_probes(at: _Pod, found: Control) -> Iterator[Violation]:
    for ref in at.pod.containers():
        container = ref.container
        handlers: list[tuple[tuple[str, ...], Any]] = [((probe,), getattr(container, probe)) for probe in PROBES]
        lifecycle = container.lifecycle
        if lifecycle is not None:
            handlers += [(("lifecycle", name), getattr(lifecycle, name)) for name in LIFECYCLE_HANDLERS]
        for place, handler in handlers:
            if handler is None:
                continue
            for action in ("httpGet", "tcpSocket"):
                target = getattr(handler, action)
                if target is not None and target.host:
                    what = ".".join(place)
                    yield at.violation(found, ref.field(*place, action, "host"),
                                       f"{describe(ref)} sends its {what} {action} to host {target.host!r}",
                                       f"Remove {what}.{action}.host: the kubelet would connect to that host from "
                                       "the node; the pod's own IP is the default.", ref)


def _apparmor(at: _Pod, found: Control) -> Iterator[Violation]:
    pod = at.pod
    for key, value in (pod.metadata.annotations or {}).items():
        if str(key).startswith(APPARMOR_ANNOTATION):
            profile = "" if value is None else str(value)
            if profile and profile != "runtime/default" and not profile.startswith("localhost/"):
                yield at.violation(found, pod.metadata_path + ("annotations", key),
                                   f"the AppArmor profile of container {str(key)[len(APPARMOR_ANNOTATION):]!r} "
                                   f"is {profile!r}", "Use runtime/default or a localhost/ profile.")
    for path, profile, who, ref in _security_settings(pod, "appArmorProfile"):
        if profile is not None and profile.type not in APPARMOR_TYPES:
            state = "disables AppArmor" if profile.type == "Unconfined" else "sets an AppArmor profile type"
            yield at.violation(found, path + ("type",), f"{who} {state} (appArmorProfile.type: {profile.type})",
                               "Use RuntimeDefault or Localhost.", ref)


def _selinux(at: _Pod, found: Control) -> Iterator[Violation]:
    allowed = found.allowed(at.minor)
    for path, options, who, ref in _security_settings(at.pod, "seLinuxOptions"):
        if options is None:
            continue
        if (options.type or "") not in allowed:
            yield at.violation(found, path + ("type",), f"{who} sets the SELinux type {options.type!r}",
                               f"Remove seLinuxOptions.type or use one of {', '.join(sorted(t for t in allowed if t))}.",
                               ref)
        for name in ("user", "role"):
            if getattr(options, name):
                yield at.violation(found, path + (name,),
                                   f"{who} sets a custom SELinux {name} ({getattr(options, name)!r})",
                                   f"Remove seLinuxOptions.{name}.", ref)


def _proc_mount(at: _Pod, found: Control) -> Iterator[Violation]:
    yield from _unmasked_proc(at, found, "Remove procMount (or set it to Default).")


def _unmasked_proc(at: _Pod, found: Control, fix: str) -> Iterator[Violation]:
    for ref in at.pod.containers():
        mount = ref.security.procMount
        if mount is not None and mount != "Default":
            yield at.violation(found, ref.field("securityContext", "procMount"),
                               f"{describe(ref)} unmasks /proc (procMount: {mount})", fix, ref)


def _seccomp_baseline(at: _Pod, found: Control) -> Iterator[Violation]:
    if found.step(at.minor) == found.steps[0]:  # before the seccompProfile fields: the alpha annotations
        yield from _seccomp_annotations(at, found)
        return
    for path, profile, who, ref in _security_settings(at.pod, "seccompProfile"):
        if profile is not None and profile.type not in SECCOMP_TYPES:
            state = "disables seccomp" if profile.type == "Unconfined" else "sets a seccomp profile type"
            yield at.violation(found, path + ("type",), f"{who} {state} (seccompProfile.type: {profile.type})",
                               "Use seccompProfile.type: RuntimeDefault (or Localhost).", ref)


def _seccomp_annotations(at: _Pod, found: Control) -> Iterator[Violation]:
    """Policies before 1.19: the alpha annotations are what selects a profile."""
    pod = at.pod
    annotations = pod.metadata.annotations or {}
    keys: list[tuple[str, str, ContainerRef | None]] = [(SECCOMP_POD_ANNOTATION, "the pod", None)]
    keys += [(SECCOMP_CONTAINER_ANNOTATION + ref.name, describe(ref), ref) for ref in pod.containers()]
    for key, who, ref in keys:
        if key not in annotations:
            continue
        value = "" if annotations[key] is None else str(annotations[key])
        if value not in SECCOMP_ANNOTATION_VALUES and not value.startswith("localhost/"):
            yield at.violation(found, pod.metadata_path + ("annotations", key),
                               f"{who} selects the seccomp profile {value!r} ({key})",
                               "Use runtime/default (or a localhost/ profile).", ref)


def _sysctls(at: _Pod, found: Control) -> Iterator[Violation]:
    allowed = found.allowed(at.minor)
    for index, sysctl in enumerate(at.pod.security.sysctls or ()):
        name = sysctl.name
        if name is not None and name not in allowed:
            yield at.violation(found, at.pod.field("securityContext", "sysctls", index, "name"),
                               f"the pod sets the sysctl {name}, which is not in the safe set of policy 1.{at.minor}",
                               "Remove it; Baseline allows only namespaced sysctls that cannot affect other pods.")


# --- Restricted (what it adds to Baseline) ---------------------------------------------


def restricted(pod: PodTemplate, minor: int) -> Iterator[Violation]:
    """What Restricted adds to Baseline at policy 1.`minor`."""
    yield from _Pod(pod, minor).run(RESTRICTED_CHECKS)


def _volume_types(at: _Pod, found: Control) -> Iterator[Violation]:
    allowed = found.allowed(at.minor)
    for index, volume in enumerate(at.pod.spec.volumes or ()):
        sources = volume.source_types
        # A volume with no source is an emptyDir (the API's default); hostPath is Baseline's.
        if not sources or any(s in allowed for s in sources) or "hostPath" in sources:
            continue
        source = sources[0]
        yield at.violation(found, at.pod.field("volumes", index, source),
                           f"volume {volume.name!r} is a {source} volume, which Restricted does not allow",
                           "Use a PersistentVolumeClaim (or configMap, secret, emptyDir, projected, downwardAPI, "
                           "csi, ephemeral, image).")


def _privilege_escalation(at: _Pod, found: Control) -> Iterator[Violation]:
    for ref in at.pod.containers():
        allowed = ref.security.allowPrivilegeEscalation
        if allowed is not False:
            state = ("allows privilege escalation (allowPrivilegeEscalation: true)" if allowed
                     else "does not set allowPrivilegeEscalation: false")
            yield at.violation(found, ref.field("securityContext", "allowPrivilegeEscalation"),
                               f"{describe(ref)} {state}", "Set securityContext.allowPrivilegeEscalation: false.", ref)


def _run_as_non_root(at: _Pod, found: Control) -> Iterator[Violation]:
    pod = at.pod
    pod_setting = pod.security.runAsNonRoot
    if pod_setting is False:
        yield at.violation(found, pod.field("securityContext", "runAsNonRoot"),
                           "the pod allows running as root (runAsNonRoot: false)", "Set runAsNonRoot: true.")
    for ref in pod.containers():
        setting = ref.security.runAsNonRoot
        if setting is False:
            yield at.violation(found, ref.field("securityContext", "runAsNonRoot"),
                               f"{describe(ref)} allows running as root (runAsNonRoot: false)",
                               "Set runAsNonRoot: true.", ref)
        elif setting is None and pod_setting is None:
            yield at.violation(found, ref.field("securityContext", "runAsNonRoot"),
                               f"{describe(ref)} does not set runAsNonRoot: true (nor does the pod)",
                               "Set runAsNonRoot: true on the container or the pod.", ref)


def _run_as_user(at: _Pod, found: Control) -> Iterator[Violation]:
    pod = at.pod
    if pod.security.runAsUser == 0:
        yield at.violation(found, pod.field("securityContext", "runAsUser"), "the pod runs as root (runAsUser: 0)",
                           "Set runAsUser to a non-zero UID (or remove it).")
    for ref in pod.containers():
        if ref.security.runAsUser == 0:
            yield at.violation(found, ref.field("securityContext", "runAsUser"),
                               f"{describe(ref)} runs as root (runAsUser: 0)",
                               "Set runAsUser to a non-zero UID (or remove it).", ref)


def _seccomp_restricted(at: _Pod, found: Control) -> Iterator[Violation]:
    # A profile set to a forbidden type is Baseline's finding; Restricted adds "set one".
    if at.pod.security.seccompProfile is not None:
        return
    for ref in at.pod.containers():
        if ref.security.seccompProfile is None:
            yield at.violation(found, ref.field("securityContext", "seccompProfile", "type"),
                               f"{describe(ref)} has no seccomp profile (nor does the pod)",
                               "Set seccompProfile.type: RuntimeDefault on the pod or the container.", ref)


def _restricted_capabilities(at: _Pod, found: Control) -> Iterator[Violation]:
    allowed = found.allowed(at.minor)
    baseline_set = control("capabilities_baseline").allowed(at.minor)
    for ref in at.pod.containers():
        caps = ref.security.capabilities
        dropped = {str(c) for c in caps.drop or ()} if caps else set()
        if "ALL" not in dropped:
            yield at.violation(found, ref.field("securityContext", "capabilities", "drop"),
                               f"{describe(ref)} does not drop ALL capabilities",
                               "Set securityContext.capabilities.drop: [ALL].", ref)
        for index, capability in enumerate(_added_capabilities(ref)):
            name = str(capability)
            # Capabilities outside the Baseline set are Baseline's finding.
            if name in baseline_set and name not in allowed:
                yield at.violation(found, ref.field("securityContext", "capabilities", "add", index),
                                   f"{describe(ref)} adds the capability {capability}; Restricted allows only "
                                   f"{', '.join(sorted(allowed))}", "Remove it from capabilities.add.", ref)


def _proc_mount_restricted(at: _Pod, found: Control) -> Iterator[Violation]:
    # Where Baseline's control still applies, it has reported the same field.
    if at.applies("procMount") is not None:
        return
    yield from _unmasked_proc(at, found, "Remove procMount (or set it to Default): Restricted keeps /proc masked "
                                         "even in a user namespace.")


# The checks, by the control they implement (pss_controls says when each applies).
BASELINE_CHECKS = (
    ("windowsHostProcess", _host_process),
    ("hostNamespaces", _host_namespaces),
    ("privileged", _privileged),
    ("capabilities_baseline", _baseline_capabilities),
    ("hostPathVolumes", _host_path),
    ("hostPorts", _host_ports),
    ("hostProbesAndHostLifecycle", _host_probes),
    ("appArmorProfile", _apparmor),
    ("seLinuxOptions", _selinux),
    ("procMount", _proc_mount),
    ("seccompProfile_baseline", _seccomp_baseline),
    ("sysctls", _sysctls),
)
RESTRICTED_CHECKS = (
    ("restrictedVolumes", _volume_types),
    ("allowPrivilegeEscalation", _privilege_escalation),
    ("runAsNonRoot", _run_as_non_root),
    ("runAsUser", _run_as_user),
    ("seccompProfile_restricted", _seccomp_restricted),
    ("capabilities_restricted", _restricted_capabilities),
    ("procMount_restricted", _proc_mount_restricted),
)
