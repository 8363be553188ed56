"""Configuration: the most specific code prefix wins, for severities as for selection (ruff's rule)."""

from __future__ import annotations

import pytest
from answers import finding_lines

from dslint.config import Settings
from dslint.findings import Severity

# A long table goes through the per-code cache (more than 8 entries): both paths must agree.
FILLER = {f"DS{n}": Severity.WARNING for n in (1, 2, 3, 5, 6, 7, 8, 9)}


@pytest.mark.parametrize("extra", [{}, FILLER], ids=["short table", "cached table"])
@pytest.mark.parametrize("table", [
    {"DS4": Severity.INFO, "DS401": Severity.ERROR},
    {"DS401": Severity.ERROR, "DS4": Severity.INFO},
], ids=["general first", "specific first"])
def test_the_most_specific_severity_prefix_wins(table, extra):
    settings = Settings(severity={**extra, **table})
    assert settings.severity_of("DS401", Severity.WARNING) == Severity.ERROR
    assert settings.severity_of("DS402", Severity.WARNING) == Severity.INFO
    # A code no prefix matches keeps its rule's own severity.
    assert Settings(severity=dict(table)).severity_of("DS201", Severity.WARNING) == Severity.WARNING


def test_the_ci_gate_fails_on_the_specific_severity(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("worker:\n  resourcesPreset: small\n")
    for order in (["DS4=info", "DS401=error"], ["DS401=error", "DS4=info"]):
        args = [a for level in order for a in ("--severity", level)]
        result = run_cli("check", "v.yaml", "--select", "DS401", *args, "--format", "json")
        assert [line.split(" the ")[0] for line in finding_lines(result)] == [
            "v.yaml:1:1 DS401 error", "v.yaml:2:20 DS401 error"]
        assert result.exit_code == 1


@pytest.mark.parametrize("select, ignore, selected", [
    ((), (), {"DS401": True, "DS201": True}),
    (("DS4",), ("DS401",), {"DS401": False, "DS402": True, "DS201": False}),
    (("DS401",), ("DS4",), {"DS401": True, "DS402": False}),
    (("DS4",), ("DS4",), {"DS401": False}),  # a tie: ignore wins
])
def test_selection_most_specific_prefix_wins_and_ignore_wins_ties(select, ignore, selected):
    settings = Settings(select=select, ignore=ignore)
    assert {code: settings.is_selected(code) for code in selected} == selected


# --- exact answers of the config reader (issue #20: the survivors of the first config run) ----------

import os  # noqa: E402

from dslint import config as cfg  # noqa: E402
from dslint.load.errors import InputError  # noqa: E402
from dslint.load.yaml_tree import Limits  # noqa: E402


def _error(function, *args, **kwargs):
    with pytest.raises(InputError) as caught:
        function(*args, **kwargs)
    err = caught.value
    return err.message, err.source, err.line, err.column


def test_parse_codes_upper_cases_splits_skips_blanks_and_reads_all_as_ds():
    assert cfg.parse_codes(["ds101, ds2", "", " , ds5", "all", "DS101"], "src") == ("DS101", "DS2", "DS5", "DS")
    # A team policy's prefix is no DS code: dslint.policies checks it names a policy.
    assert cfg.parse_codes(["team1"], "src") == ("TEAM1",)


def test_parse_codes_names_the_bad_code_and_where_it_is():
    where = lambda index: (index + 10, index + 20)  # noqa: E731
    assert _error(cfg.parse_codes, ["DS101", " bogus! "], "src", where) == (
        "'bogus!' is not a rule code or prefix (like DS101 or DS2)", "src", 11, 21)
    assert _error(cfg.parse_codes, ["DS199"], "src", where) == (
        "'DS199' matches no rule (`dslint rules` lists them)", "src", 10, 20)
    assert _error(cfg.parse_codes, ["DS199"], "--select") == (
        "'DS199' matches no rule (`dslint rules` lists them)", "--select", 0, 0)


def _write(path, text):
    path.write_text(text)
    return str(path)


def test_find_config_prefers_dslint_yaml_then_a_pyproject_with_the_table(tmp_path):
    (tmp_path / ".git").mkdir()
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert cfg.find_config(str(deep)) is None
    _write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.dslint]: not a config
    assert cfg.find_config(str(deep)) is None
    _write(tmp_path / "pyproject.toml", "[tool.dslint]\nprofile = 'development'\n")
    assert cfg.find_config(str(deep)) == str(tmp_path / "pyproject.toml")
    _write(tmp_path / "a" / ".dslint.yml", "profile: development\n")
    assert cfg.find_config(str(deep)) == str(tmp_path / "a" / ".dslint.yml")
    _write(tmp_path / "a" / ".dslint.yaml", "profile: development\n")
    assert cfg.find_config(str(deep)) == str(tmp_path / "a" / ".dslint.yaml")
    _write(deep / "pyproject.toml", "[tool.dslint.rules]\n")
    assert cfg.find_config(str(deep)) == str(deep / "pyproject.toml")


