"""Edits -> surgical text changes, and the proof that nothing else changed.

Each edit becomes a few replacements of character ranges that the parse
located (a key's text, a scalar's text, whole lines of an entry).  Nothing
is re-emitted: comments, blank lines, quoting, indentation, line endings
and a missing final newline stay as they are outside those ranges.

After applying, the text is parsed again with dslint's own reader (Helm's
rules) and must give the original values with exactly the edits' changes;
an edit that fails this (or overlaps another) is dropped, so a fix can
never change a value it did not mean to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from dslint.fix import locate
from dslint.fix.edits import DELETE_DUPLICATE, DROP_SUPPRESSION, MOVE, RENAME, REPLACE, Edit, apply_to_values
from dslint.load.errors import InputError
from dslint.load.yaml_tree import parse_yaml, resolve_plain

_BREAK = re.compile(r"\r\n|\n|\r")
# A plain scalar may not start with an indicator or hold ": " / " #".
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_./][A-Za-z0-9_./ +=@-]*$")


# Why an edit waits for the next round.
CONFLICT = "conflicts with another fix in this round"


class TextChange(NamedTuple):
    """Replace text[start:end] with `text` (character offsets)."""

    start: int
    end: int
    text: str


class Unfixable(Exception):
    """This edit cannot be applied to this text (not spelled out, flow style, a conflict...)."""


def changes_for(text: str, root: Any, edit: Edit) -> list[TextChange]:
    """The text changes that make `edit`, or Unfixable."""
    if edit.kind == DROP_SUPPRESSION:
        return [_drop_suppression(text, edit)]
    if edit.kind == DELETE_DUPLICATE:
        entry = locate.find(root, edit.path, line=edit.line)
    else:
        entry = locate.find(root, edit.path)
    if entry is None:
        raise Unfixable("not spelled out in this file")
    if edit.kind == REPLACE:
        return [_replace_scalar(text, entry, edit.value)]
    if entry.key is None:
        raise Unfixable("a list item has no key")
    if locate.decorated(text, entry.key):
        raise Unfixable("the key carries an anchor or a tag")
    if edit.kind == RENAME:
        if locate.find(root, edit.path[:-1] + (edit.new_key,)) is not None:
            raise Unfixable(f"`{edit.new_key}` is already set")
        return [TextChange(entry.key.start_mark.index, entry.key.end_mark.index, _key_text(entry.key, edit.new_key))]
    if edit.kind == DELETE_DUPLICATE:
        return [_deletion(text, entry)]
    if edit.kind == MOVE:
        return _move(text, root, entry, edit)
    raise Unfixable(f"unknown edit {edit.kind}")


def _replace_scalar(text: str, entry: locate.Entry, value: Any) -> TextChange:
    node = entry.value
    if not locate.is_scalar(node) or node.style in ("|", ">"):
        raise Unfixable("not a one-line scalar")
    if locate.decorated(text, node):
        raise Unfixable("the value carries an anchor or a tag")
    if "\n" in text[node.start_mark.index:node.end_mark.index] or "\r" in text[node.start_mark.index:node.end_mark.index]:
        raise Unfixable("a scalar spread over lines")
    return TextChange(node.start_mark.index, node.end_mark.index, scalar_text(value, node.style))


def _drop_suppression(text: str, edit: Edit) -> TextChange:
    """Delete a stale `# dslint: ignore[...]` directive, or rewrite its codes; other comment text stays."""
    from dslint.suppress import _COMMENT

    # Lines as dslint.suppress numbers them (str.splitlines).
    lines = text.splitlines(keepends=True)
    if not 0 < edit.line <= len(lines):
        raise Unfixable("no such line")
    offset = sum(len(before) for before in lines[: edit.line - 1])
    line = lines[edit.line - 1]
    content = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    match = _COMMENT.search(content, edit.column - 1)
    if match is None or match.start() != edit.column - 1:
        raise Unfixable("the comment is not where it was")
    if edit.value:
        kind = match.group(1)
        return TextChange(offset + match.start(), offset + match.end(),
                          f"# dslint: {kind}[{', '.join(edit.value)}]")
    rest = content[match.end():].strip(" \t")
    if rest:
        # Other words in the comment (`# dslint: ignore[DS101] the chart's default`) stay a comment.
        return TextChange(offset + match.start(), offset + match.end() + (len(content[match.end():]) - len(
            content[match.end():].lstrip(" \t"))), "# " if not rest.startswith("#") else "")
    start = len(content[: match.start()].rstrip(" \t"))
    if start == 0:  # the comment was the whole line
        if line == content and offset > 0:
            # The last line, without a line break: delete the break before it, so none is added.
            return TextChange(offset - (2 if text[offset - 2:offset] == "\r\n" else 1), offset + len(line), "")
        return TextChange(offset, offset + len(line), "")
    return TextChange(offset + start, offset + len(content), "")


def scalar_text(value: Any, style: str | None = None) -> str:
    """A scalar as YAML text Helm reads back as `value`, in the original quoting style where it can be."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    if style == "'" and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    if not style and _PLAIN_SAFE.match(text) and resolve_plain(text) == ("str", text) and text == text.strip():
        return text
    # JSON's string escapes are valid in a YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def _key_text(node: Any, key: str) -> str:
    """A new key in the old key's quoting style (plain when that reads back as the same string)."""
    return scalar_text(key, node.style)


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _line_end(text: str, offset: int) -> int:
    """Offset after the line break of the line holding `offset` (or the end of the text)."""
    match = _BREAK.search(text, offset)
    return match.end() if match else len(text)


