"""Edits as data: what a fix changes in the values, never how the text looks.

A rule attaches an `Edit` to a problem; `dslint.fix.apply` turns it into a
text change at the right place.  `apply_to_values` is the edit's meaning on
loaded values: after a fix, re-reading the file must give exactly that.

Safety follows ruff: a *safe* edit keeps the user's meaning (`Hard` -> `hard`,
`"3"` -> `3` for an integer); an *unsafe* one is a likely guess (a misspelled
key renamed to the closest one), applied only with `--unsafe-fixes`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from dslint.findings import ValuesPath as Path

SAFE = "safe"
UNSAFE = "unsafe"
NONE = "none"

RENAME = "rename-key"
REPLACE = "replace-value"
MOVE = "move-key"
DELETE_DUPLICATE = "delete-duplicate"
DROP_SUPPRESSION = "drop-suppression"


class Edit(NamedTuple):
    kind: str
    # The values path the edit acts on (the key to rename or move, the value to replace).
    path: Path
    safe: bool
    # What the user sees: "rename `replicacount` to `replicaCount`".
    description: str
    # RENAME: the new key; MOVE: the full new path; REPLACE: the new value.
    new_key: str = ""
    target: Path = ()
    value: Any = None
    # DELETE_DUPLICATE: the line of the earlier occurrence to delete (1-based);
    # DROP_SUPPRESSION: the comment's line and column, `value` the codes to keep.
    line: int = 0
    column: int = 0

    @property
    def applicability(self) -> str:
        return SAFE if self.safe else UNSAFE

    @property
    def touched(self) -> tuple[Path, ...]:
        """The values paths whose loaded value the edit may change."""
        if self.kind == RENAME:
            return (self.path, self.path[:-1] + (self.new_key,))
        if self.kind == MOVE:
            return (self.path, self.target)
        if self.kind == DROP_SUPPRESSION:
            return ()  # a comment: no value changes
        return (self.path,)


def rename_key(path: Path, new_key: str, *, safe: bool) -> Edit:
    return Edit(RENAME, path, safe, f"rename `{_dotted(path)}` to `{new_key}`", new_key=new_key)


def move_key(path: Path, target: Path, *, safe: bool = False) -> Edit:
    return Edit(MOVE, path, safe, f"move `{_dotted(path)}` to `{_dotted(target)}`", target=target)


def replace_value(path: Path, value: Any, *, safe: bool) -> Edit:
    return Edit(REPLACE, path, safe, f"replace the value with {_show(value)}", value=value)


def delete_duplicate(path: Path, line: int) -> Edit:
    # Helm keeps the last occurrence; deleting the earlier one changes no value,
    # but the user may have meant the first: unsafe.
    return Edit(DELETE_DUPLICATE, path, False, f"delete the earlier `{_dotted(path)}` (line {line})", line=line)


def drop_suppression(line: int, column: int, keep: tuple[str, ...], *, whole_file: bool = False) -> Edit:
    what = "ignore-file" if whole_file else "ignore"
    described = (f"keep only `# dslint: {what}[{', '.join(keep)}]`" if keep
                 else f"delete the `# dslint: {what}` comment on line {line}")
    return Edit(DROP_SUPPRESSION, (), True, described, value=keep, line=line, column=column)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (("." if out else "") + str(part))
    return out


_MISSING = object()


def apply_to_values(data: Any, *edits: Edit) -> Any:
    """The loaded values after `edits`, in order: what re-reading the fixed file must give."""
    from dslint.load.layers import copy_tree  # loaded by every check already

    data = copy_tree(data)
    for edit in edits:
        _apply(data, edit)
    return data


def _apply(data: Any, edit: Edit) -> None:
    if edit.kind in (DELETE_DUPLICATE, DROP_SUPPRESSION):
        return  # Helm already reads only the last occurrence; a comment is no value
    parent = _get(data, edit.path[:-1])
    key = edit.path[-1]
    if isinstance(parent, list):
        # A list item can only be replaced: renames and moves name mapping keys.
        if edit.kind == REPLACE and isinstance(key, int):
            parent[key] = edit.value
        return
    if not isinstance(parent, dict):
        return
    if edit.kind == REPLACE:
        parent[key] = edit.value
    elif edit.kind == RENAME:
        # The key keeps its place in the mapping.
        items = [((edit.new_key if k == key else k), v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
    elif edit.kind == MOVE:
        value = parent.pop(key)
        _prune_empty(data, edit.path[:-1])
        node = data
        for part in edit.target[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        node[edit.target[-1]] = value


def _get(data: Any, path: Path) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return node


def _prune_empty(data: dict[str, Any], path: Path) -> None:
    """A move that empties a mapping deletes it: `client:` with nothing under it would be null,
    which Helm reads as deleting the chart's defaults."""
    while path:
        node = _get(data, path)
        if not (isinstance(node, dict) and not node):
            return
        del _get(data, path[:-1])[path[-1]]
        path = path[:-1]
