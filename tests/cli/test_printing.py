"""`dslint.printing`: the one way out for every line dslint prints (issue 12, item 5)."""

from __future__ import annotations

import click
from click.testing import CliRunner

from dslint import printing, secrets

TOKEN = "ghp_R7uQm2XkP9vL4sT8wY1zA6bC3dE5fG0hJ2kL"


def _stderr(action) -> str:
    @click.command()
    def command():
        with secrets.run():
            action()

    return CliRunner().invoke(command, catch_exceptions=False).stderr


def test_a_message_is_one_line_whatever_it_quotes():
    """A note, warning or error quoting input with line breaks stays one escaped line."""
    err = _stderr(lambda: (printing.note("chart 'x\n::error::forged'"), printing.warning("a\r\n::warning::x\x1b[2J"),
                           printing.error(f"bad {TOKEN}\u2028::notice::y")))
    lines = err.splitlines()
    assert lines == ["dslint: note: chart 'x\\n::error::forged'", "dslint: warning: a\\r\\n::warning::x\\x1b[2J",
                     "dslint: error: bad <redacted: looks like a GitHub token; keep it in a Secret>\\u2028::notice::y"]


def test_a_block_keeps_its_lines_and_makes_each_safe():
    text = f"--- a (on disk)\n+token: {TOKEN}\n-name: x\x1b]0;t\x07"
    assert printing.safe_lines(text).splitlines() == [
        "--- a (on disk)", "+token: <redacted: looks like a GitHub token; keep it in a Secret>", "-name: x\\x1b]0;t\\x07"]


def test_a_report_keeps_dslint_colours_only():
    coloured = "\x1b[1mv.yaml:1:1\x1b[0m: \x1b[1;31mDS101\x1b[0m message\n"
    assert printing.safe_report(coloured) == coloured
    assert printing.safe_report("a\x1b]0;t\x07 \x1b[1mb\x1b[0m\n") == "a\\x1b]0;t\\x07 \x1b[1mb\x1b[0m\n"
