"""Values paths -> where their keys and values are in the file's text.

The nodes come from libyaml's composer, the one dslint reads values with
(`dslint.load.yaml_tree`): every node has its start and end as character
offsets into the text, its quoting style and flow or block form, so a path
means here exactly what it means in a finding.  (ruamel.yaml's round-trip
composer gives the same offsets, but refuses files Helm reads, such as a tab
before a comment, and takes a hundred times longer on the chart's own
values.yaml, which `dslint check` would pay to mark a finding fixable.)
Keys are matched the way Helm reads them (go-yaml v2: `y: 1` is the key
"true", `1: a` the key "1").

Only what the file spells out is found: a value reached through a merge key
(`<<`) or an alias lives elsewhere, and editing it would change every place
that shares it, so such paths are not found and their fixes not offered.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from dslint.load.yaml_tree import _go_float_key, resolve_plain

Path = tuple[str | int, ...]


class Entry(NamedTuple):
    """One `key: value` pair of a mapping, or one item of a sequence (key None)."""

    key: Any  # a ScalarNode, or None for a sequence item
    value: Any  # a node
    parent: Any  # the mapping or sequence node that holds it
    # Its position among the parent's pairs or items (`index` would shadow tuple.index).
    position: int


class LocateError(Exception):
    """The file cannot be composed: no fix is offered for it."""


def compose(text: str) -> Any:
    """The first document's root node, or None for an empty document."""
    import yaml

    from dslint.load.yaml_tree import _Composer

    loader = _Composer(text)
    try:
        return loader.get_node() if loader.check_node() else None
    except (yaml.YAMLError, RecursionError) as err:
        raise LocateError(str(err).splitlines()[0] if str(err) else type(err).__name__) from None
    finally:
        loader.dispose()


# PyYAML's node kinds, by their `id` (no class import on the start-up path).
def is_mapping(node: Any) -> bool:
    return getattr(node, "id", None) == "mapping"


def is_sequence(node: Any) -> bool:
    return getattr(node, "id", None) == "sequence"


def is_scalar(node: Any) -> bool:
    return getattr(node, "id", None) == "scalar"


def is_plain(node: Any) -> bool:
    return is_scalar(node) and not node.style


def key_text(node: Any) -> str | None:
    """The key a key node names, as Helm reads it; None when it is not a plain string key."""
    if not is_scalar(node):
        return None
    if not node.style:
        if node.value == "<<":
            return None
        _, value = resolve_plain(node.value)
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return _go_float_key(value)
        return str(value)
    text: str = node.value
    return text


def _is_merge(key: Any) -> bool:
    return getattr(key, "value", None) == "<<" and is_plain(key)


def walk(root: Any, revisited: set[int] | None = None) -> Iterator[Any]:
    """Every node under `root` once (an alias makes its anchor's node appear again: its id goes to `revisited`)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            if revisited is not None:
                revisited.add(id(node))
            continue
        seen.add(id(node))
        yield node
        if is_mapping(node):
            for key, value in node.value:
                stack.extend((key, value))
        elif is_sequence(node):
            stack.extend(node.value)


def shared_nodes(root: Any) -> set[int]:
    """Nodes an alias reaches a second time."""
    shared: set[int] = set()
    for _ in walk(root, shared):
        pass
    return shared


def decorated(text: str, node: Any) -> bool:
    """A node written with an anchor or a tag in front (`&x value`, `!!str 3`): its span holds them too."""
    return text[node.start_mark.index:node.start_mark.index + 1] in ("&", "!")


def find(root: Any, path: Path, *, line: int = 0) -> Entry | None:
    """The entry at `path`, spelled out in this file; None when it is not (or is shared by an alias).

    With `line`, the last step picks the pair whose key is on that line (an
    earlier duplicate); otherwise the last pair of that name, as Helm reads.
    """
    shared = _shared(root)
    node = root
    entry: Entry | None = None
    for depth, part in enumerate(path):
        if node is None or id(node) in shared:
            return None
        last = depth == len(path) - 1
        if is_mapping(node) and isinstance(part, str):
            if any(_is_merge(k) for k, _ in node.value):
                return None  # the key might come from the merged mapping
            found = None
            for index, (key, value) in enumerate(node.value):
                if key_text(key) != part:
                    continue
                if last and line and key.start_mark.line + 1 != line:
                    continue
                found = Entry(key, value, node, index)
            if found is None:
                return None
            entry = found
        elif is_sequence(node) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return None
            entry = Entry(None, node.value[part], node, part)
        else:
            return None
        node = entry.value
    if entry is not None and (id(entry.value) in shared or _holds(entry.value, shared)):
        return None
    return entry


_SHARED: dict[int, tuple[Any, set[int]]] = {}


def _shared(root: Any) -> set[int]:
    # One walk per composed file, not per lookup.
    cached = _SHARED.get(id(root))
    if cached is None or cached[0] is not root:
        _SHARED.clear()
        cached = _SHARED[id(root)] = (root, shared_nodes(root))
    return cached[1]


def _holds(node: Any, shared: set[int]) -> bool:
    return bool(shared) and any(id(inner) in shared for inner in walk(node))


def content_end(node: Any, text: str) -> int:
    """The offset just after the last character that belongs to a node (not its trailing comments)."""
    if is_scalar(node) and node.style in ("|", ">"):
        # A block scalar ends after its line breaks (and any blank lines after them).
        end: int = node.end_mark.index
        while end > node.start_mark.index and text[end - 1] in " \t\r\n":
            end -= 1
        return end
    if is_scalar(node) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    if is_mapping(node) and node.value:
        return content_end(node.value[-1][1], text)
    if is_sequence(node) and node.value:
        return content_end(node.value[-1], text)
    return int(node.end_mark.index)


def is_block_mapping(node: Any) -> bool:
    return is_mapping(node) and not node.flow_style and bool(node.value)
