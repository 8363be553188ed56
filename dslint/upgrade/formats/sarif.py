"""SARIF 2.1.0: the new findings as `dslint check --format sarif` gives them, plus one result per change.

A change's rule is `upgrade/<kind>`; it is an error when the user must act
(a key they set is removed or renamed), a warning when what runs changes
(a deprecation, a default they rely on), a note otherwise.  It is located where
the user set the path (or would set it): the line a code-scanning alert shows.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from dslint.findings import Location
from dslint.formats import sarif as check_sarif
from dslint.run import Report
from dslint.upgrade.changes import DEFAULT_CHANGED, KEY_DEPRECATED, KINDS, Change
from dslint.upgrade.report import UpgradeReport

_DESCRIPTIONS = {
    "key-removed": "A key you set does not exist in the new chart version.",
    "key-renamed": "A key you set has a new name in the new chart version.",
    "key-deprecated": "A key you set is deprecated in the new chart version.",
    "key-added": "The new chart version adds a parameter.",
    "default-changed": "A default you rely on changes in the new chart version.",
    "object-added": "The new chart version renders an object the old one did not.",
    "object-removed": "The new chart version no longer renders an object.",
    "object-changed": "An object renders differently with the new chart version.",
}


def _level(change: Change) -> str:
    if change.must_act:
        return "error"
    return "warning" if change.kind in (KEY_DEPRECATED, DEFAULT_CHANGED) else "note"


def _result(change: Change, index: int, report: UpgradeReport) -> dict[str, Any]:
    location: dict[str, Any] = {}
    if change.location is not None:
        location = check_sarif._physical(change.location) or {}
    if not location and report.files:
        # Code scanning refuses a result without a file: a change no value of the user's is behind
        # (a chart template's) is shown at the top of the values it was found for.
        location = check_sarif._physical(Location(report.files[-1], 1, 1)) or {}
    logical = change.object or change.path
    if logical:
        location["logicalLocations"] = [{"fullyQualifiedName": logical, "kind": "object" if change.object else "member"}]
    key = "\0".join((change.kind, change.path or "", change.object or "", report.to_version))
    return {
        "ruleId": f"upgrade/{change.kind}",
        "ruleIndex": index,
        "level": _level(change),
        "message": {"text": f"chart {report.from_version} -> {report.to_version}: {logical}: {change.message}"},
        "locations": [location] if location else [],
        "partialFingerprints": {"dslintUpgrade/v1": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]},
        "properties": change.as_dict(),
    }


def render(report: UpgradeReport, **_: Any) -> str:
    findings = Report(findings=list(report.new), input_errors=list(report.input_errors))
    document = json.loads(check_sarif.render(findings))
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    used = [kind for kind in KINDS if any(c.kind == kind for c in report.changes)]
    first = len(rules)
    rules.extend({"id": f"upgrade/{kind}", "name": kind, "shortDescription": {"text": _DESCRIPTIONS[kind]}}
                 for kind in used)
    index = {kind: first + i for i, kind in enumerate(used)}
    run["results"].extend(_result(c, index[c.kind], report) for c in report.changes)
    run["properties"].update({"from": report.from_version, "to": report.to_version, "act": report.must_act()})
    return json.dumps(document, indent=2) + "\n"
