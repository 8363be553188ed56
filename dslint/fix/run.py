"""`dslint check --fix` and `--diff`: check, apply the fixes on offer, re-check, until nothing changes.

Only FILE arguments are fixed, never `-f` base files (shared by every check)
or `--set` flags, and only for findings located in that file that no
suppression covers.  A file that cannot be read or parsed is never touched
(the check reports why).  Each round applies every fix that does not
conflict with another, then checks again: a fix may reveal or settle others.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from dslint.config import Settings
from dslint.engine import Report, Target, check_values
from dslint.findings import Finding
from dslint.fix import locate
from dslint.fix.apply import CONFLICT, Unfixable, apply_edits, changes_for
from dslint.fix.edits import Edit
from dslint.load.errors import InputError
from dslint.load.files import STDIN, ValuesFile, decode, read_bytes
from dslint.load.layers import SetArgument
from dslint.load.yaml_tree import Position, parse_yaml

# Each round settles what the last one revealed; fixes do not chain further
# than a rename followed by a fix of the renamed key's value.
MAX_ROUNDS = 5

_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ENCODINGS = ("utf-32-le", "utf-32-be", "utf-8", "utf-16-le", "utf-16-be")


class FileFix(NamedTuple):
    name: str
    before: str
    after: str
    applied: list[Edit]
    data: bytes  # the file's bytes as read, to write back in the same encoding

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _values_file(name: str, text: str, settings: Settings) -> ValuesFile:
    tree = parse_yaml(text, name, settings.limits)
    if tree.data is None:
        tree.data = {}
        tree.values_at[()] = Position(1, 1)
    elif not isinstance(tree.data, dict):
        raise InputError("values must be a mapping at the top level", name)
    return ValuesFile(name, text, tree)


def wanted(finding: Finding, name: str, unsafe: bool) -> bool:
    """A fix this run applies: located in this file (not a flag), safe or allowed unsafe."""
    loc = finding.location
    return (isinstance(finding.edit, Edit) and loc.source == name and loc.argument is None and loc.line > 0
            and (unsafe or finding.edit.safe))


def fix_file(path: str, base: list[ValuesFile], arguments: list[SetArgument], settings: Settings,
             *, unsafe: bool) -> FileFix | None:
    """Fix one FILE argument in memory; None when it cannot be read or parsed (the check says why)."""
    try:
        name, data = read_bytes(path, settings.limits)
        text = decode(data, name)
        values_file = _values_file(name, text, settings)
    except InputError:
        return None
    before, applied = text, []
    for round_number in range(MAX_ROUNDS + 1):
        report = Report()
        check_values([Target([*base, values_file], list(arguments))], settings, report)
        if report.input_errors:
            break
        edits = list(dict.fromkeys(f.edit for f in report.findings if wanted(f, name, unsafe) and isinstance(f.edit, Edit)))
        if not edits:
            break
        if round_number == MAX_ROUNDS:
            # Fixes settle in a round or two; this is the net against two that undo each other.
            raise InputError(f"fixes did not settle after {MAX_ROUNDS} rounds; nothing written (please report it)", name)
        result = apply_edits(text, edits, name)
        if result.text == text:
            break
        text = result.text
        applied.extend(result.applied)
        values_file = _values_file(name, text, settings)
    return FileFix(name, before, text, applied, data)


def fix_files(paths: Iterable[str], base: list[ValuesFile], arguments: list[SetArgument], settings: Settings,
              *, unsafe: bool) -> list[FileFix]:
    fixes = []
    for path in dict.fromkeys(paths):
        if path == STDIN:
            continue  # stdin has no file to write back to
        fixed = fix_file(path, base, arguments, settings, unsafe=unsafe)
        if fixed is not None:
            fixes.append(fixed)
    return fixes


def encode_like(text: str, original: bytes) -> bytes:
    """The text in the file's own encoding, with its byte-order mark if it had one."""
    for bom, encoding in zip(_BOMS, _ENCODINGS, strict=True):
        if original.startswith(bom):
            return bom + text.encode(encoding)
    return text.encode("utf-8")


