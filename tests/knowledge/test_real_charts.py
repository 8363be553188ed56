"""The real packaged charts (../shared/charts/deepspeed-<v>.tgz) rendered by Helm, against dslint's facts.

Needs the shared charts and the Helm engine (dslint[render]); skipped otherwise.
The sweep of every golden scenario over one packaged version per parameter set
renders a few hundred times (minutes): it runs when DSLINT_CHART_SWEEP=1.
"""

from __future__ import annotations

import os
import re
import tarfile
from pathlib import Path

import pytest
import yaml

from conftest import GOLDEN, SHARED, golden_meta, golden_scenarios
from dslint.knowledge.versions import load, parameter_sets, version_key

CHARTS = SHARED / "charts"
pytestmark = pytest.mark.skipif(not CHARTS.is_dir(), reason="no ../shared/charts")


def _packaged() -> dict[str, Path]:
    if not CHARTS.is_dir():
        return {}
    out = {}
    for path in CHARTS.glob("deepspeed-*.tgz"):
        out[path.name[len("deepspeed-"):-len(".tgz")]] = path
    return dict(sorted(out.items(), key=lambda item: version_key(item[0])))


def _sample() -> list[str]:
    """One packaged version per parameter set (the newest packaged one in each), where there is one."""
    packaged = _packaged()
    chosen = []
    for versions in parameter_sets().values():
        have = [v for v in versions if v in packaged]
        if have:
            chosen.append(have[-1])
    return chosen


def _unpack(archive: Path, into: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "deepspeed"


def _keys(tree, path=()):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield path + (key,)
            yield from _keys(value, path + (key,))


def _applies(scenario: str, version: str) -> bool:
    """A scenario applies to a version whose chart has every key the scenario's values set."""
    spec = load(version)["spec"]
    user = yaml.safe_load((GOLDEN / scenario / "values.yaml").read_text()) or {}
    for path in _keys(user):
        node = spec
        for part in path:
            if node.get("k") == "map" and not node.get("pt") and part in node["f"]:
                node = node["f"][part]
            elif node.get("k") == "map" and not node.get("pt"):
                return False
            else:
                break
    return True


def _cases() -> list[tuple[str, str]]:
    if not GOLDEN.is_dir():
        return []
    return [(version, scenario) for version in _sample() for scenario in golden_scenarios() if _applies(scenario, version)]


@pytest.fixture
def helm():
    pytest.importorskip("helm_python", reason="needs the Helm engine (dslint[render])")


@pytest.mark.skipif(os.environ.get("DSLINT_CHART_SWEEP") != "1", reason="set DSLINT_CHART_SWEEP=1 to render every sample")
@pytest.mark.parametrize("version,scenario", _cases())
def test_golden_scenarios_get_helms_verdict(helm, run_cli, tmp_path, version, scenario):
    """The values lane refuses (an error) exactly the scenarios Helm refuses to render with that version,
    and for the others the render succeeds with no values error."""
    meta = golden_meta(scenario)
    result = run_cli("check", "--isolated", "--chart", _packaged()[version], GOLDEN / scenario / "values.yaml",
                     "--release-name", meta["release"], "--namespace", meta["namespace"],
                     "--fail-on", "never", "--format", "json")
    findings = result.json()["findings"]
    helm_refused = [f for f in findings if f["code"] in ("DS950", "DS951", "DS952")]
    values_errors = [f for f in findings if f["severity"] == "error" and not f["code"].startswith("DS9")]
    if helm_refused:
        assert values_errors, f"Helm refused {scenario} with {version}, dslint's values lane saw nothing: {helm_refused}"
    else:
        schema = [f for f in values_errors if f["code"] in ("DS101", "DS102", "DS103")]
        assert not schema, f"{scenario} renders with {version}, yet: {schema}"


def test_a_2_2_chart_uses_its_own_facts(helm, run_cli, tmp_path):
    chart = _packaged().get("2.2.10") or pytest.skip("needs deepspeed-2.2.10.tgz")
    values = tmp_path / "values.yaml"
    values.write_text("global:\n  security:\n    allowInsecureImages: true\nworker:\n  pdb:\n    create: false\n"
                      "config:\n  existingSSHKeySecret: ssh\n")
    result = run_cli("check", "--isolated", "--chart", str(_unpack(chart, tmp_path)), str(values), "--select", "DS1",
                     "--fail-on", "never")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{values}:2:3: DS101 [error] unknown key `security` in `global`"), lines
    assert lines[-1] == "1 error, 0 warnings in 1 file; chart 2.2.10 (from --chart)"


def test_a_chart_dslint_does_not_know_is_read_from_the_chart(helm, run_cli, tmp_path):
    """A fork (or a release newer than dslint's data): its values.yaml gives the parameters, one note says so."""
    chart = _packaged().get("2.3.51") or pytest.skip("needs deepspeed-2.3.51.tgz")
    directory = _unpack(chart, tmp_path / "fork")
    chart_yaml = directory / "Chart.yaml"
    chart_yaml.write_text(re.sub(r"(?m)^version: .*$", "version: 2.4.0-fork.1", chart_yaml.read_text()))
    values_yaml = directory / "values.yaml"
    values_yaml.write_text(values_yaml.read_text().replace("worker:\n", "worker:\n  topologyHints: false\n", 1))
    packed = tmp_path / "deepspeed-2.4.0-fork.1.tgz"
    with tarfile.open(packed, "w:gz") as tar:
        tar.add(directory, arcname="deepspeed")
    values = tmp_path / "values.yaml"
    values.write_text('worker:\n  topologyHints: "yes"\n  slotsPerNod: 2\nconfig:\n  existingSSHKeySecret: ssh\n')
    for given in (directory, packed):
        result = run_cli("check", "--isolated", "--chart", str(given), str(values), "--select", "DS1",
                         "--fail-on", "never", "--format", "json")
        report = result.json()
        codes = sorted((f["code"], f["path"]) for f in report["findings"])
        assert codes == [("DS101", "worker.slotsPerNod"), ("DS102", "worker.topologyHints")], codes
        notes = [line for line in result.stderr.splitlines() if "no facts for chart deepspeed 2.4.0-fork.1" in line]
        assert len(notes) == 1, result.stderr
