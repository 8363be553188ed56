"""The policy rules (DS4xx resources, DS5xx replicas, DS6xx priority, DS8xx images) as a whole.

The fixture folders test each rule on its own; these tests check what the
families promise together: a production-grade file is clean, the chart
defaults only get the warnings the chart's own docs justify, profiles drop
what development does not care about, configured registries are enforced,
and no rule crashes on anything shaped like chart values.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GOLDEN, golden_meta, golden_scenarios, needs_shared
from dslint.config import Settings
from dslint.run import Target
from dslint.values_lane import check_target, run_rules
from dslint.load.files import load_values_file
from dslint.load.layers import UserValues
from dslint.model.facts import load_facts
from dslint.model.view import build_chart_values
from dslint.registry import DEVELOPMENT, PRODUCTION, VALUES_LANE, lane_rules
from dslint.knowledge.kubernetes import parse_image
from dslint.rules._workload import hostfile_entries

HERE = Path(__file__).parent
PRODUCTION_GRADE = HERE / "production_grade.yaml"
FAMILIES = ("DS4", "DS5", "DS6", "DS8")
VERSIONS = ("2.1.1", "2.3.51")
POLICY_RULES = tuple(r for r in lane_rules(VALUES_LANE) if r.meta.code.startswith(FAMILIES))


def policy_findings(run_cli, path, *args):
    result = run_cli("check", str(path), "--format", "json", "--isolated", "--fail-on", "never", *args)
    assert result.exit_code == 0, result.stderr
    return [f for f in result.json()["findings"] if f["code"].startswith(FAMILIES)]


def findings_for(text: str, tmp_path, **options):
    """Run the policy rules on a values text with Settings built directly (no CLI flag needed)."""
    path = tmp_path / "values.yaml"
    path.write_text(text, "utf-8")
    if "allowed_registries" in options:  # DS802's declared option
        options["rule_options"] = {"DS802": {"allowed-registries": options.pop("allowed_registries")}}
    return [f for f in check_target(Target([load_values_file(str(path))]), Settings(**options))
            if f.code.startswith(FAMILIES)]


# -- what the families promise together ----------------------------------------------


@pytest.mark.parametrize("profile", [PRODUCTION, DEVELOPMENT])
@pytest.mark.parametrize("version", VERSIONS)
def test_production_grade_values_are_clean(run_cli, version, profile):
    found = policy_findings(run_cli, PRODUCTION_GRADE, "--chart-version", version, "--profile", profile)
    assert [f for f in found if f["severity"] in ("error", "warning")] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_chart_defaults_only_warn_about_presets(run_cli, tmp_path, version):
    path = tmp_path / "values.yaml"
    path.write_text("{}\n", "utf-8")
    found = policy_findings(run_cli, path, "--chart-version", version)
    assert sorted((f["code"], f["path"]) for f in found) == [
        ("DS401", "client.resourcesPreset"),
        ("DS401", "worker.resourcesPreset"),
    ]
    assert all(f["severity"] == "warning" and f["message"].endswith("(chart default)") for f in found)


@pytest.mark.parametrize("version", VERSIONS)
def test_development_profile_accepts_the_chart_defaults(run_cli, tmp_path, version):
    path = tmp_path / "values.yaml"
    path.write_text("{}\n", "utf-8")
    assert policy_findings(run_cli, path, "--chart-version", version, "--profile", "development") == []


def test_production_only_rules():
    production_only = {r.meta.code for r in POLICY_RULES if r.meta.profiles == frozenset({PRODUCTION})}
    assert production_only == {"DS401", "DS608", "DS612"}


def test_findings_record_the_profile(run_cli, tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text("worker:\n  replicaCount: 0\n", "utf-8")
    found = policy_findings(run_cli, path, "--profile", "development")
    assert {f["code"] for f in found} == {"DS504"}
    assert all(f["profile"] == "development" for f in found)


# -- DS802 with a configured allow-list (no command-line flag exists yet) ------------------


MIXED_IMAGES = """\
worker:
  sidecars:
    - name: metrics
      image: ghcr.io/example/exporter:1.0
    - name: proxy
      image: registry.example.com/platform/proxy:2.1
  initContainers:
    - name: fetch
      image: busybox:1.36
