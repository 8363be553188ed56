"""The one way out: every line dslint prints, to stdout or stderr, in every command.

Input reaches what dslint prints -- keys and values in findings, file names in
errors and diffs, object names from a chart, Secrets in a `render --check`
diff -- and CI logs read what is printed: a line starting with `::error` is a
GitHub workflow command, an escape sequence moves a terminal's cursor, and a
secret in a log stays there.  So every line goes through `safe_line`:

* redacted (`dslint.secrets`): collected secrets, their fragments and
  anything shaped like a credential become `<redacted: ...>`;
* escaped: line breaks and other control characters inside a printed field
  become `\\n`, `\\x1b`..., so a field can never start a line of its own.

Reports rendered by a format are built from fields that `secrets.Redactor.report`
already redacted and escaped; `safe_report` only makes sure nothing unescaped
is left (and keeps dslint's own colours).  The manifests `dslint render` writes
to stdout are its data, not messages, and are printed as Helm rendered them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from dslint.lazy import LazyPattern

if TYPE_CHECKING:
    from dslint.engine import Report

# dslint's own colours (SGR sequences), the only control characters a report may hold.
_COLOUR = LazyPattern(r"\x1b\[[0-9;]*m")
# What `secrets.printable` escapes, but for the line breaks between a report's lines.
_CONTROL = LazyPattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def safe_line(text: str) -> str:
    """One line of text as it may be printed: redacted, and with its control characters escaped."""
    from dslint.secrets import redact

    return redact(text)


def safe_lines(text: str) -> str:
    """A block (a diff, a list): each line made safe on its own, the line breaks between them kept."""
    return "\n".join(safe_line(line) for line in text.split("\n"))


def safe_report(text: str) -> str:
    """A formatted report: its fields are redacted already; escape whatever else is not printable."""
    if not _CONTROL.search(text):  # the usual case: one C-speed pass
        return text
    from dslint.secrets import printable

    lines = []
    for line in text.split("\n"):
        pieces = _COLOUR.split(line)
        kept = [printable(pieces[0])]
        for colour, piece in zip(_COLOUR.findall(line), pieces[1:], strict=True):
            kept.append(colour + printable(piece))
        lines.append("".join(kept))
    return "\n".join(lines)


def echo(text: str, *, err: bool = False, nl: bool = True, color: bool | None = None) -> None:
    """Print a block of dslint's own making (a rule's documentation, a schema): every line through `safe_line`."""
    click.echo(safe_lines(text), err=err, nl=nl, color=color)


def echo_line(text: str, *, err: bool = False) -> None:
    """Print one line: a line break inside `text` (from the input) is escaped, never a new line."""
    click.echo(safe_line(text), err=err)


def echo_report(text: str, *, err: bool = False, color: bool | None = None) -> None:
    """Print a report a format rendered (`dslint.formats`)."""
    click.echo(safe_report(text), err=err, nl=False, color=color)


def run_messages(report: Report) -> None:
    """What a run says on stderr before its report: input errors and the config warning."""
    for err in report.input_errors:
        error(str(err))
    if report.config_outside:
        warning(f"using the config file {report.config}, found outside any repository (no .git above it): "
                "it can change or turn off every check; pass --config FILE or --isolated to choose")


def print_notes(report: Report) -> None:
    """The run's notes ("not rendered: ..."): printed after the findings they explain, before the summary."""
    for notice in report.notices:
        note(notice)


def warning(message: str) -> None:
    """`dslint: warning: MESSAGE` on stderr."""
    echo_line(f"dslint: warning: {message}", err=True)


def error(message: str) -> None:
    """`dslint: error: MESSAGE` on stderr."""
    echo_line(f"dslint: error: {message}", err=True)


def note(message: str) -> None:
    """`dslint: note: MESSAGE` on stderr."""
    echo_line(f"dslint: note: {message}", err=True)
