"""Stacking values the way `helm install -f a.yaml -f b.yaml --set ...` does.

Helm merges the values files in order (maps merge deeply, anything else is
replaced by the later file), then applies `--set-json`, `--set`,
`--set-string`, `--set-file` and `--set-literal` arguments in that order.
Chart defaults come last, in `dslint.model.view`.  Every value keeps the
`Location` that set it, so a finding can point at the exact line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.findings import Location
from dslint.findings import ValuesPath as Path
from dslint.load.errors import InputError
from dslint.load.files import ValuesFile
from dslint.load.yaml_tree import Duplicate, Position

if TYPE_CHECKING:
    from dslint.load.helm_set import ItemBudget

# Helm's order for the flags, whatever order they were typed in.
SET_FLAG_ORDER = ("set-json", "set", "set-string", "set-file", "set-literal")


class SetArgument(NamedTuple):
    flag: str  # one of SET_FLAG_ORDER
    text: str


class UserValues:
    """The user's values after stacking every file and flag, with origins."""

    __slots__ = ("data", "duplicates", "files", "ignored_documents", "key_at", "value_at")

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = {} if data is None else data
        self.value_at: dict[Path, Location] = {}
        self.key_at: dict[Path, Location] = {}
        self.files: list[ValuesFile] = []
        self.duplicates: list[tuple[ValuesFile, Duplicate]] = []
        self.ignored_documents: list[tuple[ValuesFile, Position]] = []

    def location(self, path: Path, *, key: bool = False) -> Location | None:
        """Where the value (or with key=True its key) at `path` was set, if the user set it."""
        table = self.key_at if key else self.value_at
        found = table.get(path)
        if found is None and key:
            found = self.value_at.get(path)
        return found

    def nearest_location(self, path: Path) -> tuple[Path, Location] | None:
        """The deepest ancestor of `path` (itself included) the user set, and where."""
        for depth in range(len(path), 0, -1):
            prefix = path[:depth]
            found = self.key_at.get(prefix) or self.value_at.get(prefix)
            if found is not None:
                return prefix, found
        return None


def copy_tree(value: Any) -> Any:
    """A copy of JSON-like data (what copy.deepcopy does, several times faster)."""
    if isinstance(value, dict):
        return {k: copy_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_tree(v) for v in value]
    return value


def _file_location(values_file: ValuesFile, pos: Position) -> Location:
    return Location(values_file.name, pos.line, pos.column)


def add_file(user: UserValues, values_file: ValuesFile) -> None:
    """Merge one more values file over what is there (Helm's mergeMaps)."""
    user.files.append(values_file)
    tree = values_file.tree
    user.duplicates.extend((values_file, d) for d in tree.duplicates)
    user.ignored_documents.extend((values_file, p) for p in tree.ignored_documents)
    _merge_map(user, user.data, tree.data, (), values_file)


def _merge_map(user: UserValues, base: dict[str, Any], override: dict[str, Any], path: Path, values_file: ValuesFile) -> None:
    tree = values_file.tree
    for key, value in override.items():
        child = path + (key,)
        key_pos = tree.keys_at.get(child)
        if key_pos is not None:
            user.key_at[child] = _file_location(values_file, key_pos)
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            value_pos = tree.values_at.get(child)
            if value_pos is not None:
                user.value_at[child] = _file_location(values_file, value_pos)
            _merge_map(user, base[key], value, child, values_file)
            continue
        if key in base:
            _forget_below(user, child, base[key])
        base[key] = _copy_with_origins(user, value, child, values_file)