def _entry_lines(text: str, entry: locate.Entry) -> tuple[int, int]:
    """The whole lines of a block mapping entry: from its key's line to its value's last line (with its break)."""
    if not locate.is_block_mapping(entry.parent):
        raise Unfixable("not in a block mapping")
    start = _line_start(text, entry.key.start_mark.index)
    if text[start:entry.key.start_mark.index].strip():
        raise Unfixable("the key shares its line with other content")
    end_content = locate.content_end(entry.value, text)
    end = _line_end(text, end_content)
    rest = text[end_content:end].strip()
    if rest and not rest.startswith("#"):
        raise Unfixable("the value shares its last line with other content")
    return start, end


def _deletion(text: str, entry: locate.Entry, keep: tuple[int, int] | None = None) -> TextChange:
    """Delete an entry's lines but not its comments (they stay where they were, on lines of their own).

    `keep`: a range inside the entry that is deleted whole (it moves elsewhere, comments and all).
    """
    import bisect

    start, end = _entry_lines(text, entry)
    whole = [(s, e) for s, e, is_whole in _node_spans(entry) if is_whole]
    # Spans over several lines (a comment-like line inside them is content), and where content ends.
    spread = [(s, e) for s, e in whole if "\n" in text[s:e] or "\r" in text[s:e]]
    ends = sorted(e for _, e in whole)
    kept = []
    for line_start, line_end in _lines_in(text, start, end):
        if keep is not None and keep[0] <= line_start < keep[1]:
            continue
        at = bisect.bisect_right(ends, line_end) - 1
        content_end = ends[at] if at >= 0 and ends[at] >= line_start else None
        inside = any(s < line_start < e for s, e in spread)
        kept.append(_comment_of_line(text, line_start, line_end, inside, content_end))
    replacement = "".join(kept)
    if not replacement and end == len(text) and not text.endswith(("\n", "\r")) and start > 0:
        # The last line has no line break: delete the one before it instead,
        # so the file still ends without one.
        start -= 2 if text[start - 2:start] == "\r\n" else 1
    return TextChange(start, end, replacement)


