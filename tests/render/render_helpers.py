"""Helpers for the render tests: the fixture chart, values files, and the Helm SDK (fixtures: import them)."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

FIXTURE_CHART = Path(__file__).resolve().parent / "fixture-chart"
# Values that render the fixture chart cleanly and reproducibly (no generated key).
CLEAN = "config:\n  existingSSHKeySecret: deepspeed-ssh\n"


@pytest.fixture
def sdk():
    """Skip when the Helm SDK (the `render` extra) is not installed."""
    return pytest.importorskip("helm_python")


@pytest.fixture
def values_file(tmp_path):
    """Write a values file into the test's directory; returns its path."""

    def write(text: str, name: str = "values.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        return path

    return write


@pytest.fixture
def chart_copy(tmp_path):
    """A copy of the fixture chart with some Chart.yaml fields changed."""

    def copy(**chart_fields: str) -> Path:
        target = tmp_path / "chart-copy" / "deepspeed"
        shutil.copytree(FIXTURE_CHART, target)
        chart_yaml = target / "Chart.yaml"
        lines = chart_yaml.read_text("utf-8").splitlines()
        for key, value in chart_fields.items():
            lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
        chart_yaml.write_text("\n".join(lines) + "\n", "utf-8")
        return target

    return copy


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` with its bytes (to prove a directory was left untouched)."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


# A stand-in for the helm binary: it reads its command line as Helm's (cobra/pflag) does, logs it,
# and does what Helm does with the options an attacker would want (--post-renderer runs a program,
# --output-dir writes files), so a test sees whether any reached it.
_FAKE_HELM = r"""#!{python}
import json, os, subprocess, sys
args = sys.argv[1:]
with open({log!r}, "a") as log:
    log.write(json.dumps(args) + "\n")
options, positional, rest = {{}}, [], list(args[1:])
while rest:
    arg = rest.pop(0)
    if arg == "--":
        positional += rest
        break
    if arg.startswith("--"):
        name, eq, value = arg[2:].partition("=")
        if not eq and name not in ("validate", "debug") and rest:
            value = rest.pop(0)  # pflag takes the next argument as the value, whatever it is
        options.setdefault(name, []).append(value)
    else:
        positional.append(arg)
if args[0] == "pull":
    sys.exit(0)
if "output-dir" in options:
    os.makedirs(options["output-dir"][0], exist_ok=True)
    open(os.path.join(options["output-dir"][0], "written-by-helm"), "w").close()
values = json.load(open(options["values"][0]))
if values.get("slow"):
    import time
    time.sleep(60)
if values.get("big"):
    sys.stdout.write("---\n# Source: deepspeed/templates/big.yaml\n" + "# " + "x" * 5_000_000 + "\n")
if values.get("client", {{}}).get("useJob") and not values.get("source", {{}}).get("launchCommand"):
    sys.stderr.write("Error: execution error at (deepspeed/templates/client/deployment.yaml:3:4): job needs a command\n")
    sys.exit(1)
out = ("---\n# Source: deepspeed/templates/worker/headless-service.yaml\napiVersion: v1\nkind: Service\n"
       "metadata:\n  name: svc\n"
       "---\n# Source: deepspeed/templates/client/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\n"
       "metadata:\n  name: dep\n")
for program in options.get("post-renderer", []):
    out = subprocess.run([program], input=out, capture_output=True, text=True).stdout
sys.stdout.write(out)
"""


@pytest.fixture
def fake_helm(tmp_path, monkeypatch):
    """A `helm` first on PATH, with the SDK made unimportable; returns the file its argv lists go to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "helm-args.jsonl"
    script = bin_dir / "helm"
    script.write_text(_FAKE_HELM.format(python=sys.executable, log=str(log)))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setitem(sys.modules, "helm_python", None)
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    return log


def helm_calls(log: Path) -> list[list[str]]:
    """Every argv the stand-in helm was called with."""
    import json

    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
