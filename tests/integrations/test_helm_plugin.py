"""The Helm plugin: its manifest, the argument mapping (without helm), and a live run where helm exists."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from ci_helpers import BAD_VALUES, ROOT

PLUGIN_YAML = ROOT / "plugin.yaml"
# Helm 3's plugin.yaml keys (Helm 4 still loads this legacy form).
LEGACY_KEYS = {"name", "version", "usage", "description", "command", "platformCommand", "ignoreFlags", "hooks",
               "platformHooks", "downloaders", "useTunnel"}


def _manifest() -> dict:
    return yaml.safe_load(PLUGIN_YAML.read_text())


def _script_path() -> Path:
    command = _manifest()["platformCommand"][0]["command"]
    return ROOT / command.replace("$HELM_PLUGIN_DIR/", "")


def load_plugin_script():
    """The plugin script as a module (its file name is not an importable name)."""
    path = _script_path()
    loader = importlib.machinery.SourceFileLoader("helm_dslint_plugin", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_manifest_shape():
    from dslint import __version__

    manifest = _manifest()
    assert set(manifest) <= LEGACY_KEYS, set(manifest) - LEGACY_KEYS
    assert manifest["name"] == "dslint" and re.fullmatch(r"[a-z][a-z0-9-]*", manifest["name"])
    assert manifest["version"] == __version__, "the plugin's version follows dslint's"
    assert manifest["usage"] and manifest["description"]
    assert manifest["ignoreFlags"] is False, "dslint's options must reach the plugin"
    (entry,) = manifest["platformCommand"]
    assert set(entry) == {"command"}, "one command for every OS and architecture"
    assert entry["command"].startswith("$HELM_PLUGIN_DIR/")


def test_script_is_an_executable_python3_script():
    path = _script_path()
    assert path.is_file()
    assert os.access(path, os.X_OK), "git must keep the executable bit: helm runs the file directly"
    assert path.read_text().splitlines()[0] == "#!/usr/bin/env python3"
    tree = compile(path.read_text(), str(path), "exec")
    imported = {name.split(".")[0] for name in tree.co_names}
    assert "dslint" not in imported, "the script runs with helm's python3, which need not have dslint"


@pytest.mark.parametrize("argv, env, expected", [
    (["check", "values.yaml"], {"HELM_NAMESPACE": "team"}, ["check", "values.yaml", "--namespace", "team"]),
    (["check", "-f", "base.yaml", "top.yaml", "--set", "a=1"], {},
     ["check", "-f", "base.yaml", "top.yaml", "--set", "a=1"]),
    (["check", "--some-future-option", "x", "v.yaml", "-n", "ns"], {"HELM_NAMESPACE": "default"},
     ["check", "--some-future-option", "x", "v.yaml", "--namespace", "ns"]),
    (["check", "v.yaml", "--", "-odd-name.yaml"], {"HELM_NAMESPACE": "team"},
     ["check", "v.yaml", "--namespace", "team", "--", "-odd-name.yaml"]),
    (["check", "values.yaml", "--namespace", "mine"], {"HELM_NAMESPACE": "team"},
     ["check", "values.yaml", "--namespace", "mine"]),
    (["render", "./deepspeed", "-f", "values.yaml"], {"HELM_NAMESPACE": "default"},
     ["render", "--chart", "./deepspeed", "-f", "values.yaml", "--namespace", "default"]),
    (["render", "train", "./deepspeed", "-f", "values.yaml", "-o", "out"], {"HELM_NAMESPACE": "ml"},
     ["render", "--chart", "./deepspeed", "--release-name", "train", "-f", "values.yaml", "-o", "out",
      "--namespace", "ml"]),
    (["render", "-f", "values.yaml", "train", "oci://registry/charts/deepspeed", "--version", "2.1.1", "--check"], {},
     ["render", "--chart", "oci://registry/charts/deepspeed", "--release-name", "train", "-f", "values.yaml",
      "--pull-version", "2.1.1", "--check"]),
    # helm template's spellings
    (["render", "./ds", "-g", "-n", "x", "-a", "monitoring.coreos.com/v1", "--output-dir", "out"], {},
     ["render", "--chart", "./ds", "--namespace", "x", "--api-versions", "monitoring.coreos.com/v1", "--output", "out"]),
    (["render", "./ds", "--set=worker.replicaCount=2", "--values=v.yaml"], {},
     ["render", "--chart", "./ds", "--set=worker.replicaCount=2", "--values=v.yaml"]),
    # dslint's own spelling passes through
    (["render", "--chart", "./ds", "-f", "v.yaml"], {}, ["render", "--chart", "./ds", "-f", "v.yaml"]),
    (["render", "--help"], {"HELM_NAMESPACE": "default"}, ["render", "--help"]),
    (["explain", "DS101"], {"HELM_NAMESPACE": "default"}, ["explain", "DS101"]),
    (["--version"], {}, ["--version"]),
])
def test_argument_mapping(argv, env, expected):
    assert load_plugin_script().map_arguments(argv, env) == expected


@pytest.mark.parametrize("argv, message", [
    (["render", "-f", "values.yaml"], "render needs a chart"),
    (["render", "a", "b", "c"], "render takes [NAME] CHART"),
    (["render", "./ds", "-f"], "needs a value"),
])
def test_mapping_errors(argv, message):
    plugin = load_plugin_script()
    with pytest.raises(plugin.UsageError, match=re.escape(message)):
        plugin.map_arguments(argv, {})


def _value_options(command: click.Command) -> set[str]:
    return {opt for p in command.params if isinstance(p, click.Option) and not p.is_flag and not p.count
            for opt in p.opts}


def test_mapping_knows_every_dslint_option_that_takes_a_value():
    """Otherwise the word after such an option would be taken for NAME or CHART."""
    from dslint.cli import main

    plugin = load_plugin_script()
    for name in ("check", "render"):
        if name in main.commands:
            missing = _value_options(main.commands[name]) - plugin.VALUE_OPTIONS
            assert not missing, f"add {sorted(missing)} to VALUE_OPTIONS in {_script_path().name}"
    renamed_to = set(plugin.RENAMED.values())
    if "render" in main.commands:
        assert renamed_to <= {o for p in main.commands["render"].params for o in getattr(p, "opts", [])}


def _run_script(args, env, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(_script_path()), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_script_runs_the_configured_dslint(tmp_path):
    stub = tmp_path / "stub.py"
    stub.write_text("import json, sys\nprint(json.dumps(sys.argv[1:]))\n")
    env = dict(os.environ, HELM_NAMESPACE="team", HELM_DSLINT_COMMAND=f"{sys.executable} {stub}")
    done = _run_script(["render", "train", "./ds", "-f", "v.yaml"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["render", "--chart", "./ds", "--release-name", "train", "-f", "v.yaml",
                                       "--namespace", "team"]


def test_script_runs_dslint_for_real(tmp_path):
    (tmp_path / "values.yaml").write_text(BAD_VALUES)
    env = dict(os.environ, HELM_NAMESPACE="team", HELM_DSLINT_COMMAND=f"{sys.executable} -m dslint.cli", NO_COLOR="1")
    done = _run_script(["check", "values.yaml", "--select", "DS101"], env, tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("values.yaml:2:3: DS101 [error]")


def test_script_without_dslint_says_how_to_fix_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "HELM_DSLINT_COMMAND"}
    env["PATH"] = str(tmp_path)
    done = _run_script(["check", "values.yaml"], env, tmp_path)
    assert done.returncode == 2
    assert "HELM_DSLINT_COMMAND" in done.stderr and "PATH" in done.stderr


def test_script_help_without_arguments(tmp_path):
    done = _run_script([], dict(os.environ), tmp_path)
    assert done.returncode == 0 and "helm dslint render [NAME] CHART" in done.stdout


def test_live_helm_plugin(tmp_path):
    helm = shutil.which("helm")
    if helm is None:
        pytest.skip("helm is not installed: the live plugin test needs a helm binary")
    home = tmp_path / "helm-home"
    env = dict(os.environ, HELM_PLUGINS=str(home / "plugins"), HELM_CONFIG_HOME=str(home / "config"),
               HELM_DATA_HOME=str(home / "data"), HELM_CACHE_HOME=str(home / "cache"), NO_COLOR="1",
               HELM_DSLINT_COMMAND=f"{sys.executable} -m dslint.cli")
    installed = subprocess.run([helm, "plugin", "install", str(ROOT)], env=env, capture_output=True, text=True,
                               timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    (tmp_path / "values.yaml").write_text(BAD_VALUES)
    done = subprocess.run([helm, "-n", "team", "dslint", "check", "values.yaml", "--select", "DS101", "--format",
                           "json"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert [f["code"] for f in json.loads(done.stdout)["findings"]] == ["DS101"]
