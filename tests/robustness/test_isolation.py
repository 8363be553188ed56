"""`dslint check` touches no network and runs nothing: proved with the doors shut.

In-process, socket and process functions are replaced by ones that fail the
test; in a subprocess, a sitecustomize installs an audit hook (PEP 578) that
refuses every socket, DNS, process and dynamic-library event, which catches
calls made from C as well as from Python.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from robust_support import ROOT, assert_survived, run_check, write

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PAYLOAD = "worker:\n  args: !!python/object/apply:os.system ['touch PWNED']\nclient: !!python/name:socket.create_connection\n"


def _invocations(tmp_path: Path) -> list[list[str]]:
    write(tmp_path / "payload.yaml", PAYLOAD)
    write(tmp_path / "key.txt", "not a key\n")
    write(tmp_path / "m.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                               "    - {name: c, image: 'registry.example.com/x:1.0'}\n")
    write(tmp_path / ".dslint.yaml", "platform: openshift\nallowed-registries: [registry.example.com]\n")
    for example in EXAMPLES:
        shutil.copy(example, tmp_path / example.name)
    runs = [[example.name, "--format", fmt] for example in EXAMPLES for fmt in ("text", "sarif")]
    runs += [
        ["payload.yaml", "--format", "json"],
        ["-f", EXAMPLES[0].name, "payload.yaml", "--set", "worker.replicaCount=3", "--set-json", 'client={"enabled":true}',
         "--set-file", "config.sshPrivateKey=key.txt", "--set-string", "worker.name=x", "--set-literal", "a=b"],
        ["--manifests", "m.yaml", "--format", "github"],
        [EXAMPLES[0].name, "--chart-version", "2.3.51", "--format", "gitlab", "-o", "report.json"],
    ]
    return runs


# --- in-process: the functions themselves fail the test -------------------------------------------

@pytest.fixture
def doors_shut(monkeypatch):
    calls = []

    def refuse(name):
        def refused(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"dslint check called {name}")
        return refused

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    for name in ("Popen", "run", "call", "check_call", "check_output"):
        monkeypatch.setattr(subprocess, name, refuse(f"subprocess.{name}"))
    for name in ("system", "popen", "fork", "execv", "execve", "execvp", "spawnv", "posix_spawn", "posix_spawnp"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refuse(f"os.{name}"))
    return calls


def test_check_in_process_with_network_and_processes_disabled(tmp_path, monkeypatch, doors_shut):
    invocations = _invocations(tmp_path)
    monkeypatch.chdir(tmp_path)
    for args in invocations:
        run = assert_survived(run_check(*args))
        assert run.exit_code in (0, 1), (args, run.stderr)
    # Not isolated: the configuration file is read too.
    from click.testing import CliRunner

    from dslint.cli import main

    result = CliRunner().invoke(main, ["check", EXAMPLES[0].name], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    assert doors_shut == []
    assert not (tmp_path / "PWNED").exists()


# --- a subprocess: an audit hook refuses the events, from Python and from C ------------------------------

SITECUSTOMIZE = textwrap.dedent('''
    import os, sys

    _LOG = os.environ["DSLINT_AUDIT_LOG"]
    _REFUSED = ("socket.", "subprocess.", "os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork",
                "os.forkpty", "os.startfile", "ctypes.dlopen", "urllib.Request", "http.client.connect",
                "ftplib.", "smtplib.", "webbrowser.open", "pty.spawn")
    _ALLOWED = ("socket.__new__",)  # creating a socket object sends nothing (some libraries probe)

    def _hook(event, args):
        if event.startswith(_REFUSED) and not event.startswith(_ALLOWED):
            with open(_LOG, "a") as log:
                log.write(f"{event} {args!r}\\n"[:500])
            raise RuntimeError(f"refused by the test: {event}")

    sys.addaudithook(_hook)
''')


def test_check_in_a_subprocess_under_an_audit_hook(tmp_path):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "audit.log"
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
           "DSLINT_AUDIT_LOG": str(log), "no_proxy": "", "http_proxy": "http://10.255.255.1:9", "https_proxy": "http://10.255.255.1:9"}
    # The hook is live: a forbidden call in the same setup is refused and logged.
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.getaddrinfo('example.com', 443)"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert probe.returncode != 0 and "socket.getaddrinfo" in log.read_text()
    log.unlink()

    for args in _invocations(work):
        done = subprocess.run([sys.executable, "-m", "dslint.cli", "check", "--isolated", *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 1), (args, done.stderr[-2000:])
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "dslint.cli", "check", EXAMPLES[0].name, "--format", "json"], cwd=work,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1) and json.loads(done.stdout)["tool"] == "dslint"
    assert not log.exists(), log.read_text()
    assert not (work / "PWNED").exists()
