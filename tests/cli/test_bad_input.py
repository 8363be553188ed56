"""Bad input: one line naming the file and position, exit 2, never a traceback."""

from __future__ import annotations

import os

import pytest


def position(text: str, needle: str, occurrence: int = 1) -> str:
    """`line:column` (1-based) of `needle` in `text`, counted here from the text the test wrote,
    never from dslint's own position code."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    return f"{line}:{start - (text.rfind(chr(10), 0, start) + 1) + 1}"


def _one_line_error(result, fragment: str, where: str):
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert where in lines[0] and fragment in lines[0], lines[0]
    return lines[0]


def test_missing_file(run_cli):
    _one_line_error(run_cli("check", "nope.yaml"), "no such file", "nope.yaml")


def test_directory(run_cli, tmp_path):
    (tmp_path / "dir").mkdir()
    _one_line_error(run_cli("check", "dir"), "is a directory", "dir")


def test_binary_file(run_cli, tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR"
    (tmp_path / "model.bin").write_bytes(data)
    where = position(data.decode("latin-1"), "\x00")  # the first NUL byte
    assert where == "3:1"
    _one_line_error(run_cli("check", "model.bin"), "binary file", f"model.bin:{where}: ")


def test_latin1_bytes(run_cli, tmp_path):
    data = b"worker:\n  name: caf\xe9\n"
    (tmp_path / "v.yaml").write_bytes(data)
    # The undecodable byte itself, counted in the bytes as latin-1 reads them one to one.
    where = position(data.decode("latin-1"), "\xe9")
    assert where == "2:12"
    _one_line_error(run_cli("check", "v.yaml"), "not UTF-8", f"v.yaml:{where}: ")


def test_invalid_yaml_has_line_and_column(run_cli, tmp_path):
    text = "worker:\n  replicaCount: [1, 2\nclient: {}\n"
    (tmp_path / "v.yaml").write_text(text)
    # The unclosed flow list swallows `client`; the parser gives up at the `:` after it, which
    # cannot continue a flow list without a `,` or `]` first (one line below the `[`).
    where = position(text, ": {}")
    assert where == "3:7"
    _one_line_error(run_cli("check", "v.yaml"), "invalid YAML: did not find expected ',' or ']'", f"v.yaml:{where}: ")


def test_empty_file(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("")
    _one_line_error(run_cli("check", "v.yaml"), "file is empty", "v.yaml")


def test_whitespace_only_file(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("\n   \n")
    _one_line_error(run_cli("check", "v.yaml"), "file is empty", "v.yaml")


def test_comments_only_file_is_fine(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("# nothing to override yet\n")
    assert run_cli("check", "v.yaml", "--select", "DS1").exit_code == 0


def test_top_level_list(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("- worker\n- client\n")
    _one_line_error(run_cli("check", "v.yaml"), "mapping at the top level, not a list", "v.yaml:1:1: ")


def test_top_level_scalar(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("just text\n")
    _one_line_error(run_cli("check", "v.yaml"), "mapping at the top level", "v.yaml:1:1: ")


def test_empty_stdin(run_cli):
    _one_line_error(run_cli("check", "-", input=""), "file is empty", "<stdin>")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(run_cli, tmp_path):
    path = tmp_path / "v.yaml"
    path.write_text("a: 1\n")
    path.chmod(0)
    _one_line_error(run_cli("check", "v.yaml"), "permission denied", "v.yaml")


def test_bad_set_argument(run_cli):
    argument = "worker.replicaCount"
    # The key that lacks its `=value`, counted in the argument as a one-line text.
    where = position(argument, "replicaCount")
    assert where == "1:8"
    _one_line_error(run_cli("check", "--set", argument), '"replicaCount" has no value: "=" is missing', f"--set:{where}: ")


def test_one_bad_file_does_not_hide_the_others(run_cli, tmp_path):
    good = "client:\n  useJobs: true\n"
    (tmp_path / "good.yaml").write_text(good)
    (tmp_path / "bad.yaml").write_text("a: [\n")
    result = run_cli("check", "good.yaml", "bad.yaml")
    assert result.exit_code == 2
    assert f"good.yaml:{position(good, 'useJobs')}: DS101" in result.stdout
    # The list is never closed: the parser stops at the end of the text, the start of line 2.
    assert "dslint: error: bad.yaml:2:1: invalid YAML" in result.stderr


def test_no_input_is_a_usage_error(run_cli):
    result = run_cli("check")
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_config_typo_is_an_error_with_its_line(run_cli, tmp_path):
    (tmp_path / ".dslint.yaml").write_text("platform: openshift\nfail-onn: warning\n")
    (tmp_path / "v.yaml").write_text("client: {}\n")
    from click.testing import CliRunner

    from dslint.cli import main

    result = CliRunner().invoke(main, ["check", "v.yaml"])
    assert result.exit_code == 2
    assert ".dslint.yaml:2:1: " in result.stderr and "fail-onn" in result.stderr and "fail-on" in result.stderr
