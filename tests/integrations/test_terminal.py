"""Where a person watches: colour, the summary line, progress on long runs, shell completion."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from ci_helpers import BAD_VALUES
from dslint.cli import main
from dslint.run import Report
from dslint.findings import Finding, Location, Severity
from dslint.formats import text
from dslint.formats.text import PROGRESS_MIN_FILES, Progress, progress_wanted, use_color

ESC = "\033["


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "CI", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _report() -> Report:
    return Report(findings=[
        Finding("DS101", "unknown-key", Severity.ERROR, "unknown key", "worker.x", Location("values.yaml", 2, 3)),
        Finding("DS401", "preset", Severity.WARNING, "preset", "worker.resourcesPreset", Location("values.yaml", 5, 3)),
    ], files=["values.yaml", "other.yaml"])


# --- colour -------------------------------------------------------------------

def test_colour_choice(clean_env):
    terminal, pipe = _Terminal(), io.StringIO()
    assert use_color("auto", terminal) and not use_color("auto", pipe)
    assert use_color("always", pipe) and not use_color("never", terminal)
    clean_env.setenv("NO_COLOR", "1")
    assert not use_color("auto", terminal)
    assert use_color("always", terminal), "the command line beats the environment"
    clean_env.delenv("NO_COLOR")
    clean_env.setenv("FORCE_COLOR", "1")
    assert use_color("auto", pipe)
    assert not use_color("never", pipe)
    clean_env.setenv("FORCE_COLOR", "0")
    assert not use_color("auto", pipe)
    clean_env.delenv("FORCE_COLOR")
    clean_env.setenv("TERM", "dumb")
    assert not use_color("auto", terminal)


def test_colour_only_decorates(clean_env):
    plain = text.render(_report())
    coloured = text.render(_report(), color=True)
    assert ESC not in plain and ESC in coloured
    import re

    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == plain
    assert plain.splitlines()[0] == "values.yaml:2:3: DS101 [error] unknown key"
    assert plain.splitlines()[-1] == "1 error, 1 warning in 2 files"


def test_cli_colour_option(run_cli, tmp_path, clean_env):
    (tmp_path / "bad.yaml").write_text(BAD_VALUES)
    assert ESC not in run_cli("check", "bad.yaml").stdout, "a pipe gets no colour"
    assert ESC in run_cli("check", "bad.yaml", "--color", "always").stdout
    clean_env.setenv("FORCE_COLOR", "1")
    assert ESC in run_cli("check", "bad.yaml").stdout
    assert ESC not in run_cli("check", "bad.yaml", "--color", "never").stdout
    clean_env.delenv("FORCE_COLOR")
    clean_env.setenv("NO_COLOR", "1")
    assert ESC not in run_cli("check", "bad.yaml").stdout
    # Machine formats never get colour, even when asked.
    assert ESC not in run_cli("check", "bad.yaml", "--format", "json", "--color", "always").stdout


def test_summary_line_counts_files(run_cli, tmp_path, clean_env):
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (tmp_path / name).write_text(BAD_VALUES)
    last = run_cli("check", "a.yaml", "b.yaml", "c.yaml", "--select", "DS101").stdout.splitlines()[-1]
    assert last == "3 errors, 0 warnings in 3 files; chart 2.1.1 (default)"


# --- progress -----------------------------------------------------------------

def test_progress_only_for_long_watched_runs(clean_env):
    terminal, pipe = _Terminal(), io.StringIO()
    long = PROGRESS_MIN_FILES + 1
    assert progress_wanted(long, terminal)
    assert not progress_wanted(PROGRESS_MIN_FILES, terminal)
    assert not progress_wanted(long, pipe)
    clean_env.setenv("CI", "true")
    assert not progress_wanted(long, terminal)


def test_the_values_lane_advances_the_progress_line_the_cli_draws(clean_env, tmp_path):
    from dslint.config import Settings
    from dslint.load.files import load_values_file
    from dslint.run import Report, Target
    from dslint.values_lane import check_values

    total = PROGRESS_MIN_FILES + 10
    (tmp_path / "v.yaml").write_text("worker:\n  replicaCount: 1\n")
    targets = [Target([load_values_file(str(tmp_path / "v.yaml"))]) for _ in range(total)]
    terminal = _Terminal()
    progress = Progress(total, terminal)
    check_values(targets, Settings(), Report(), progress)
    progress.close()
    drawn = terminal.getvalue()
    assert f"dslint: {total}/{total} files" in drawn
    assert drawn.endswith("\r\033[K"), "the line is erased before the report"


def test_progress_redraws_sparingly():
    terminal = _Terminal()
    progress = Progress(1000, terminal)
    for _ in range(1000):
        progress.advance()
    progress.close()
    assert terminal.getvalue().count("dslint: ") < 100


def test_long_run_through_the_cli_has_no_progress_in_a_pipe(run_cli, tmp_path, clean_env):
    names = [f"v{i:03}.yaml" for i in range(PROGRESS_MIN_FILES + 5)]
    for name in names:
        (tmp_path / name).write_text("worker:\n  replicaCount: 2\n")
    result = run_cli("check", *names, "--select", "DS101")
    assert result.exit_code == 0
    assert "dslint: " not in result.stderr and ESC not in result.stderr
    assert result.stdout.splitlines()[-1] == f"0 errors, 0 warnings in {len(names)} files; chart 2.1.1 (default)"


# --- shell completion ---------------------------------------------------------

@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F"), ("zsh", "#compdef dslint"),
                                           ("fish", "complete --no-files --command dslint")])
def test_completion_script_is_produced(shell, marker):
    result = CliRunner().invoke(main, [], prog_name="dslint", env={"_DSLINT_COMPLETE": f"{shell}_source"})
    assert result.exit_code == 0
    assert marker in result.stdout
    assert "_DSLINT_COMPLETE" in result.stdout


def test_completion_completes_commands_and_choices():
    def complete(words: str, cword: int) -> str:
        env = {"_DSLINT_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
        return CliRunner().invoke(main, [], prog_name="dslint", env=env).stdout

    assert "plain,check" in complete("dslint ch", 1).splitlines()
    formats = complete("dslint check --format ", 3).splitlines()
    assert {"plain,gitlab", "plain,junit", "plain,sarif"} <= set(formats)


def test_bash_completion_script_is_valid_bash():
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = CliRunner().invoke(main, [], prog_name="dslint", env={"_DSLINT_COMPLETE": "bash_source"}).stdout
    checked = subprocess.run([bash, "-n"], input=script, capture_output=True, text=True, env=dict(os.environ))
    assert checked.returncode == 0, checked.stderr


def test_long_run_at_a_terminal_shows_progress_on_stderr(tmp_path):
    pty = pytest.importorskip("pty")  # noqa: F841 - POSIX only
    import sys

    names = [f"v{i:03}.yaml" for i in range(PROGRESS_MIN_FILES + 5)]
    for name in names:
        (tmp_path / name).write_text("worker:\n  replicaCount: 2\n")
    master, slave = os.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm"
    try:
        process = subprocess.run([sys.executable, "-m", "dslint.cli", "check", *names, "--select", "DS101"],
                                 cwd=tmp_path, stdout=subprocess.PIPE, stderr=slave, env=env, timeout=300)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert process.returncode == 0
    stderr = seen.decode()
    assert f"dslint: {len(names)}/{len(names)} files" in stderr
    assert stderr.endswith("\r\033[K")
    assert b"dslint: " not in process.stdout, "the report on stdout stays clean"
