"""pytest says in one line what skipped for want of reference material (issue 16 item 19)."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, reference_skips, reference_summary


def test_reasons_are_classified():
    reasons = ["reference material not found at /x/golden", "got empty parameter set for (scenario)", "no goldens",
               "DSLINT_UPSTREAM_CHART does not name an upstream chart", "helm is not installed", "bash is not installed"]
    counts = reference_skips(reasons)
    assert counts == {"../shared": 3, "DSLINT_UPSTREAM_CHART": 1}
    assert reference_summary(counts) == ("dslint: 4 tests skipped for want of reference material "
                                         "(3 need ../shared, 1 need DSLINT_UPSTREAM_CHART); see README.md, Development")
    assert reference_summary(reference_skips(["helm is not installed"])) == ""


def test_pytest_prints_the_line_without_shared(tmp_path):
    env = dict(os.environ, DSLINT_SHARED=str(tmp_path / "absent"), DSLINT_UPSTREAM_CHART="")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_goldens.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith("dslint: ") and "skipped" in line]
    assert len(lines) == 1 and "skipped for want of reference material" in lines[0] and "need ../shared" in lines[0], \
        done.stdout[-2000:]


def test_the_readme_names_what_the_tests_need():
    development = (ROOT / "README.md").read_text().split("## Development", 1)[1]
    assert "../shared" in development and "DSLINT_UPSTREAM_CHART" in development
