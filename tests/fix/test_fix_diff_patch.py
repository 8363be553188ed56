"""`dslint check --diff` prints a unified diff that the real `patch` applies to give what `--fix` writes."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from test_fix_cli import FIXABLE

CASES = {
    "lf": FIXABLE,
    "crlf": FIXABLE.replace("\n", "\r\n"),
    "no-final-newline": FIXABLE.rstrip("\n"),
    "crlf-no-final-newline": FIXABLE.replace("\n", "\r\n").rstrip("\r\n"),
    # hunks far apart, and a fix on the last line
    "two-hunks": "worker:\n  podAntiAffinityPreset: Hard\n" + "".join(f"# line {i}\n" for i in range(20))
                 + "client:\n  resourcesPreset: None\n  useJob: 'false'",
}


@pytest.fixture
def patch_binary():
    found = shutil.which("patch")
    if found is None:
        pytest.skip("the patch program is not installed (apt-get install patch)")
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_patch_applies_the_diff(run_cli, tmp_path, patch_binary, case):
    text = CASES[case]
    values = tmp_path / "values.yaml"
    values.write_bytes(text.encode())
    # The real command: click's test runner turns "\r\n" into "\n" in what it captures.
    result = subprocess.run([sys.executable, "-m", "dslint.cli", "check", "--isolated", "--diff", "--unsafe-fixes",
                             "values.yaml"], cwd=tmp_path, capture_output=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert values.read_bytes() == text.encode()
    diff = tmp_path / "fix.diff"
    diff.write_bytes(result.stdout)

    patched = tmp_path / "patched"
    patched.mkdir()
    (patched / "values.yaml").write_bytes(text.encode())
    done = subprocess.run([patch_binary, "-p0", "--binary", "--no-backup-if-mismatch", "-i", str(diff)],
                          cwd=patched, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr

    run_cli("check", "--fix", "--unsafe-fixes", "values.yaml")
    assert (patched / "values.yaml").read_bytes() == values.read_bytes() != text.encode()
