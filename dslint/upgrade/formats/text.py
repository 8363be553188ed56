"""The upgrade for people: changes grouped by kind (what to act on first), then findings, then a summary.

Coloured like `dslint check` on a terminal; the last line is the summary (scripts read it).
"""

from __future__ import annotations

from typing import Any

from dslint.formats.text import _paint, line
from dslint.upgrade.changes import (
    DEFAULT_CHANGED,
    KEY_ADDED,
    KEY_DEPRECATED,
    KEY_REMOVED,
    KEY_RENAMED,
    KINDS,
    OBJECT_ADDED,
    OBJECT_CHANGED,
    OBJECT_REMOVED,
    Change,
)
from dslint.upgrade.report import UpgradeReport

HEADINGS = {
    KEY_REMOVED: "Keys you set that the new version removes",
    KEY_RENAMED: "Keys you set that the new version renames",
    KEY_DEPRECATED: "Keys you set that the new version deprecates",
    DEFAULT_CHANGED: "Defaults you rely on that change",
    KEY_ADDED: "New parameters",
    OBJECT_ADDED: "Objects the new version adds",
    OBJECT_REMOVED: "Objects the new version no longer renders",
    OBJECT_CHANGED: "Objects that change",
}
_HEADING, _ACT, _WARN, _QUIET = "1", "1;31", "1;33", "36"
_STYLE = {KEY_REMOVED: _ACT, KEY_RENAMED: _ACT, KEY_DEPRECATED: _WARN, DEFAULT_CHANGED: _WARN}


def _where(change: Change) -> str:
    """Where the user set the key, for the keys they set (a default's place is the top of the file)."""
    location = change.location
    if change.kind in (KEY_REMOVED, KEY_RENAMED, KEY_DEPRECATED) and location is not None and location.line and location.argument is None:
        return f"{location.source}:{location.line}:{location.column}: "
    return ""


def render(report: UpgradeReport, *, color: bool = False, **_: Any) -> str:
    lines = [_paint(f"chart {report.from_version} -> {report.to_version}", _HEADING, color)]
    for kind in KINDS:
        group = [c for c in report.changes if c.kind == kind]
        if not group:
            continue
        lines.append("")
        lines.append(_paint(f"{HEADINGS[kind]} ({len(group)})", _HEADING, color))
        for change in group:
            subject = change.object or change.path or ""
            lines.append(f"  {_where(change)}{_paint(subject, _STYLE.get(kind, _QUIET), color)}: {change.message}")
    for title, findings in (("Findings that appear", report.new), ("Findings that go away", report.gone)):
        if findings:
            lines.append("")
            lines.append(_paint(f"{title} ({len(findings)})", _HEADING, color))
            lines.extend(f"  {line(f, color=color)}" for f in findings)
    for side, why in report.refused.items():
        if why:
            version = report.from_version if side == "from" else report.to_version
            lines.append("")
            lines.append(_paint(f"Chart {version} does not render these values ({_refusal(why)})",
                                _ACT if side == "to" else _WARN, color))
    lines.append("")
    lines.append(summary(report, color=color))
    return "\n".join(lines) + "\n"


def _refusal(why: str) -> str:
    return {"helm": "Helm refused", "yaml": "Helm printed text that is not YAML",
            "values": "the values fail the checks"}.get(why, why)


def summary(report: UpgradeReport, *, color: bool = False) -> str:
    counts = {kind: sum(1 for c in report.changes if c.kind == kind) for kind in KINDS}
    parts = [f"{n} {kind}" for kind, n in counts.items() if n]
    parts.append(f"{len(report.new)} new finding{'s' if len(report.new) != 1 else ''}")
    parts.append(f"{len(report.gone)} gone")
    act = report.must_act()
    verdict = (_paint(f"act before upgrading: {'; '.join(act)}", _ACT, color) if act
               else "nothing you must act on")
    return f"{', '.join(parts)}; {verdict}"
