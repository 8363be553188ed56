"""Pod Security Standards: the controls the PSA fixtures cover, checked without them (CI may lack them)."""

from __future__ import annotations

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
