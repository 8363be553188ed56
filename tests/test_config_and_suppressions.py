"""Configuration files, command-line precedence, rule selection and inline suppressions."""

from __future__ import annotations

from click.testing import CliRunner

from dslint.cli import main
from dslint.config import Settings

TYPO = "client:\n  useJobs: true\n"


def _run(args, cwd=None):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


def test_select_and_ignore_follow_the_most_specific_prefix():
    s = Settings(select=("DS1",), ignore=("DS10",))
    assert not s.is_selected("DS101")
    s = Settings(select=("DS101",), ignore=("DS1",))
    assert s.is_selected("DS101") and not s.is_selected("DS102")
    s = Settings(ignore=("DS213",))
    assert s.is_selected("DS212") and not s.is_selected("DS213")
    assert not Settings(select=("DS2",), ignore=("DS2",)).is_selected("DS201")


def test_config_file_is_found_upwards_and_the_command_line_wins(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".dslint.yaml").write_text("ignore: [DS101]\nfail-on: warning\n")
    sub = tmp_path / "deploy" / "values"
    sub.mkdir(parents=True)
    (sub / "v.yaml").write_text(TYPO)
    monkeypatch.chdir(sub)
    result = _run(["check", "v.yaml", "--select", "DS1", "--format", "json"])
    assert '"DS101"' not in result.stdout
    result = _run(["check", "v.yaml", "--select", "DS1", "--isolated", "--format", "json"])
    assert '"DS101"' in result.stdout


def test_pyproject_section(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.dslint]\nignore = ["DS101"]\n')
    (tmp_path / "v.yaml").write_text(TYPO)
    monkeypatch.chdir(tmp_path)
    assert '"DS101"' not in _run(["check", "v.yaml", "--format", "json"]).stdout


def test_pyproject_typo_is_located(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.dslint]\nplatform = "openshift"\nprofil = "development"\n')
    (tmp_path / "v.yaml").write_text(TYPO)
    monkeypatch.chdir(tmp_path)
    result = _run(["check", "v.yaml"])
    assert result.exit_code == 2
    assert "pyproject.toml:3:1" in result.stderr and "profile" in result.stderr


def test_config_value_of_the_wrong_type(tmp_path, monkeypatch):
    (tmp_path / ".dslint.yaml").write_text("platform: windows\n")
    (tmp_path / "v.yaml").write_text(TYPO)
    monkeypatch.chdir(tmp_path)
    result = _run(["check", "v.yaml"])
    assert result.exit_code == 2 and ".dslint.yaml:1:11" in result.stderr and "kubernetes" in result.stderr


def test_severity_override_and_per_file_ignores(tmp_path, monkeypatch):
    (tmp_path / ".dslint.yaml").write_text("severity: {DS101: warning}\nper-file-ignores: {'legacy-*.yaml': [DS102]}\n")
    (tmp_path / "v.yaml").write_text(TYPO)
    (tmp_path / "legacy-1.yaml").write_text("worker:\n  replicaCount: '3'\n")
    monkeypatch.chdir(tmp_path)
    result = _run(["check", "v.yaml", "legacy-1.yaml", "--select", "DS1", "--format", "json"])
    assert result.exit_code == 0  # only a warning remains
    assert '"severity": "warning"' in result.stdout and '"DS102"' not in result.stdout


def test_bad_code_on_the_command_line(tmp_path, monkeypatch):
    (tmp_path / "v.yaml").write_text(TYPO)
    monkeypatch.chdir(tmp_path)
    result = _run(["check", "v.yaml", "--select", "E501"])
    assert result.exit_code == 2 and "E501" in result.stderr


# --- inline suppressions ---------------------------------------------------------


def _codes(text, tmp_path, monkeypatch, *extra):
    (tmp_path / "v.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    import json

    result = _run(["check", "v.yaml", "--isolated", "--select", "DS1", "--format", "json", *extra])
    return [(f["code"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]]


def test_same_line_and_line_above(tmp_path, monkeypatch):
    text = "client:\n  useJobs: true  # dslint: ignore[DS101]\n  # dslint: ignore[DS101]\n  foo: 1\n  bar: 2\n"
    assert _codes(text, tmp_path, monkeypatch) == [("DS101", 5)]


def test_ignore_file_and_prefixes(tmp_path, monkeypatch):
    text = "# dslint: ignore-file[DS1]\nclient:\n  useJobs: true\n"
    assert _codes(text, tmp_path, monkeypatch) == []


def test_unused_suppressions_are_reported(tmp_path, monkeypatch):
    text = "client:\n  useJob: true  # dslint: ignore[DS101, DS102]\n"
    assert _codes(text, tmp_path, monkeypatch) == [("DS100", 2)]


def test_suppression_text_inside_a_value_is_not_a_comment(tmp_path, monkeypatch):
    text = 'source:\n  launchCommand: "run # dslint: ignore[DS101]"\nclient:\n  useJobs: true\n'
    assert _codes(text, tmp_path, monkeypatch) == [("DS101", 4)]


def test_suppression_of_a_deselected_rule_is_not_stale(tmp_path, monkeypatch):
    text = "client:\n  useJob: true  # dslint: ignore[DS213]\n"
    assert _codes(text, tmp_path, monkeypatch) == []
