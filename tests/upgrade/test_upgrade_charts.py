"""`dslint upgrade` with the real charts of the chart history (DSLINT_CHART_HISTORY=<dir>/<version>/deepspeed).

Skipped when the history is not there, or Helm's engine (dslint[render]) is not installed.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
import yaml

from dslint.knowledge.versions import parameter_sets

HISTORY = Path(os.environ.get("DSLINT_CHART_HISTORY", "/nonexistent"))
pytestmark = pytest.mark.skipif(not HISTORY.is_dir(), reason="DSLINT_CHART_HISTORY does not name extracted charts")


# Helm's default bound (5 s a render) is for one user's run; these tests share a loaded machine.
SLOW = ("--timeout", "120")


def _chart(version: str) -> Path:
    path = HISTORY / version / "deepspeed"
    if not (path / "Chart.yaml").is_file():
        pytest.skip(f"chart {version} is not in DSLINT_CHART_HISTORY")
    return path


@pytest.fixture(autouse=True)
def _helm_engine():
    from dslint.render.helm import find_engine
    from dslint.render.limits import DEFAULT_CHART_LIMITS

    try:
        find_engine(DEFAULT_CHART_LIMITS)
    except Exception as err:  # noqa: BLE001 - any reason Helm's engine is not here
        pytest.skip(f"no Helm engine: {err}")


def _leaves(tree, prefix=()):
    """The values.yaml's parameters: a non-empty map is walked, anything else is one parameter."""
    if isinstance(tree, dict) and (tree or not prefix):
        for key, value in tree.items():
            yield from _leaves(value, (*prefix, key))
    else:
        yield ".".join(prefix)


def _values(version: str) -> dict:
    return yaml.safe_load((_chart(version) / "values.yaml").read_text())


def _present(tree, dotted: str) -> bool:
    """The path names something in the values (a parameter, or a map of them)."""
    for part in dotted.split("."):
        if not isinstance(tree, dict) or part not in tree:
            return False
        tree = tree[part]
    return True


def _only_in(tree: dict, other: dict) -> set[str]:
    """The parameters of `tree` that `other` does not have at all (`resources: {}` becoming
    `resources: {limits: {}, requests: {}}` adds and removes nothing)."""
    return {p for p in _leaves(tree) if not _present(other, p)}


def _of_kind(document: dict, kind: str) -> set[str]:
    return {c["path"] for c in document["changes"] if c["kind"] == kind}


