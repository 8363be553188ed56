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
    ('[tool.dslint]\nlimits = {max-depth = -1}\n', "pyproject.toml:2:1: [tool.dslint]: invalid configuration: `limits.max-depth` must be at least 1"),
    ('[tool.dslint]\nprofil = "x"\n', "pyproject.toml:2:1: [tool.dslint]: invalid configuration"),
])
def test_pyproject_errors_are_located_in_the_table(run_cli, tmp_path, values, text, where):
    (tmp_path / "pyproject.toml").write_text(text)
    result = run_cli("check", values)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dslint: error: {where}"), result.stderr


# --- item 1: completion of paths, rule codes and chart versions --------------------------------

def _complete(words: str, cword: int) -> list[str]:
    from click.testing import CliRunner

    from dslint.cli import main

    env = {"_DSLINT_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    return CliRunner().invoke(main, [], prog_name="dslint", env=env).stdout.splitlines()


@pytest.mark.parametrize("words, cword", [
    ("dslint check -f examples/pro", 3), ("dslint check examples/pro", 2), ("dslint check --chart examples/pro", 3),
    ("dslint check -o examples/pro", 3), ("dslint check --config examples/pro", 3),
    ("dslint render --report examples/pro", 3), ("dslint render -o examples/pro", 3),
])
def test_paths_complete_as_files(words, cword):
    assert _complete(words, cword) == ["file,examples/pro"]


def test_rule_codes_and_versions_complete():
    assert _complete("dslint explain DS10", 2) == [f"plain,DS10{n}" for n in range(9)]
    assert "plain,DS101,DS201" in _complete("dslint check --select DS101,DS2", 3)
    assert "plain,DS401=" in _complete("dslint check --severity DS40", 3)
    assert _complete("dslint check --ignore DS95", 3) == ["plain,DS950", "plain,DS951", "plain,DS952", "plain,DS953"]
    assert _complete("dslint check --pull-version 2.3.5", 3) == ["plain,2.3.51", "plain,2.3.50", "plain,2.3.5"]
    assert _complete("dslint check --chart-version 2.1.", 3) == ["plain,2.1.1", "plain,2.1.0"]
    assert _complete("dslint check --chart-version la", 3) == ["plain,latest"]


# --- item 16: --chart at a file that is not a chart ----------------------------------------------

def test_chart_that_is_not_a_chart_is_one_line(run_cli, values):
    result = run_cli("check", "--chart", values, values)
    assert result.exit_code == 2
    assert result.stderr == ("dslint: error: v.yaml: not a chart: neither a chart directory nor a .tgz archive "
                             "(helm package makes one)\n")


# --- item 17: each command's options are its own -------------------------------------------------

def _help(run_cli, command):
    return run_cli(command, "--help").stdout


def test_render_help_lists_only_what_render_takes(run_cli):
    text = " ".join(_help(run_cli, "render").split())
    assert "--manifests" not in text and "Also render" not in text
    assert "--chart CHART The chart to render" in text and "--pull-version VERSION" in text
    assert " --version " not in text


def test_pull_version_replaces_the_clashing_version(run_cli, values):
    check = " ".join(_help(run_cli, "check").split())
    assert "--pull-version VERSION" in check and " --version " not in check and "--manifests" in check
    new = run_cli("check", "--chart", "oci://example.invalid/x", values)
    assert "needs --pull-version" in new.stderr
    old = run_cli("check", "--version", "2.1.1", "--chart", values, values)
    assert "`check --version` is deprecated" in old.stderr and "use --pull-version" in old.stderr
    assert "not a chart" in old.stderr, "the old spelling still reaches the chart"


# --- item 21: help summaries, `dslint rules` and `explain` -----------------------------------------

def test_help_summaries_are_whole(run_cli):
    text = run_cli("--help").stdout
    assert "explain  Print a rule's or a team policy's documentation (by code or name)." in text
    assert "e.g...." not in text and "given,..." not in text


def test_rules_filter_and_columns(run_cli):
    lines = run_cli("rules", "DS2", "DS95").stdout.splitlines()
    assert lines[0].split()[:6] == ["CODE", "NAME", "SEVERITY", "LANE", "PROFILES", "FIX"]
    codes = [line.split()[0] for line in lines[1:]]
    assert codes and all(c.startswith(("DS2", "DS95")) for c in codes) and "DS950" in codes
    row = next(line for line in lines if line.startswith("DS201"))
    assert row.split()[2:5] == ["warning", "values", "prod"]
    # The name column is as wide as the longest name: summaries start in one column.
    starts = {line.index(line.split(None, 6)[6]) for line in lines[1:]}
    assert len(starts) == 1
    assert run_cli("rules", "DS99").exit_code == 2


def test_rules_fit_a_terminal(monkeypatch):
    from dslint.rule_listing import select, table
    from dslint.registry import all_rules

    for line in table(select(all_rules(), ()), width=100).splitlines():
        assert len(line) <= 100, line


def test_explain_prefix_lists_the_family_and_suggests(run_cli):
    lines = run_cli("explain", "DS10").stdout.splitlines()
    assert [line.split()[0] for line in lines[1:]] == [f"DS10{n}" for n in range(9)]
    wrong = run_cli("explain", "unkown-key")
    assert wrong.exit_code == 2 and "(did you mean unknown-key?)" in wrong.stderr


def test_explain_renders_markdown_on_a_terminal():
    from dslint.docs import rule_markdown
    from dslint.rule_listing import render_markdown
    from dslint.registry import rule_by_code

    page = render_markdown(rule_markdown(rule_by_code("DS101").meta), color=False)
    assert page.startswith("DS101 unknown-key\n=================\n")
    assert "```" not in page and "## " not in page and "**" not in page
    assert "\n    worker:\n      replicas: 4\n" in page, "code blocks are indented"
