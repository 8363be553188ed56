"""GitHub Actions workflow commands: each finding becomes an annotation on the line."""

from __future__ import annotations

from typing import Any

from dslint.findings import Severity
from dslint.run import Report

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
        shown = finding.file_location()
        if shown is not None:
            props += [f"file={_property(shown.source)}", f"line={shown.line}", f"col={max(shown.column, 1)}"]
        props.append(f"title={_property(f'{finding.code} {finding.name}')}")
        message = finding.message
        if finding.manifest is not None:
            message += f" [{finding.manifest.display()}]"
        if loc.argument is not None:
            message += f" (set by {loc.source} {loc.argument})"
        if finding.edit is not None:
            message += f" ({finding.fix_command})"
        lines.append(f"::{_LEVEL[finding.severity]} {','.join(props)}::{_data(message)}")
    # The job log's last line, as in the text format (a plain line, not an annotation).
    from dslint.formats.text import summary

    lines.append(summary(report))
    return "\n".join(lines) + "\n"
