"""The config file is input a pull request can plant: every run names it, and says when it is nobody's (issue 12).

Items 10, 11 and 18: a `.dslint.yaml` with `ignore: [DS]` and `fail-on: never` in any parent folder
silently turned everything off; `tool = 1` in pyproject.toml was an internal error; and
`limits.max-depth: 100000` was accepted although the cap is 900.
"""

from __future__ import annotations

import json
import os

import pytest

OFF = "ignore: [DS]\nfail-on: never\n"
VALUES = "worker:\n  replicaCount: x\n"  # DS102 when anything checks it


@pytest.fixture
def outside(tmp_path, monkeypatch):
    """tmp/outer/.dslint.yaml turning every check off, and the working directory tmp/outer/proj (no .git)."""
    project = tmp_path / "outer" / "proj"
    project.mkdir(parents=True)
    (tmp_path / "outer" / ".dslint.yaml").write_text(OFF)
    (project / "values.yaml").write_text(VALUES)
    if any(os.path.exists(os.path.join(parent, ".git")) for parent in [str(tmp_path), *map(str, tmp_path.parents)]):
        pytest.skip("the temporary folder is inside a git repository")
    monkeypatch.chdir(project)
    return project


def _summary(result) -> str:
    return [line for line in result.stdout.splitlines() if line][-1]


def test_a_config_found_outside_any_repository_is_named_and_warned_about(run_cli, outside):
    result = run_cli("check", "values.yaml")
    assert result.exit_code == 0  # the config did turn everything off...
    assert _summary(result) == "0 errors, 0 warnings in 1 file; chart 2.1.1 (default); config: ../.dslint.yaml"  # ...and says so
    assert result.stderr.splitlines() == [
        "dslint: warning: using the config file ../.dslint.yaml, found outside any repository (no .git above it): "
        "it can change or turn off every check; pass --config FILE or --isolated to choose"]

    document = json.loads(run_cli("check", "values.yaml", "--format", "json").stdout)
    assert document["config"] == {"path": "../.dslint.yaml", "outside_repository": True}
    sarif = json.loads(run_cli("check", "values.yaml", "--format", "sarif").stdout)
    assert sarif["runs"][0]["properties"] == {"config": "../.dslint.yaml", "configOutsideRepository": True}


def test_a_config_inside_the_repository_is_named_without_a_warning(run_cli, outside):
    (outside / ".git").mkdir()
    (outside / ".dslint.yaml").write_text("fail-on: warning\n")
    result = run_cli("check", "values.yaml")
    assert result.exit_code == 1 and "DS102" in result.stdout
    assert _summary(result).endswith(" in 1 file; chart 2.1.1 (default); config: .dslint.yaml")
    assert "warning: using the config file" not in result.stderr
    # A config chosen on the command line is named, never warned about.
    chosen = run_cli("check", "values.yaml", "--config", "../.dslint.yaml")
    assert _summary(chosen).endswith("; config: ../.dslint.yaml") and chosen.stderr == ""


def test_without_a_config_nothing_is_named(run_cli, outside):
    result = run_cli("check", "--isolated", "values.yaml")
    assert "config:" not in result.stdout and result.stderr == ""
    assert json.loads(run_cli("check", "--isolated", "values.yaml", "--format", "json").stdout)["config"] is None


@pytest.mark.parametrize("text, position, message", [
    ("tool = 1\n# [tool.dslint]\n", "pyproject.toml:1:1", "`tool` must be a table"),
    ("[project]\nname = 'x'\n[tool]\ndslint = 'on'\n", "pyproject.toml:4:1", "`tool.dslint` must be a table"),
    ("tool.dslint = 3\n", "pyproject.toml:1:1", "`tool.dslint` must be a table"),
])
def test_pyproject_whose_tool_is_not_a_table_is_an_input_error(run_cli, tmp_path, text, position, message):
    (tmp_path / "pyproject.toml").write_text(text)
    (tmp_path / "values.yaml").write_text(VALUES)
    result = run_cli("check", "--config", "pyproject.toml", "values.yaml")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"dslint: error: {position}: {message}"), lines
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("limits, message", [
    ("max-depth: 100000", ".dslint.yaml:2:14: invalid configuration: `limits.max-depth` must be at most 900, got 100000"),
    ("max-depth: 0", ".dslint.yaml:2:14: invalid configuration: `limits.max-depth` must be at least 1, got 0"),
    ("max-values: -5", ".dslint.yaml:2:15: invalid configuration: `limits.max-values` must be at least 1, got -5"),
    ("max-file-size: 0", ".dslint.yaml:2:18: invalid configuration: `limits.max-file-size` must be at least 1, got 0"),
])
def test_config_limits_are_held_to_their_documented_caps(run_cli, tmp_path, limits, message):
    (tmp_path / ".dslint.yaml").write_text(f"limits:\n  {limits}\n")
    (tmp_path / "values.yaml").write_text(VALUES)
    result = run_cli("check", "--config", ".dslint.yaml", "values.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"dslint: error: {message}"]


def test_command_line_limits_have_the_same_caps(run_cli, tmp_path):
    (tmp_path / "values.yaml").write_text(VALUES)
    assert run_cli("check", "--isolated", "--max-depth", "901", "values.yaml").exit_code == 2
    assert run_cli("check", "--isolated", "--max-depth", "900", "values.yaml").exit_code == 1
    from dslint.load.yaml_tree import MAX_DEPTH_CAP, Limits
    from dslint.load.errors import InputError

    with pytest.raises(InputError, match="from 1 to 900"):
        Limits(max_depth=MAX_DEPTH_CAP + 1).checked()
