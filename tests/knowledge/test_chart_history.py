"""Every published chart version, judged against that version's own chart files.

Runs when DSLINT_CHART_HISTORY names a directory of extracted charts
(`<version>/deepspeed/`, as `../shared/tools/chart-versions.py <git dir>
extract` assembles them from a bitnami/charts history); skipped otherwise.
The expectations come from the chart files here, never from dslint's data.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from dslint.knowledge.versions import supported_versions, version_key

HISTORY = Path(os.environ.get("DSLINT_CHART_HISTORY", "/nonexistent"))
needs_history = pytest.mark.skipif(not HISTORY.is_dir(), reason="DSLINT_CHART_HISTORY does not name extracted charts")


def _versions() -> list[str]:
    if not HISTORY.is_dir():
        return []
    return sorted((p.name for p in HISTORY.iterdir() if (p / "deepspeed" / "Chart.yaml").is_file()), key=version_key)


def _chart(version: str) -> Path:
    return HISTORY / version / "deepspeed"


def _keys(tree, path=()) -> set[tuple]:
    out = set()
    if isinstance(tree, dict):
        for key, value in tree.items():
            out.add(path + (key,))
            out |= _keys(value, path + (key,))
    return out


def _values(version: str) -> dict:
    return yaml.safe_load((_chart(version) / "values.yaml").read_text()) or {}


@needs_history
def test_the_history_and_dslint_know_the_same_versions():
    # A partial history (CI assembles one from the 13 packages in ../shared/charts) is checked as far
    # as it goes: every version in it is one dslint knows; the tests below run over the versions present.
    present, known = _versions(), supported_versions()
    assert set(present) <= set(known), f"versions dslint does not know: {sorted(set(present) - set(known))}"
    if tuple(present) != known:
        pytest.skip(f"DSLINT_CHART_HISTORY holds {len(present)} of the {len(known)} chart versions: "
                    "only checked that dslint knows each of them")


@needs_history
@pytest.mark.parametrize("version", _versions())
def test_own_values_are_valid(run_cli, version):
    """`dslint check --chart-version V` of V's values.yaml: no unknown key, wrong type or invalid value."""
    result = run_cli("check", "--isolated", "--chart-version", version, str(_chart(version) / "values.yaml"),
                     "--select", "DS101,DS102,DS103", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["findings"] == []


def _rendered_whole(version: str, path: tuple) -> bool:
    """Does V's template hand `.Values.<path>` (or a map above it) to Kubernetes whole?"""
    templates = _chart(version) / "templates"
    text = "\n".join(p.read_text() for p in [*templates.rglob("*.yaml"), *templates.rglob("*.tpl")])
    for depth in range(1, len(path)):
        dotted = re.escape("Values." + ".".join(path[:depth]))
        # `toYaml .Values.x`, `omit .Values.x "enabled"`, `(dict "secContext" .Values.x ...)`,
        # also as `.context.Values.x` inside a helper.
        if re.search(rf"(toYaml|omit|secContext\"?)\s+[$\w.]*\.{dotted}(\s|\)|\}})", text):
            return True
    return False


def _changes() -> list[tuple[str, str, tuple, str]]:
    """(version before, version after, key path, "added" | "removed") for every key the history adds or drops."""
    out = []
    versions = _versions()
    for before, after in zip(versions, versions[1:]):
        old, new = _keys(_values(before)), _keys(_values(after))
        for path in sorted(new - old):
            if path[:-1] in old or not path[:-1]:
                out.append((before, after, path, "added"))
        for path in sorted(old - new):
            if path[:-1] in new or not path[:-1]:
                out.append((before, after, path, "removed"))
    return out


def _nested(path: tuple, value) -> dict:
    for part in reversed(path):
        value = {part: value}
    return value


def _unknown(run_cli, tmp_path, version: str, path: tuple, value) -> bool:
    target = tmp_path / f"{version}.yaml"
    target.write_text(yaml.safe_dump(_nested(path, value)))
    result = run_cli("check", "--isolated", "--chart-version", version, str(target), "--select", "DS101",
                     "--format", "json")
    return bool(result.json()["findings"])


@needs_history
@pytest.mark.parametrize("before,after,path,change", _changes(), ids=lambda v: ".".join(v) if isinstance(v, tuple) else v)
def test_keys_are_known_exactly_where_the_chart_has_them(run_cli, tmp_path, before, after, path, change):
    """A key the chart adds is unknown before and known from then on (and the reverse for a removal),
    unless the template passes the map holding it to Kubernetes whole (a securityContext, resources)."""
    has, lacks = (after, before) if change == "added" else (before, after)
    value = _values(has)
    for part in path:
        value = value[part]
    assert not _unknown(run_cli, tmp_path, has, path, value), f"{'.'.join(path)} unknown in {has}"
    expected_unknown = not _rendered_whole(lacks, path)
    assert _unknown(run_cli, tmp_path, lacks, path, value) is expected_unknown, (
        f"{'.'.join(path)} in {lacks}: expected {'unknown' if expected_unknown else 'known (passed through)'}")


@needs_history
def test_the_issue_examples():
    absent = [v for v in ("2.1.1", "2.2.0", "2.2.10", "2.3.0") if v not in _versions()]
    if absent:
        pytest.skip(f"DSLINT_CHART_HISTORY lacks chart {', '.join(absent)}")
    changes = {(".".join(p), c): after for _, after, p, c in _changes()}
    assert changes[("worker.pdb", "added")] == "2.2.0"
    assert changes[("global.security", "added")] == "2.3.0"
