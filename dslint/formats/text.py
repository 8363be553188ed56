"""`file:line:col: CODE [severity] message` per finding, its `help:` line, then a summary.

`--format concise` leaves out the `help:` lines: one line per finding.

A finding `dslint check --fix` can fix carries ruff's `[*]` after its
severity; a line before the summary counts the fixes on offer (and the
unsafe ones, applied only with `--unsafe-fixes`).

The plain text is what pre-commit, editors' problem matchers and `grep` read;
colour is added only when a person watches (a terminal, or `--color always`),
and the progress line of long runs goes to a terminal's stderr only.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO

from dslint.findings import Finding, Severity
from dslint.run import Report

COLOR_CHOICES = ("auto", "always", "never")
# A run is "long" when it checks more files than this: below it, dslint
# finishes before a progress line would be read.
PROGRESS_MIN_FILES = 50

_RESET = "\033[0m"
_BOLD = "1"
_SEVERITY_STYLE = {Severity.ERROR: "1;31", Severity.WARNING: "1;33", Severity.INFO: "1;36"}
_HELP_STYLE = "1;32"
_SEVERITY_WORDS = ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info"))


def use_color(choice: str = "auto", stream: IO[str] | None = None) -> bool:
    """Whether to colour output written to `stream`.

    `--color always|never` wins over the environment (the command line is the
    most specific wish); then NO_COLOR (https://no-color.org), then FORCE_COLOR
    (CI logs that render ANSI, e.g. GitHub Actions); then: is it a terminal?
    """
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "").lower() not in ("", "0", "false", "no"):
        return True
    return _is_terminal(stream if stream is not None else sys.stdout)


def _is_terminal(stream: IO[str]) -> bool:
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _paint(text: str, style: str, color: bool) -> str:
    return f"\033[{style}m{text}{_RESET}" if color and text else text


def location_text(finding: Finding) -> str:
    loc = finding.location
    if loc.argument is not None:
        # As the shell takes it back (Python's repr doubled every backslash); a flag has no
        # lines, so only a column past the start of the argument says anything.
        import shlex

        where = f"{loc.source} {shlex.quote(loc.argument)}"
        return where + (f" (column {loc.column})" if loc.column > 1 else "")
    if loc.line:
        return f"{loc.source}:{loc.line}:{loc.column}"
    return loc.source


def line(finding: Finding, *, color: bool = False) -> str:
    style = _SEVERITY_STYLE[finding.severity]
    text = (
        f"{_paint(location_text(finding), _BOLD, color)}: {_paint(finding.code, style, color)} "
        f"{_paint(f'[{finding.severity.label}]', style, color)} {'[*] ' if finding.applicability == 'safe' else ''}"
        f"{finding.message}"
    )
    if finding.manifest is not None:
        text += f" [{finding.manifest.display()}]"
    return text


def summary(report: Report, *, color: bool = False) -> str:
    parts = []
    for severity, word in _SEVERITY_WORDS:
        n = report.count(severity)
        if n or severity is not Severity.INFO:
            part = f"{n} {word}{'s' if n != 1 and word != 'info' else ''}"
            parts.append(_paint(part, _SEVERITY_STYLE[severity], color and n > 0))
    files = len(report.files)
    where = f" in {files} file{'s' if files != 1 else ''}" if files else ""
    checks = getattr(report, "checks", 0)
    if checks and files and checks != files:
        # `-f base.yaml a.yaml b.yaml`: two checks of three files.
        where = f" in {checks} check{'s' if checks != 1 else ''} of {files} file{'s' if files != 1 else ''}"
    unread = len(report.input_errors)
    # Without this, a run that could read nothing would end on "0 errors".
    failed = f"; {unread} input{'s' if unread != 1 else ''} could not be read" if unread else ""
    # Which chart version the values were checked as, and why.
    charts = "".join(f"; {chart}" for chart in report.charts)
    # Which config shaped the run: a config can turn every rule off (issue 12).
    config = f"; config: {report.config}" if report.config else ""
    return ", ".join(parts) + where + failed + charts + config


def help_line(finding: Finding, *, color: bool = False) -> str:
    """`  help: <the fix>` under a finding, as ruff prints it ("" when the finding has no fix)."""
    # A fix the message already says (a did-you-mean, the allowed values) is not repeated.
    said = finding.fix.rstrip(".").partition(": ")[2] or finding.fix.rstrip(".")
    if not finding.fix or said.lower() in finding.message.lower():
        return ""
    return f"  {_paint('help:', _HELP_STYLE, color)} {' '.join(finding.fix.split())}"


def render(report: Report, *, color: bool = False, concise: bool = False) -> str:
    """The findings, each with its `help:` line (not in the concise format), then the summary."""
    lines = []
    for finding in report.findings:
        lines.append(line(finding, color=color))
        fix = "" if concise else help_line(finding, color=color)
        if fix:
            lines.append(fix)
    fixes = fixable(report)
    if fixes:
        # Before the summary, which stays the last line (scripts read it).
        lines.append(fixes)
    lines.append(summary(report, color=color))
    return "\n".join(lines) + "\n"


def fixable(report: Report) -> str:
    """`[*] 2 fixable with --fix (1 more with --unsafe-fixes)`, or "" when nothing is."""
    safe = sum(1 for f in report.findings if f.applicability == "safe")
    unsafe = sum(1 for f in report.findings if f.applicability == "unsafe")
    if not safe and not unsafe:
        return ""
    more = f" ({unsafe} more with --fix --unsafe-fixes)" if unsafe else ""
    if not safe:
        return f"no fixes with --fix; {unsafe} with --fix --unsafe-fixes"
    return f"[*] {safe} fixable with --fix{more}"


class Progress:
    """`dslint: 37/120 files` on one self-erasing line of a terminal's stderr."""

    # Redraw at most this often: a terminal drawing every file would slow the run.
    INTERVAL = 0.1

    def __init__(self, total: int, stream: IO[str], *, noun: str = "files") -> None:
        self.total = total
        self.stream = stream
        self.noun = noun
        self.done = 0
        self._drawn_at = 0.0
        self._visible = False

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._drawn_at >= self.INTERVAL or self.done >= self.total:
            self._drawn_at = now
            self._draw()

    def _draw(self) -> None:
        self.stream.write(f"\r\033[Kdslint: {self.done}/{self.total} {self.noun}")
        self.stream.flush()
        self._visible = True

    def close(self) -> None:
        if self._visible:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._visible = False


def progress_wanted(total: int, stream: IO[str] | None = None, *, enabled: bool = True) -> bool:
    """Only a person at a terminal gets a progress line: never in pipes, files or CI logs."""
    stream = stream if stream is not None else sys.stderr
    return enabled and total > PROGRESS_MIN_FILES and not os.environ.get("CI") and _is_terminal(stream)
