"""`dslint rules` and `dslint explain` for people: a table that fits, filters, and Markdown on a terminal.

`dslint rules DS2` lists a family (codes or prefixes, like --select);
`dslint explain DS10` lists DS100-DS108 when a prefix names several rules,
and an unknown code or name gets a did-you-mean.  `explain` prints the rule
page's Markdown when piped (it is the committed rules/*.md) and a plain
rendering of it on a terminal.
"""

from __future__ import annotations

import difflib
import re
import shutil

from dslint.rules import RegisteredRule, Rule

COLUMNS = ("CODE", "NAME", "SEVERITY", "LANE", "PROFILES", "FIX", "SUMMARY")
_PROFILE_WORDS = {("development", "production"): "all", ("production",): "prod", ("development",): "dev"}


def select(rules: tuple[RegisteredRule, ...], prefixes: tuple[str, ...]) -> list[RegisteredRule]:
    wanted = [p.strip().upper() for text in prefixes for p in text.split(",") if p.strip()]
    return [r for r in rules if not wanted or any(r.meta.code.startswith(p) for p in wanted)]


def fix_word(meta: Rule) -> str:
    """Whether `check --fix` can fix it: safe, unsafe, or `-`."""
    return "-" if meta.fix_safety == "none" else meta.fix_safety


def row(meta: Rule) -> tuple[str, ...]:
    profiles = _PROFILE_WORDS.get(tuple(sorted(meta.profiles)), ",".join(sorted(meta.profiles)))
    return (meta.code, meta.name, meta.severity.label, meta.lane, profiles, fix_word(meta), meta.summary)


def table(rules: list[RegisteredRule], width: int | None = None) -> str:
    """A header and one row per rule; the summary is cut to `width` (None: never cut, for pipes)."""
    rows = [COLUMNS] + [row(r.meta) for r in rules]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS) - 1)]
    if width is not None:
        # Keep room for some summary: the name column gives way first (names stay unique early on).
        spare = width - (sum(widths) + 2 * len(widths)) - _MIN_SUMMARY
        if spare < 0:
            widths[1] = max(widths[1] + spare, _MIN_NAME)
    lines = []
    for cells in rows:
        # The summary has no width: it takes the rest of the line.
        cells = tuple(_cut(cell, w) for cell, w in zip(cells, widths, strict=False)) + (cells[-1],)
        head = "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=False))
        summary = cells[-1]
        if width is not None and len(head) + 2 + len(summary) > width:
            room = max(width - len(head) - 2, 10)
            summary = summary[: room - 1].rstrip() + "…" if len(summary) > room else summary
        lines.append(f"{head}  {summary}".rstrip())
    return "\n".join(lines) + "\n"


_MIN_SUMMARY, _MIN_NAME = 20, 12


def _cut(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: width - 1] + "…"


def terminal_width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def suggestions(query: str, rules: tuple[RegisteredRule, ...]) -> list[str]:
    """Codes and names close to an unknown `explain` argument."""
    words = [r.meta.code for r in rules] + [r.meta.name for r in rules]
    wanted = query.strip()
    close = difflib.get_close_matches(wanted.upper(), [w for w in words if w.startswith("DS")], n=3, cutoff=0.6)
    close += difflib.get_close_matches(wanted.lower(), [w for w in words if not w.startswith("DS")], n=3, cutoff=0.6)
    return close[:3]


# --- Markdown on a terminal ------------------------------------------------------------

_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render_markdown(text: str, *, color: bool) -> str:
    """The rule page as a terminal shows it: headings underlined, code indented, no Markdown marks."""
    out = []
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            out.append("    " + (f"{_DIM}{line}{_RESET}" if color else line))
            continue
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            title = _inline(heading.group(2), color)
            plain = _inline(heading.group(2), False)
            out.append(f"{_BOLD}{title}{_RESET}" if color else title)
            out.append(("=" if len(heading.group(1)) == 1 else "-") * len(plain))
            continue
        out.append(_inline(line, color))
    return "\n".join(out) + "\n"


def _inline(text: str, color: bool) -> str:
    text = re.sub(r"\*\*(.+?)\*\*", (lambda m: f"{_BOLD}{m.group(1)}{_RESET}") if color else (lambda m: m.group(1)), text)
    return re.sub(r"`([^`]+)`", (lambda m: f"{_BOLD}{m.group(1)}{_RESET}") if color else (lambda m: m.group(1)), text)
