"""Pod Security Standards per policy version (`--pss-version`): what starts or changes when.

The full sweep over the upstream fixtures is test_psa_conformance.py (it needs them);
these cases pin each versioned fact of `dslint.knowledge.pss_controls` without them.
"""

from __future__ import annotations

import textwrap

import pytest

from dslint.load.errors import InputError
from dslint.knowledge.pss_controls import CONTROLS, LATEST_POLICY, policy_minor
from manifest_helpers import by_code, check_text
from test_manifest_pss import RESTRICTED_POD, controls, pod

# A pod that meets the oldest Restricted policy (v1.0): non-root, nothing else.
OLD_RESTRICTED_POD = RESTRICTED_POD.replace("    seccompProfile: {type: RuntimeDefault}\n", "").replace(
    "      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities: {drop: [ALL]}\n", "")


def pss(text: str, version: str, **settings) -> list[str]:
    return controls(check_text(text, pss_version=version, **settings), "DS902") + \
        controls(check_text(text, pss_version=version, **settings), "DS903")


def test_restricted_grows_with_the_policy_version():
    assert pss(OLD_RESTRICTED_POD, "v1.7") == []
    assert pss(OLD_RESTRICTED_POD, "v1.8") == ["Privilege Escalation"]
    assert pss(OLD_RESTRICTED_POD, "v1.19") == ["Privilege Escalation", "Seccomp"]
    assert pss(OLD_RESTRICTED_POD, "v1.22") == ["Capabilities", "Privilege Escalation", "Seccomp"]


def test_run_as_user_zero_is_refused_from_1_23():
    text = RESTRICTED_POD + "        runAsUser: 0\n"
    assert pss(text, "1.22") == []
    assert pss(text, "1.23") == ["Running as Non-root user"]


def test_alpha_seccomp_annotations_count_until_1_18():
    text = OLD_RESTRICTED_POD.replace("  name: p\n", "  name: p\n  annotations:\n"
                                      "    seccomp.security.alpha.kubernetes.io/pod: unconfined\n")
    assert controls(check_text(text, pss_version="1.18"), "DS903") == ["Seccomp"]
    assert pss(text, "1.7") == ["Seccomp"]
    # From 1.19 the fields decide; the annotation is no longer read (the pod still needs a profile).
    assert "Seccomp" not in controls(check_text(text, pss_version="1.19"), "DS903")
    fine = text.replace("unconfined", "runtime/default")
    assert pss(fine, "1.7") == []


def test_host_probes_and_lifecycle_hooks_from_1_34():
    text = RESTRICTED_POD + "      readinessProbe: {httpGet: {host: 10.0.0.1, port: 80}}\n" \
        "      lifecycle: {preStop: {tcpSocket: {host: node, port: 22}}}\n"
    assert pss(text, "1.33") == []
    findings = by_code(check_text(text, pss_version="1.34"), "DS903")
    assert sorted(f.manifest.field_path for f in findings) == [
        "spec.containers[0].lifecycle.preStop.tcpSocket.host", "spec.containers[0].readinessProbe.httpGet.host"]


def test_user_namespace_relaxations_from_1_35():
    text = RESTRICTED_POD.replace("spec:\n", "spec:\n  hostUsers: false\n").replace("runAsNonRoot: true", "runAsNonRoot: false") \
        + "        runAsUser: 0\n        procMount: Unmasked\n"
    assert pss(text, "1.34") == ["Running as Non-root", "Running as Non-root user", "/proc Mount Type"]
    # Baseline lets a user-namespaced pod unmask /proc; Restricted still refuses it, as its own control.
    assert controls(check_text(text, pss_version="1.35"), "DS903") == []
    assert controls(check_text(text, pss_version="1.35"), "DS902") == ["/proc Mount Type"]
    assert controls(check_text(text, pss_version="1.35", pss_level="baseline"), "DS903") == []


def test_sysctls_added_in_1_37():
    text = pod(pod_security="sysctls: [{name: net.ipv4.tcp_notsent_lowat, value: '16384'}]")
    assert pss(text, "1.36") == ["Sysctls"]
    assert pss(text, "1.37") == []
    assert pss(text, "latest") == []


def test_windows_exemptions_start_at_1_25():
    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n  securityContext:\n" \
        "    runAsNonRoot: true\n  containers:\n    - name: app\n      image: x/y:1.2.3\n"
    assert pss(text, "1.24") == ["Capabilities", "Privilege Escalation", "Seccomp"]
    assert pss(text, "1.25") == []


def test_policy_version_defaults_to_the_kubernetes_version():
    text = pod(pod_security="sysctls: [{name: net.ipv4.tcp_rmem, value: '4096 87380 6291456'}]")
    assert by_code(check_text(text, kube_version="1.31"), "DS903")
    assert not by_code(check_text(text, kube_version="1.32"), "DS903")
    # An explicit policy version wins over the cluster's.
    assert not by_code(check_text(text, kube_version="1.31", pss_version="v1.32"), "DS903")


@pytest.mark.parametrize("text,minor", [("latest", LATEST_POLICY), ("v1.30", 30), ("1.30", 30), ("v1.30.2", 30),
                                        ("LATEST", LATEST_POLICY), ("v1.99", LATEST_POLICY), (None, 33)])
def test_policy_minor(text, minor):
    assert policy_minor(text, "1.33") == minor


def test_bad_policy_version_is_an_input_error(run_cli, tmp_path):
    with pytest.raises(InputError, match="--pss-version 'v2' is not a policy version"):
        policy_minor("v2", "1.33")
    path = tmp_path / "m.yaml"
    path.write_text(OLD_RESTRICTED_POD, "utf-8")
    result = run_cli("check", "--manifests", path, "--isolated", "--pss-version", "soon")
    assert result.exit_code == 2
    assert "--pss-version 'soon'" in result.stderr and "Traceback" not in result.stderr
    ok = run_cli("check", "--manifests", path, "--isolated", "--pss-version", "v1.7", "--select", "DS902,DS903")
    assert ok.exit_code == 0, ok.stdout


def test_every_control_has_a_check_at_its_level():
    from dslint.manifests.pss import BASELINE_CHECKS, RESTRICTED_CHECKS

    assert [i for i, _ in BASELINE_CHECKS] == [c.id for c in CONTROLS if c.level == "baseline"]
    assert [i for i, _ in RESTRICTED_CHECKS] == [c.id for c in CONTROLS if c.level == "restricted"]


def test_every_control_has_its_first_version_and_ordered_steps():
    assert len({c.id for c in CONTROLS}) == len(CONTROLS)
    for control in CONTROLS:
        since = [step.since for step in control.steps]
        assert since == sorted(set(since)) and 0 <= since[0] <= LATEST_POLICY, control.id
    assert textwrap  # used by the imported helpers' fragments


def test_docs_table_follows_the_controls_table():
    from pathlib import Path

    page = (Path(__file__).parents[2] / "docs" / "manifests.md").read_text("utf-8")
    rows = {line.split("`")[1]: line for line in page.splitlines() if line.startswith("| ") and "(`" in line}
    for control in CONTROLS:
        row = rows.get(control.id)
        assert row is not None, f"docs/manifests.md has no row for {control.id}"
        since = "; ".join(f"1.{step.since}" for step in control.steps)
        assert f"| {since} |" in row, f"{control.id}: docs say {row.split('|')[3].strip()!r}, the table {since!r}"
        assert control.title in row
