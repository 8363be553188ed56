"""Input cannot forge output: no GitHub workflow command, terminal escape or extra finding line.

A key named "x\n::error file=README.md::..." once printed a line that GitHub
Actions reads as a command, and broke one finding per line for grep and
problem matchers.  Control characters from the input are printed as escapes.
"""

from __future__ import annotations

import pytest

from dslint.formats import FORMATS

from robust_support import assert_clean_output, assert_survived, run_check, write

NASTY = ["x\n::error file=README.md::INJECTED", "y\r::notice::CR", "z\x1b[2J\x1b]0;title\x07", "w\x85::warning::NEL",
         "v\u2028::error::LS", "u\u202eRTL", "t\x00nul"]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _yaml_key(text: str) -> str:
    escaped = text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    return f'"{escaped}"'


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_keys_with_control_characters_cannot_forge_output(tmp_path, output_format):
    write(tmp_path / "v.yaml", "worker:\n" + "".join(f"  {_yaml_key(k)}: 1\n" for k in NASTY))
    run = assert_clean_output(assert_survived(run_check("v.yaml", "--format", output_format, "--select", "DS101")),
                              output_format)
    assert run.exit_code == 1
    if output_format == "text":
        findings = [line for line in run.stdout.splitlines() if not line.startswith("  help: ")]
        assert len(findings) == len(NASTY) + 1  # one line per finding (and its help), and the summary
        assert "unknown key `x\\n::error file=README.md::INJECTED`" in run.stdout


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_set_arguments_and_file_names_cannot_forge_output(tmp_path, output_format):
    name = "values\n::error::FILE.yaml"
    write(tmp_path / name, "worker:\n  bogus\x85x: 1\n")
    args = ["--set", "worker.k\n::error::SET=1", "--select", "DS101", "--format", output_format]
    assert_clean_output(assert_survived(run_check(name, *args)), output_format)
    missing = assert_survived(run_check("nope\n::error::MISSING.yaml", "--format", output_format))
    assert_clean_output(missing, output_format)
    assert missing.error_lines() == ["dslint: error: nope\\n::error::MISSING.yaml: no such file"]
