"""examples/README.md shows what `dslint check` prints for each example; keep it true."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from conftest import ROOT
from dslint.cli import main

DOC = ROOT / "examples" / "README.md"
BLOCK = re.compile(r"```console\n\$ (dslint [^\n]+)\n(.*?)```", re.S)


def _blocks():
    return BLOCK.findall(DOC.read_text("utf-8"))


def test_every_example_is_documented():
    commands = " ".join(command for command, _ in _blocks())
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        assert f"examples/{path.name}" in commands, f"{path.name} has no documented output in examples/README.md"


@pytest.mark.parametrize("command,expected", _blocks(), ids=[c for c, _ in _blocks()])
def test_documented_output_matches(monkeypatch, command, expected):
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)[1:] + ["--isolated"]
    result = CliRunner().invoke(main, args, catch_exceptions=False, color=False)
    assert result.stdout == expected, f"examples/README.md is stale for `{command}`"
