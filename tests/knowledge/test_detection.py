"""Which chart version a check uses, and why: flag, config, the chart the values belong to, else 2.1.1."""

from __future__ import annotations

import pytest

from dslint.knowledge.semver import ConstraintError, newest_matching
from dslint.knowledge.versions import supported_versions

UMBRELLA = """\
apiVersion: v2
name: training-platform
version: 0.1.0
dependencies:
  - name: postgresql
    version: 15.x.x
    repository: oci://registry-1.docker.io/bitnamicharts
  - name: deepspeed
    version: "{constraint}"
    repository: oci://registry-1.docker.io/bitnamicharts
{alias}"""

UMBRELLA_VALUES = """\
global:
  imageRegistry: registry.example.com
ingress:
  enabled: true
postgresql:
  auth: {{}}
{key}:
  worker:
    replicaCount: "3"
    pdb:
      create: true
"""


def umbrella(tmp_path, constraint="2.2.5", alias="", lock=None):
    (tmp_path / "Chart.yaml").write_text(UMBRELLA.format(constraint=constraint, alias=f"    alias: {alias}\n" if alias else ""))
    if lock:
        (tmp_path / "Chart.lock").write_text(f"dependencies:\n- name: postgresql\n  version: 15.5.0\n"
                                             f"- name: deepspeed\n  version: {lock}\n")
    values = tmp_path / "values.yaml"
    values.write_text(UMBRELLA_VALUES.format(key=alias or "deepspeed"))
    return values


def text_check(run_cli, *args):
    result = run_cli("check", "--isolated", "--select", "DS1", "--format", "concise", *map(str, args))
    return result, result.stdout.splitlines()


@pytest.mark.parametrize("constraint,version", [
    ("2.2.5", "2.2.5"),
    ("~2.2.0", "2.2.28"),
    (">=2.2 <2.3", "2.2.28"),
    (">=2.2, <2.3", "2.2.28"),
    ("^2.2.0", "2.3.51"),
    ("2.2.x", "2.2.28"),
    ("2.2", "2.2.28"),
    ("~2", "2.3.51"),
    ("^1.7", "1.8.2"),
    (">2.2", "2.3.51"),
    ("<=2.2", "2.2.28"),
    ("1.5 - 2.0", "2.0.6"),
    ("*", "2.3.51"),
    ("~1.8.0 || ~2.0.0", "2.0.6"),
    ("!=2.3.51", "2.3.50"),
    ("=2.1.1", "2.1.1"),
    ("v2.2.5", "2.2.5"),
    ("9.0.0", None),
])
def test_constraints_read_as_helm_reads_them(constraint, version):
    assert newest_matching(constraint, supported_versions()) == version


def test_a_constraint_helm_refuses():
    with pytest.raises(ConstraintError):
        newest_matching("two point two", supported_versions())


def test_umbrella_pinning_2_2_5(run_cli, tmp_path):
    values = umbrella(tmp_path)
    result, lines = text_check(run_cli, values)
    # The umbrella's own keys (ingress, postgresql) are not reported; the DeepSpeed values are
    # checked with 2.2.5's facts (pdb known, from 2.2.0), at their lines in the umbrella's file.
    assert lines == [
        f"{values}:9:19: DS102 [error] `worker.replicaCount` must be an integer, got a string (\"3\"); remove the quotes: 3",
        "1 error, 0 warnings in 1 file; chart 2.2.5 (from Chart.yaml dependency)",
    ]


def test_alias_and_constraint(run_cli, tmp_path):
    values = umbrella(tmp_path, constraint="~2.1.0", alias="trainer")
    result, lines = text_check(run_cli, values)
    # 2.1.1 has no pdb: the key is unknown, at its line under `trainer:`.
    assert any(line.startswith(f"{values}:10:5: DS101 [error] unknown key `pdb` in `worker`") for line in lines), lines
    assert lines[-1].endswith("; chart 2.1.1 (from Chart.yaml dependency)")


def test_chart_lock_wins(run_cli, tmp_path):
    values = umbrella(tmp_path, constraint="~2.2.0", lock="2.2.10")
    _, lines = text_check(run_cli, values)
    assert lines[-1].endswith("; chart 2.2.10 (from Chart.lock)")


