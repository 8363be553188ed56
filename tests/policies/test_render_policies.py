"""Manifest and admission policies over a real render of the chart: findings at the values that control them."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("cel_expr_python", reason="the CEL runtime comes with dslint[policies] (Python 3.11+)")
pytest.importorskip("helm_python", reason="rendering needs the Helm engine (dslint[render])")

from conftest import ROOT, SHARED, needs_shared  # noqa: E402

CHART = SHARED / "charts" / "deepspeed-2.1.1.tgz"
MEMORY_LIMIT = """\
policies:
  - code: ORG201
    name: containers-memory-limit
    target: manifests
    match: {kinds: [Deployment, StatefulSet, Job]}
    rule: >-
      object.spec.template.spec.containers.all(c,
        has(c.resources) && has(c.resources.limits) && 'memory' in c.resources.limits)
    field: spec.template.spec.containers[0].resources.limits
    message: every container sets a memory limit
"""
VALUES = """\
config:
  existingSSHKeySecret: ssh
worker:
  replicaCount: 8
  resources:
    limits:
      cpu: "4"
client:
  resourcesPreset: small
"""


@pytest.fixture
def chart():
    return str(needs_shared(CHART))


def test_findings_map_back_to_the_values(run_cli, tmp_path, chart):
    (tmp_path / "values.yaml").write_text(VALUES)
    (tmp_path / "policies.yaml").write_text(MEMORY_LIMIT)
    shutil.copytree(ROOT / "examples" / "policies" / "admission", tmp_path / "cluster")
    result = run_cli("check", "values.yaml", "--chart", chart, "--policy", "policies.yaml", "--admission-policies",
                     "cluster", "--namespace", "ml-dev", "--isolated", "--select", "ORG,DS960", "--format", "json",
                     "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    found = {(f["code"], f["manifest"]["kind"]): f for f in result.json()["findings"]}
    denied = found[("DS960", "StatefulSet")]
    assert (denied["location"]["file"], denied["location"]["line"]) == ("values.yaml", 4)
    assert denied["path"] == "worker.replicaCount"
    assert denied["message"].endswith("asks for 8 replicas; the cluster allows 5")
    memory = found[("ORG201", "StatefulSet")]
    assert (memory["location"]["line"], memory["path"]) == (6, "worker.resources.limits")
    # The client's preset sets a memory limit; its Deployment (one replica once defaulted) passes both.
    assert ("ORG201", "Deployment") not in found and ("DS960", "Deployment") not in found


def test_render_writes_nothing_a_cluster_policy_denies(run_cli, tmp_path, chart):
    (tmp_path / "values.yaml").write_text(VALUES)
    shutil.copytree(ROOT / "examples" / "policies" / "admission", tmp_path / "cluster")
    result = run_cli("render", "values.yaml", "--chart", chart, "--admission-policies", "cluster", "--isolated",
                     "-o", "out", "--namespace", "ml-dev")
    assert result.exit_code == 1
    assert "DS960" in result.stderr and not (tmp_path / "out").exists()
    result = run_cli("render", "values.yaml", "--chart", chart, "--admission-policies", "cluster", "--isolated",
                     "-o", "out", "--namespace", "ml-prod")  # the binding exempts ml-prod
    assert "DS960" not in result.stderr and (tmp_path / "out").exists(), result.stderr
