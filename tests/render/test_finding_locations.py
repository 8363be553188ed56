"""Every finding points at a place the user can open: no SARIF result without a file.

GitHub code scanning refuses a whole upload when one result has no physical
location, and a `file:line:col:` line without a file breaks editors and problem
matchers.  Over every golden scenario (skipped without ../shared):

* `check --chart` with the real packaged charts 2.1.1 and 2.3.51, rendered by Helm;
* `render -o DIR` and `render -o FILE` for both versions, with Helm's recorded output
  (the golden renders) replayed by a stand-in engine, so the whole pipeline after
  Helm runs for every scenario without paying for a real render each time;

every SARIF result has a physicalLocation with a URI, and every `github` annotation a
`file=`.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import GOLDEN, SHARED, golden_scenarios

from dslint.render.helm import RenderFailure, RenderOutput

VERSIONS = ("2.1.1", "2.3.51")
_SOURCE = re.compile(r"^# Source: (\S+)\s*$", re.MULTILINE)


def _chart(version: str):
    chart = SHARED / "charts" / f"deepspeed-{version}.tgz"
    if not chart.is_file() or not golden_scenarios():
        pytest.skip(f"{chart} or the golden scenarios are not there")
    return chart


def unlocated(sarif: dict, cwd) -> list[str]:
    """Results without a file URI, or whose file does not exist (relative URIs are from the cwd)."""
    out = []
    for result in sarif["runs"][0]["results"]:
        locations = result.get("locations") or [{}]
        uri = locations[0].get("physicalLocation", {}).get("artifactLocation", {}).get("uri")
        path = None if not uri else Path(unquote(uri[len("file://"):])) if uri.startswith("file://") else cwd / unquote(uri)
        if path is None or not path.is_file():
            out.append(f"{result['ruleId']} at {uri!r}: {result['message']['text']}")
    return out


def _values(tmp_path, scenario: str) -> str:
    # The user's values file in their working directory, as in a repository.
    target = tmp_path / f"{scenario}.yaml"
    shutil.copyfile(GOLDEN / scenario / "values.yaml", target)
    return target.name


class GoldenEngine:
    """Helm's output for one scenario, as the golden files recorded it."""

    name = "recorded Helm output"
    pull_log: list[str] = []

    def __init__(self, scenario: str, version: str) -> None:
        self.folder = GOLDEN / scenario
        self.version = version

    def render(self, chart_path, request) -> RenderOutput:
        error = self.folder / f"error-{self.version}.txt"
        if error.is_file():
            raise RenderFailure(RenderFailure.TEMPLATE, error.read_text("utf-8"))
        expected = self.folder / f"expected-{self.version}.yaml"
        if not expected.is_file():
            expected = self.folder / f"invalid-output-{self.version}.yaml"
        files: dict[str, str] = {}
        text = expected.read_text("utf-8")
        marks = list(_SOURCE.finditer(text))
        for mark, following in zip(marks, marks[1:] + [None]):
            body = text[mark.end(): following.start() if following else len(text)]
            body = body.rsplit("\n---", 1)[0] if following else body
            files[mark.group(1)] = files.get(mark.group(1), "") + "\n---\n" + body.strip() + "\n"
        return RenderOutput(files)

    def pull(self, reference, version, destination):  # pragma: no cover - never asked
        raise AssertionError("no pulls")


COMMANDS = {
    "check --chart": ("check",),
    "render -o DIR": ("render", "-o", "manifests"),
    "render -o FILE": ("render", "-o", "manifests.yaml"),
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_result_is_located_in_a_file(run_cli, tmp_path, monkeypatch, version, command):
    chart = _chart(version)
    missing, annotations = [], 0
    for scenario in golden_scenarios():
        monkeypatch.setattr("dslint.render.pipeline.find_engine", lambda *args, **kwargs: GoldenEngine(scenario, version))
        values = _values(tmp_path, scenario)
        for fmt in ("sarif", "github"):
            report = ("-o", f"report.{fmt}") if command == "check --chart" else ("--report", f"report.{fmt}")
            run_cli(*COMMANDS[command], "--chart", chart, values, "--fail-on", "never", "--format", fmt, *report)
        sarif = json.loads((tmp_path / "report.sarif").read_text("utf-8"))
        missing += [f"{scenario}: {problem}" for problem in unlocated(sarif, tmp_path)]
        for line in (tmp_path / "report.github").read_text("utf-8").splitlines():
            if not line.startswith("::"):
                continue  # the summary line that ends the job log
            annotations += 1
            if "file=" not in line:
                missing.append(f"{scenario} (github): {line}")
    assert annotations > len(golden_scenarios())
    assert missing == []


# A few scenarios through the real Helm SDK: the stand-in engine above replays what it printed.
REAL_HELM_SCENARIOS = ("01-defaults", "13-env-vars", "22-extra-deploy-tpl")


@pytest.mark.parametrize("version", VERSIONS)
def test_check_with_the_real_chart_locates_every_result(run_cli, tmp_path, version):
    chart = _chart(version)
    files = [_values(tmp_path, s) for s in REAL_HELM_SCENARIOS if (GOLDEN / s / "values.yaml").is_file()]
    result = run_cli("check", "--chart", chart, *files, "--fail-on", "never", "--format", "sarif")
    sarif = result.json()
    assert len(sarif["runs"][0]["results"]) > len(files), "the scenarios have findings"
    assert unlocated(sarif, tmp_path) == []
