"""SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

Locations are in the values files (the lines users edit).  A finding that came
from a `--set` flag has no file: it gets a logical location (its values path)
and the flag in its message.  Manifest findings keep the values location as
primary and the manifest object as a related location.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from dslint import __version__
from dslint.findings import Finding, Location, Severity
from dslint.run import Report

if TYPE_CHECKING:
    from dslint.registry import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/dslint/dslint"
DOCS_BASE_URL = os.environ.get("DSLINT_DOCS_URL", INFORMATION_URI + "/blob/main/rules/")
SRCROOT = "%SRCROOT%"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub ranks security alerts by this number (critical >= 9, high >= 7, medium >= 4).
_SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.5", Severity.INFO: "3.0"}


def _artifact_uri(source: str) -> str:
    path = Path(source)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return quote(path.as_posix())


def _physical(loc: Location) -> dict[str, Any] | None:
    if not loc.line or loc.argument is not None or loc.source.startswith("<"):
        return None
    uri = _artifact_uri(loc.source)
    artifact = {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": SRCROOT}
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": loc.line, "startColumn": max(loc.column, 1)},
        }
    }


def _location(finding: Finding, loc: Location) -> dict[str, Any]:
    physical = _physical(loc)
    if physical is None:
        # GitHub refuses a whole upload when one result has no file: a value set by a
        # flag is shown on the values file it was checked with, or at the manifest place.
        fallback = finding.file_location()
        physical = _physical(fallback) if fallback is not None else None
    out: dict[str, Any] = physical or {}
    if finding.values_path:
        out["logicalLocations"] = [{"fullyQualifiedName": finding.values_path, "kind": "member"}]
    return out


def _fingerprint(finding: Finding) -> str:
    # Stable across edits that move lines: what, where in the values, which file.
    manifest = finding.manifest.display() if finding.manifest is not None else ""
    key = "\0".join((finding.code, finding.values_path, finding.location.source, manifest, finding.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _rule_descriptor(meta: Rule) -> dict[str, Any]:
    tags = [meta.family, meta.lane]
    properties: dict[str, Any] = {"tags": tags + (["security"] if meta.security else [])}
    if meta.security:
        properties["security-severity"] = _SECURITY_SEVERITY[meta.severity]
    markdown = (
        f"**{meta.summary}**\n\n{meta.rationale}\n\n"
        f"Example that fires:\n```yaml\n{meta.bad}```\n\nUse instead:\n```yaml\n{meta.good}```\n\n{meta.fix}"
    ) if meta.bad else f"**{meta.summary}**\n\n{meta.rationale}\n\n{meta.fix}".rstrip()  # a team policy
    descriptor = {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": meta.rationale},
        "help": {"text": f"{meta.rationale}\n\nFix: {meta.fix}", "markdown": markdown},
        "helpUri": DOCS_BASE_URL + f"{meta.code}.md",
        "defaultConfiguration": {"level": _LEVEL[meta.severity]},
        "properties": properties,
    }
    if not meta.code.startswith("DS"):
        del descriptor["helpUri"]  # the team's policy: documented by `dslint explain`, not dslint's pages
    return descriptor


def _fix(finding: Finding) -> dict[str, Any]:
    """SARIF's fix object: the text replacements `dslint check --fix` would make in the file."""
    uri = _artifact_uri(finding.location.source)
    artifact = {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": SRCROOT}
    description = finding.edit.description if finding.edit is not None else ""
    return {
        "description": {"text": f"{description} ({finding.applicability} fix)"},
        "artifactChanges": [{
            "artifactLocation": artifact,
            "replacements": [
                {"deletedRegion": {"startLine": a, "startColumn": b, "endLine": c, "endColumn": d},
                 "insertedContent": {"text": text}}
                for a, b, c, d, text in finding.replacements
            ],
        }],
    }


def render(report: Report, **_: Any) -> str:
    from dslint.policies import loaded_rules
    from dslint.registry import all_rules

    metas = {rule.meta.code: rule.meta for rule in all_rules()}
    metas.update(loaded_rules())  # the team's policies have descriptors too
    used = sorted({f.code for f in report.findings})
    index = {code: i for i, code in enumerate(used)}
    results = []
    for finding in report.findings:
        meta = metas.get(finding.code)
        message = finding.message
        if finding.location.argument is not None:
            message += f" (set by {finding.location.source} {finding.location.argument})"
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _LEVEL[finding.severity],
            "message": {"text": message},
            "locations": [_location(finding, finding.location)],
            "partialFingerprints": {"dslintFinding/v1": _fingerprint(finding)},
            "properties": {"profile": finding.profile, "fix": finding.fix},
        }
        related = [r for r in (_physical(loc) for loc in finding.related) if r]
        if finding.manifest is not None:
            m = finding.manifest
            manifest_loc: dict[str, Any] = {
                "message": {"text": f"{m.kind}/{m.name} {m.field_path}".strip()},
                "logicalLocations": [{"fullyQualifiedName": f"{m.kind}/{m.name}/{m.field_path}".rstrip("/"), "kind": "object"}],
            }
            if m.source and m.line:
                manifest_loc["physicalLocation"] = {
                    "artifactLocation": {"uri": _artifact_uri(m.source), "uriBaseId": SRCROOT},
                    "region": {"startLine": m.line},
                }
            related.append(manifest_loc)
        if related:
            result["relatedLocations"] = [dict(r, id=i) for i, r in enumerate(related)]
        if meta is not None and meta.security:
            result["properties"]["security-severity"] = _SECURITY_SEVERITY[finding.severity]
        if finding.edit is not None and finding.replacements:
            result["fixes"] = [_fix(finding)]
            result["properties"]["fixApplicability"] = finding.applicability
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "dslint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(metas[code]) for code in used if code in metas],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri() + "/"}},
        "results": results,
        # Run metadata: the config file that shaped the run (it can turn every rule off).
        "properties": {"config": report.config, "configOutsideRepository": report.config_outside},
        "invocations": [
            {
                "executionSuccessful": not report.input_errors,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": str(err)}} for err in report.input_errors
                ],
            }
        ],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2) + "\n"
