"""Many files on many cores: the report is the same as a serial run's."""

from __future__ import annotations

import subprocess
import sys

KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA3tkjmvhUGSJB70tCfUTsdPf1iFYpoDdheSycfJq6oDv98x64\\n-----END RSA PRIVATE KEY-----"


def _write_files(folder, count=60):
    for i in range(count):
        text = f"worker:\n  replicaCount: {i % 5}\n"
        if i % 7 == 0:
            text += "client:\n  useJobs: true  # dslint: ignore[DS101]\n"
        if i % 11 == 0:
            text += "client:\n  useJobs: true\n"
        if i % 13 == 0:
            text += f'config:\n  sshPrivateKey: "{KEY}"\n'
        if i % 17 == 0:
            text += "broken: [\n"
        (folder / f"v{i:03d}.yaml").write_text(text)
    return sorted(str(p) for p in folder.glob("*.yaml"))


def _run(files, *args):
    return subprocess.run([sys.executable, "-m", "dslint.cli", "check", *files, "--isolated", "--format", "json", *args],
                          capture_output=True, text=True)


def test_parallel_report_equals_serial(tmp_path):
    files = _write_files(tmp_path)
    serial = _run(files, "-j", "1")
    parallel = _run(files, "-j", "2")
    assert serial.returncode == parallel.returncode == 2  # the broken files
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    assert "MIIEowIBAAKCAQEA" not in parallel.stdout + parallel.stderr


def test_parallel_with_base_values(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text("worker:\n  slotsPerNode: '8'\n")
    files = _write_files(tmp_path / "x" if (tmp_path / "x").mkdir() is None else tmp_path, 30)
    serial = _run(["-f", str(base), *files], "-j", "1")
    parallel = _run(["-f", str(base), *files], "-j", "2")
    assert parallel.stdout == serial.stdout
    # The base file's finding is reported once, not once per target.
    assert serial.stdout.count('"path": "worker.slotsPerNode"') == 1
