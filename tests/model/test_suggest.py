"""Did-you-mean searches the whole model: leaf names, path similarity, mis-indentation (issue 16, item 10)."""

from __future__ import annotations

import pytest

from dslint.model.facts import load_facts
from dslint.model.suggest import CASE, CHILDREN, ELSEWHERE, MISINDENTED, SPELLING, suggest_key


def _spec(version: str = "2.1.1") -> dict:
    return load_facts(version)["spec"]


@pytest.mark.parametrize("text, message", [
    # top-level `resources` once suggested `source`
    ("resources:\n  limits: {cpu: 1}\n",
     "unknown key `resources` in the top level; Helm ignores it "
     "(`resources` exists at `worker.resources`, `client.resources` or `volumePermissions.resources`)"),
    # DS101's own example once got no suggestion
    ("worker:\n  replicas: 3\n",
     "unknown key `replicas` in `worker`; Helm ignores it (did you mean `worker.replicaCount`?)"),
    # once suggested `worker.containerPorts.ssh`
    ("ssh:\n  existingSSHKeySecret: keys\n",
     "unknown key `ssh` in the top level; Helm ignores it (did you mean `config.existingSSHKeySecret`?)"),
    ("worker:\n  persistence:\n    replicaCount: 2\n",
     "unknown key `replicaCount` in `worker.persistence`; Helm ignores it "
     "(looks mis-indented: `worker.replicaCount` is one level up)"),
    ("client:\n  launchCommand: deepspeed train.py\n",
     "unknown key `launchCommand` in `client`; Helm ignores it (did you mean `source.launchCommand`?)"),
])
def test_unknown_key_messages(run_cli, tmp_path, text, message):
    (tmp_path / "values.yaml").write_text(text)
    result = run_cli("check", "--select", "DS101", "--format", "json", "values.yaml")
    assert [f["message"] for f in result.json()["findings"]] == [message]


def test_a_map_under_a_free_form_map_looks_mis_indented(run_cli, tmp_path):
    (tmp_path / "values.yaml").write_text("worker:\n  nodeSelector:\n    resources:\n      limits: {cpu: 1}\n")
    findings = run_cli("check", "--select", "DS102", "--format", "json", "values.yaml").json()["findings"]
    assert [f["message"] for f in findings] == [
        "`worker.nodeSelector.resources` must be a string, got a map; "
        "looks mis-indented: `worker.resources` is one level up"]
    assert findings[0]["autofix"]["applicability"] == "unsafe"


@pytest.mark.parametrize("path, value, kind, paths", [
    (("worker", "replica_count"), 2, CASE, [("worker", "replicaCount")]),
    (("worker", "ReplicaCount"), 2, CASE, [("worker", "replicaCount")]),
    (("worker", "replicas"), 2, SPELLING, [("worker", "replicaCount")]),
    (("worker", "persistence", "resources"), {"limits": {}}, MISINDENTED, [("worker", "resources")]),
    (("worker", "persistence", "storage", "replicaCount"), 2, MISINDENTED, [("worker", "replicaCount")]),
    (("resources",), {"limits": {}}, ELSEWHERE,
     [("worker", "resources"), ("client", "resources"), ("volumePermissions", "resources")]),
    (("ssh",), {"existingSSHKeySecret": "k"}, CHILDREN, [("config",)]),
    # a scalar where only maps of that name exist: no answer rather than a wrong one
    (("resources",), "big", None, None),
    (("zzzqqq",), 1, None, None),
])
def test_suggest_key(path, value, kind, paths):
    found = suggest_key(_spec(), path, value)
    if kind is None:
        assert found is None
        return
    assert found.kind == kind
    assert list(found.paths) == paths


def test_only_a_single_answer_is_a_target():
    assert suggest_key(_spec(), ("resources",), {}).target is None
    assert suggest_key(_spec(), ("worker", "replicas"), 2).target == ("worker", "replicaCount")
    # a children answer names where the keys belong, not where the map goes
    assert suggest_key(_spec(), ("ssh",), {"existingSSHKeySecret": "k"}).target is None
