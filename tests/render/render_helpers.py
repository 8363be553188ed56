"""Helpers for the render tests: the fixture chart, values files, and the Helm SDK (fixtures: import them)."""

from __future__ import annotations

import shutil
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
