"""`file:line:col: CODE [severity] message`, one line per finding, then a summary."""

from __future__ import annotations

from dslint.engine import Report
from dslint.findings import Finding, Severity


def location_text(finding: Finding) -> str:
    loc = finding.location
    if loc.argument is not None:
        return f"{loc.source} {loc.argument!r}:{loc.line}:{loc.column}"
    if loc.line:
        return f"{loc.source}:{loc.line}:{loc.column}"
    return loc.source


def line(finding: Finding) -> str:
    text = f"{location_text(finding)}: {finding.code} [{finding.severity.label}] {finding.message}"
    if finding.manifest is not None:
        text += f" [{finding.manifest.display()}]"
    return text


def summary(report: Report) -> str:
    parts = []
    for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info")):
        n = report.count(severity)
        if n or severity is not Severity.INFO:
            parts.append(f"{n} {word}{'s' if n != 1 and word != 'info' else ''}")
    files = len(report.files)
    where = f" in {files} file{'s' if files != 1 else ''}" if files else ""
    return ", ".join(parts) + where


def render(report: Report, *, color: bool = False) -> str:
    lines = [line(f) for f in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
