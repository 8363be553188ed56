"""Runs without policies pay nothing for them: neither dslint.policies nor the CEL runtime is imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


def _loaded_after(args: list[str], cwd) -> list[str]:
    code = ("import sys\nfrom dslint.entry import run\nsys.argv = ['dslint', *sys.argv[1:]]\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('dslint.policies', 'cel_expr_python'))), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, cwd=cwd)
    return eval(result.stderr.strip().splitlines()[-1])  # noqa: S307 - our own printed list


def test_a_check_without_policies_imports_nothing_of_them(tmp_path):
    (tmp_path / "values.yaml").write_text("worker:\n  replicaCount: 2\n")
    assert _loaded_after(["check", "values.yaml", "--isolated"], tmp_path) == []


def test_a_check_with_policies_loads_the_runtime(tmp_path):
    pytest.importorskip("cel_expr_python")
    policies = ROOT / "examples" / "policies" / "team-policies.yaml"
    (tmp_path / "values.yaml").write_text("worker:\n  replicaCount: 2\n")
    loaded = _loaded_after(["check", "values.yaml", "--isolated", "--policy", str(policies)], tmp_path)
    assert "cel_expr_python" in loaded and "dslint.policies.values" in loaded
