"""Back to the values: manifest findings located at the chart values that control the field."""

from __future__ import annotations

from dslint.manifests.documents import split_manifests
from manifest_helpers import FIXTURES, by_code, chart_values, check_text

RENDER = (FIXTURES / "render.yaml").read_text("utf-8")
VALUES_FILE = FIXTURES / "values.yaml"


def values_line(key_path: str) -> int:
    """Line of the last key of a dotted path in the values fixture (keys are unique enough here)."""
    last = key_path.split(".")[-1]
    lines = VALUES_FILE.read_text("utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.strip().lstrip("- ").startswith(last + ":"))


def findings_with_values(**settings):
    return check_text(RENDER, "<render>", values=chart_values(VALUES_FILE, **settings), **settings)


def test_without_values_findings_stay_in_the_manifest():
    findings = by_code(check_text(RENDER, "rendered.yaml"), "DS902")
    root = [f for f in findings if f.message.startswith("Running as Non-root user") and f.manifest.container == "deepspeed"]
    assert len(root) == 1
    assert root[0].location.source == "rendered.yaml"
    lines = RENDER.splitlines()
    containers = lines.index("      containers:")
    assert root[0].location.line == lines.index("            runAsUser: 0", containers) + 1
    assert root[0].values_path == ""
    assert (root[0].manifest.source, root[0].manifest.line) == ("rendered.yaml", root[0].location.line)


def test_main_and_chart_init_containers_map_to_the_component_security_context():
    findings = by_code(findings_with_values(), "DS902")
    root = [f for f in findings if f.message.startswith("Running as Non-root user")]
    by_container = {f.manifest.container: f for f in root}
    assert by_container["deepspeed"].values_path == "worker.containerSecurityContext.runAsUser"
    assert by_container["ssh-server-configure"].values_path == "worker.containerSecurityContext.runAsUser"
    for finding in (by_container["deepspeed"], by_container["ssh-server-configure"]):
        assert finding.location.source == str(VALUES_FILE)
        assert finding.location.line == values_line("runAsUser")
        # The manifest side is the related place: the template that produced the object.
        assert finding.manifest.source == "deepspeed/templates/worker/worker-statefulset.yaml"
        assert finding.manifest.kind == "StatefulSet"
        assert finding.manifest.field_path.endswith("securityContext.runAsUser")


def test_volume_permissions_maps_to_its_switch():
    findings = [f for f in findings_with_values() if f.manifest.container == "volume-permissions"]
    assert findings
    assert {f.values_path for f in findings} == {"volumePermissions.enabled"}
    assert {f.location.line for f in findings} == {values_line("enabled")}


def test_sidecar_maps_to_its_entry():
    findings = by_code(findings_with_values(), "DS906")
    assert [(f.manifest.container, f.values_path) for f in findings] == [("exporter", "worker.sidecars[0].image")]
    assert findings[0].location.line == values_line("image")


def test_extra_deploy_object_maps_to_its_entry():
    findings = [f for f in by_code(findings_with_values(), "DS903") if f.manifest.kind == "Pod"]
    assert [(f.values_path, f.location.line) for f in findings] == [
        ("extraDeploy[0].spec.hostNetwork", values_line("hostNetwork"))]


def test_chart_defaults_say_so():
    findings = by_code(findings_with_values(platform="openshift"), "DS904")
    fs_group = [f for f in findings if f.values_path == "worker.podSecurityContext.fsGroup"]
    assert fs_group and fs_group[0].message.endswith("(chart default)")
    # Not set by the user: located at the nearest key the user wrote.
    assert fs_group[0].location.line == values_line("worker")


def test_labels_locate_the_component_without_source_comments():
    text = "\n".join(line for line in RENDER.splitlines() if not line.startswith("# Source:"))
    assert not any(d.template for d in split_manifests(text, "<render>"))
    findings = check_text(text, "<render>", values=chart_values(VALUES_FILE))
    root = [f for f in by_code(findings, "DS902") if f.message.startswith("Running as Non-root user")]
    assert {f.values_path for f in root} == {"worker.containerSecurityContext.runAsUser", "volumePermissions.enabled"}


def test_sarif_keeps_the_values_primary_and_the_manifest_related(tmp_path, monkeypatch):
    import json

    from dslint.run import Report
    from dslint.formats.sarif import render

    monkeypatch.chdir(tmp_path)
    report = Report(findings=findings_with_values())
    results = json.loads(render(report))["runs"][0]["results"]
    result = next(r for r in results if r["ruleId"] == "DS902" and "runAsUser" in json.dumps(r["relatedLocations"]))
    primary = result["locations"][0]
    assert primary["physicalLocation"]["artifactLocation"]["uri"].endswith("values.yaml")
    assert primary["logicalLocations"][0]["fullyQualifiedName"].startswith("worker.")
    related = result["relatedLocations"][0]
    assert related["logicalLocations"][0]["fullyQualifiedName"].startswith("StatefulSet/demo-deepspeed-worker/")
