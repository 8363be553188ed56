"""The generator of dslint's chart facts (`python -m dslint.knowledge.generate`), against the real charts.

The committed data under dslint/knowledge/data/ must be exactly what the generator makes of the
charts: from the 13 packaged charts in ../shared/charts (CI has them), and from every published
version when DSLINT_CHART_HISTORY names the extracted history.  The smaller tests pin the pieces
(which model holds for a version, the defaults delta, the common library's facts) with answers
written out here, not recomputed by the code under test.
"""

from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path

import pytest

from conftest import SHARED
from dslint.knowledge import generate
from dslint.knowledge.generate import (
    CHART_TEMPLATE,
    build,
    committed_charts,
    extract,
    main,
    model_for_version,
    read_chart,
    read_common,
    read_schema_types,
    update_file,
)
from dslint.knowledge.versions import DATA_DIR, INDEX_FILE

CHARTS = SHARED / "charts"
HISTORY = Path(os.environ.get("DSLINT_CHART_HISTORY", "/nonexistent"))
needs_history = pytest.mark.skipif(not HISTORY.is_dir(), reason="DSLINT_CHART_HISTORY does not name extracted charts")
needs_charts = pytest.mark.skipif(not CHARTS.is_dir(), reason="no ../shared/charts")


def _committed() -> dict[str, str]:
    return {name: (Path(DATA_DIR) / name).read_text("utf-8") for name in os.listdir(DATA_DIR) if name.endswith(".json")}


def _unpack(version: str, into: Path) -> Path:
    with tarfile.open(CHARTS / f"deepspeed-{version}.tgz") as tar:
        tar.extractall(into, filter="data")
    return into / "deepspeed"


def _whole_history() -> None:
    """Skip unless the history holds every published version (CI assembles one from the 13 packaged charts)."""
    from dslint.knowledge.versions import supported_versions

    present = [p.name for p in HISTORY.iterdir() if (p / "deepspeed" / "Chart.yaml").is_file()]
    if len(present) != len(supported_versions()):
        pytest.skip(f"DSLINT_CHART_HISTORY holds {len(present)} of the {len(supported_versions())} chart versions: "
                    "the data of the others cannot be rebuilt (each present version is checked by "
                    "test_every_version_loads_with_its_own_charts_defaults)")


@needs_history
def test_the_history_generates_exactly_the_committed_data():
    _whole_history()
    assert build(extract(str(HISTORY))) == _committed()


@needs_history
def test_every_version_loads_with_its_own_charts_defaults():
    """The compact data (a base per key set, deltas for the rest) gives back each version's values.yaml."""
    from dslint.knowledge import versions

    # Read from disk, not from what earlier tests left in the caches.
    versions._index.cache_clear()
    versions._load.cache_clear()
    for version, (facts, _) in extract(str(HISTORY)).items():
        assert versions.load(version)["defaults"] == facts.values, version


@needs_history
def test_check_mode_finds_nothing_stale(monkeypatch, capsys):
    _whole_history()
    monkeypatch.setenv("DSLINT_CHART_HISTORY", str(HISTORY))
    assert main([]) == 0
    assert capsys.readouterr().out == ""


def test_the_committed_chart_facts_rejoin_to_the_committed_data():
    """No history needed: after a model change, `python -m dslint.model.facts --write` was run."""
    assert build(committed_charts()) == _committed(), "run `python -m dslint.model.facts --write`"


@needs_charts
@pytest.mark.parametrize("version", ["0.1.0", "1.3.0", "2.1.1", "2.2.0", "2.3.51"])
def test_a_packaged_chart_reads_as_its_committed_facts(tmp_path, version):
    from dslint.knowledge import versions

    versions._index.cache_clear()  # read from disk, not from what earlier tests left in the caches
    versions._load.cache_clear()
    facts, common = read_chart(str(_unpack(version, tmp_path)))
    known, known_common = committed_charts()[version]
    assert facts.values == known.values
    assert sorted(facts.deprecated) == sorted(known.deprecated)
    assert common == known_common
    assert sorted(facts.common_reads) == sorted(known.common_reads)


