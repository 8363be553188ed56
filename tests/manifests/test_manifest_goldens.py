"""The manifest lane against real Helm output of the DeepSpeed chart (../shared/golden)."""

from __future__ import annotations

import time

import pytest
from conftest import GOLDEN, golden_scenarios, needs_shared

from dslint.config import Settings
from dslint.run import Report
from dslint.manifests.check import check_manifest_files
from dslint.manifests.documents import split_manifests
from dslint.manifests.kube_schema import schema_library
from manifest_helpers import by_code, chart_values, check_text

VERSIONS = ("2.1.1", "2.3.51")


def golden(scenario: str, version: str):
    path = GOLDEN / scenario / f"expected-{version}.yaml"
    needs_shared(path)
    return path


def check_golden(scenario: str, version: str, **settings):
    path = golden(scenario, version)
    return check_text(path.read_text("utf-8"), str(path), **settings)


def all_golden_files():
    needs_shared(GOLDEN)
    return sorted(GOLDEN.glob("*/expected-*.yaml"))


@pytest.mark.parametrize("version", VERSIONS)
def test_defaults_pass_pss_restricted(version):
    findings = check_golden("01-defaults", version)
    assert not [f for f in findings if f.code in ("DS902", "DS903")]


@pytest.mark.parametrize("version", VERSIONS)
def test_security_disabled_reports_privileged_root_and_escalation_for_worker_containers(version):
    findings = check_golden("10-security-disabled", version)
    worker = {(f.message.split(":")[0], f.manifest.container, f.manifest.field_path)
              for f in findings if f.code in ("DS902", "DS903") and f.manifest.kind == "StatefulSet"}
    for container, base in (("deepspeed", "spec.template.spec.containers[0]"),
                            ("ssh-server-configure", "spec.template.spec.initContainers[0]")):
        assert ("Privileged Containers", container, f"{base}.securityContext.privileged") in worker
        assert ("Running as Non-root user", container, f"{base}.securityContext.runAsUser") in worker
        assert ("Running as Non-root", container, f"{base}.securityContext.runAsNonRoot") in worker
        assert ("Privilege Escalation", container, f"{base}.securityContext.allowPrivilegeEscalation") in worker
    names = {f.manifest.name for f in findings if f.manifest.kind == "StatefulSet"}
    assert names == {"insecure-deepspeed-worker"}
    # The client's contexts are disabled: every client container misses the restricted settings.
    client = {f.manifest.container for f in by_code(findings, "DS902") if f.manifest.kind == "Deployment"}
    assert client == {"deepspeed", "ssh-client-configure", "wait-for-workers"}


@pytest.mark.parametrize("version", VERSIONS)
def test_openshift_force_passes_restricted_v2_and_defaults_fail_it(version):
    assert not by_code(check_golden("09-openshift-force", version, platform="openshift"), "DS904")
    defaults = by_code(check_golden("01-defaults", version, platform="openshift"), "DS904")
    fields = {f.manifest.field_path.rsplit(".", 1)[-1] for f in defaults}
    assert fields == {"runAsUser", "runAsGroup", "fsGroup"}
    assert all("1001" in f.message for f in defaults)
    # Not on Kubernetes.
    assert not by_code(check_golden("01-defaults", version), "DS904")


def test_every_golden_matches_the_kubernetes_schema():
    report = Report()
    check_manifest_files([str(p) for p in all_golden_files()], Settings(), report)
    assert not report.input_errors
    assert not by_code(report.findings, "DS901"), [f.message for f in by_code(report.findings, "DS901")][:5]
    assert not by_code(report.findings, "DS907")


