"""docs/upgrade.md and the README show what `dslint upgrade` prints: keep them true.

Blocks whose command names `charts/` need the chart history (DSLINT_CHART_HISTORY), linked
as `charts/` beside `examples/` in a scratch directory.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from dslint.cli import main

DOCS = (ROOT / "docs" / "upgrade.md", ROOT / "README.md")
BLOCK = re.compile(r"```console\n\$ (dslint upgrade [^\n]+)\n(.*?)```", re.S)
HISTORY = Path(os.environ.get("DSLINT_CHART_HISTORY", "/nonexistent"))


def _blocks() -> list[tuple[str, str, str]]:
    return [(doc.name, command, output) for doc in DOCS for command, output in BLOCK.findall(doc.read_text("utf-8"))]


def test_both_documents_show_a_real_example():
    assert {name for name, _, _ in _blocks()} == {"upgrade.md", "README.md"}


@pytest.mark.parametrize(("doc", "command", "expected"), _blocks(), ids=[f"{d}: {c}" for d, c, _ in _blocks()])
def test_documented_output_matches(tmp_path, monkeypatch, doc, command, expected):
    if "charts/" in command:
        if not HISTORY.is_dir():
            pytest.skip("DSLINT_CHART_HISTORY does not name extracted charts")
        absent = [v for v in re.findall(r"charts/([^/\s]+)/", command) if not (HISTORY / v / "deepspeed").is_dir()]
        if absent:
            pytest.skip(f"chart {', '.join(absent)} is not in DSLINT_CHART_HISTORY")
        (tmp_path / "charts").symlink_to(HISTORY)
        (tmp_path / "examples").symlink_to(ROOT / "examples")
        monkeypatch.chdir(tmp_path)
    else:
        monkeypatch.chdir(ROOT)
    # A loaded machine may need more than Helm's 5 s a render; the output does not depend on it.
    slow = ["--timeout", "120"] if "charts/" in command else []
    result = CliRunner().invoke(main, [*shlex.split(command)[1:], "--isolated", *slow], catch_exceptions=False,
                                color=False)
    if "--format json" in command:
        actual, documented = json.loads(result.stdout), json.loads(expected)
        actual.pop("version"), documented.pop("version")  # dslint's own version moves with releases
        assert actual == documented, f"{doc} is stale for `{command}`"
    else:
        assert result.stdout == expected, f"{doc} is stale for `{command}`"


def test_the_ci_recipe_is_valid_yaml_that_runs_dslint_upgrade():
    import yaml

    text = (ROOT / "docs" / "upgrade.md").read_text("utf-8")
    # Four backticks: the script writes a fenced block into the comment.
    recipe = re.search(r"````yaml\n(# \.github/workflows/dslint-upgrade\.yml\n.*?)````", text, re.S)
    assert recipe is not None
    workflow = yaml.safe_load(recipe.group(1))
    steps = workflow["jobs"]["upgrade"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "dslint upgrade" in runs and "--from" in runs and "--to" in runs
    assert "gh pr comment" in runs
    assert workflow["permissions"]["pull-requests"] == "write"
    import subprocess

    for step in steps:
        if "run" in step:  # the shell parses every script (GitHub's expressions stand in as words)
            script = re.sub(r"\$\{\{[^}]*\}\}", "X", step["run"])
            subprocess.run(["bash", "-n", "-c", script], check=True)
