"""`file:line:col: CODE [severity] message`, one line per finding, then a summary (no `help:` lines)."""

from __future__ import annotations

from dslint.formats import text
from dslint.run import Report


def render(report: Report, *, color: bool = False) -> str:
    return text.render(report, color=color, concise=True)
