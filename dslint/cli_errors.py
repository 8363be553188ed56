"""Click's usage errors in dslint's own style: one line on stderr.

Click prints four lines for a usage error (`Usage:`, `Try ...`, a blank line,
`Error: ...`); dslint's other errors are one line (`dslint: error: ...`).
Both reach the user from the same commands, so they read alike; click's
did-you-mean (`(Did you mean one of: '--select', '--set'?)`) is kept.
"""

from __future__ import annotations

import click


def message(err: click.ClickException) -> str:
    """`dslint: error: check: no such option '--selct' (did you mean '--select'?)`."""
    text = " ".join(err.format_message().split())
    text = text.replace(". (Did you mean", " (did you mean").replace("(Did you mean", "(did you mean")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[0].lower() + text[1:]
    ctx = getattr(err, "ctx", None)
    command = ctx.command_path.partition(" ")[2] if ctx is not None and ctx.parent is not None else ""
    return f"dslint: error: {command + ': ' if command else ''}{text}"


def one_line(err: click.ClickException) -> click.ClickException:
    """Make click print `err` as one line when it shows it (exit code unchanged)."""
    from dslint.secrets import redact

    line = redact(message(err))
    err.show = lambda file=None: click.echo(line, err=True)  # type: ignore[method-assign]
    return err
