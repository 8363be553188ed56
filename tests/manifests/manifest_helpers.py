"""Shared helpers for the manifest-lane tests."""

from __future__ import annotations

from pathlib import Path

from dslint.config import Settings
from dslint.run import Target
from dslint.values_lane import stack_values
from dslint.load.files import load_values_file
from dslint.manifests.check import check_manifests
from dslint.manifests.documents import split_manifests
from dslint.model.view import build_chart_values

FIXTURES = Path(__file__).parent / "fixtures"


def check_text(text: str, file: str = "m.yaml", values=None, notices=None, **settings):
    """Findings of the manifest lane for a YAML stream."""
    return check_manifests(split_manifests(text, file), Settings(**settings), values, notices=notices)


def chart_values(path: Path, version: str = "2.1.1", **settings):
    """The effective chart values of one values file, as `dslint render` would hold them."""
    config = Settings(chart_version=version, **settings)
    return build_chart_values(stack_values(Target([load_values_file(str(path))]), config), version)


def by_code(findings, code: str) -> list:
    return [f for f in findings if f.code == code]