def test_find_config_stops_at_the_repository_root(tmp_path):
    _write(tmp_path / ".dslint.yaml", "profile: development\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert cfg.find_config(str(repo)) is None
    assert cfg.outside_repository(str(tmp_path / ".dslint.yaml")) is (not any(
        os.path.exists(os.path.join(p, ".git")) for p in [str(tmp_path), *map(str, tmp_path.parents)]))
    assert cfg.outside_repository(str(repo / ".dslint.yaml")) is False
    assert cfg.outside_repository(str(repo / "sub" / ".dslint.yaml")) is False


def test_pyproject_settings_and_their_lines(tmp_path):
    path = _write(tmp_path / "pyproject.toml",
                  '[project]\nname="x"\n\n[tool.dslint]\nprofile = "dev"\n  fail-on = "warning"\nselect = ["DS1"]\n'
                  '\n[tool.dslint.rules.DS802]\nallowed-registries = ["a"]\n')
    data, locate = cfg.read_config(path)
    assert data == {"profile": "dev", "fail-on": "warning", "select": ["DS1"],
                    "rules": {"DS802": {"allowed-registries": ["a"]}}}
    assert locate(("fail-on",)) == (6, 3)
    assert locate(("select", 0)) == (7, 1)
    assert locate(("nothere",)) == (4, 1)  # not written: the table's line
    assert locate(("rules", "DS802", "allowed-registries")) == (10, 1)
    assert locate(()) == (0, 0)
    empty, where = cfg.read_config(_write(tmp_path / "pyproject.toml", "x = 1\n"))
    assert (empty, where(("a",))) == ({}, (0, 0))


@pytest.mark.parametrize("text, answer", [
    ("[tool.dslint\nx=1\n", ("invalid TOML: Expected ']' at the end of a table declaration", 1, 13)),
    ("[tool.dslint]\nx = ", ("invalid TOML: Invalid value at the end of the file", 2, 1)),
    ("a = 1\n  tool = 3\n", ("`tool` must be a table ([tool.dslint] holds dslint's settings)", 2, 3)),
    ('[tool]\n  "dslint" = 3\n', ("`tool.dslint` must be a table of settings ([tool.dslint])", 2, 3)),
    ("x=1\n tool.dslint = 3\n", ("`tool.dslint` must be a table of settings ([tool.dslint])", 2, 2)),
])
def test_pyproject_errors_are_located(tmp_path, text, answer):
    path = _write(tmp_path / "pyproject.toml", text)
    message, source, line, column = _error(cfg.read_config, path)
    assert (message, line, column) == answer
    assert source == path


def test_toml_line_is_the_first_assignment():
    assert cfg._toml_line(["a", "   b = 1", "b=2"], r"b\s*=") == (2, 4)
    assert cfg._toml_line(["a"], "b") == (0, 0)


def test_yaml_config_positions_and_an_empty_file(tmp_path):
    data, locate = cfg.read_config(_write(tmp_path / ".dslint.yaml", ""))
    assert (data, locate(("a",))) == ({}, (0, 0))
    data, locate = cfg.read_config(_write(tmp_path / ".dslint.yaml", "profile: dev\nselect:\n  - DS1\n  - DS2\n"))
    assert data == {"profile": "dev", "select": ["DS1", "DS2"]}
    assert [locate(("profile",)), locate(("profile",), False), locate(("select", 1), False), locate(("zz",))] == [
        (1, 1), (1, 10), (4, 5), (0, 0)]


def _settings(tmp_path, text, **cli):
    return cfg.load_settings(_write(tmp_path / ".dslint.yaml", text), cli)


@pytest.mark.parametrize("text, answer", [
    ("- a\n", ("values must be a mapping at the top level, not a list", 1, 1)),
    ("profile: 3\n", ('invalid configuration: `profile` must be a string, got an integer (3); quote it: "3"', 1, 10)),
    ("profle: dev\n", ("invalid configuration: unknown key `profle` in the top level (did you mean `profile`?)", 1, 1)),
    ("chart-version: 9.9.9\n", ("invalid configuration: '9.9.9' is not a published DeepSpeed chart version (dslint "
                                "knows every published version, 0.1.0 to 2.3.51, and `latest`)", 1, 16)),
    ("select: [DS1, bogus!]\n", ("'bogus!' is not a rule code or prefix (like DS101 or DS2)", 1, 15)),
    ("severity:\n  DS1: error\n  DS199: info\n", ("'DS199' matches no rule (`dslint rules` lists them)", 3, 3)),
    ("per-file-ignores:\n  'a/*.yaml':\n    - DS1\n    - DS199\n",
     ("'DS199' matches no rule (`dslint rules` lists them)", 4, 7)),
    ("limits:\n  max-depth: 5000\n", ("invalid configuration: `limits.max-depth` must be at most 900, got 5000", 2, 14)),
    ("profile: development\napi-versions: [" + ",".join(["v1"] * 1001) + "]\n",
     ("api-versions has 1001 entries; at most 1000", 2, 1)),
])
def test_config_errors_are_exact(tmp_path, monkeypatch, text, answer):
    monkeypatch.chdir(tmp_path)
    message, source, line, column = _error(_settings, tmp_path, text)
    assert (message, line, column) == answer
    assert source == ".dslint.yaml"


def test_every_config_setting_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = _settings(tmp_path, "chart-version: 2.1.1\napi-versions: [a/v1]\nselect: [ds2]\nignore: [ds201]\n"
                            "severity:\n  ds2: info\nper-file-ignores:\n  'x*': [ds3]\nprofile: development\n"
                            "fail-on: never\n",
                  ignore=("DS202",), severity=("DS203=error",), select=None)
    assert (s.chart_version, s.chart_origin, s.profile, s.fail_on, s.select, s.ignore) == (
        "2.1.1", "from .dslint.yaml", "development", "never", ("DS2",), ("DS201", "DS202"))
    assert s.severity == {"DS2": Severity.INFO, "DS203": Severity.ERROR}
    assert (s.per_file_ignores, s.api_versions, s.config_path, s.fail_level) == (
        {"x*": ("DS3",)}, ("a/v1",), ".dslint.yaml", None)
    assert s.explicit == {"ignore", "per_file_ignores", "api_versions", "profile", "chart_version", "config_path",
                          "severity", "select", "chart_origin", "fail_on"}
    assert Settings().fail_level == Severity.ERROR


def test_config_limits(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = _settings(tmp_path, "limits:\n  max-file-size: 10\n")
    assert (s.limits, s.explicit) == (Limits(10, 50_000, 100), {"config_path", "limits"})
    assert _settings(tmp_path, "limits:\n  max-values: 10\n  max-depth: 7\n").limits == Limits(16 * 1024 * 1024, 10, 7)
    s = _settings(tmp_path, "profile: development\n", chart_version="2.1.1", max_depth=7)
    assert (s.chart_origin, s.limits) == ("from --chart-version", Limits(16 * 1024 * 1024, 50_000, 7))
    assert s.explicit == {"profile", "chart_version", "limits", "config_path", "chart_origin"}


def test_allowed_registries_old_and_new_ways(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = _settings(tmp_path, "allowed-registries: [a.io]\n")
    assert s.rule_options == {"DS802": {"allowed-registries": ("a.io",)}}
    assert s.deprecations == (".dslint.yaml: `allowed-registries` is deprecated: write `rules: "
                              "{DS802: {allowed-registries: [...]}}`",)
    s = _settings(tmp_path, "allowed-registries: [a.io]\nrules:\n  DS802:\n    allowed-registries: [b.io]\n")
    assert (s.rule_options, s.deprecations) == ({"DS802": {"allowed-registries": ("b.io",)}}, ())
    s = _settings(tmp_path, "rules:\n  DS802:\n    allowed-registries: [b.io]\n", allowed_registries=("c.io",))
    assert s.rule_options == {"DS802": {"allowed-registries": ("b.io", "c.io")}}


def test_command_line_selection_and_severity(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _settings(tmp_path, "select: [DS2]\n", extend_select=("DS3",)).select == ("DS2", "DS3")
    assert _settings(tmp_path, "profile: development\n", extend_select=("DS3",)).select == ("DS", "", "DS3")
    assert _error(cfg.load_settings, None, {"severity": ("DS1=bogus",)}, isolated=True) == (
        "--severity 'DS1=bogus': unknown severity 'bogus' (use error, warning or info)", "", 0, 0)
    assert _error(cfg.load_settings, None, {"max_depth": 0}, isolated=True) == (
        "the max-depth limit must be a whole number from 1 to 900, not 0", "", 0, 0)
    assert _error(cfg.load_settings, "nope.yaml", {}) == ("no such config file", "nope.yaml", 0, 0)


def test_pyproject_errors_name_the_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path / "pyproject.toml", "[tool.dslint]\nprofle = 1\n")
    assert _error(cfg.load_settings, path, {}) == (
        "[tool.dslint]: invalid configuration: unknown key `profle` in the top level (did you mean `profile`?)",
        "pyproject.toml", 2, 1)
    path = _write(tmp_path / "pyproject.toml", "[tool]\ndslint = 1\n")
    assert _error(cfg.load_settings, path, {}) == (
        "`tool.dslint` must be a table of settings ([tool.dslint])", "pyproject.toml", 2, 1)


POLICY = "policies:\n  - code: {code}\n    name: job\n    target: values\n    rule: values.client.useJob\n    message: m\n"


def _located(path, at_key=True):
    return (7, 8)


def test_policies_in_the_config_are_compiled_and_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = _settings(tmp_path, POLICY.format(code="ORG1"))
    assert [p.code for p in s.policies] == ["ORG1"]
    assert _error(_settings, tmp_path, POLICY.format(code="DS999")) == (
        "policy code 'DS999': use your own prefix and digits, like ORG101 (DS codes are dslint's)", ".dslint.yaml",
        2, 11)


def test_policy_file_paths_are_relative_to_the_config_and_the_command_line_adds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    path = _write(tmp_path / "sub" / ".dslint.yaml", "policy-files: [a/p.yaml]\nadmission-policies: [/abs/b.yaml]\n")
    s = cfg._apply(Settings(), *cfg.read_config("sub/.dslint.yaml"), "sub/.dslint.yaml")
    assert (s.policy_files, s.admission_policies) == (("sub/a/p.yaml",), ("/abs/b.yaml",))
    s = cfg._apply_cli(s, {"policy_files": ("c.yaml",), "admission_policies": ("d.yaml",)})
    assert (s.policy_files, s.admission_policies) == (("sub/a/p.yaml", "c.yaml"), ("/abs/b.yaml", "d.yaml"))
    assert path.endswith(".dslint.yaml")


def test_a_config_that_is_no_mapping(tmp_path):
    assert _error(cfg._apply, Settings(), ["a"], _located, "src") == ("the configuration must be a mapping", "src", 1, 1)


def test_chart_limits_from_the_config_and_the_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = _settings(tmp_path, "limits:\n  max-chart-size: 1000\n  timeout: 9\n")
    assert (s.chart_limits.max_chart_size, s.chart_limits.timeout, s.chart_limits.max_chart_files) == (1000, 9, 10000)
    assert s.explicit == {"chart_limits", "config_path", "limits"}
    s = _settings(tmp_path, "limits:\n  max-chart-size: 1000\n", max_chart_files=7)
    assert (s.chart_limits.max_chart_size, s.chart_limits.max_chart_files) == (1000, 7)
    assert "chart_limits" in s.explicit


def test_file_limits_past_the_cap_are_located_at_limits(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _error(_settings, tmp_path, "profile: development\nlimits:\n  max-file-size: 99999999999999999999999\n") == (
        "the max-file-size limit must be a whole number from 1 to 9223372036854775806, not 1e+23", ".dslint.yaml", 2, 1)
    s = cfg.load_settings(None, {"max_bytes": 5, "max_values": 6}, isolated=True)
    assert s.limits == Limits(5, 6, 100)


@pytest.mark.parametrize("text, answer", [
    ("release-name: Bad_Name\n", ("invalid release-name 'Bad_Name': is not a valid release name: lowercase letters, "
                                  "digits and '-' ('.' too in a release name), starting and ending with a letter or "
                                  "digit", 1, 15)),
    ("api-versions: [ok/v1, 'bad version']\n", ("invalid api-versions 'bad version': is not an API version (like "
                                                "apps/v1, or group/version/Kind)", 1, 23)),
    ("kube-version: abc\n", ("invalid kube-version 'abc': is not a Kubernetes version (like 1.33 or v1.33.2)", 1, 15)),
    ("rules:\n  DS802:\n    bogus: 1\n", ("rules: DS802 has no option 'bogus' (its options: allowed-registries)", 3, 5)),
    ("fail-on: warnin\n", ("invalid configuration: \"warnin\" is not an allowed value for `fail-on`; allowed: error, "
                           "warning, info, never (use 'warning')", 1, 10)),
    ("fail-on: sometimes\n", ("invalid configuration: \"sometimes\" is not an allowed value for `fail-on`; allowed: "
                              "error, warning, info, never", 1, 10)),
])
def test_more_config_errors_are_exact(tmp_path, monkeypatch, text, answer):
    monkeypatch.chdir(tmp_path)
    message, source, line, column = _error(_settings, tmp_path, text)
    assert (message, line, column) == answer
    assert source == ".dslint.yaml"


def test_a_thousand_entries_are_allowed():
    data = {"allowed-registries": ["r"] * 1000}
    assert cfg._apply(Settings(), data, _located, "src").rule_options == {"DS802": {"allowed-registries": ("r",) * 1000}}


@pytest.mark.parametrize("cli, answer", [
    ({"release_name": "Bad_Name"}, "--release-name 'Bad_Name': invalid release name: is not a valid release name: "
                                   "lowercase letters, digits and '-' ('.' too in a release name), starting and ending "
                                   "with a letter or digit"),
    ({"select": ("DS199",)}, "'DS199' matches no rule (`dslint rules` lists them)"),
    ({"severity": ("DS1=info=x",)}, "--severity 'DS1=info=x': unknown severity 'info=x' (use error, warning or info)"),
])
def test_command_line_errors_are_exact(cli, answer):
    assert _error(cfg.load_settings, None, cli, isolated=True)[:2] == (answer, "--select" if "select" in cli else "")


@pytest.mark.parametrize("flag", ["select", "ignore", "severity", "extend_select"])
def test_a_command_line_code_error_names_its_option(flag):
    value = ("DS199=info",) if flag == "severity" else ("DS199",)
    assert _error(cfg.load_settings, None, {flag: value}, isolated=True) == (
        "'DS199' matches no rule (`dslint rules` lists them)", "--" + flag.replace("_", "-"), 0, 0)


def test_rules_tables_merge_per_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = _settings(tmp_path, "rules:\n  DS802:\n    allowed-registries: [b.io]\n  DS401:\n    {}\n")
    assert s.rule_options == {"DS802": {"allowed-registries": ("b.io",)}, "DS401": {}}
    base = Settings(rule_options={"DS802": {"allowed-registries": ("a.io",)}, "DS803": {"x": 1}})
    s = cfg._apply(base, {"rules": {"DS802": {"allowed-registries": ["b.io"]}}}, _located, "src")
    assert s.rule_options == {"DS802": {"allowed-registries": ("b.io",)}, "DS803": {"x": 1}}
    s = cfg._apply(base, {"allowed-registries": ["c.io"]}, _located, "src")
    assert s.rule_options == {"DS802": {"allowed-registries": ("c.io",)}, "DS803": {"x": 1}}
    s = cfg._apply_cli(base, {"allowed_registries": ("d.io",)})
    assert s.rule_options == {"DS802": {"allowed-registries": ("a.io", "d.io")}, "DS803": {"x": 1}}
    assert cfg._apply_cli(Settings(), {"allowed_registries": ("d.io",)}).rule_options == {
        "DS802": {"allowed-registries": ("d.io",)}}


def test_pyproject_read_errors_and_odd_bytes(tmp_path):
    path = _write(tmp_path / "pyproject.toml", "x = ")
    assert _error(cfg.read_config, path)[2:] == (1, 1)  # a one-line file: its end is line 1
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.dslint]\nprofile = "\xff"\n')
    assert cfg.read_config(path)[0] == {"profile": "\ufffd"}  # undecodable bytes read as U+FFFD, not a crash
    data, locate = cfg.read_config(_write(tmp_path / "pyproject.toml", 'name = 1\n[tool.dslint]\nprofile = "x"\n'))
    assert locate(("name",)) == (2, 1)  # a key outside [tool.dslint] is not dslint's


def test_find_config_reads_a_pyproject_with_odd_bytes(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_bytes(b"# \xff\n[tool.dslint]\n")
    assert cfg.find_config(str(tmp_path)) == str(tmp_path / "pyproject.toml")


def test_a_pyproject_is_read_up_to_the_size_limit(tmp_path):
    limit = 16 * 1024 * 1024
    (tmp_path / ".git").mkdir()
    path = tmp_path / "pyproject.toml"
    path.write_text("#" * (limit - 1) + "\n")  # exactly at the limit: read
    assert cfg.read_config(str(path))[0] == {}
    path.write_text("#" * limit + "\n[tool.dslint]\n")  # the table past the limit: not found, and refused
    assert cfg.find_config(str(tmp_path)) is None
    assert _error(cfg.read_config, str(path)) == ("larger than 16 MiB", str(path), 0, 0)


def test_policy_codes_need_policies(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _error(cfg.load_settings, None, {"select": ("ORG1",)}, isolated=True) == (
        "select: 'ORG1' is neither a rule code or prefix (like DS101 or DS2) nor a policy's code (no policies are "
        "loaded)", "", 0, 0)
    _write(tmp_path / "p.yaml", POLICY.format(code="ORG1"))
    s = _settings(tmp_path, "policy-files: [p.yaml]\n")
    assert [p.code for p in s.policies] == ["ORG1"]


def test_the_config_is_found_unless_isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    _write(tmp_path / ".dslint.yaml", "profile: development\n")
    assert cfg.load_settings(None, {}).profile == "development"
    assert cfg.load_settings(None, {}, isolated=True).profile == "production"


def test_a_long_config_is_read_past_the_values_limit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _settings(tmp_path, "select: [" + ",".join(["DS1"] * 60_000) + "]\n").select == ("DS1",)


def test_namespace_is_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _error(_settings, tmp_path, "namespace: --x\n") == (
        "invalid namespace '--x': is not a valid namespace: lowercase letters, digits and '-' ('.' too in a release "
        "name), starting and ending with a letter or digit", ".dslint.yaml", 1, 12)


def test_rule_options_and_the_rules_table():
    from dslint.registry import rule_by_code

    meta = rule_by_code("DS802").meta
    (option,) = meta.options
    assert Settings(rule_options={"DS802": {"allowed-registries": ("a",)}}).options_of(meta) == {option: ("a",)}
    assert Settings().options_of(meta) == {}
    assert Settings(rule_options={"DS401": {"x": 1}}).options_of(rule_by_code("DS401").meta) == {}
    assert cfg._mapping_for({"DS801": {"a": 1}, "DS802": {"b": 2}}, "DS802") == {"b": 2}
    assert cfg._mapping_for({"DS802": 3, "DS801": {"a": 1}}, "DS802") == {}
    assert cfg._mapping_for({"nonsense": {"a": 1}}, "DS802") == {}
    assert cfg._mapping_for([], "DS802") == {}
    assert cfg._with_option({"DS802": {"x": 1}, "DS1": {}}, "DS802", "y", 2) == {"DS802": {"x": 1, "y": 2}, "DS1": {}}


def test_rules_and_the_old_key_merge_in_either_order():
    old = {"allowed-registries": ["a.io"]}
    assert cfg._apply(Settings(), {"rules": {"DS401": {}}, **old}, _located, "src").rule_options == {
        "DS401": {}, "DS802": {"allowed-registries": ("a.io",)}}
    assert cfg._apply(Settings(), {**old, "rules": {"DS401": {}}}, _located, "src").rule_options == {
        "DS802": {"allowed-registries": ("a.io",)}, "DS401": {}}
    base = Settings(rule_options={"DS802": {"zz": 1}})
    assert cfg._apply(base, {"rules": {"DS802": {"allowed-registries": ["b.io"]}}}, _located, "src").rule_options == {
        "DS802": {"zz": 1, "allowed-registries": ("b.io",)}}
    assert cfg._apply_cli(base, {"allowed_registries": ("d.io",)}).rule_options == {
        "DS802": {"zz": 1, "allowed-registries": ("d.io",)}}


def test_selection_of_policy_codes():
    assert Settings().is_selected("ORG1") is True
    assert Settings(ignore=("DS",)).is_selected("ORG1") is True
    assert Settings(ignore=("DS",)).is_selected("DS401") is False
    assert Settings(select=("DS4",)).is_selected("ORG1") is False


def test_two_long_severity_tables_do_not_share_a_cache():
    first = Settings(severity={**FILLER, "DS4": Severity.INFO})
    second = Settings(severity={**FILLER, "DS4": Severity.ERROR})
    assert first.severity_of("DS401", Severity.WARNING) == Severity.INFO
    assert second.severity_of("DS401", Severity.WARNING) == Severity.ERROR
    assert first.severity_of("DS201", Severity.INFO) == Severity.WARNING  # FILLER's DS2
    assert first.severity_of("ORG1", Severity.INFO) == Severity.INFO  # no prefix: the rule's own