def test_all_goldens_in_one_call_are_fast_and_build_each_validator_once():
    files = [str(p) for p in all_golden_files()]
    library = schema_library()
    builds_before = library.builds
    start = time.process_time()
    report = Report()
    check_manifest_files(files, Settings(), report)
    elapsed = time.process_time() - start
    documents = sum(len(split_manifests(p.read_text("utf-8"), str(p))) for p in all_golden_files())
    assert documents > 500
    # One validator per (kind, apiVersion) the goldens use (ten), whatever the number of documents.
    assert library.builds - builds_before <= 10
    builds_after_first = library.builds
    check_manifest_files(files, Settings(), Report())
    assert library.builds == builds_after_first
    # Generous for loaded CI machines; measured about 0.45 s of CPU for the ~600 documents.
    assert elapsed < 2.0, f"{elapsed:.2f}s of CPU for {documents} documents"


@pytest.mark.parametrize("version", VERSIONS)
def test_security_disabled_findings_point_at_the_values(version):
    scenario = GOLDEN / "10-security-disabled"
    path = golden("10-security-disabled", version)
    values = chart_values(scenario / "values.yaml", version)
    findings = check_text(path.read_text("utf-8"), "<render>", values=values)
    lines = (scenario / "values.yaml").read_text("utf-8").splitlines()

    def line_of(key: str) -> int:
        return next(i for i, text in enumerate(lines, 1) if text.strip().startswith(key + ":"))

    escalation = [f for f in by_code(findings, "DS902") if f.message.startswith("Privilege Escalation")
                  and f.manifest.kind == "StatefulSet"]
    assert {f.manifest.container for f in escalation} == {"deepspeed", "ssh-server-configure"}
    for finding in escalation:
        assert finding.values_path == "worker.containerSecurityContext.allowPrivilegeEscalation"
        assert finding.location.source == str(scenario / "values.yaml")
        assert finding.location.line == line_of("allowPrivilegeEscalation")
        assert finding.manifest.source == "deepspeed/templates/worker/worker-statefulset.yaml"
    privileged = [f for f in by_code(findings, "DS903") if f.manifest.kind == "StatefulSet"]
    assert {f.values_path for f in privileged} == {"worker.containerSecurityContext.privileged"}
    client = [f for f in by_code(findings, "DS902") if f.manifest.kind == "Deployment"]
    assert {f.values_path for f in client} == {"client.containerSecurityContext.enabled"}
    assert {f.location.line for f in client} == {line_of("containerSecurityContext") + 1}


def test_sidecars_and_user_init_containers_point_at_their_list_entries():
    path = golden("12-sidecars-volumes", "2.3.51")
    values = chart_values(GOLDEN / "12-sidecars-volumes" / "values.yaml", "2.3.51")
    findings = check_text(path.read_text("utf-8"), "<render>", values=values)
    paths = {(f.manifest.container, f.values_path) for f in by_code(findings, "DS902")}
    assert ("metrics", "client.sidecars[0].securityContext.allowPrivilegeEscalation") in paths
    assert ("fetch-data", "client.initContainers[0].securityContext.runAsNonRoot") in paths
    sidecar = next(f for f in findings if f.values_path.startswith("client.sidecars[0]"))
    assert sidecar.location.line == 3  # `- name: metrics`, the entry the user wrote


def test_openshift_fixed_ids_of_the_defaults_are_chart_defaults():
    path = golden("01-defaults", "2.1.1")
    values = chart_values(GOLDEN / "01-defaults" / "values.yaml", "2.1.1", platform="openshift")
    findings = by_code(check_text(path.read_text("utf-8"), "<render>", values=values, platform="openshift"), "DS904")
    assert {f.values_path for f in findings} == {
        "client.containerSecurityContext.runAsUser", "client.containerSecurityContext.runAsGroup",
        "client.podSecurityContext.fsGroup", "worker.containerSecurityContext.runAsUser",
        "worker.containerSecurityContext.runAsGroup", "worker.podSecurityContext.fsGroup"}
    assert all(f.message.endswith("(chart default)") for f in findings)


@pytest.mark.parametrize("scenario", golden_scenarios())
def test_every_golden_scenario_checks_without_errors_of_dslint(scenario, run_cli):
    files = sorted((GOLDEN / scenario).glob("expected-*.yaml"))
    if not files:
        pytest.skip("Helm refused to render this scenario")
    result = run_cli("check", "--manifests", *files, "--isolated", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