def test_2_1_1_to_2_2_5_adds_both_budgets_traced_to_their_switch(run_cli, tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("worker:\n  replicaCount: 2\n")
    result = run_cli("upgrade", values, "--chart", _chart("2.1.1"), "--to-chart", _chart("2.2.5"),
                     "--release-name", "train", "--format", "json", *SLOW)
    assert result.exit_code == 0, result.output
    document = result.json()
    added = {c["object"]: c["path"] for c in document["changes"] if c["kind"] == "object-added"}
    assert added == {"PodDisruptionBudget/train-deepspeed-worker": "worker.pdb.create",
                     "PodDisruptionBudget/train-deepspeed-client": "client.pdb.create"}
    changed = [c for c in document["changes"] if c["kind"] == "object-changed"]
    assert all(c["fields"] and "/" in c["object"] for c in changed)
    by_path = {(c["object"], c["path"]) for c in changed}
    assert ("StatefulSet/train-deepspeed-worker", "image.tag") in by_path
    assert ("StatefulSet/train-deepspeed-worker", "worker.resourcesPreset") in by_path
    # The generated SSH key and the checksums differ on every render: never a change.
    assert not any(c["object"].startswith("Secret/") for c in changed)
    assert not any("checksum/" in field for c in changed for field in c.get("fields", ()))
    assert {"worker.resourcesPreset", "client.resourcesPreset", "image.tag"} <= _of_kind(document, "default-changed")
    # The chart's own findings about its init containers are the same in both: neither new nor gone.
    assert document["findings"] == {"new": [], "gone": []}


def test_a_custom_registry_makes_2_3_51_refuse_the_render(run_cli, tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("global:\n  imageRegistry: registry.example.com\n")
    result = run_cli("upgrade", values, "--chart", _chart("2.1.1"), "--to-chart", _chart("2.3.51"), "--format", "json", *SLOW)
    assert result.exit_code == 1, result.output
    document = result.json()
    assert document["refused"] == {"from": None, "to": "helm"}
    new = {f["code"] for f in document["findings"]["new"]}
    assert new & {"DS803", "DS950"}
    assert any("refuses to render" in reason for reason in document["act"])
    text = run_cli("upgrade", values, "--chart", _chart("2.1.1"), "--to-chart", _chart("2.3.51"), *SLOW)
    assert "Chart 2.3.51 does not render these values (Helm refused)" in text.stdout


def _consecutive_parameter_sets() -> list[tuple[str, str]]:
    firsts = list(parameter_sets())
    return list(itertools.pairwise(firsts))


@pytest.mark.parametrize(("old", "new"), _consecutive_parameter_sets())
def test_every_parameter_set_change_matches_the_charts_values(run_cli, tmp_path, old, new):
    """Each values.yaml key one chart has and the other lacks is reported, both ways.

    A user who sets every parameter (`helm show values`) sees the new keys as key-added and
    the keys the new chart no longer reads as key-removed; a user who sets none sees every key
    whose default disappears as a default they relied on (a key the chart still reads, left
    without a default, is not removed: setting it still works).
    """
    # (A set can change with no values.yaml key: 2.2.17's `common` reads omitEmptySeLinuxOptions.)
    before, after = _values(old), _values(new)
    full, minimal = tmp_path / "full.yaml", tmp_path / "minimal.yaml"
    minimal.write_text("worker:\n  replicaCount: 2\n")
    for first, second, gained, lost in ((old, new, _only_in(after, before), _only_in(before, after)),
                                        (new, old, _only_in(before, after), _only_in(after, before))):
        shutil.copy(_chart(first) / "values.yaml", full)
        result = run_cli("upgrade", full, "--chart", _chart(first), "--to-chart", _chart(second), "--format", "json",
                         *SLOW)
        assert result.exit_code in (0, 1), result.output
        document = result.json()
        assert (document["from"], document["to"]) == (first, second)
        assert _of_kind(document, "key-added") == gained
        removed = _of_kind(document, "key-removed") | _of_kind(document, "key-renamed")
        assert removed <= lost
        relied = run_cli("upgrade", minimal, "--from", first, "--to", second, "--format", "json").json()
        assert lost <= _of_kind(relied, "default-changed")
        assert not removed & _of_kind(relied, "key-removed")  # nothing the user did not set


def test_sarif_places_every_change_in_the_values_file(run_cli, tmp_path):
    import json

    values = tmp_path / "values.yaml"
    values.write_text("worker:\n  replicaCount: 2\n")
    result = run_cli("upgrade", values, "--chart", _chart("2.1.1"), "--to-chart", _chart("2.2.5"), "--format", "sarif",
                     *SLOW)
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert any(r["ruleId"] == "upgrade/object-added" for r in results)
    for item in results:
        assert item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("values.yaml"), item


def test_a_change_the_templates_make_is_not_blamed_on_an_unchanged_value(run_cli, tmp_path):
    # 1.1.5's templates add HOME to every container's env; extraEnvVars, which controls env, is the same.
    values = tmp_path / "values.yaml"
    values.write_text("worker:\n  replicaCount: 2\n")
    document = run_cli("upgrade", values, "--chart", _chart("1.1.4"), "--to-chart", _chart("1.1.5"), "--format", "json",
                       *SLOW).json()
    env = [c for c in document["changes"] if c["kind"] == "object-changed" and c["path"] == "worker.extraEnvVars"]
    assert env and "the chart's templates changed" in env[0]["message"]
