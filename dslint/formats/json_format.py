"""Machine-readable findings: one JSON object with the findings and a summary."""

from __future__ import annotations

import json
from typing import Any

from dslint import __version__
from dslint.findings import Finding, Location, Severity
from dslint.run import Report

SCHEMA_VERSION = 1


def location_dict(loc: Location) -> dict[str, Any]:
    out: dict[str, Any] = {"file": loc.source, "line": loc.line or None, "column": loc.column or None}
    if loc.argument is not None:
        out["argument"] = loc.argument
    return out


def finding_dict(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.label,
        "message": finding.message,
        "path": finding.values_path,
        "location": location_dict(finding.location),
        "fix": finding.fix,
        "profile": finding.profile,
    }
    if finding.edit is not None:
        # ruff's shape: how sure the fix is, what it does, and its text edits.
        out["autofix"] = {
            "applicability": finding.applicability,
            "message": finding.edit.description,
            "edits": [{"location": {"line": a, "column": b}, "end_location": {"line": c, "column": d}, "content": text}
                      for a, b, c, d, text in finding.replacements],
        }
    if finding.related:
        out["related"] = [location_dict(r) for r in finding.related]
    if finding.manifest is not None:
        m = finding.manifest
        out["manifest"] = {
            "kind": m.kind,
            "name": m.name,
            "namespace": m.namespace,
            "container": m.container or None,
            "field": m.field_path,
            "source": m.source or None,
            "line": m.line or None,
            "template": m.template or None,
        }
    return out


def render(report: Report, **_: Any) -> str:
    document = {
        "tool": "dslint",
        "version": __version__,
        "schema": SCHEMA_VERSION,
        "findings": [finding_dict(f) for f in report.findings],
        "errors": [str(e) for e in report.input_errors],
        "config": {"path": report.config, "outside_repository": report.config_outside} if report.config else None,
        "summary": {
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
            "files": len(report.files),
            "checks": getattr(report, "checks", 0) or len(report.files),
        },
    }
    return json.dumps(document, indent=2) + "\n"
