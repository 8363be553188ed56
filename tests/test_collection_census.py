"""No test silently absent: the collection is compared with tests/collection-census.json (issue 20)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import census
import pytest
from conftest import ROOT, census_line

NO_MATERIAL = {"DSLINT_CHART_HISTORY": "", "DSLINT_UPSTREAM_CHART": "", "DSLINT_PSA_FIXTURES": ""}


def _collect(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-p", "no:cacheprovider", *args],
                          cwd=ROOT, env=dict(os.environ, **env), capture_output=True, text=True, timeout=300)


def test_a_material_test_is_answered_by_any_of_its_parameters():
    entries = ["t.py::test_a", "t.py::test_b[x]", "t.py::test_c[*]"]
    assert census.missing(entries, {"t.py::test_a", "t.py::test_b[x]", "t.py::test_c[01-defaults]"}) == []
    assert census.missing(entries, {"t.py::test_a", "t.py::test_b[y]", "t.py::test_c[NOTSET]"}) == ["t.py::test_b[x]"]
    assert census.missing(entries, {"t.py::test_b[x]"}) == ["t.py::test_a", "t.py::test_c[*]"]
    assert census.unlisted(entries, {"t.py::test_a", "t.py::test_c[new]", "t.py::test_d"}) == ["t.py::test_d"]


def test_only_what_the_command_line_asks_for_is_expected():
    assert census.in_scope("tests/a/t.py::test_x[1]", [""])
    assert census.in_scope("tests/a/t.py::test_x[1]", ["tests/a"])
    assert not census.in_scope("tests/ab/t.py::test_x", ["tests/a"])
    assert census.in_scope("tests/a/t.py::test_x[*]", ["tests/a/t.py::test_x[01-defaults]"])
    assert not census.in_scope("tests/a/t.py::test_xy", ["tests/a/t.py::test_x"])


def test_the_line_names_what_is_missing():
    assert census_line([], []) == "dslint: 0 tests silently missing"
    assert census_line(["t.py::test_a"], ["t.py::test_b"]) == (
        "dslint: 1 test silently missing from the collection census: t.py::test_a; "
        "1 collected test not in the census (python tests/census.py --write)")


def test_without_any_material_no_test_is_missing(tmp_path):
    done = _collect(tmp_path, DSLINT_SHARED=str(tmp_path / "absent"), **NO_MATERIAL)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "dslint: 0 tests silently missing" in done.stdout.splitlines(), done.stdout[-3000:]


def test_a_test_gone_from_the_collection_fails_the_run(tmp_path):
    listed = census.load()
    gone = "tests/test_collection_census.py::test_that_was_never_written"
    (tmp_path / "census.json").write_text(json.dumps({"tests": [*listed, gone]}))
    done = _collect(tmp_path, "tests/test_collection_census.py", DSLINT_CENSUS=str(tmp_path / "census.json"))
    assert done.returncode == 1, done.stdout[-3000:]
    assert f"dslint: 1 test silently missing from the collection census: {gone}" in done.stdout.splitlines()


def test_the_census_is_current():
    """With all the material here, regenerating the census changes nothing."""
    absent = [name for name in census.MATERIAL_VARIABLES if not os.environ.get(name)]
    if absent or (not (ROOT.parent / "shared").is_dir() and not os.environ.get("DSLINT_SHARED")):
        pytest.skip(f"the census needs all the material: {', '.join(absent) or '../shared'} not set")
    assert census.build() == census.load(), "tests/collection-census.json is stale: python tests/census.py --write"