@needs_charts
def test_the_packaged_charts_as_a_history_give_their_versions_committed_specs(tmp_path):
    for version in ("2.1.1", "2.3.51"):
        (tmp_path / version).mkdir()
        _unpack(version, tmp_path / version)
    (tmp_path / "not-a-chart").mkdir()
    charts = extract(str(tmp_path))
    assert list(charts) == ["2.1.1", "2.3.51"]
    files = build(charts)
    index = json.loads(files[INDEX_FILE])
    committed = json.loads(_committed()[INDEX_FILE])
    for version in ("2.1.1", "2.3.51"):
        mine, theirs = index["versions"][version], committed["versions"][version]
        assert mine["common"] == theirs["common"]
        assert mine.get("deprecated") == theirs.get("deprecated")
        assert files[f"params-{mine['params']}.json"] == _committed()[f"params-{theirs['params']}.json"]
    # Two versions with different key sets: each is its own defaults base, with no delta.
    assert index["versions"]["2.1.1"]["defaults"] == "2.1.1"
    assert index["versions"]["2.3.51"]["defaults"] == "2.3.51"
    assert json.loads(files["defaults-2.3.51.json"])["delta"] == {}


def test_an_empty_history_is_refused_with_its_name(tmp_path):
    with pytest.raises(SystemExit) as refused:
        extract(str(tmp_path))
    assert str(refused.value) == f"DSLINT_CHART_HISTORY={tmp_path}: no <version>/deepspeed/Chart.yaml there"


def test_without_a_history_the_generator_says_what_to_set(monkeypatch, capsys):
    monkeypatch.delenv("DSLINT_CHART_HISTORY", raising=False)
    assert main([]) == 2
    assert capsys.readouterr().err == (
        "set DSLINT_CHART_HISTORY to a directory of extracted charts (<version>/deepspeed/), "
        "or pass --models-only to re-join the committed chart facts with the models\n")
    monkeypatch.setenv("DSLINT_CHART_HISTORY", "/nonexistent/history")
    assert main([]) == 2