"""


def test_registry_allow_list_from_settings(tmp_path):
    found = findings_for(MIXED_IMAGES, tmp_path, allowed_registries=("registry.example.com",))
    flagged = sorted(f.values_path for f in found if f.code == "DS802")
    # The chart's own image comes from docker.io too; busybox has no registry, so docker.io.
    assert flagged == ["image.registry", "worker.initContainers[0].image", "worker.sidecars[0].image"]


def test_registry_allow_list_globs_and_paths(tmp_path):
    allowed = ("docker.io/bitnami", "*.example.com", "ghcr.io/example")
    found = findings_for(MIXED_IMAGES, tmp_path, allowed_registries=allowed)
    assert [f.values_path for f in found if f.code == "DS802"] == ["worker.initContainers[0].image"]


def test_registry_allow_list_follows_the_global_registry(tmp_path):
    text = "global:\n  imageRegistry: mirror.example.com/hub\n"
    found = findings_for(text, tmp_path, allowed_registries=("mirror.example.com/hub",))
    assert [f for f in found if f.code == "DS802"] == []
    found = findings_for(text, tmp_path, allowed_registries=("docker.io",))
    assert [(f.values_path, f.severity.label) for f in found if f.code == "DS802"] == [("global.imageRegistry", "error")]


def test_configured_allow_list_replaces_the_global_registry(tmp_path):
    text = "global:\n  imageRegistry: mirror.example.com\n" + MIXED_IMAGES
    found = findings_for(text, tmp_path, allowed_registries=("mirror.example.com", "ghcr.io", "registry.example.com"))
    assert [f.values_path for f in found if f.code == "DS802"] == ["worker.initContainers[0].image"]


# -- the golden scenarios Helm rendered or refused --------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", golden_scenarios() or ["(no goldens)"])
def test_golden_scenarios(run_cli, name, version):
    needs_shared(GOLDEN)
    meta = golden_meta(name)
    found = policy_findings(run_cli, GOLDEN / name / "values.yaml", "--chart-version", version,
                            "--release-name", meta["release"])
    codes = {f["code"] for f in found}
    assert all(f["location"]["line"] for f in found)
    if name in ("05-external-lb", "06-external-nodeport"):
        assert "DS501" not in codes
    if name == "e01-job-without-command":
        assert [(f["location"]["line"], f["path"]) for f in found if f["code"] == "DS603"] == [(2, "client.useJob")]
    if name == "14-image-digest-registry":
        assert ("DS803" in codes) == (version == "2.3.51")
    # What Helm refuses must be an error here, unless another family reports it.
    if (GOLDEN / name / f"error-{version}.txt").exists() and name in ("e01-job-without-command", "14-image-digest-registry"):
        assert any(f["severity"] == "error" for f in found)


# -- robustness: anything shaped like chart values ----------------------------------------


def _paths(node, path=()):
    if isinstance(node, dict):
        for key, item in node.items():
            yield path + (key,)
            yield from _paths(item, path + (key,))


CHART_PATHS = sorted(set(_paths(load_facts("2.3.51")["defaults"])), key=str)
_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 40000), st.text(max_size=12),
    st.sampled_from(["", "{{ .Values.x }}", "LoadBalancer", "NodePort", "ClusterIP", "git", "custom", "soft", "hard",
                     "OrderedReady", "50%", "0%", "100%", "0", "8Gi", "4G", "nvidia.com/gpu", "tcp-ssh", "ssh",
                     "busybox", "a/b:c@sha256:x", "latest", "registry.example.com:5000/x/y", "hosta slots=2\nhostb"]),
)
_values = st.recursive(
    _leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(["name", "image", "port", "tcpSocket", "httpGet", "limits",
                                                             "requests", "memory", "cpu", "nvidia.com/gpu",
                                                             "mountPath", "value"]), inner, max_size=4)),
    max_leaves=12,
)


def _tree(assignments):
    root: dict = {}
    for path, value in assignments:
        node = root
        for key in path[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        node[path[-1]] = value
    return root


@settings(max_examples=150, deadline=None)
@given(assignments=st.lists(st.tuples(st.sampled_from(CHART_PATHS), _values), max_size=12),
       version=st.sampled_from(VERSIONS), allowed=st.sampled_from([(), ("docker.io",), ("*.example.com/x",)]))
def test_no_policy_rule_crashes(assignments, version, allowed):
    values = build_chart_values(UserValues(data=_tree(assignments)), version)
    for profile in (PRODUCTION, DEVELOPMENT):
        findings = run_rules(values, Settings(chart_version=version, profile=profile,
                                                   rule_options={"DS802": {"allowed-registries": allowed}}),
                             POLICY_RULES)
        assert all(f.message and f.code.startswith(FAMILIES) for f in findings)


# -- the helpers that mirror Kubernetes and the chart --------------------------------------


@pytest.mark.parametrize("text,registry,repository,tag,digest", [
    ("busybox", "docker.io", "busybox", "", ""),
    ("busybox:1.36", "docker.io", "busybox", "1.36", ""),
    ("docker.io/bitnami/git:2.45.1-debian-12-r0", "docker.io", "bitnami/git", "2.45.1-debian-12-r0", ""),
    ("index.docker.io/prom/statsd-exporter", "docker.io", "prom/statsd-exporter", "", ""),
    ("localhost:5000/tools/agent", "localhost:5000", "tools/agent", "", ""),
    ("registry.example.com:5000/a/b:1@sha256:abc", "registry.example.com:5000", "a/b", "1", "sha256:abc"),
])
def test_parse_image(text, registry, repository, tag, digest):
    ref = parse_image(text)
    assert (ref.registry, ref.repository, ref.tag, ref.digest) == (registry, repository, tag, digest)


def test_hostfile_entries():
    text = "# hosts\nworker-0 slots=8\n\nworker-1 slots=x  # broken\nworker-2\n"
    assert hostfile_entries(text) == [("worker-0", 8), ("worker-1", None), ("worker-2", None)]
