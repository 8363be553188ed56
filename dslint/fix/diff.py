"""Unified diffs that `patch` applies exactly, whatever the file's line endings."""

from __future__ import annotations

import difflib
import re

_LINES = re.compile(r"[^\n]*\n|[^\n]+$")
NO_NEWLINE = "\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    # `patch` splits on "\n" only: a "\r\n" line keeps its "\r", and a lone
    # "\r" or U+2028 is part of a line, as it is for patch.
    return _LINES.findall(text)


def unified_diff(before: str, after: str, name: str) -> str:
    """`--- name` / `+++ name` and hunks; "" when nothing changed."""
    if before == after:
        return ""
    out = []
    for line in difflib.unified_diff(_lines(before), _lines(after), fromfile=name, tofile=name, n=3):
        if not line.endswith("\n"):
            # The last line of a file without a final newline.
            line += "\n" + NO_NEWLINE
        out.append(line)
    return "".join(out)
