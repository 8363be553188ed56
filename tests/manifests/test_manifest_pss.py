"""Pod Security Standards (DS902 restricted, DS903 baseline), control by control."""

from __future__ import annotations

import textwrap

import pytest

from dslint.findings import Severity
from manifest_helpers import by_code, check_text

RESTRICTED_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: docker.io/bitnami/os-shell:12-debian-12-r21
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
"""


def pod(spec_extra: str = "", container_extra: str = "", pod_security: str = "", annotations: str = "") -> str:
    """A restricted-compliant Pod with additions (YAML fragments indented as their place needs)."""
    text = textwrap.dedent(f"""\
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          annotations: {{{annotations}}}
        spec:
        {textwrap.indent(spec_extra, '  ')}
          securityContext:
            runAsNonRoot: true
            seccompProfile: {{type: RuntimeDefault}}
        {textwrap.indent(pod_security, '    ')}
          containers:
            - name: app
              image: docker.io/bitnami/os-shell:12-debian-12-r21
              securityContext:
                allowPrivilegeEscalation: false
                capabilities: {{drop: [ALL]}}
        {textwrap.indent(container_extra, '        ')}
        """)
    return text


def controls(findings, code: str) -> list[str]:
    return sorted(f.message.split(":")[0] for f in by_code(findings, code))


def test_compliant_pod_passes_both_levels():
    findings = check_text(pod())
    assert not by_code(findings, "DS902") and not by_code(findings, "DS903")


@pytest.mark.parametrize("spec_extra,pod_security,container_extra,control,field", [
    ("hostNetwork: true", "", "", "Host Namespaces", "spec.hostNetwork"),
    ("hostPID: true", "", "", "Host Namespaces", "spec.hostPID"),
    ("hostIPC: true", "", "", "Host Namespaces", "spec.hostIPC"),
    ("", "", "privileged: true", "Privileged Containers", "spec.containers[0].securityContext.privileged"),
    ("", "", "procMount: Unmasked", "/proc Mount Type", "spec.containers[0].securityContext.procMount"),
    ("", "", "seccompProfile: {type: Unconfined}", "Seccomp", "spec.containers[0].securityContext.seccompProfile.type"),
    ("", "", "appArmorProfile: {type: Unconfined}", "AppArmor", "spec.containers[0].securityContext.appArmorProfile.type"),
    ("", "", "seLinuxOptions: {type: spc_t}", "SELinux", "spec.containers[0].securityContext.seLinuxOptions.type"),
    ("", "", "seLinuxOptions: {user: system_u}", "SELinux", "spec.containers[0].securityContext.seLinuxOptions.user"),
    ("", "", "windowsOptions: {hostProcess: true}", "HostProcess", "spec.containers[0].securityContext.windowsOptions.hostProcess"),
    ("", "sysctls: [{name: kernel.msgmax, value: '1'}]", "", "Sysctls", "spec.securityContext.sysctls[0].name"),
    ("volumes: [{name: h, hostPath: {path: /}}]", "", "", "HostPath Volumes", "spec.volumes[0].hostPath"),
])
def test_baseline_controls(spec_extra, pod_security, container_extra, control, field):
    findings = check_text(pod(spec_extra, container_extra, pod_security))
    baseline = by_code(findings, "DS903")
    assert [f.message.split(":")[0] for f in baseline] == [control]
    assert baseline[0].manifest.field_path == field
    assert baseline[0].manifest.kind == "Pod" and baseline[0].manifest.name == "p"
    # One mistake, one finding: Restricted does not repeat what Baseline reports.
    assert not by_code(findings, "DS902")


def test_baseline_capabilities_and_host_ports():
    text = pod(container_extra="capabilities: {drop: [ALL], add: [SYS_ADMIN]}")
    text += "      ports: [{containerPort: 80, hostPort: 80}]\n"
    findings = by_code(check_text(text), "DS903")
    assert [(f.message.split(":")[0], f.manifest.field_path) for f in findings] == [
        ("Capabilities", "spec.containers[0].securityContext.capabilities.add[0]"),
        ("Host Ports", "spec.containers[0].ports[0].hostPort"),
    ]


def test_apparmor_annotation():
    text = pod(annotations="container.apparmor.security.beta.kubernetes.io/app: unconfined")
    findings = by_code(check_text(text), "DS903")
    assert [f.manifest.field_path for f in findings] == [
        "metadata.annotations.container\\.apparmor\\.security\\.beta\\.kubernetes\\.io/app"]


def test_sysctl_safe_set_follows_the_kubernetes_version():
    text = pod(pod_security="sysctls: [{name: net.ipv4.tcp_keepalive_time, value: '600'}]")
    assert by_code(check_text(text, kube_version="1.28"), "DS903")
    assert not by_code(check_text(text, kube_version="1.29"), "DS903")


@pytest.mark.parametrize("container_extra,control", [
    ("allowPrivilegeEscalation: true", "Privilege Escalation"),
    ("runAsNonRoot: false", "Running as Non-root"),
    ("runAsUser: 0", "Running as Non-root user"),
    ("capabilities: {drop: [ALL], add: [CHOWN]}", "Capabilities"),
    ("capabilities: {drop: [NET_RAW]}", "Capabilities"),
])
def test_restricted_controls(container_extra, control):
    # A duplicate key keeps its last value (go-yaml's rule), so the addition overrides the compliant one.
    text = RESTRICTED_POD + textwrap.indent(container_extra, "        ") + "\n"
    assert controls(check_text(text), "DS902") == [control]


def test_missing_security_context_names_every_restricted_control_at_the_container():
    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: x/y:1.2.3\n"
    findings = by_code(check_text(text), "DS902")
    assert controls(findings, "DS902") == ["Capabilities", "Privilege Escalation", "Running as Non-root", "Seccomp"]
    assert {f.location.line for f in findings} == {6}  # the container, where the fields belong
    assert all(f.manifest.container == "app" for f in findings)


def test_pod_level_settings_cover_containers_but_not_an_explicit_override():
    text = RESTRICTED_POD + "    - name: second\n      image: x/y:1.2.3\n      securityContext:\n" \
        "        runAsNonRoot: false\n        allowPrivilegeEscalation: false\n        capabilities: {drop: [ALL]}\n"
    findings = by_code(check_text(text), "DS902")
    assert [(f.manifest.container, f.message.split(":")[0]) for f in findings] == [("second", "Running as Non-root")]


def test_pod_level_runasnonroot_false_fails_even_when_containers_set_true():
    text = RESTRICTED_POD.replace("runAsNonRoot: true", "runAsNonRoot: false").replace(
        "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: false\n        runAsNonRoot: true")
    findings = by_code(check_text(text), "DS902")
    assert [f.manifest.field_path for f in findings] == ["spec.securityContext.runAsNonRoot"]


def test_init_and_ephemeral_containers_are_checked_and_named():
    text = RESTRICTED_POD + "  initContainers:\n    - name: setup\n      image: x/y:1.2.3\n      securityContext:\n" \
        "        privileged: true\n  ephemeralContainers:\n    - name: debugger\n      image: x/y:1.2.3\n" \
        "      securityContext: {privileged: true}\n"
    findings = by_code(check_text(text), "DS903")
    assert sorted((f.manifest.container, f.manifest.field_path) for f in findings) == [
        ("debugger", "spec.ephemeralContainers[0].securityContext.privileged"),
        ("setup", "spec.initContainers[0].securityContext.privileged"),
    ]
    assert any("init container 'setup'" in f.message for f in findings)


def test_windows_pods_are_exempt_from_linux_only_restricted_controls():
    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n  securityContext:\n" \
        "    runAsNonRoot: true\n  containers:\n    - name: app\n      image: x/y:1.2.3\n"
    assert not by_code(check_text(text), "DS902")


@pytest.mark.parametrize("kind,template", [
    ("Deployment", "spec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n{pod}"),
    ("StatefulSet", "spec:\n  serviceName: s\n  selector: {matchLabels: {a: b}}\n  template:\n    spec:\n{pod}"),
    ("DaemonSet", "spec:\n  selector: {matchLabels: {a: b}}\n  template:\n    spec:\n{pod}"),
    ("ReplicaSet", "spec:\n  selector: {matchLabels: {a: b}}\n  template:\n    spec:\n{pod}"),
    ("ReplicationController", "spec:\n  template:\n    spec:\n{pod}"),
    ("Job", "spec:\n  template:\n    spec:\n{pod}"),
    ("CronJob", "spec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n{pod}"),
])
def test_every_pod_bearing_kind_is_evaluated(kind, template):
    api = {"Deployment": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1", "ReplicaSet": "apps/v1",
           "Job": "batch/v1", "CronJob": "batch/v1"}.get(kind, "v1")
    depth = template.split("{pod}")[0].splitlines()[-1].index("spec:") + 2
    pod_spec = textwrap.indent("containers:\n  - name: app\n    image: x/y:1.2.3\n    securityContext: {privileged: true}\n",
                               " " * depth)
    text = f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: w}}\n" + template.replace("{pod}\n", "").replace("{pod}", "") + pod_spec
    findings = by_code(check_text(text), "DS903")
    assert [f.manifest.kind for f in findings] == [kind]
    assert findings[0].manifest.field_path.endswith("containers[0].securityContext.privileged")


def test_pss_level_baseline_turns_restricted_only_failures_into_info():
    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: x/y:1.2.3\n" \
        "      securityContext: {privileged: true}\n"
    strict = check_text(text)
    assert {f.severity for f in by_code(strict, "DS902")} == {Severity.ERROR}
    relaxed = check_text(text, pss_level="baseline")
    # A Baseline namespace admits the pod: Restricted's extra controls are advice, never a failure.
    assert {f.severity for f in by_code(relaxed, "DS902")} == {Severity.INFO}
    assert {f.severity for f in by_code(relaxed, "DS903")} == {Severity.ERROR}
    # An explicit per-code severity still wins.
    chosen = check_text(text, pss_level="baseline", severity={"DS902": Severity.ERROR})
    assert {f.severity for f in by_code(chosen, "DS902")} == {Severity.ERROR}


def test_objects_without_pods_are_not_evaluated():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n"
    assert not [f for f in check_text(text) if f.code in ("DS902", "DS903")]
