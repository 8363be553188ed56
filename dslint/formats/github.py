"""GitHub Actions workflow commands: each finding becomes an annotation on the line."""

from __future__ import annotations

from typing import Any

from dslint.engine import Report
from dslint.findings import Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, **_: Any) -> str:
    lines = []
    for finding in report.findings:
        loc = finding.location
        props = []
        if loc.line and loc.argument is None:
            props += [f"file={_property(loc.source)}", f"line={loc.line}", f"col={loc.column}"]
        props.append(f"title={_property(f'{finding.code} {finding.name}')}")
        message = finding.message
        if finding.manifest is not None:
            message += f" [{finding.manifest.display()}]"
        if loc.argument is not None:
            message += f" (set by {loc.source} {loc.argument})"
        if finding.edit is not None:
            message += f" ({finding.fix_command})"
        lines.append(f"::{_LEVEL[finding.severity]} {','.join(props)}::{_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
