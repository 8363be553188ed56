"""What a new user meets first (issue 16): codes that select nothing, usage errors, config errors."""

from __future__ import annotations

import pytest

TYPOS = "worker:\n  replicas: 3\nclient:\n  useJobs: true\n"


@pytest.fixture
def values(tmp_path):
    (tmp_path / "v.yaml").write_text(TYPOS)
    return "v.yaml"


# --- item 2: a code or prefix that names no rule is an input error with its line ---------------

@pytest.mark.parametrize("config, where", [
    ("select: [DS1, DS199]\n", ".dslint.yaml:1:15"),
    ("severity: {DS999: error}\n", ".dslint.yaml:1:12"),
    ("ignore:\n  - DS101\n  - DS0\n", ".dslint.yaml:3:5"),
    ("per-file-ignores:\n  'x*': [DS10, DS77]\n", ".dslint.yaml:2:16"),
])
def test_config_code_that_selects_nothing_is_located(run_cli, tmp_path, values, config, where):
    (tmp_path / ".dslint.yaml").write_text(config)
    result = run_cli("check", values)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith(f"dslint: error: {where}: ") and "matches no rule" in result.stderr


@pytest.mark.parametrize("option", [("--select", "DS199"), ("--ignore", "DS0"), ("--severity", "DS999=error")])
def test_command_line_code_that_selects_nothing(run_cli, values, option):
    result = run_cli("check", values, "--isolated", *option)
    assert result.exit_code == 2
    assert f"dslint: error: {option[0]}: " in result.stderr and "matches no rule" in result.stderr


def test_prefixes_that_name_rules_are_still_accepted(run_cli, values):
    assert run_cli("check", values, "--isolated", "--select", "DS1,DS95", "--ignore", "DS108").exit_code == 1


# --- item 12: usage errors are one line, did-you-mean kept -----------------------------------

@pytest.mark.parametrize("args, expected", [
    (("check", "--selct", "DS1", "v.yaml"), "dslint: error: check: no such option '--selct' (did you mean one of:"),
    (("chek", "v.yaml"), "dslint: error: no such command 'chek' (did you mean one of: 'check'"),
    (("explain",), "dslint: error: explain: missing argument 'CODE'"),
    (("check", "--format", "xml", "v.yaml"), "dslint: error: check: invalid value for '--format'"),
])
def test_usage_errors_are_one_line(run_cli, values, args, expected):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(expected), result.stderr


# --- item 27: config errors carry line:col and name pyproject's table -------------------------

@pytest.mark.parametrize("text, where", [
    ('[tool.dslint]\nselect = ["DS1"\n', "pyproject.toml:2:1: [tool.dslint]: invalid TOML"),
    ('[tool.dslint]\nplatform = = 1\n', "pyproject.toml:2:12: [tool.dslint]: invalid TOML"),
    ('[tool.dslint]\nlimits = {max-depth = -1}\n', "pyproject.toml:2:1: [tool.dslint]: the max-depth limit"),
    ('[tool.dslint]\nprofil = "x"\n', "pyproject.toml:2:1: [tool.dslint]: invalid configuration"),
])
def test_pyproject_errors_are_located_in_the_table(run_cli, tmp_path, values, text, where):
    (tmp_path / "pyproject.toml").write_text(text)
    result = run_cli("check", values)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dslint: error: {where}"), result.stderr