def test_global_is_passed_down(run_cli, tmp_path):
    values = umbrella(tmp_path, constraint="2.2.5")
    values.write_text("global:\n  security:\n    allowInsecureImages: true\ndeepspeed:\n  global:\n    imageRegistry: x.example.com\n")
    _, lines = text_check(run_cli, values)
    # global.security exists from 2.3.0: the umbrella's global reaches the 2.2.5 subchart, which lacks it.
    assert lines[0].startswith(f"{values}:2:3: DS101 [error] unknown key `security` in `global`"), lines
    assert len(lines) == 2


def test_values_below_the_umbrella(run_cli, tmp_path):
    umbrella(tmp_path)
    nested = tmp_path / "environments" / "prod"
    nested.mkdir(parents=True)
    (nested / "values.yaml").write_text("deepspeed:\n  worker:\n    pdb:\n      create: false\n")
    result, lines = text_check(run_cli, nested / "values.yaml")
    assert lines == ["0 errors, 0 warnings in 1 file; chart 2.2.5 (from Chart.yaml dependency)"]


def test_the_flag_beats_the_umbrella_but_keeps_its_shape(run_cli, tmp_path):
    values = umbrella(tmp_path)
    _, lines = text_check(run_cli, values, "--chart-version", "2.1.1")
    assert any("unknown key `pdb`" in line for line in lines)
    assert not any("ingress" in line for line in lines)
    assert lines[-1].endswith("; chart 2.1.1 (from --chart-version)")


def test_config_beats_the_umbrella(run_cli, tmp_path):
    values = umbrella(tmp_path)
    (tmp_path / ".dslint.yaml").write_text("chart-version: 2.3.0\n")
    result = run_cli("check", "--select", "DS1", str(values))
    assert result.stdout.splitlines()[-1].endswith("; chart 2.3.0 (from .dslint.yaml); config: .dslint.yaml")


def test_a_values_file_inside_the_deepspeed_chart(run_cli, tmp_path):
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: deepspeed\nversion: 2.2.0\n")
    values = tmp_path / "ci-values.yaml"
    values.write_text("worker:\n  pdb:\n    create: false\n")
    _, lines = text_check(run_cli, values)
    assert lines == ["0 errors, 0 warnings in 1 file; chart 2.2.0 (from Chart.yaml)"]


