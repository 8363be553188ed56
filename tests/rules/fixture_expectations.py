"""What a rule fixture says it expects, and how that compares with what dslint found.

A line of a `bad*.yaml` fixture that must produce findings carries a marker::

    key: value  # expect: DS405 col=5 message="each worker pod has" severity=warning fix="slotsPerNode: 8"

One marker may hold several expectations separated by `;` (two findings on one line).  Each names
a code and may state:

- `col=N`      the finding's exact column (1-based, as the user reads it in file:line:col)
- `message=".."` a part of the message (the whole message is the strongest statement)
- `severity=S` the severity (error, warning, info)
- `fix=".."`   a part of the fix text
- `related="L:C ..."` every related location (the other keys that take part), as line:column in
  the fixture, in order; `related=none` states that there is none

A quoted value takes `\\"` for a quote and `\\\\` for a backslash.  The harness checks what is stated
and nothing more, so an old `# expect: DS405` still means "a DS405 on this line"; the meta-test in
test_rule_fixtures.py is what asks every bad fixture to state message and column.

A marker that cannot be read is an error naming fixture:line, never a silently weaker check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import permutations
from pathlib import Path
from typing import Any

MARKER = re.compile(r"#\s*expect:\s*(.*)$")
CODE = re.compile(r"DS\d{3}")
KEYS = ("col", "message", "severity", "fix", "related")
SEVERITIES = ("error", "warning", "info")


class MarkerError(ValueError):
    """A marker the harness cannot read: the fixture is wrong, not the rule."""


@dataclass(frozen=True)
class Expectation:
    line: int
    code: str
    col: int | None = None
    message: str | None = None
    severity: str | None = None
    fix: str | None = None
    related: str | None = None  # "L:C L:C", or "none"

    def mismatches(self, finding: dict[str, Any]) -> list[str]:
        """What the finding gets wrong against what this expectation states (empty: it matches)."""
        wrong = []
        if finding.get("code") != self.code:
            wrong.append(f"code {finding.get('code')} != {self.code}")
        column = finding.get("location", {}).get("column")
        if self.col is not None and column != self.col:
            wrong.append(f"col {column} != {self.col}")
        if self.message is not None and self.message not in finding.get("message", ""):
            wrong.append(f"message {finding.get('message', '')!r} lacks {self.message!r}")
        if self.severity is not None and finding.get("severity") != self.severity:
            wrong.append(f"severity {finding.get('severity')} != {self.severity}")
        if self.fix is not None and self.fix not in (finding.get("fix") or ""):
            wrong.append(f"fix {finding.get('fix') or ''!r} lacks {self.fix!r}")
        if self.related is not None and _related_text(finding) != self.related:
            wrong.append(f"related {_related_text(finding)!r} != {self.related!r}")
        return wrong

    def describe(self) -> str:
        stated = [f"{key}={getattr(self, key)!r}" for key in KEYS if getattr(self, key) is not None]
        return " ".join([f"line {self.line}: {self.code}", *stated])


@dataclass
class _Reader:
    """Reads one marker's text left to right: `CODE key=value ...` items separated by `;`."""

    text: str
    where: str
    pos: int = 0
    items: list[dict[str, str]] = field(default_factory=list)

    def fail(self, why: str) -> MarkerError:
        return MarkerError(f"{self.where}: bad `# expect:` marker: {why} (at {self.text[self.pos:self.pos + 20]!r})")

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def word(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in " \t;=,\"":
            self.pos += 1
        return self.text[start:self.pos]

    def quoted(self) -> str:
        assert self.text[self.pos] == '"'
        self.pos += 1
        out = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if char == '"':
                self.pos += 1
                return "".join(out)
            out.append(char)
            self.pos += 1
        raise self.fail("unterminated quoted value")

    def read(self) -> list[dict[str, str]]:
        item: dict[str, str] | None = None
        while True:
            self.skip_spaces()
            if self.pos >= len(self.text):
                break
            char = self.text[self.pos]
            if char in ";,":
                # `,` between bare codes is the old spelling of "DS615, DS615"
                if item is None:
                    raise self.fail(f"`{char}` before any code")
                item = None
                self.pos += 1
                continue
            start = self.pos
            name = self.word()
            if not name:
                raise self.fail("expected a code or key=value")
            if self.pos < len(self.text) and self.text[self.pos] == "=":
                if item is None:
                    raise self.fail(f"`{name}=` before any code")
                if name not in KEYS:
                    self.pos = start
                    raise self.fail(f"unknown key `{name}` (known: {', '.join(KEYS)})")
                if name in item:
                    raise self.fail(f"`{name}` stated twice for {item['code']}")
                self.pos += 1
                if self.pos < len(self.text) and self.text[self.pos] == '"':
                    item[name] = self.quoted()
                else:
                    item[name] = self.word()
                continue
            if item is not None:
                self.pos = start
                raise self.fail(f"`{name}` after {item['code']}: separate expectations with `;`")
            if not CODE.fullmatch(name):
                self.pos = start
                raise self.fail(f"`{name}` is not a rule code like DS405")
            item = {"code": name}
            self.items.append(item)
        if not self.items:
            raise self.fail("no code")
        return self.items


def parse_marker(text: str, line: int, where: str = "") -> list[Expectation]:
    """The expectations one marker states (`text` is what follows `# expect:`)."""
    place = f"{where}:{line}" if where else f"line {line}"
    out = []
    for item in _Reader(text, place).read():
        col = item.get("col")
        if col is not None and not col.isdigit():
            raise MarkerError(f"{place}: bad `# expect:` marker: col={col!r} is not a number")
        severity = item.get("severity")
        if severity is not None and severity not in SEVERITIES:
            raise MarkerError(f"{place}: bad `# expect:` marker: severity={severity!r} is not one of {', '.join(SEVERITIES)}")
        related = item.get("related")
        if related is not None and related != "none" and not all(
                part.count(":") == 1 and all(n.isdigit() for n in part.split(":")) for part in related.split()):
            raise MarkerError(f"{place}: bad `# expect:` marker: related={related!r} is not `L:C ...` or `none`")
        for key in ("message", "fix"):
            if item.get(key) == "":
                raise MarkerError(f"{place}: bad `# expect:` marker: an empty {key} states nothing")
        out.append(Expectation(line=line, code=item["code"], col=int(col) if col is not None else None,
                               message=item.get("message"), severity=severity, fix=item.get("fix"),
                               related=related))
    return out


def read_expectations(text: str, where: str = "") -> list[Expectation]:
    """Every expectation a fixture's text states, in line order."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        match = MARKER.search(line)
        if match:
            out.extend(parse_marker(match.group(1), number, where))
    return out


def fixture_expectations(path: Path) -> list[Expectation]:
    return read_expectations(path.read_text("utf-8"), str(path))


def _related_text(finding: dict[str, Any]) -> str:
    places = [f"{r.get('line')}:{r.get('column')}" for r in finding.get("related") or []]
    return " ".join(places) or "none"


def _finding_text(finding: dict[str, Any]) -> str:
    location = finding.get("location", {})
    return (f"line {location.get('line')}: {finding.get('code')} col={location.get('column')} "
            f"severity={finding.get('severity')} message={finding.get('message')!r} fix={finding.get('fix')!r} "
            f"related={_related_text(finding)!r}")


def compare(expectations: list[Expectation], findings: list[dict[str, Any]]) -> list[str]:
    """Readable differences between what a fixture states and what dslint found (empty: they agree).

    `findings` are the ones the fixture is about (its code, located in the fixture).  Each line's
    expectations must match its findings one to one, in any order.
    """
    by_line: dict[int, tuple[list[Expectation], list[dict[str, Any]]]] = {}
    for expectation in expectations:
        by_line.setdefault(expectation.line, ([], []))[0].append(expectation)
    for finding in findings:
        by_line.setdefault(finding.get("location", {}).get("line", 0), ([], []))[1].append(finding)
    problems = []
    for line in sorted(by_line):
        wanted, got = by_line[line]
        if not wanted:
            problems.extend(f"unexpected: {_finding_text(f)}" for f in got)
            continue
        if not got:
            problems.extend(f"missing:    {e.describe()}" for e in wanted)
            continue
        if len(wanted) != len(got) or not _one_to_one(wanted, got):
            problems.append(f"line {line}: {len(wanted)} expected, {len(got)} found, and they do not agree:")
            problems.extend(f"  expected {e.describe()}" for e in wanted)
            problems.extend(f"  found    {_finding_text(f)}" for f in got)
            if len(wanted) == 1 and len(got) == 1:
                problems.append(f"  ({'; '.join(wanted[0].mismatches(got[0]))})")
    return problems


def _one_to_one(wanted: list[Expectation], got: list[dict[str, Any]]) -> bool:
    # A line holds a handful of findings at most: trying every pairing is cheap and never greedy-wrong.
    return any(all(not e.mismatches(f) for e, f in zip(wanted, order, strict=True)) for order in permutations(got))