def _lines_in(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end:
        line_end = _line_end(text, start)
        yield start, min(line_end, end)
        start = line_end


def _node_spans(entry: locate.Entry) -> list[tuple[int, int, bool]]:
    """(start, end, is a scalar) of every node of an entry: where content is, so comments are what is left."""
    spans = [(entry.key.start_mark.index, entry.key.end_mark.index, True)]
    for node in locate.walk(entry.value):
        whole = locate.is_scalar(node) or bool(getattr(node, "flow_style", False))
        spans.append((node.start_mark.index, node.end_mark.index, whole))
    return spans


def _comment_of_line(text: str, start: int, end: int, inside: bool, content_end: int | None) -> str:
    """What of a deleted line to keep: the line itself when it is a comment (or blank), else its
    trailing comment on a line of its own, else nothing.

    `inside`: the line lies within a scalar or flow collection spread over lines;
    `content_end`: where the last node ending on the line ends.
    """
    line = text[start:end]
    if not inside and (not line.strip() or line.lstrip().startswith("#")):
        return line
    if content_end is None:
        return ""
    rest = text[content_end:end].lstrip(" \t")
    if rest.startswith(":"):  # after a key with nothing more on its line
        rest = rest[1:].lstrip(" \t")
    if rest.startswith("#"):
        indent = len(line) - len(line.lstrip(" "))
        return " " * indent + rest
    return ""


def _newline(text: str) -> str:
    match = _BREAK.search(text)
    return match.group(0) if match else "\n"


def _indent_step(root: Any) -> int:
    """The file's indentation per level: the first nested block mapping's offset from its parent."""
    stack = [root]
    while stack:
        node = stack.pop(0)
        if not locate.is_block_mapping(node):
            continue
        for key, value in node.value:
            if locate.is_block_mapping(value):
                step: int = value.value[0][0].start_mark.column - key.start_mark.column
                if step > 0:
                    return step
            stack.append(value)
    return 2


def _move(text: str, root: Any, entry: locate.Entry, edit: Edit) -> list[TextChange]:
    target = edit.target
    if locate.find(root, target) is not None:
        raise Unfixable(f"`{'.'.join(map(str, target))}` is already set")
    if any(isinstance(p, int) for p in target):
        raise Unfixable("the target is inside a list")
    # The deepest mapping on the target's path that the file already has.
    depth, host = len(target) - 1, root
    while depth > 0:
        found = locate.find(root, target[:depth])
        if found is not None:
            host = found.value
            break
        depth -= 1
    if not locate.is_block_mapping(host):
        raise Unfixable("the target's mapping is not a block mapping in this file")
    if entry.value is host or _inside(entry.value, host):
        raise Unfixable("the target is inside the moved value")
    newline, step = _newline(text), _indent_step(root)
    column = host.value[0][0].start_mark.column
    new_column = column + (len(target) - 1 - depth) * step
    # The keys the target needs that the file does not have yet.
    prefix = "".join(" " * (column + i * step) + scalar_text(part) + ":" + newline
                     for i, part in enumerate(target[depth:-1]))
    start, end = _entry_lines(text, entry)
    lines = text[start:end]
    if not lines.endswith(("\n", "\r")):
        lines += newline
    moved = _reindent(lines, entry.key.start_mark.column, new_column)
    key_end = new_column + entry.key.end_mark.index - entry.key.start_mark.index
    moved = moved[:new_column] + _key_text(entry.key, str(target[-1])) + moved[key_end:]
    block = prefix + moved
    insert_at = _line_end(text, locate.content_end(host, text))
    if insert_at == len(text) and not text.endswith(("\n", "\r")):
        block = newline + block[: -len(newline)]
    # Emptying a mapping would leave `client:` with nothing under it, which is
    # null and deletes the chart's defaults: delete the emptied parents too.
    removed, path = entry, edit.path
    while len(removed.parent.value) == 1 and len(path) > 1 and target[:len(path) - 1] != path[:-1]:
        owner = locate.find(root, path[:-1])
        if owner is None or owner.key is None:
            break
        removed, path = owner, path[:-1]
    deletion = _deletion(text, removed, keep=(start, end))
    if deletion.start < insert_at < deletion.end or _inside(removed.value, host) or removed.value is host:
        raise Unfixable("the target is inside the lines that move")
    return [deletion, TextChange(insert_at, insert_at, block)]


def _inside(node: Any, other: Any) -> bool:
    return bool(node.start_mark.index <= other.start_mark.index and other.end_mark.index <= node.end_mark.index)


def _reindent(lines: str, old: int, new: int) -> str:
    out = []
    for line in re.split(r"(?<=\n)|(?<=\r)(?!\n)", lines):
        if not line:
            continue
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and indent >= old:
            line = " " * (indent - old + new) + line[indent:]
        out.append(line)
    return "".join(out)


def apply_changes(text: str, changes: Iterable[TextChange]) -> str:
    out, position = [], 0
    for change in sorted(changes, key=lambda c: (c.start, c.end)):
        out.append(text[position:change.start])
        out.append(change.text)
        position = change.end
    out.append(text[position:])
    return "".join(out)


class _Claims:
    """What the edits planned in a round hold: text ranges and values paths, for conflicts in O(log n).

    Two edits conflict when their changes touch the same text (or insert at
    the same place), or when they act on one entry or on an entry and what it
    holds (renaming `worker` and fixing `worker.replicaCount`).
    """

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []  # sorted, disjoint
        self.paths: set[tuple[Any, ...]] = set()
        self.ancestors: set[tuple[Any, ...]] = set()  # every prefix of a claimed path

    def conflicts(self, edit: Edit, changes: list[TextChange]) -> bool:
        for path in edit.touched:
            if path in self.ancestors or any(path[:n] in self.paths for n in range(len(path) + 1)):
                return True
        return any(self._overlaps(change.start, change.end) for change in changes)

    def _overlaps(self, start: int, end: int) -> bool:
        import bisect

        at = bisect.bisect_left(self.ranges, (start, start))
        for other_start, other_end in self.ranges[max(at - 1, 0):at + 1]:
            if start < other_end and other_start < end:
                return True
            # An insertion where another change starts: their order would be a guess.
            if (start == end or other_start == other_end) and start == other_start:
                return True
        return False

    def add(self, edit: Edit, changes: list[TextChange]) -> None:
        import bisect

        for path in edit.touched:
            self.paths.add(path)
            self.ancestors.update(path[:n] for n in range(len(path) + 1))
        for change in changes:
            bisect.insort(self.ranges, (change.start, change.end))


class Applied(NamedTuple):
    text: str
    applied: list[Edit]
    skipped: list[tuple[Edit, str]]


def _load(text: str, source: str) -> Any:
    data = parse_yaml(text, source).data
    return {} if data is None else data


def apply_edits(text: str, edits: list[Edit], source: str = "<fix>", *, root: Any = None,
                original: Any = None) -> Applied:
    """Apply what can be applied of `edits` to `text` in one pass; each is proven by a re-parse.

    `root` and `original` (the composed text and its values) save parsing again when the caller has them.
    """
    try:
        root = locate.compose(text) if root is None else root
        original = _load(text, source) if original is None else original
    except (locate.LocateError, InputError) as err:
        return Applied(text, [], [(e, f"the file does not parse: {err}") for e in edits])
    if root is None:
        return Applied(text, [], [(e, "the file is empty") for e in edits])
    planned: list[tuple[Edit, list[TextChange]]] = []
    skipped: list[tuple[Edit, str]] = []
    claims = _Claims()
    for edit in edits:
        try:
            changes = changes_for(text, root, edit)
        except Unfixable as why:
            skipped.append((edit, str(why)))
            continue
        if claims.conflicts(edit, changes):
            # The next round re-checks and applies it on the changed text.
            skipped.append((edit, CONFLICT))
            continue
        claims.add(edit, changes)
        planned.append((edit, changes))
    if not planned:
        return Applied(text, [], skipped)
    # Usually every edit is right, and one proof covers the round.
    together = _together(text, original, planned, source)
    if together is not None:
        return Applied(together, [e for e, _ in planned], skipped)
    # Otherwise find the culprits: alone, each edit must give exactly its own change.
    proven = []
    for edit, changes in planned:
        if _proven_text(apply_changes(text, changes), apply_to_values(original, edit), source):
            proven.append((edit, changes))
        else:
            skipped.append((edit, "the result would change other values"))
    together = _together(text, original, proven, source) if proven else None
    if together is not None:
        return Applied(together, [e for e, _ in proven], skipped)
    if not proven:
        return Applied(text, [], skipped)
    # Each alone is right, together they are not: the first now, the rest next round.
    first_edit, first_changes = proven[0]
    skipped.extend((e, CONFLICT) for e, _ in proven[1:])
    return Applied(apply_changes(text, first_changes), [first_edit], skipped)


def _together(text: str, original: Any, planned: list[tuple[Edit, list[TextChange]]], source: str) -> str | None:
    """The text with all of `planned` applied, if re-reading it gives exactly their changes."""
    new_text = apply_changes(text, [c for _, changes in planned for c in changes])
    expected = apply_to_values(original, *(edit for edit, _ in planned))
    return new_text if _proven_text(new_text, expected, source) else None


def _proven_text(text: str, expected: Any, source: str) -> bool:
    try:
        return _load(text, source) == expected and locate.compose(text) is not None
    except (InputError, locate.LocateError):
        return False