def test_no_chart_around_is_2_1_1(run_cli, tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("worker:\n  replicaCount: 2\n")
    _, lines = text_check(run_cli, values)
    assert lines == ["0 errors, 0 warnings in 1 file; chart 2.1.1 (default)"]


def test_a_constraint_no_known_version_meets(run_cli, tmp_path):
    values = umbrella(tmp_path, constraint="^9.0.0")
    result = run_cli("check", "--isolated", "--select", "DS1", str(values))
    assert "no version dslint knows satisfies" in result.stderr
    assert result.stdout.splitlines()[-1].endswith("; chart 2.1.1 (default)")


@pytest.mark.parametrize("asked", ["2.2.10", "0.1.0", "latest", "v2.3.0"])
def test_every_published_version_and_latest_are_accepted(run_cli, tmp_path, asked):
    values = tmp_path / "values.yaml"
    values.write_text("worker:\n  replicaCount: 2\n")
    result = run_cli("check", "--isolated", "--chart-version", asked, str(values))
    assert result.exit_code == 0, result.stderr
    shown = {"latest": supported_versions()[-1], "v2.3.0": "2.3.0"}.get(asked, asked)
    assert result.stdout.splitlines()[-1].endswith(f"; chart {shown} (from --chart-version)")


def test_an_unknown_version_is_a_usage_error(run_cli, tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("worker: {}\n")
    result = run_cli("check", "--isolated", "--chart-version", "2.4.0", str(values))
    assert result.exit_code == 2
    assert "'2.4.0' is not a published DeepSpeed chart version" in result.stderr


def test_an_unknown_version_in_the_config_is_located(run_cli, tmp_path):
    (tmp_path / ".dslint.yaml").write_text("profile: production\nchart-version: 2.4.0\n")
    values = tmp_path / "values.yaml"
    values.write_text("worker: {}\n")
    result = run_cli("check", str(values))
    assert result.exit_code == 2
    assert ".dslint.yaml:2:16: invalid configuration: '2.4.0' is not a published DeepSpeed chart version" in result.stderr


def test_paths_in_reports_are_the_umbrellas(run_cli, tmp_path):
    values = umbrella(tmp_path, alias="trainer")
    result = run_cli("check", "--isolated", "--select", "DS1", str(values), "--format", "json")
    assert [(f["path"], f["location"]["line"]) for f in result.json()["findings"]] == [("trainer.worker.replicaCount", 9)]


def _choice(directory):
    from dslint.knowledge.detect import chart_for_directory

    found = chart_for_directory(str(directory))
    return found and (found.version, found.reason, found.scope, found.source, found.note)


@pytest.mark.parametrize("constraint, alias, lock, expected", [
    ("~2.2.0", "", None, ("2.2.28", "from Chart.yaml dependency", "deepspeed", "umbrella/Chart.yaml", None)),
    ("~2.2.0", "trainer", None, ("2.2.28", "from Chart.yaml dependency", "trainer", "umbrella/Chart.yaml", None)),
    ("", "", None, ("2.3.51", "from Chart.yaml dependency", "deepspeed", "umbrella/Chart.yaml", None)),
    ("~2.2.0", "", "2.2.3", ("2.2.3", "from Chart.lock", "deepspeed", "umbrella/Chart.yaml", None)),
    ("~2.2.0", "", "9.9.9", ("2.1.1", "default", "deepspeed", "umbrella/Chart.yaml",
                             "Chart.lock pins deepspeed 9.9.9, which dslint has no facts for; checking as chart 2.1.1")),
    ("2.y", "t", None, ("2.1.1", "default", "t", "umbrella/Chart.yaml",
                        "umbrella/Chart.yaml: '2.y' is not a version constraint Helm understands; checking as chart 2.1.1")),
    ("^9.0.0", "", None, ("2.1.1", "default", "deepspeed", "umbrella/Chart.yaml",
                          "umbrella/Chart.yaml wants deepspeed '^9.0.0', which no version dslint knows satisfies; "
                          "checking as chart 2.1.1")),
])
def test_what_an_umbrella_decides(tmp_path, monkeypatch, constraint, alias, lock, expected):
    # Run from the umbrella's parent: the Chart.lock is read beside the Chart.yaml, not in the working directory.
    (tmp_path / "umbrella").mkdir()
    umbrella(tmp_path / "umbrella", constraint=constraint, alias=alias, lock=lock)
    (tmp_path / "Chart.lock").write_text("dependencies:\n- name: deepspeed\n  version: 2.0.0\n")
    monkeypatch.chdir(tmp_path)
    assert _choice(tmp_path / "umbrella") == expected


def test_what_the_deepspeed_chart_itself_decides(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Chart.yaml").write_text("name: deepspeed\nversion: 2.2.0\n")
    (tmp_path / "sub").mkdir()
    assert _choice(tmp_path / "sub") == ("2.2.0", "from Chart.yaml", None, "Chart.yaml", None)
    (tmp_path / "Chart.yaml").write_text("name: deepspeed\nversion: 7.0.0\n")
    assert _choice(tmp_path) == ("2.1.1", "default", None, "Chart.yaml",
                                 "Chart.yaml is DeepSpeed chart 7.0.0, which dslint has no facts for; checking as "
                                 "chart 2.1.1 (--chart derives the facts from the chart)")
    (tmp_path / "Chart.yaml").write_text("name: deepspeed\n")
    (tmp_path / "other").mkdir()  # a directory not asked before: its answer is not cached
    assert _choice(tmp_path / "other")[4].startswith("Chart.yaml is DeepSpeed chart without a version, which")
    # A Chart.yaml that is not a map belongs to no chart dslint knows.
    (tmp_path / "Chart.yaml").write_text("- name: deepspeed\n")
    (tmp_path / "third").mkdir()
    assert _choice(tmp_path / "third") is None


def test_input_that_is_no_file_belongs_to_no_chart(tmp_path, monkeypatch):
    """Standard input (`-`, `<stdin>`) and no file at all are not looked up from the working directory."""
    from dslint.config import Settings
    from dslint.knowledge.detect import choose

    monkeypatch.chdir(tmp_path)
    (tmp_path / "Chart.yaml").write_text("name: deepspeed\nversion: 2.2.0\n")
    for path in ("-", "<stdin>", None, ""):
        chosen = choose(Settings(), path)
        assert (chosen.version, chosen.reason, chosen.scope) == ("2.1.1", "default", None), path
    chosen = choose(Settings(), "values.yaml")
    assert (chosen.version, chosen.reason) == ("2.2.0", "from Chart.yaml")