def write_fix(fixed: FileFix) -> None:
    """Replace the file atomically, keeping its permissions (and a symlink pointing at it)."""
    from dslint.output import write_atomic

    path = os.path.realpath(fixed.name)
    with open(path, "rb") as handle:
        current = handle.read()
    if current != fixed.data:
        raise InputError("changed while dslint was fixing it; nothing written", fixed.name)
    write_atomic(path, encode_like(fixed.after, fixed.data))  # keeps the file's mode


# --- showing fixes in reports ------------------------------------------------------

def _line_column(text: str, offset: int, starts: list[int]) -> tuple[int, int]:
    import bisect

    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def _line_starts(text: str) -> list[int]:
    # Lines as `patch` and editors count them: after each "\n".
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def attach_fixes(report: Report, file_names: Iterable[str], settings: Settings) -> None:
    """Keep a finding's fix only where `--fix` could apply it, and add where it changes the text.

    `file_names` are the FILE arguments (fixable); a fix in a `-f` file, in a
    flag, or one that cannot be located (or proven) in its file is dropped, so
    `[*]` and SARIF's `fixes` never promise what `--fix` would not do.
    """
    names = set(file_names)
    by_file: dict[str, list[Edit]] = {}
    for finding in report.findings:
        if isinstance(finding.edit, Edit) and wanted(finding, finding.location.source, unsafe=True) \
                and finding.location.source in names:
            by_file.setdefault(finding.location.source, []).append(finding.edit)
    fixable = {name: _fixable(name, edits, settings) for name, edits in by_file.items()}
    findings = []
    for finding in report.findings:
        if isinstance(finding.edit, Edit):
            found = fixable.get(finding.location.source, {}).get(finding.edit) if finding.location.source in names else None
            finding = finding._replace(edit=None, replacements=()) if found is None else \
                finding._replace(replacements=found)
        findings.append(finding)
    report.findings[:] = findings


def _fixable(name: str, edits: list[Edit], settings: Settings) -> dict[Edit, tuple[Any, ...]]:
    """The edits `--fix` can apply to one file (in this round or a later one), with their text replacements."""
    try:
        text = decode(read_bytes(name, settings.limits)[1], name)
        data = parse_yaml(text, name, settings.limits).data
        root = locate.compose(text)
    except (InputError, locate.LocateError, OSError):
        return {}
    if root is None:
        return {}
    edits = list(dict.fromkeys(edits))
    result = apply_edits(text, edits, name, root=root, original={} if data is None else data)
    # An edit that waits for another's round is still applied by --fix.
    able = set(result.applied) | {e for e, why in result.skipped if why == CONFLICT}
    starts = _line_starts(text)
    out = {}
    for edit in edits:
        if edit not in able:
            continue
        try:
            changes = changes_for(text, root, edit)
        except Unfixable:
            continue
        out[edit] = tuple((*_line_column(text, c.start, starts), *_line_column(text, c.end, starts), c.text)
                          for c in changes)
    return out


# --- the command ---------------------------------------------------------------------

def run(files: Iterable[str], values_files: Iterable[str], arguments: list[SetArgument], settings: Settings,
        *, unsafe: bool, diff: bool, echo: Callable[[str], object]) -> tuple[int, list[str]]:
    """Fix (or, with `diff`, show the fixes for) the FILE arguments.

    Returns how many files a fix changes and the notes for the user; with
    `diff` the unified diffs go to `echo` (stdout) and nothing is written.
    """
    from dslint.fix.diff import unified_diff
    from dslint.load.files import load_values_file

    try:
        base = [load_values_file(path, settings.limits) for path in values_files]
    except InputError:
        return 0, []  # the check that follows reports it
    fixes = [f for f in fix_files(files, base, arguments, settings, unsafe=unsafe) if f.changed]
    count = sum(len(f.applied) for f in fixes)
    if diff:
        for fixed in fixes:
            echo(unified_diff(fixed.before, fixed.after, fixed.name))
        verb = "would fix"
    else:
        for fixed in fixes:
            write_fix(fixed)
        verb = "fixed"
    if not fixes:
        return 0, ["no fixes to apply"]
    where = fixes[0].name if len(fixes) == 1 else f"{len(fixes)} files"
    return len(fixes), [f"{verb} {count} problem{'s' if count != 1 else ''} in {where}"]
