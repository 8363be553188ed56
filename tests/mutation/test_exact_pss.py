"""Pod Security Standards: the controls the PSA fixtures cover, checked without them (CI may lack them)."""

from __future__ import annotations

import pytest
from answers import finding_lines

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: {{type: RuntimeDefault}}
{pod}  containers:
    - name: app
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {{drop: [ALL]}}
{container}"""


def _check(run_cli, tmp_path, pod: str = "", container: str = "") -> list[str]:
    (tmp_path / "m.yaml").write_text(POD.format(pod=pod, container=container))
    result = run_cli("check", "--manifests", "m.yaml", "--select", "DS902,DS903", "--format", "json")
    return finding_lines(result)


def test_a_custom_selinux_role_or_user_fails_baseline_for_the_pod_and_each_container(run_cli, tmp_path):
    lines = _check(run_cli, tmp_path, pod="    seLinuxOptions:\n      role: sysadm_r\n",
                   container="        seLinuxOptions:\n          user: sysadm_u\n          role: object_r\n")
    assert lines == [
        "m.yaml:10:7 DS903 error SELinux: the pod sets a custom SELinux role ('sysadm_r')",
        "m.yaml:18:11 DS903 error SELinux: container 'app' sets a custom SELinux user ('sysadm_u')",
        "m.yaml:19:11 DS903 error SELinux: container 'app' sets a custom SELinux role ('object_r')",
    ]


def test_selinux_level_and_an_allowed_type_pass(run_cli, tmp_path):
    assert _check(run_cli, tmp_path, pod="    seLinuxOptions:\n      level: s0:c123,c456\n      type: container_t\n") == []


def test_a_custom_selinux_type_fails_with_the_allowed_ones_named(run_cli, tmp_path):
    (tmp_path / "m.yaml").write_text(POD.format(pod="    seLinuxOptions:\n      type: spc_t\n", container=""))
    result = run_cli("check", "--manifests", "m.yaml", "--select", "DS903", "--format", "json")
    [finding] = result.json()["findings"]
    assert (finding["message"], finding["fix"], finding["location"]["line"]) == (
        "SELinux: the pod sets the SELinux type 'spc_t'",
        "Remove seLinuxOptions.type or use one of container_engine_t, container_init_t, container_kvm_t, container_t.",
        10)


def test_a_pod_level_windows_hostprocess_fails_baseline(run_cli, tmp_path):
    lines = _check(run_cli, tmp_path, pod="    windowsOptions:\n      hostProcess: true\n")
    assert lines == ["m.yaml:10:7 DS903 error HostProcess: the pod runs Windows HostProcess containers (hostProcess: true)"]


def test_a_container_level_windows_hostprocess_fails_baseline(run_cli, tmp_path):
    lines = _check(run_cli, tmp_path, container="        windowsOptions:\n          hostProcess: true\n")
    assert lines == ["m.yaml:16:11 DS903 error HostProcess: container 'app' is a Windows HostProcess container (hostProcess: true)"]


def test_hostprocess_false_passes(run_cli, tmp_path):
    assert _check(run_cli, tmp_path, pod="    windowsOptions:\n      hostProcess: false\n",
                  container="        windowsOptions:\n          hostProcess: false\n") == []


# --- Whole answers, control by control and version by version ------------------------------------
# Each manifest below fails many controls at once; the expected answer lists every finding with its
# place, message, fix and the container the finding belongs to, at the policy versions where a control
# starts, changes or stops applying.  A check that reports the wrong field, words, fix or container,
# or applies at the wrong version, changes a line here.

# Fails every Baseline control once (the alpha seccomp annotations only before 1.19).
BASELINE_POD = '''\
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: unconfined
    container.seccomp.security.alpha.kubernetes.io/app: localhost/ok
    container.seccomp.security.alpha.kubernetes.io/init: ~
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  hostNetwork: true
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: Unconfined}
    sysctls:
      - {name: kernel.msgmax, value: "1"}
  volumes:
    - name: host
      hostPath: {path: /}
  initContainers:
    - name: init
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL], add: [SYS_ADMIN]}
        procMount: Unmasked
  containers:
    - name: app
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      ports:
        - {containerPort: 80, hostPort: 80}
      livenessProbe:
        httpGet: {host: example.com, port: 80}
      lifecycle:
        preStop:
          tcpSocket: {host: 10.0.0.1, port: 22}
      securityContext:
        privileged: true
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
        appArmorProfile: {type: Unconfined}
'''

# Fails the Restricted controls, in a user namespace (hostUsers: false exempts some from 1.35).
RESTRICTED_POD = '''\
apiVersion: v1
kind: Pod
metadata:
  name: r
spec:
  hostUsers: false
  securityContext:
    runAsNonRoot: false
    runAsUser: 0
  volumes:
    - name: cache
    - name: nfs
      nfs: {server: nfs.example.com, path: /}
    - name: data
      persistentVolumeClaim: {claimName: data}
  initContainers:
    - name: init
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      securityContext:
        runAsNonRoot: false
        runAsUser: 0
        procMount: Unmasked
        capabilities: {drop: [ALL], add: [NET_BIND_SERVICE, CHOWN, SYS_ADMIN]}
  containers:
    - name: app
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      securityContext:
        allowPrivilegeEscalation: true
        capabilities: {drop: [KILL]}
'''

# A container with no securityContext next to one that sets everything.
BARE_POD = '''\
apiVersion: v1
kind: Pod
metadata:
  name: r
spec:
  containers:
    - name: app
      image: docker.io/bitnami/os-shell:12-debian-12-r21
    - name: side
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
        capabilities: {drop: [ALL]}
        allowPrivilegeEscalation: false
'''

# A Windows pod: exempt from some Restricted controls from 1.25; sysctls and SELinux types by version.
WINDOWS_POD = '''\
apiVersion: v1
kind: Pod
metadata:
  name: w
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: runtime/default
    container.apparmor.security.beta.kubernetes.io/b: localhost/custom
    container.apparmor.security.beta.kubernetes.io/c: ""
spec:
  os: {name: windows}
  securityContext:
    runAsNonRoot: true
    appArmorProfile: {type: Localhost, localhostProfile: x}
    seLinuxOptions: {type: container_engine_t}
    sysctls:
      - {name: net.ipv4.tcp_rmem, value: "4096"}
      - {name: net.ipv4.tcp_keepalive_time, value: "1"}
      - {name: net.ipv4.ip_local_reserved_ports, value: "1"}
  containers:
    - name: app
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      securityContext:
        appArmorProfile: {type: Custom}
        seccompProfile: {type: Custom}
'''

ANSWERS = {
    (BASELINE_POD, "latest"): [
        "9:5 DS903 AppArmor: the AppArmor profile of container 'app' is 'unconfined' | Use runtime/default or a localhost/ profile. | None",
        "11:3 DS903 Host Namespaces: the pod shares the node's namespace (hostNetwork: true) | Remove hostNetwork (or set it to false). | None",
        '14:22 DS903 Seccomp: the pod disables seccomp (seccompProfile.type: Unconfined) | Use seccompProfile.type: RuntimeDefault (or Localhost). | None',
        '16:10 DS903 Sysctls: the pod sets the sysctl kernel.msgmax, which is not in the safe set of policy 1.37 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        "19:7 DS903 HostPath Volumes: volume 'host' mounts a directory of the node (hostPath) | Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath. | None",
        "25:43 DS903 Capabilities: init container 'init' adds the capability SYS_ADMIN, which Baseline forbids | Remove it from capabilities.add; Baseline allows only the container runtime's default set. | init",
        "26:9 DS903 /proc Mount Type: init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default). | init",
        "31:31 DS903 Host Ports: container 'app' binds host port 80 | Remove hostPort; expose the port through a Service instead. | app",
        "33:19 DS903 Host Probes / Lifecycle Hooks: container 'app' sends its livenessProbe httpGet to host 'example.com' | Remove livenessProbe.httpGet.host: the kubelet would connect to that host from the node; the pod's own IP is the default. | app",
        "36:23 DS903 Host Probes / Lifecycle Hooks: container 'app' sends its lifecycle.preStop tcpSocket to host '10.0.0.1' | Remove lifecycle.preStop.tcpSocket.host: the kubelet would connect to that host from the node; the pod's own IP is the default. | app",
        "38:9 DS903 Privileged Containers: container 'app' runs privileged (privileged: true) | Set securityContext.privileged to false: a privileged container can take over the node. | app",
        "41:27 DS903 AppArmor: container 'app' disables AppArmor (appArmorProfile.type: Unconfined) | Use RuntimeDefault or Localhost. | app",
    ],
    (BASELINE_POD, "1.18"): [
        "6:5 DS903 Seccomp: the pod selects the seccomp profile 'unconfined' (seccomp.security.alpha.kubernetes.io/pod) | Use runtime/default (or a localhost/ profile). | None",
        "8:5 DS903 Seccomp: init container 'init' selects the seccomp profile '' (container.seccomp.security.alpha.kubernetes.io/init) | Use runtime/default (or a localhost/ profile). | init",
        "9:5 DS903 AppArmor: the AppArmor profile of container 'app' is 'unconfined' | Use runtime/default or a localhost/ profile. | None",
        "11:3 DS903 Host Namespaces: the pod shares the node's namespace (hostNetwork: true) | Remove hostNetwork (or set it to false). | None",
        '16:10 DS903 Sysctls: the pod sets the sysctl kernel.msgmax, which is not in the safe set of policy 1.18 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        "19:7 DS903 HostPath Volumes: volume 'host' mounts a directory of the node (hostPath) | Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath. | None",
        "25:43 DS903 Capabilities: init container 'init' adds the capability SYS_ADMIN, which Baseline forbids | Remove it from capabilities.add; Baseline allows only the container runtime's default set. | init",
        "26:9 DS903 /proc Mount Type: init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default). | init",
        "31:31 DS903 Host Ports: container 'app' binds host port 80 | Remove hostPort; expose the port through a Service instead. | app",
        "38:9 DS903 Privileged Containers: container 'app' runs privileged (privileged: true) | Set securityContext.privileged to false: a privileged container can take over the node. | app",
        "41:27 DS903 AppArmor: container 'app' disables AppArmor (appArmorProfile.type: Unconfined) | Use RuntimeDefault or Localhost. | app",
    ],
    (BASELINE_POD, "1.19"): [
        "9:5 DS903 AppArmor: the AppArmor profile of container 'app' is 'unconfined' | Use runtime/default or a localhost/ profile. | None",
        "11:3 DS903 Host Namespaces: the pod shares the node's namespace (hostNetwork: true) | Remove hostNetwork (or set it to false). | None",
        '14:22 DS903 Seccomp: the pod disables seccomp (seccompProfile.type: Unconfined) | Use seccompProfile.type: RuntimeDefault (or Localhost). | None',
        '16:10 DS903 Sysctls: the pod sets the sysctl kernel.msgmax, which is not in the safe set of policy 1.19 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        "19:7 DS903 HostPath Volumes: volume 'host' mounts a directory of the node (hostPath) | Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath. | None",
        "25:43 DS903 Capabilities: init container 'init' adds the capability SYS_ADMIN, which Baseline forbids | Remove it from capabilities.add; Baseline allows only the container runtime's default set. | init",
        "26:9 DS903 /proc Mount Type: init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default). | init",
        "31:31 DS903 Host Ports: container 'app' binds host port 80 | Remove hostPort; expose the port through a Service instead. | app",
        "38:9 DS903 Privileged Containers: container 'app' runs privileged (privileged: true) | Set securityContext.privileged to false: a privileged container can take over the node. | app",
        "41:27 DS903 AppArmor: container 'app' disables AppArmor (appArmorProfile.type: Unconfined) | Use RuntimeDefault or Localhost. | app",
    ],
    (RESTRICTED_POD, "latest"): [
        "13:7 DS902 Volume Types: volume 'nfs' is a nfs volume, which Restricted does not allow | Use a PersistentVolumeClaim (or configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral, image). | None",
        "19:7 DS902 Privilege Escalation: init container 'init' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false. | init",
        "19:7 DS902 Seccomp: init container 'init' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | init",
        "22:9 DS902 /proc Mount Type: init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default): Restricted keeps /proc masked even in a user namespace. | init",
        "23:61 DS902 Capabilities: init container 'init' adds the capability CHOWN; Restricted allows only NET_BIND_SERVICE | Remove it from capabilities.add. | init",
        "23:68 DS903 Capabilities: init container 'init' adds the capability SYS_ADMIN, which Baseline forbids | Remove it from capabilities.add; Baseline allows only the container runtime's default set. | init",
        "27:7 DS902 Seccomp: container 'app' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | app",
        "28:9 DS902 Privilege Escalation: container 'app' allows privilege escalation (allowPrivilegeEscalation: true) | Set securityContext.allowPrivilegeEscalation: false. | app",
        "29:24 DS902 Capabilities: container 'app' does not drop ALL capabilities | Set securityContext.capabilities.drop: [ALL]. | app",
    ],
    (RESTRICTED_POD, "1.34"): [
        '8:5 DS902 Running as Non-root: the pod allows running as root (runAsNonRoot: false) | Set runAsNonRoot: true. | None',
        '9:5 DS902 Running as Non-root user: the pod runs as root (runAsUser: 0) | Set runAsUser to a non-zero UID (or remove it). | None',
        "13:7 DS902 Volume Types: volume 'nfs' is a nfs volume, which Restricted does not allow | Use a PersistentVolumeClaim (or configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral, image). | None",
        "19:7 DS902 Privilege Escalation: init container 'init' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false. | init",
        "19:7 DS902 Seccomp: init container 'init' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | init",
        "20:9 DS902 Running as Non-root: init container 'init' allows running as root (runAsNonRoot: false) | Set runAsNonRoot: true. | init",
        "21:9 DS902 Running as Non-root user: init container 'init' runs as root (runAsUser: 0) | Set runAsUser to a non-zero UID (or remove it). | init",
        "22:9 DS903 /proc Mount Type: init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default). | init",
        "23:61 DS902 Capabilities: init container 'init' adds the capability CHOWN; Restricted allows only NET_BIND_SERVICE | Remove it from capabilities.add. | init",
        "23:68 DS903 Capabilities: init container 'init' adds the capability SYS_ADMIN, which Baseline forbids | Remove it from capabilities.add; Baseline allows only the container runtime's default set. | init",
        "27:7 DS902 Seccomp: container 'app' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | app",
        "28:9 DS902 Privilege Escalation: container 'app' allows privilege escalation (allowPrivilegeEscalation: true) | Set securityContext.allowPrivilegeEscalation: false. | app",
        "29:24 DS902 Capabilities: container 'app' does not drop ALL capabilities | Set securityContext.capabilities.drop: [ALL]. | app",
    ],
    (RESTRICTED_POD, "1.35"): [
        "13:7 DS902 Volume Types: volume 'nfs' is a nfs volume, which Restricted does not allow | Use a PersistentVolumeClaim (or configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral, image). | None",
        "19:7 DS902 Privilege Escalation: init container 'init' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false. | init",
        "19:7 DS902 Seccomp: init container 'init' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | init",
        "22:9 DS902 /proc Mount Type: init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default): Restricted keeps /proc masked even in a user namespace. | init",
        "23:61 DS902 Capabilities: init container 'init' adds the capability CHOWN; Restricted allows only NET_BIND_SERVICE | Remove it from capabilities.add. | init",
        "23:68 DS903 Capabilities: init container 'init' adds the capability SYS_ADMIN, which Baseline forbids | Remove it from capabilities.add; Baseline allows only the container runtime's default set. | init",
        "27:7 DS902 Seccomp: container 'app' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | app",
        "28:9 DS902 Privilege Escalation: container 'app' allows privilege escalation (allowPrivilegeEscalation: true) | Set securityContext.allowPrivilegeEscalation: false. | app",
        "29:24 DS902 Capabilities: container 'app' does not drop ALL capabilities | Set securityContext.capabilities.drop: [ALL]. | app",
    ],
    (RESTRICTED_POD, "1.22"): [
        '8:5 DS902 Running as Non-root: the pod allows running as root (runAsNonRoot: false) | Set runAsNonRoot: true. | None',
        "13:7 DS902 Volume Types: volume 'nfs' is a nfs volume, which Restricted does not allow | Use a PersistentVolumeClaim (or configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral, image). | None",
        "19:7 DS902 Privilege Escalation: init container 'init' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false. | init",
        "19:7 DS902 Seccomp: init container 'init' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | init",
        "20:9 DS902 Running as Non-root: init container 'init' allows running as root (runAsNonRoot: false) | Set runAsNonRoot: true. | init",
        "22:9 DS903 /proc Mount Type: init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default). | init",
        "23:61 DS902 Capabilities: init container 'init' adds the capability CHOWN; Restricted allows only NET_BIND_SERVICE | Remove it from capabilities.add. | init",
        "23:68 DS903 Capabilities: init container 'init' adds the capability SYS_ADMIN, which Baseline forbids | Remove it from capabilities.add; Baseline allows only the container runtime's default set. | init",
        "27:7 DS902 Seccomp: container 'app' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | app",
        "28:9 DS902 Privilege Escalation: container 'app' allows privilege escalation (allowPrivilegeEscalation: true) | Set securityContext.allowPrivilegeEscalation: false. | app",
        "29:24 DS902 Capabilities: container 'app' does not drop ALL capabilities | Set securityContext.capabilities.drop: [ALL]. | app",
    ],
    (RESTRICTED_POD, "1.21"): [
        '8:5 DS902 Running as Non-root: the pod allows running as root (runAsNonRoot: false) | Set runAsNonRoot: true. | None',
        "13:7 DS902 Volume Types: volume 'nfs' is a nfs volume, which Restricted does not allow | Use a PersistentVolumeClaim (or configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral, image). | None",
        "19:7 DS902 Privilege Escalation: init container 'init' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false. | init",
        "19:7 DS902 Seccomp: init container 'init' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | init",
        "20:9 DS902 Running as Non-root: init container 'init' allows running as root (runAsNonRoot: false) | Set runAsNonRoot: true. | init",
        "22:9 DS903 /proc Mount Type: init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default). | init",
        "23:68 DS903 Capabilities: init container 'init' adds the capability SYS_ADMIN, which Baseline forbids | Remove it from capabilities.add; Baseline allows only the container runtime's default set. | init",
        "27:7 DS902 Seccomp: container 'app' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | app",
        "28:9 DS902 Privilege Escalation: container 'app' allows privilege escalation (allowPrivilegeEscalation: true) | Set securityContext.allowPrivilegeEscalation: false. | app",
    ],
    (BARE_POD, "latest"): [
        "7:7 DS902 Capabilities: container 'app' does not drop ALL capabilities | Set securityContext.capabilities.drop: [ALL]. | app",
        "7:7 DS902 Privilege Escalation: container 'app' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false. | app",
        "7:7 DS902 Running as Non-root: container 'app' does not set runAsNonRoot: true (nor does the pod) | Set runAsNonRoot: true on the container or the pod. | app",
        "7:7 DS902 Seccomp: container 'app' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container. | app",
    ],
    (BARE_POD, "1.18"): [
        "7:7 DS902 Privilege Escalation: container 'app' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false. | app",
        "7:7 DS902 Running as Non-root: container 'app' does not set runAsNonRoot: true (nor does the pod) | Set runAsNonRoot: true on the container or the pod. | app",
    ],
    (WINDOWS_POD, "1.24"): [
        "14:22 DS903 SELinux: the pod sets the SELinux type 'container_engine_t' | Remove seLinuxOptions.type or use one of container_init_t, container_kvm_t, container_t. | None",
        '16:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.tcp_rmem, which is not in the safe set of policy 1.24 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        '17:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.tcp_keepalive_time, which is not in the safe set of policy 1.24 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        '18:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.ip_local_reserved_ports, which is not in the safe set of policy 1.24 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        "22:7 DS902 Capabilities: container 'app' does not drop ALL capabilities | Set securityContext.capabilities.drop: [ALL]. | app",
        "22:7 DS902 Privilege Escalation: container 'app' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false. | app",
        "23:27 DS903 AppArmor: container 'app' sets an AppArmor profile type (appArmorProfile.type: Custom) | Use RuntimeDefault or Localhost. | app",
        "24:26 DS903 Seccomp: container 'app' sets a seccomp profile type (seccompProfile.type: Custom) | Use seccompProfile.type: RuntimeDefault (or Localhost). | app",
    ],
    (WINDOWS_POD, "1.25"): [
        "14:22 DS903 SELinux: the pod sets the SELinux type 'container_engine_t' | Remove seLinuxOptions.type or use one of container_init_t, container_kvm_t, container_t. | None",
        '16:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.tcp_rmem, which is not in the safe set of policy 1.25 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        '17:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.tcp_keepalive_time, which is not in the safe set of policy 1.25 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        '18:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.ip_local_reserved_ports, which is not in the safe set of policy 1.25 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        "23:27 DS903 AppArmor: container 'app' sets an AppArmor profile type (appArmorProfile.type: Custom) | Use RuntimeDefault or Localhost. | app",
        "24:26 DS903 Seccomp: container 'app' sets a seccomp profile type (seccompProfile.type: Custom) | Use seccompProfile.type: RuntimeDefault (or Localhost). | app",
    ],
    (WINDOWS_POD, "1.27"): [
        "14:22 DS903 SELinux: the pod sets the SELinux type 'container_engine_t' | Remove seLinuxOptions.type or use one of container_init_t, container_kvm_t, container_t. | None",
        '16:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.tcp_rmem, which is not in the safe set of policy 1.27 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        '17:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.tcp_keepalive_time, which is not in the safe set of policy 1.27 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        "23:27 DS903 AppArmor: container 'app' sets an AppArmor profile type (appArmorProfile.type: Custom) | Use RuntimeDefault or Localhost. | app",
        "24:26 DS903 Seccomp: container 'app' sets a seccomp profile type (seccompProfile.type: Custom) | Use seccompProfile.type: RuntimeDefault (or Localhost). | app",
    ],
    (WINDOWS_POD, "1.29"): [
        "14:22 DS903 SELinux: the pod sets the SELinux type 'container_engine_t' | Remove seLinuxOptions.type or use one of container_init_t, container_kvm_t, container_t. | None",
        '16:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.tcp_rmem, which is not in the safe set of policy 1.29 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        "23:27 DS903 AppArmor: container 'app' sets an AppArmor profile type (appArmorProfile.type: Custom) | Use RuntimeDefault or Localhost. | app",
        "24:26 DS903 Seccomp: container 'app' sets a seccomp profile type (seccompProfile.type: Custom) | Use seccompProfile.type: RuntimeDefault (or Localhost). | app",
    ],
    (WINDOWS_POD, "1.30"): [
        "14:22 DS903 SELinux: the pod sets the SELinux type 'container_engine_t' | Remove seLinuxOptions.type or use one of container_init_t, container_kvm_t, container_t. | None",
        '16:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.tcp_rmem, which is not in the safe set of policy 1.30 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        "23:27 DS903 AppArmor: container 'app' sets an AppArmor profile type (appArmorProfile.type: Custom) | Use RuntimeDefault or Localhost. | app",
        "24:26 DS903 Seccomp: container 'app' sets a seccomp profile type (seccompProfile.type: Custom) | Use seccompProfile.type: RuntimeDefault (or Localhost). | app",
    ],
    (WINDOWS_POD, "1.31"): [
        '16:10 DS903 Sysctls: the pod sets the sysctl net.ipv4.tcp_rmem, which is not in the safe set of policy 1.31 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods. | None',
        "23:27 DS903 AppArmor: container 'app' sets an AppArmor profile type (appArmorProfile.type: Custom) | Use RuntimeDefault or Localhost. | app",
        "24:26 DS903 Seccomp: container 'app' sets a seccomp profile type (seccompProfile.type: Custom) | Use seccompProfile.type: RuntimeDefault (or Localhost). | app",
    ],
    (WINDOWS_POD, "1.32"): [
        "23:27 DS903 AppArmor: container 'app' sets an AppArmor profile type (appArmorProfile.type: Custom) | Use RuntimeDefault or Localhost. | app",
        "24:26 DS903 Seccomp: container 'app' sets a seccomp profile type (seccompProfile.type: Custom) | Use seccompProfile.type: RuntimeDefault (or Localhost). | app",
    ],
}


def _answer(run_cli, tmp_path, manifest: str, version: str) -> list[str]:
    (tmp_path / "m.yaml").write_text(manifest)
    result = run_cli("check", "--manifests", "m.yaml", "--select", "DS902,DS903", "--pss-version", version,
                     "--format", "json")
    lines = []
    for finding in result.json()["findings"]:
        loc = finding["location"]
        lines.append(f"{loc['line']}:{loc['column']} {finding['code']} {finding['message']} | {finding['fix']} | "
                     f"{finding['manifest']['container']}")
    return lines


@pytest.mark.parametrize(("manifest", "version"), list(ANSWERS), ids=[
    f"{name}-{version}" for manifest, version in ANSWERS
    for name in [{BASELINE_POD: "baseline", RESTRICTED_POD: "restricted", BARE_POD: "bare",
                  WINDOWS_POD: "windows"}[manifest]]])
def test_the_whole_answer_at_each_policy_version(run_cli, tmp_path, manifest, version):
    assert _answer(run_cli, tmp_path, manifest, version) == ANSWERS[manifest, version]


# --- Which container each violation belongs to ----------------------------------------------------
# The report recomputes a missing container from the field's path, so the CLI cannot tell a check that
# forgets its container from one that names it; the checks' own answer is asserted here.


def _violations(manifest: str, level: str, minor: int) -> list[str]:
    from ruamel.yaml import YAML

    from dslint.manifests.objects import parse_object, pod_template
    from dslint.manifests.pss import baseline, restricted

    obj, why = parse_object(YAML(typ="safe").load(manifest))
    assert obj is not None, why
    pod = pod_template(obj)
    assert pod is not None
    check = {"baseline": baseline, "restricted": restricted}[level]
    return [f"{v.control} | {'.'.join(str(p) for p in v.field)} | {v.container.name if v.container else None} | "
            f"{v.message} | {v.fix}" for v in check(pod, minor)]


# What the CLI cases above leave out: SELinux and HostProcess in a container, an ephemeral container, and
# an AppArmor annotation without a value.
EXTRA_POD = '''\
apiVersion: v1
kind: Pod
metadata:
  name: x
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: ~
spec:
  securityContext:
    windowsOptions: {hostProcess: true}
  containers:
    - name: app
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      securityContext:
        seLinuxOptions: {type: spc_t, user: sysadm_u, role: sysadm_r}
        windowsOptions: {hostProcess: true}
  ephemeralContainers:
    - name: debug
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      securityContext:
        privileged: true
'''


VIOLATIONS = {
    (BASELINE_POD, "baseline", 18): [
        "Host Namespaces | spec.hostNetwork | None | the pod shares the node's namespace (hostNetwork: true) | Remove hostNetwork (or set it to false).",
        "Privileged Containers | spec.containers.0.securityContext.privileged | app | container 'app' runs privileged (privileged: true) | Set securityContext.privileged to false: a privileged container can take over the node.",
        "Capabilities | spec.initContainers.0.securityContext.capabilities.add.0 | init | init container 'init' adds the capability SYS_ADMIN, which Baseline forbids | Remove it from capabilities.add; Baseline allows only the container runtime's default set.",
        "HostPath Volumes | spec.volumes.0.hostPath | None | volume 'host' mounts a directory of the node (hostPath) | Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath.",
        "Host Ports | spec.containers.0.ports.0.hostPort | app | container 'app' binds host port 80 | Remove hostPort; expose the port through a Service instead.",
        "AppArmor | metadata.annotations.container.apparmor.security.beta.kubernetes.io/app | None | the AppArmor profile of container 'app' is 'unconfined' | Use runtime/default or a localhost/ profile.",
        "AppArmor | spec.containers.0.securityContext.appArmorProfile.type | app | container 'app' disables AppArmor (appArmorProfile.type: Unconfined) | Use RuntimeDefault or Localhost.",
        "/proc Mount Type | spec.initContainers.0.securityContext.procMount | init | init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default).",
        "Seccomp | metadata.annotations.seccomp.security.alpha.kubernetes.io/pod | None | the pod selects the seccomp profile 'unconfined' (seccomp.security.alpha.kubernetes.io/pod) | Use runtime/default (or a localhost/ profile).",
        "Seccomp | metadata.annotations.container.seccomp.security.alpha.kubernetes.io/init | init | init container 'init' selects the seccomp profile '' (container.seccomp.security.alpha.kubernetes.io/init) | Use runtime/default (or a localhost/ profile).",
        'Sysctls | spec.securityContext.sysctls.0.name | None | the pod sets the sysctl kernel.msgmax, which is not in the safe set of policy 1.18 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods.',
    ],
    (BASELINE_POD, "baseline", 37): [
        "Host Namespaces | spec.hostNetwork | None | the pod shares the node's namespace (hostNetwork: true) | Remove hostNetwork (or set it to false).",
        "Privileged Containers | spec.containers.0.securityContext.privileged | app | container 'app' runs privileged (privileged: true) | Set securityContext.privileged to false: a privileged container can take over the node.",
        "Capabilities | spec.initContainers.0.securityContext.capabilities.add.0 | init | init container 'init' adds the capability SYS_ADMIN, which Baseline forbids | Remove it from capabilities.add; Baseline allows only the container runtime's default set.",
        "HostPath Volumes | spec.volumes.0.hostPath | None | volume 'host' mounts a directory of the node (hostPath) | Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath.",
        "Host Ports | spec.containers.0.ports.0.hostPort | app | container 'app' binds host port 80 | Remove hostPort; expose the port through a Service instead.",
        "Host Probes / Lifecycle Hooks | spec.containers.0.livenessProbe.httpGet.host | app | container 'app' sends its livenessProbe httpGet to host 'example.com' | Remove livenessProbe.httpGet.host: the kubelet would connect to that host from the node; the pod's own IP is the default.",
        "Host Probes / Lifecycle Hooks | spec.containers.0.lifecycle.preStop.tcpSocket.host | app | container 'app' sends its lifecycle.preStop tcpSocket to host '10.0.0.1' | Remove lifecycle.preStop.tcpSocket.host: the kubelet would connect to that host from the node; the pod's own IP is the default.",
        "AppArmor | metadata.annotations.container.apparmor.security.beta.kubernetes.io/app | None | the AppArmor profile of container 'app' is 'unconfined' | Use runtime/default or a localhost/ profile.",
        "AppArmor | spec.containers.0.securityContext.appArmorProfile.type | app | container 'app' disables AppArmor (appArmorProfile.type: Unconfined) | Use RuntimeDefault or Localhost.",
        "/proc Mount Type | spec.initContainers.0.securityContext.procMount | init | init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default).",
        'Seccomp | spec.securityContext.seccompProfile.type | None | the pod disables seccomp (seccompProfile.type: Unconfined) | Use seccompProfile.type: RuntimeDefault (or Localhost).',
        'Sysctls | spec.securityContext.sysctls.0.name | None | the pod sets the sysctl kernel.msgmax, which is not in the safe set of policy 1.37 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods.',
    ],
    (RESTRICTED_POD, "restricted", 34): [
        "Volume Types | spec.volumes.1.nfs | None | volume 'nfs' is a nfs volume, which Restricted does not allow | Use a PersistentVolumeClaim (or configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral, image).",
        "Privilege Escalation | spec.initContainers.0.securityContext.allowPrivilegeEscalation | init | init container 'init' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false.",
        "Privilege Escalation | spec.containers.0.securityContext.allowPrivilegeEscalation | app | container 'app' allows privilege escalation (allowPrivilegeEscalation: true) | Set securityContext.allowPrivilegeEscalation: false.",
        'Running as Non-root | spec.securityContext.runAsNonRoot | None | the pod allows running as root (runAsNonRoot: false) | Set runAsNonRoot: true.',
        "Running as Non-root | spec.initContainers.0.securityContext.runAsNonRoot | init | init container 'init' allows running as root (runAsNonRoot: false) | Set runAsNonRoot: true.",
        'Running as Non-root user | spec.securityContext.runAsUser | None | the pod runs as root (runAsUser: 0) | Set runAsUser to a non-zero UID (or remove it).',
        "Running as Non-root user | spec.initContainers.0.securityContext.runAsUser | init | init container 'init' runs as root (runAsUser: 0) | Set runAsUser to a non-zero UID (or remove it).",
        "Seccomp | spec.initContainers.0.securityContext.seccompProfile.type | init | init container 'init' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container.",
        "Seccomp | spec.containers.0.securityContext.seccompProfile.type | app | container 'app' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container.",
        "Capabilities | spec.initContainers.0.securityContext.capabilities.add.1 | init | init container 'init' adds the capability CHOWN; Restricted allows only NET_BIND_SERVICE | Remove it from capabilities.add.",
        "Capabilities | spec.containers.0.securityContext.capabilities.drop | app | container 'app' does not drop ALL capabilities | Set securityContext.capabilities.drop: [ALL].",
    ],
    (RESTRICTED_POD, "restricted", 37): [
        "Volume Types | spec.volumes.1.nfs | None | volume 'nfs' is a nfs volume, which Restricted does not allow | Use a PersistentVolumeClaim (or configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral, image).",
        "Privilege Escalation | spec.initContainers.0.securityContext.allowPrivilegeEscalation | init | init container 'init' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false.",
        "Privilege Escalation | spec.containers.0.securityContext.allowPrivilegeEscalation | app | container 'app' allows privilege escalation (allowPrivilegeEscalation: true) | Set securityContext.allowPrivilegeEscalation: false.",
        "Seccomp | spec.initContainers.0.securityContext.seccompProfile.type | init | init container 'init' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container.",
        "Seccomp | spec.containers.0.securityContext.seccompProfile.type | app | container 'app' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container.",
        "Capabilities | spec.initContainers.0.securityContext.capabilities.add.1 | init | init container 'init' adds the capability CHOWN; Restricted allows only NET_BIND_SERVICE | Remove it from capabilities.add.",
        "Capabilities | spec.containers.0.securityContext.capabilities.drop | app | container 'app' does not drop ALL capabilities | Set securityContext.capabilities.drop: [ALL].",
        "/proc Mount Type | spec.initContainers.0.securityContext.procMount | init | init container 'init' unmasks /proc (procMount: Unmasked) | Remove procMount (or set it to Default): Restricted keeps /proc masked even in a user namespace.",
    ],
    (BARE_POD, "restricted", 37): [
        "Privilege Escalation | spec.containers.0.securityContext.allowPrivilegeEscalation | app | container 'app' does not set allowPrivilegeEscalation: false | Set securityContext.allowPrivilegeEscalation: false.",
        "Running as Non-root | spec.containers.0.securityContext.runAsNonRoot | app | container 'app' does not set runAsNonRoot: true (nor does the pod) | Set runAsNonRoot: true on the container or the pod.",
        "Seccomp | spec.containers.0.securityContext.seccompProfile.type | app | container 'app' has no seccomp profile (nor does the pod) | Set seccompProfile.type: RuntimeDefault on the pod or the container.",
        "Capabilities | spec.containers.0.securityContext.capabilities.drop | app | container 'app' does not drop ALL capabilities | Set securityContext.capabilities.drop: [ALL].",
    ],
    (WINDOWS_POD, "baseline", 24): [
        "AppArmor | spec.containers.0.securityContext.appArmorProfile.type | app | container 'app' sets an AppArmor profile type (appArmorProfile.type: Custom) | Use RuntimeDefault or Localhost.",
        "SELinux | spec.securityContext.seLinuxOptions.type | None | the pod sets the SELinux type 'container_engine_t' | Remove seLinuxOptions.type or use one of container_init_t, container_kvm_t, container_t.",
        "Seccomp | spec.containers.0.securityContext.seccompProfile.type | app | container 'app' sets a seccomp profile type (seccompProfile.type: Custom) | Use seccompProfile.type: RuntimeDefault (or Localhost).",
        'Sysctls | spec.securityContext.sysctls.0.name | None | the pod sets the sysctl net.ipv4.tcp_rmem, which is not in the safe set of policy 1.24 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods.',
        'Sysctls | spec.securityContext.sysctls.1.name | None | the pod sets the sysctl net.ipv4.tcp_keepalive_time, which is not in the safe set of policy 1.24 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods.',
        'Sysctls | spec.securityContext.sysctls.2.name | None | the pod sets the sysctl net.ipv4.ip_local_reserved_ports, which is not in the safe set of policy 1.24 | Remove it; Baseline allows only namespaced sysctls that cannot affect other pods.',
    ],
    (EXTRA_POD, "baseline", 37): [
        'HostProcess | spec.securityContext.windowsOptions.hostProcess | None | the pod runs Windows HostProcess containers (hostProcess: true) | Remove windowsOptions.hostProcess: HostProcess containers have privileged access to the node.',
        "HostProcess | spec.containers.0.securityContext.windowsOptions.hostProcess | app | container 'app' is a Windows HostProcess container (hostProcess: true) | Remove windowsOptions.hostProcess.",
        "Privileged Containers | spec.ephemeralContainers.0.securityContext.privileged | debug | ephemeral container 'debug' runs privileged (privileged: true) | Set securityContext.privileged to false: a privileged container can take over the node.",
        "SELinux | spec.containers.0.securityContext.seLinuxOptions.type | app | container 'app' sets the SELinux type 'spc_t' | Remove seLinuxOptions.type or use one of container_engine_t, container_init_t, container_kvm_t, container_t.",
        "SELinux | spec.containers.0.securityContext.seLinuxOptions.user | app | container 'app' sets a custom SELinux user ('sysadm_u') | Remove seLinuxOptions.user.",
        "SELinux | spec.containers.0.securityContext.seLinuxOptions.role | app | container 'app' sets a custom SELinux role ('sysadm_r') | Remove seLinuxOptions.role.",
    ],
}


@pytest.mark.parametrize(("manifest", "level", "minor"), list(VIOLATIONS), ids=[
    f"{name}-{level}-1.{minor}" for manifest, level, minor in VIOLATIONS
    for name in [{BASELINE_POD: "baseline", RESTRICTED_POD: "restricted", BARE_POD: "bare",
                  WINDOWS_POD: "windows", EXTRA_POD: "extra"}[manifest]]])
def test_each_violation_names_its_field_container_words_and_fix(manifest, level, minor):
    assert _violations(manifest, level, minor) == VIOLATIONS[manifest, level, minor]


def test_a_control_allows_nothing_before_it_is_in_force():
    from dslint.knowledge.pss_controls import control

    assert control("capabilities_restricted").allowed(21) == frozenset()
    assert control("capabilities_restricted").allowed(22) == {"NET_BIND_SERVICE"}


def test_an_empty_pss_version_is_the_target_kubernetes_policy():
    from dslint.knowledge.pss_controls import LATEST_POLICY, policy_minor

    assert [policy_minor(v, "1.30") for v in (None, "", "  ", "v1.24", "LATEST", "1.99")] == [
        30, 30, 30, 24, LATEST_POLICY, LATEST_POLICY]
