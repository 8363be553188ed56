"""Conformance with Pod Security Admission's own test fixtures, every policy version, both levels.

The Kubernetes project tests its admission plugin with one Pod per file
(`kubernetes/pod-security-admission`, `test/testdata/<level>/v1.<minor>/{pass,fail}/*.yaml`),
named after the check that must refuse it (`hostports1.yaml` -> `hostPorts`).  Point
`DSLINT_PSA_FIXTURES` at that `testdata` directory to run this module; without it, it skips.

Every fixture is checked as the bare Pod and wrapped in each workload kind that carries a pod
template, at its own policy version (`--pss-version`) and level (`--pss-level`):

* every fail fixture is caught by its own control (the file's name), at error severity (or,
  for a Restricted control that replaces a Baseline one, by that Baseline control);
* no pass fixture gets a finding that would fail a run (DS902 at a Baseline target is info);
* no object gets a schema finding (DS901) at the newest Kubernetes version dslint knows.

Documents are built from the fixtures' parsed data (no positions needed), and the schema check
runs once per distinct fixture, so the whole module runs in seconds.
"""

from __future__ import annotations

import copy
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from dslint.config import Settings
from dslint.findings import Severity
from dslint.manifests.check import check_manifests
from dslint.manifests.documents import ManifestDocument
from dslint.knowledge.pss_controls import BASELINE, CONTROLS, LATEST_POLICY, RESTRICTED

ENV = "DSLINT_PSA_FIXTURES"
ROOT = Path(os.environ[ENV]) if os.environ.get(ENV) else None
LEVEL_CODE = {BASELINE: "DS903", RESTRICTED: "DS902"}
# (rule code, title in the message) -> the upstream check ID.
CONTROL_OF = {(LEVEL_CODE[c.level], c.title): c.id for c in CONTROLS}
KINDS = ("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob")
SCHEMA_KUBE_VERSION = f"1.{LATEST_POLICY}"

pytestmark = pytest.mark.skipif(ROOT is None or not (ROOT / "baseline").is_dir(),
                                reason=f"{ENV} does not point at the upstream testdata directory")


def _versions() -> list[int]:
    if ROOT is None or not (ROOT / "baseline").is_dir():
        return [LATEST_POLICY]  # skipped anyway: one placeholder, not a skip per version
    return sorted(int(p.name.split(".")[1]) for p in (ROOT / "baseline").glob("v1.*"))


@lru_cache(maxsize=None)
def _fixtures(level: str, minor: int, outcome: str) -> tuple[tuple[str, str], ...]:
    """(file stem, text) of every fixture of one directory."""
    folder = ROOT / level / f"v1.{minor}" / outcome
    return tuple((p.stem, p.read_text("utf-8")) for p in sorted(folder.glob("*.yaml")))


def wrap(pod: dict, kind: str) -> dict:
    """The fixture's pod as `kind` would carry it: name, labels and annotations on the template."""
    if kind == "Pod":
        return pod
    name = pod["metadata"]["name"].replace("_", "-")
    labels = {"app": name}
    meta = {"labels": labels}
    if pod["metadata"].get("annotations"):
        meta["annotations"] = pod["metadata"]["annotations"]
    template = {"metadata": meta, "spec": copy.deepcopy(pod["spec"])}
    selector = {"matchLabels": labels}
    if kind == "Deployment" or kind == "ReplicaSet" or kind == "DaemonSet":
        return {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name},
                "spec": {"selector": selector, "template": template}}
    if kind == "StatefulSet":
        return {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name},
                "spec": {"selector": selector, "serviceName": name, "template": template}}
    if kind == "ReplicationController":
        return {"apiVersion": "v1", "kind": kind, "metadata": {"name": name},
                "spec": {"selector": labels, "template": template}}
    if kind == "Job":
        return {"apiVersion": "batch/v1", "kind": kind, "metadata": {"name": name}, "spec": {"template": template}}
    if kind == "CronJob":
        return {"apiVersion": "batch/v1", "kind": kind, "metadata": {"name": name},
                "spec": {"schedule": "0 * * * *", "jobTemplate": {"spec": {"template": template}}}}
    raise AssertionError(kind)


def documents(fixtures) -> list[tuple[str, str, ManifestDocument]]:
    """(fixture, kind, document) for every fixture in every kind."""
    out = []
    for stem, text in fixtures:
        pod = yaml.safe_load(text)
        for kind in KINDS:
            out.append((stem, kind, ManifestDocument(f"<{len(out)}:{stem}.{kind}>", 1, wrap(pod, kind))))
    return out


