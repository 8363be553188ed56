"""SARIF fingerprints: one per finding, stable across line moves (GitHub tracks alerts by them)."""

from __future__ import annotations

import json

import pytest

from dslint.findings import Finding, Location, ManifestRef, Severity
from dslint.formats.sarif import _fingerprint

BASE = Finding("DS506", "hostfile-mismatch", Severity.WARNING, "the host file lists 2 hosts",
               "config.overrideHostFile", Location("v.yaml", 2, 21))


def test_the_fingerprint_of_a_finding_is_pinned():
    # A changed fingerprint reopens every alert a repository has dismissed: change it only on purpose.
    assert _fingerprint(BASE) == "5128392870ac4c96a912d869aa98da08"


@pytest.mark.parametrize("change", [
    {"code": "DS405"},
    {"message": "the host file names worker-a"},
    {"values_path": "config.sshPrivateKey"},
    {"location": Location("other.yaml", 2, 21)},
    {"manifest": ManifestRef("Pod", "p")},
])
def test_what_tells_findings_apart_changes_the_fingerprint(change):
    assert _fingerprint(BASE._replace(**change)) != _fingerprint(BASE)


@pytest.mark.parametrize("change", [
    {"location": Location("v.yaml", 40, 3)},  # the same value after lines were added above it
    {"severity": Severity.ERROR},
    {"fix": "another wording of the fix"},
])
def test_what_moves_or_is_reconfigured_keeps_the_fingerprint(change):
    assert _fingerprint(BASE._replace(**change)) == _fingerprint(BASE)


@pytest.mark.parametrize("values", [
    # Two messages of one rule on one key.
    "config:\n  overrideHostFile: |\n    worker-a slots=4\n    worker-b slots=4\n",
    # Two rules on one key.
    "worker:\n  containerSecurityContext:\n    privileged: true\n",
])
def test_findings_on_one_key_get_distinct_fingerprints(run_cli, tmp_path, values):
    (tmp_path / "v.yaml").write_text(values)
    results = json.loads(run_cli("check", "v.yaml", "--format", "sarif").stdout)["runs"][0]["results"]
    fingerprints = [r["partialFingerprints"]["dslintFinding/v1"] for r in results]
    assert len(results) >= 3 and len(set(fingerprints)) == len(fingerprints)