def test_models_only_checks_writes_and_removes(monkeypatch, tmp_path, capsys):
    """Check mode reports stale and extra files and exits 1; --write brings the folder up to date."""
    monkeypatch.delenv("DSLINT_CHART_HISTORY", raising=False)  # --models-only needs no history
    data = tmp_path / "data"
    monkeypatch.setattr(generate, "DATA_DIR", str(data))
    assert main(["--models-only"]) == 1  # no data folder at all: everything is stale
    data.mkdir()
    files = build(committed_charts())
    (data / INDEX_FILE).write_text("{}\n")
    (data / "params-9.9.9.json").write_text("{}\n")
    (data / "notes.txt").write_text("kept: not a data file\n")
    capsys.readouterr()

    assert main(["--models-only"]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert sorted(printed) == sorted([f"stale: {name}" for name in files if name != "params-9.9.9.json"]
                                     + ["stale: params-9.9.9.json"])
    assert (data / INDEX_FILE).read_text() == "{}\n"  # check mode writes nothing

    assert main(["--models-only", "--write"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "updated params-9.9.9.json" in printed and f"updated {INDEX_FILE}" in printed
    assert sorted(p.name for p in data.iterdir()) == sorted([*files, "notes.txt"])
    assert all((data / name).read_text("utf-8") == text for name, text in files.items())

    assert main(["--models-only"]) == 0
    assert capsys.readouterr().out == ""
    (data / "params-0.0.1.json").write_text("{}\n")  # only an extra file
    assert main(["--models-only"]) == 1
    assert capsys.readouterr().out == "stale: params-0.0.1.json\n"


def test_update_file(tmp_path):
    path = tmp_path / "sub" / "f.json"
    assert update_file(str(path), "a\n", write=False) is True and not path.exists()
    assert update_file(str(path), "a\n", write=True) is True and path.read_text() == "a\n"
    assert update_file(str(path), "a\n", write=False) is False
    assert update_file(str(path), "b\n", write=False) is True and path.read_text() == "a\n"


@pytest.mark.parametrize("version, model", [
    ("0.1.0", "2.1.1"), ("2.1.1", "2.1.1"), ("2.1.10", "2.1.1"), ("2.2.0", "2.3.51"), ("2.3.51", "2.3.51"),
    ("3.0.0", "2.3.51"), ("0.0.1", "2.1.1"),
])
def test_which_model_describes_a_version(version, model):
    assert model_for_version(version) == model


def test_delta_turns_a_base_into_the_defaults():
    # Versions share a base only when their key trees are the same: a delta replaces values only.
    base = {"a": {"b": 1, "c": "x", "l": [1]}, "n": 1, "t": True, "keep": {}}
    defaults = {"a": {"b": 2, "c": "x", "l": [1, 2]}, "n": 1.0, "t": 1, "keep": {}}
    assert generate._delta(base, defaults) == [[["a", "b"], 2], [["a", "l"], [1, 2]], [["n"], 1.0], [["t"], 1]]
    assert generate._delta(base, base) == []


def test_templated_defaults_are_recorded_as_a_template():
    assert generate._templated({"a": "{{ .Values.x }}", "b": ["{{ y }}", "z", 1], "c": {"d": "plain"}}) == {
        "a": CHART_TEMPLATE, "b": [CHART_TEMPLATE, "z", 1], "c": {"d": "plain"}}


def test_schema_types_are_read_by_dotted_path(tmp_path):
    assert read_schema_types(str(tmp_path)) == {}
    (tmp_path / "values.schema.json").write_text("not json")
    assert read_schema_types(str(tmp_path)) == {}
    (tmp_path / "values.schema.json").write_text(json.dumps({"type": "object", "properties": {
        "a": {"type": "object", "properties": {"b": {"type": ["string", "null", 3]}, "c": {"description": "x"}}},
        "d": {"type": "integer"}, "e": "not a schema"}}))
    assert read_schema_types(str(tmp_path)) == {"a": ["object"], "a.b": ["string", "null"], "d": ["integer"]}


def test_common_facts_come_from_the_lock_and_the_library(tmp_path):
    assert read_common(str(tmp_path)) == {"version": "", "presets": {}, "reads": []}
    (tmp_path / "Chart.lock").write_text(
        "dependencies:\n- name: other\n  version: 9.9.9\n- not a map\n- name: common\n  version: 2.13.3\n")
    templates = tmp_path / "charts" / "common" / "templates"
    templates.mkdir(parents=True)
    (templates / "_a.tpl").write_text(
        '{{- $presets := dict "nano" (dict "requests" (dict "cpu" "100m" "memory" "128Mi") '
        '"limits" (dict "cpu" "150m" "ephemeral-storage" "2Gi")) -}}\n')
    (templates / "ignored.txt").write_text("omitEmptySeLinuxOptions\n")
    common = read_common(str(tmp_path))
    assert common["version"] == "2.13.3"
    assert common["presets"] == {"nano": {"requests": {"cpu": "100m", "memory": "128Mi"},
                                          "limits": {"cpu": "150m", "ephemeral-storage": "2Gi"}}}
    assert common["reads"] == []  # only .tpl files are the library
    (templates / "_b.tpl").write_text("{{ .Values.global.compatibility.omitEmptySeLinuxOptions }}\n")
    assert read_common(str(tmp_path))["reads"] == ["omitEmptySeLinuxOptions"]


def test_keys_no_model_knows_keep_the_charts_schema_types(capsys, monkeypatch):
    """A key the models lack is typed from values.schema.json; the index keeps those types for a re-join."""
    from dslint.knowledge import versions
    from dslint.knowledge.join import ChartFacts

    facts = ChartFacts({"image": {"tag": "x"}, "brandNew": 1, "other": "s"}, (), (), {"brandNew": ["integer", "null"]})
    files = build({"2.3.51": (facts, {"version": "2.31.0", "presets": {}, "reads": []})})
    index = json.loads(files[INDEX_FILE])
    assert index["versions"]["2.3.51"]["types"] == {"brandNew": ["integer", "null"]}
    assert capsys.readouterr().err == ("typed from its default (no model field): 2.3.51: brandNew\n"
                                       "typed from its default (no model field): 2.3.51: other\n")
    # ... and committed_charts hands them back to the join.
    real = versions._index()
    fake = {**real, "versions": {**real["versions"], "2.3.51": {**real["versions"]["2.3.51"], "types": {"a.b": ["string"]}}}}
    monkeypatch.setattr(versions, "_index", lambda: fake)
    assert committed_charts()["2.3.51"][0].schema_types == {"a.b": ["string"]}
    assert committed_charts()["2.3.50"][0].schema_types == {}


def test_delta_orders_paths_as_text():
    # A YAML key may be a number: paths sort by their text, never comparing a number with a string.
    assert generate._delta({1: "a", "b": 1}, {1: "c", "b": 2}) == [[[1], "c"], [["b"], 2]]
