"""The Pod Security Standards' controls, policy version by policy version: data only.

Pod Security Admission evaluates a pod against a *policy version*
(`pod-security.kubernetes.io/enforce-version: v1.30`, or `latest`): each
control has a first version, and some change at later versions (a wider safe
set, a new exemption).  This module is the one place that says which: the
checks in `dslint.manifests.pss` look every versioned fact up here, and the
table in docs/manifests.md is tested against it.

Facts from the upstream policy definitions (kubernetes/pod-security-admission,
`policy/check_*.go`); `id` is the upstream check ID, which is also the name of
the upstream test fixtures (`hostports0.yaml`), `title` the name the
Kubernetes documentation uses.
"""

from __future__ import annotations

from typing import NamedTuple

from dslint.knowledge.kubernetes import RESTRICTED_CAPABILITIES, RESTRICTED_VOLUMES
from dslint.load.errors import InputError

BASELINE, RESTRICTED = "baseline", "restricted"

# The newest policy version dslint knows; `latest` (and any newer version) means this one.
LATEST_POLICY = 37

# Exemptions a version step may bring (`Step.exempt`).
WINDOWS_PODS = "windows"  # spec.os.name: windows
USER_NAMESPACE_PODS = "user-namespace"  # spec.hostUsers: false


class Step(NamedTuple):
    """What a control checks from one policy version on (until the next step)."""

    since: int  # the policy's minor version: 1.<since>
    change: str  # in the user's words, for docs and messages
    # The values the control allows from this version (sysctls, SELinux types), when it has a list.
    allowed: frozenset[str] = frozenset()
    # Pods the control no longer applies to from this version.
    exempt: frozenset[str] = frozenset()


class Control(NamedTuple):
    id: str
    title: str
    level: str
    steps: tuple[Step, ...]  # oldest first
    # The Baseline control this one replaces at Restricted (upstream's OverrideCheckIDs).
    overrides: str = ""

    @property
    def since(self) -> int:
        return self.steps[0].since

    def step(self, minor: int) -> Step | None:
        """The step in force at policy 1.`minor`; None before the control exists."""
        current = None
        for step in self.steps:
            if step.since <= minor:
                current = step
        return current

    def exempts(self, minor: int, *, windows: bool, user_namespace: bool) -> bool:
        step = self.step(minor)
        if step is None:
            return True
        return (windows and WINDOWS_PODS in step.exempt) or (user_namespace and USER_NAMESPACE_PODS in step.exempt)

    def allowed(self, minor: int) -> frozenset[str]:
        step = self.step(minor)
        return step.allowed if step is not None else frozenset()


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SYSCTLS_1_0 = _names("kernel.shm_rmid_forced net.ipv4.ip_local_port_range net.ipv4.tcp_syncookies "
                      "net.ipv4.ping_group_range net.ipv4.ip_unprivileged_port_start")
_SYSCTLS_1_27 = _SYSCTLS_1_0 | _names("net.ipv4.ip_local_reserved_ports")
_SYSCTLS_1_29 = _SYSCTLS_1_27 | _names("net.ipv4.tcp_keepalive_time net.ipv4.tcp_fin_timeout "
                                       "net.ipv4.tcp_keepalive_intvl net.ipv4.tcp_keepalive_probes")
_SYSCTLS_1_32 = _SYSCTLS_1_29 | _names("net.ipv4.tcp_rmem net.ipv4.tcp_wmem")
_SYSCTLS_1_37 = _SYSCTLS_1_32 | _names("net.ipv4.tcp_slow_start_after_idle net.ipv4.tcp_notsent_lowat")

# "" is an SELinux type left unset.
_SELINUX_1_0 = frozenset({"", "container_t", "container_init_t", "container_kvm_t"})
_SELINUX_1_31 = _SELINUX_1_0 | {"container_engine_t"}

_WINDOWS = frozenset({WINDOWS_PODS})
_USERNS = frozenset({USER_NAMESPACE_PODS})