def _copy_with_origins(user: UserValues, value: Any, path: Path, values_file: ValuesFile) -> Any:
    """Copy a parsed value into the stack, recording where each part came from.

    Copying keeps the parsed file untouched, so the same file can sit under
    many targets (`-f base.yaml` under every positional file).
    """
    tree = values_file.tree
    pos = tree.values_at.get(path)
    if pos is not None:
        user.value_at[path] = _file_location(values_file, pos)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            child = path + (key,)
            key_pos = tree.keys_at.get(child)
            if key_pos is not None:
                user.key_at[child] = _file_location(values_file, key_pos)
            out[key] = _copy_with_origins(user, item, child, values_file)
        return out
    if isinstance(value, list):
        return [_copy_with_origins(user, item, path + (i,), values_file) for i, item in enumerate(value)]
    return value


def _forget_below(user: UserValues, path: Path, old: Any) -> None:
    """Drop the origins of a value that a later layer replaces."""
    user.value_at.pop(path, None)
    if isinstance(old, dict):
        for key, item in old.items():
            user.key_at.pop(path + (key,), None)
            _forget_below(user, path + (key,), item)
    elif isinstance(old, list):
        for i, item in enumerate(old):
            _forget_below(user, path + (i,), item)


def add_set_argument(user: UserValues, argument: SetArgument, read_file: Callable[[str], str] | None,
                     *, budget: ItemBudget | None = None, max_depth: int | None = None) -> None:
    """Apply one --set-style flag over the stack (Helm's strvals.ParseInto).

    `budget` (a helm_set.ItemBudget) bounds the list items indexes create;
    `max_depth` holds --set-json values to the nesting limit files have.
    """
    from dslint.load.helm_set import SetSyntaxError, apply_set_argument

    flag_name = f"--{argument.flag}"
    try:
        assignments = apply_set_argument(user.data, argument.text, flag=argument.flag, read_file=read_file,
                                         budget=budget)
    except SetSyntaxError as err:
        shown = _excerpt(argument.text, err.column)
        raise InputError(f"{err} (in {flag_name} {shown!r})", flag_name, 1, err.column) from None
    for assignment in assignments:
        origin = Location(flag_name, 1, assignment.column, argument=_excerpt(argument.text, assignment.column))
        path = assignment.path
        # The assignment replaced whatever stood at its path.  Only a path
        # someone already set can have origins below it; skipping the scan
        # otherwise keeps thousands of assignments from being quadratic.
        if path in user.value_at or path in user.key_at:
            for table in (user.value_at, user.key_at):
                for old in [p for p in table if len(p) > len(path) and p[: len(path)] == path]:
                    del table[old]
        user.value_at[path] = origin
        # Keys a file already named keep that file's line; keys this flag
        # created (and the key it set) point at the flag.
        for depth in range(1, len(path) + 1):
            if depth == len(path) or path[:depth] not in user.key_at:
                user.key_at[path[:depth]] = origin
        _record_children(user, path, origin, max_depth)


# Findings quote the --set argument that set a value; a long argument is shown
# around the assignment, or thousands of findings would each repeat all of it.
_ARGUMENT_SHOWN = 200


def _excerpt(text: str, column: int) -> str:
    if len(text) <= _ARGUMENT_SHOWN:
        return text
    start = max(column - 1 - 40, 0)
    end = start + _ARGUMENT_SHOWN
    return ("..." if start else "") + text[start:end] + ("..." if end < len(text) else "")


def _record_children(user: UserValues, path: Path, origin: Location, max_depth: int | None = None) -> None:
    """A --set-json object: every value inside it comes from the same argument."""
    value: Any = user.data
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return
    stack = [(path, value)]
    while stack:
        here, item = stack.pop()
        if max_depth is not None and len(here) > max_depth:
            raise InputError(f"value nested deeper than {max_depth} levels (--max-depth)", origin.source, 1, origin.column)
        if isinstance(item, dict):
            for key, sub in item.items():
                user.key_at[here + (key,)] = origin
                user.value_at[here + (key,)] = origin
                stack.append((here + (key,), sub))
        elif isinstance(item, list):
            for i, sub in enumerate(item):
                user.value_at[here + (i,)] = origin
                stack.append((here + (i,), sub))