def findings_by_document(docs, **settings) -> dict[tuple[str, str], list]:
    """The findings of one run over all the documents, by (fixture, kind) (each has its own file name)."""
    out: dict[tuple[str, str], list] = {}
    key_of = {}
    for stem, kind, doc in docs:
        out[(stem, kind)] = []
        key_of[doc.file] = (stem, kind)
    for finding in check_manifests([doc for _, _, doc in docs], Settings(**settings)):
        out[key_of[finding.location.source]].append(finding)
    return out


def pss_results(level: str, minor: int, outcome: str) -> dict[tuple[str, str], list]:
    """DS902/DS903 findings for one fixture directory, at its own policy version and level."""
    docs = documents(_fixtures(level, minor, outcome))
    assert docs, f"no {outcome} fixtures for {level} v1.{minor}"
    return findings_by_document(docs, pss_level=level, pss_version=f"v1.{minor}", kube_version=SCHEMA_KUBE_VERSION,
                                select=("DS902", "DS903"))


def expected_controls(stem: str) -> set[str]:
    """The fixture's own control, and the Baseline control it replaces at Restricted (if any).

    One mistake is one finding: a hostPath volume fails Restricted's Volume Types
    and Baseline's HostPath Volumes, and dslint reports it once, as Baseline's.
    """
    check_id = re.sub(r"\d+$", "", stem)
    matches = [c for c in CONTROLS if c.id.lower() == check_id]
    assert matches, f"fixture {stem} names no control in dslint.knowledge.pss_controls"
    return {matches[0].id, matches[0].overrides} - {""}


def caught_by(findings) -> set[str]:
    return {CONTROL_OF.get((f.code, f.message.split(":")[0]), "?") for f in findings
            if f.code in ("DS902", "DS903") and f.severity == Severity.ERROR}


@pytest.mark.parametrize("level", [BASELINE, RESTRICTED])
@pytest.mark.parametrize("minor", _versions())
def test_fail_fixtures_are_caught_by_their_own_control(level, minor):
    results = pss_results(level, minor, "fail")
    missed = [f"{stem} as {kind}: caught by {sorted(caught_by(found)) or 'nothing'}"
              for (stem, kind), found in results.items() if not expected_controls(stem) & caught_by(found)]
    assert not missed, f"{level} v1.{minor}: {len(missed)}/{len(results)} missed:\n" + "\n".join(missed[:20])


@pytest.mark.parametrize("level", [BASELINE, RESTRICTED])
@pytest.mark.parametrize("minor", _versions())
def test_pass_fixtures_are_not_flagged(level, minor):
    results = pss_results(level, minor, "pass")
    flagged = [f"{stem} as {kind}: {f.code} [{f.severity.label}] {f.message}"
               for (stem, kind), found in results.items() for f in found
               if f.code == "DS903" or f.severity >= Severity.WARNING]
    assert not flagged, f"{level} v1.{minor}:\n" + "\n".join(flagged[:20])


def test_no_fixture_has_schema_findings():
    # The fixtures barely change between versions: each distinct one is validated once, in every kind.
    distinct: dict[str, str] = {}
    for level in (BASELINE, RESTRICTED):
        for minor in _versions():
            for outcome in ("pass", "fail"):
                for stem, text in _fixtures(level, minor, outcome):
                    distinct.setdefault(text, f"{level}/v1.{minor}/{outcome}/{stem}")
    docs = [(distinct[text], kind, doc) for text in distinct for (_, kind, doc) in documents([("f", text)])]
    results = findings_by_document(docs, kube_version=SCHEMA_KUBE_VERSION, select=("DS901",))
    found = [f"{where} as {kind}: {f.message} [{f.manifest.field_path}]"
             for (where, kind), findings in results.items() for f in findings]
    assert len(distinct) > 100
    assert not found, "\n".join(found[:20])


def test_baseline_target_never_fails_on_restricted_controls():
    # --pss-level baseline fails only on Baseline controls: a restricted-only failure is info.
    docs = documents(_fixtures(RESTRICTED, LATEST_POLICY, "fail"))
    results = findings_by_document(docs, pss_level=BASELINE, pss_version="latest", select=("DS902",))
    assert any(results.values())
    assert {f.severity for found in results.values() for f in found} == {Severity.INFO}