CONTROLS: tuple[Control, ...] = (
    # --- Baseline ---
    Control("windowsHostProcess", "HostProcess", BASELINE, (Step(0, "windowsOptions.hostProcess: true is refused"),)),
    Control("hostNamespaces", "Host Namespaces", BASELINE, (Step(0, "hostNetwork, hostPID and hostIPC are refused"),)),
    Control("privileged", "Privileged Containers", BASELINE, (Step(0, "privileged: true is refused"),)),
    Control("capabilities_baseline", "Capabilities", BASELINE, (
        Step(0, "only the container runtime's default capabilities may be added",
             _names("AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID "
                    "SETPCAP SETUID SYS_CHROOT")),
    )),
    Control("hostPathVolumes", "HostPath Volumes", BASELINE, (Step(0, "hostPath volumes are refused"),)),
    Control("hostPorts", "Host Ports", BASELINE, (Step(0, "a non-zero hostPort is refused"),)),
    Control("hostProbesAndHostLifecycle", "Host Probes / Lifecycle Hooks", BASELINE, (
        Step(34, "a host in an httpGet or tcpSocket probe or lifecycle handler is refused"),
    )),
    Control("appArmorProfile", "AppArmor", BASELINE, (
        Step(0, "an AppArmor profile other than RuntimeDefault / Localhost (runtime/default, localhost/*) is refused"),
    )),
    Control("seLinuxOptions", "SELinux", BASELINE, (
        Step(0, "a custom SELinux user or role, or a type other than container_t, container_init_t, container_kvm_t, "
                "is refused", _SELINUX_1_0),
        Step(31, "container_engine_t is allowed", _SELINUX_1_31),
    )),
    Control("procMount", "/proc Mount Type", BASELINE, (
        Step(0, "a procMount other than Default is refused"),
        Step(35, "pods with hostUsers: false may unmask /proc", exempt=_USERNS),
    )),
    Control("seccompProfile_baseline", "Seccomp", BASELINE, (
        Step(0, "the alpha annotations seccomp.security.alpha.kubernetes.io/pod and "
                "container.seccomp.security.alpha.kubernetes.io/* may only name runtime/default, docker/default "
                "or localhost/*"),
        Step(19, "the seccompProfile fields replace the annotations: a type other than RuntimeDefault or "
                 "Localhost is refused"),
    )),
    Control("sysctls", "Sysctls", BASELINE, (
        Step(0, "only kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, "
                "net.ipv4.ping_group_range and net.ipv4.ip_unprivileged_port_start", _SYSCTLS_1_0),
        Step(27, "adds net.ipv4.ip_local_reserved_ports", _SYSCTLS_1_27),
        Step(29, "adds net.ipv4.tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl, tcp_keepalive_probes",
             _SYSCTLS_1_29),
        Step(32, "adds net.ipv4.tcp_rmem, net.ipv4.tcp_wmem", _SYSCTLS_1_32),
        Step(37, "adds net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat", _SYSCTLS_1_37),
    )),
    # --- Restricted (what it adds to Baseline) ---
    Control("restrictedVolumes", "Volume Types", RESTRICTED, (
        Step(0, "only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected "
                "and secret volumes",
             RESTRICTED_VOLUMES | {"image"}),
    ), overrides="hostPathVolumes"),
    Control("allowPrivilegeEscalation", "Privilege Escalation", RESTRICTED, (
        Step(8, "allowPrivilegeEscalation must be false"),
        Step(25, "Windows pods are exempt", exempt=_WINDOWS),
    )),
    Control("runAsNonRoot", "Running as Non-root", RESTRICTED, (
        Step(0, "runAsNonRoot must be true (the pod's covers containers that do not set it)"),
        Step(35, "pods with hostUsers: false are exempt", exempt=_USERNS),
    )),
    Control("runAsUser", "Running as Non-root user", RESTRICTED, (
        Step(23, "runAsUser: 0 is refused"),
        Step(35, "pods with hostUsers: false are exempt", exempt=_USERNS),
    )),
    Control("seccompProfile_restricted", "Seccomp", RESTRICTED, (
        Step(19, "the pod or every container must set seccompProfile.type RuntimeDefault or Localhost"),
        Step(25, "Windows pods are exempt", exempt=_WINDOWS),
    ), overrides="seccompProfile_baseline"),
    Control("capabilities_restricted", "Capabilities", RESTRICTED, (
        Step(22, "capabilities.drop must contain ALL; only NET_BIND_SERVICE may be added", RESTRICTED_CAPABILITIES),
        Step(25, "Windows pods are exempt", RESTRICTED_CAPABILITIES, _WINDOWS),
    ), overrides="capabilities_baseline"),
    Control("procMount_restricted", "/proc Mount Type", RESTRICTED, (
        Step(35, "a procMount other than Default is refused, hostUsers: false or not"),
    ), overrides="procMount"),
)

CONTROLS_BY_ID: dict[str, Control] = {control.id: control for control in CONTROLS}


def control(control_id: str) -> Control:
    return CONTROLS_BY_ID[control_id]


def policy_minor(pss_version: str | None, kube_version: str) -> int:
    """`--pss-version` as the minor of the policy to apply.

    Unset: the policy of the target Kubernetes version (`kube_version`, already
    normalized), as a namespace labelled without `enforce-version` gets.
    `latest`, or a version newer than dslint knows, is the newest policy.
    """
    from dslint.manifests.kube_versions import normalize_kube_version

    if pss_version is None or not str(pss_version).strip():
        text = kube_version
    elif str(pss_version).strip().lower() == "latest":
        return LATEST_POLICY
    else:
        try:
            text = normalize_kube_version(str(pss_version))
        except InputError:
            raise InputError(f"--pss-version {pss_version!r} is not a policy version (like v1.30, 1.30 or latest)") \
                from None
    return min(int(text.split(".")[1]), LATEST_POLICY)
