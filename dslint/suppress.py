"""Inline suppressions: `# dslint: ignore[DS101]` and `# dslint: ignore-file`.

A comment suppresses findings on its own line; a comment alone on its line
suppresses the next line (yamllint's `disable-line` reach).  `ignore-file`
suppresses the whole file.  Values files and manifest files (`dslint check
--manifests`) take the same comments.  Codes are optional and may be prefixes (`DS2`).
Suppressions that match nothing are reported as DS100, so they cannot rot.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dslint.findings import Finding, Location
from dslint.lazy import LazyPattern

if TYPE_CHECKING:
    from collections.abc import Iterable

    from dslint.load.files import ValuesFile
    from dslint.load.yaml_tree import Position

_COMMENT = LazyPattern(r"(?:^|(?<=\s))#\s*dslint:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?", re.IGNORECASE)


class Suppression:
    """One `# dslint: ignore...` comment, and which of its codes matched a finding."""

    __slots__ = ("codes", "column", "file", "line", "lines", "used", "whole_file")

    def __init__(self, file: str, line: int, column: int, lines: tuple[int, ...], codes: tuple[str, ...],
                 whole_file: bool) -> None:
        self.file = file
        self.line = line
        self.column = column
        # Lines it covers (its own, plus the next one for a comment alone on a line).
        self.lines = lines
        self.codes = codes  # empty: every code
        self.whole_file = whole_file
        self.used: set[str] = set()

    def matches(self, finding: Finding) -> bool:
        loc = finding.location
        if loc.source != self.file or loc.argument is not None:
            return False
        if not self.whole_file and loc.line not in self.lines:
            return False
        matched = [c for c in self.codes if finding.code.startswith(c)] if self.codes else ["*"]
        self.used.update(matched)
        return bool(matched)

    def unused_codes(self) -> tuple[str, ...]:
        if not self.codes:
            return () if self.used else ("*",)
        return tuple(c for c in self.codes if c not in self.used)


def find_suppressions(values_file: ValuesFile) -> list[Suppression]:
    return find_suppressions_in(values_file.name, values_file.text, values_file.tree.quoted_spans)


def find_suppressions_in(name: str, text: str, spans: Iterable[tuple[Position, Position]]) -> list[Suppression]:
    """The `# dslint:` comments of any YAML file (values or manifests); `spans`: its quoted scalars,
    inside which `# dslint:` is text, not a comment."""
    if "dslint:" not in text:
        return []
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if "dslint:" not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        column = match.start() + 1
        if any(_inside(number, column, start, end) for start, end in spans):
            continue
        kind, codes = match.group(1).lower(), match.group(2)
        code_list = tuple(c.strip().upper() for c in (codes or "").split(",") if c.strip())
        alone = not line[: match.start()].strip()
        lines = (number, number + 1) if alone else (number,)
        found.append(Suppression(name, number, column, lines, code_list, kind == "ignore-file"))
    return found


def _inside(line: int, column: int, start: Position, end: Position) -> bool:
    return (start.line, start.column) <= (line, column) < (end.line, end.column)


def apply_suppressions(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """The findings no suppression matches (every matching suppression is marked used)."""
    if not suppressions:
        return findings
    kept = []
    for finding in findings:
        hit = False
        for suppression in suppressions:
            # Every matching comment is marked used, not only the first.
            hit = suppression.matches(finding) or hit
        if not hit:
            kept.append(finding)
    return kept


def unused_suppression_locations(suppressions: list[Suppression]) -> list[tuple[Location, tuple[str, ...], bool, tuple[str, ...]]]:
    """(where, the codes that suppress nothing, whether it is `ignore-file`, all its codes) per stale comment."""
    out = []
    for suppression in suppressions:
        unused = suppression.unused_codes()
        if unused:
            out.append((Location(suppression.file, suppression.line, suppression.column), unused, suppression.whole_file,
                        suppression.codes))
    return out
