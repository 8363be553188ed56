"""Values paths -> where their keys and values are in the file's text.

ruamel.yaml's composer gives every node its start and end as character
offsets into the text, and keeps what a fix must respect (quoting style,
flow or block, anchors).  Keys are matched the way Helm reads them (go-yaml
v2: `y: 1` is the key "true", `1: a` the key "1"), with dslint's own
resolution, so a path means here what it means in a finding.

Only what the file spells out is found: a value reached through a merge key
(`<<`) or an alias lives elsewhere, and editing it would change every place
that shares it, so such paths are not found and their fixes not offered.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from dslint.load.yaml_tree import _go_float_key, resolve_plain

Path = tuple


class Entry(NamedTuple):
    """One `key: value` pair of a mapping, or one item of a sequence (key None)."""

    key: Any  # ruamel ScalarNode, or None for a sequence item
    value: Any  # ruamel node
    parent: Any  # the mapping or sequence node that holds it
    index: int  # its position among the parent's pairs or items


class LocateError(Exception):
    """The file cannot be composed by ruamel.yaml: no fix is offered for it."""


def compose(text: str) -> Any:
    """The first document's root node (ruamel.yaml round-trip composer)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        yaml = YAML(typ="rt")
        # Only the first document counts for Helm; later ones are never edited.
        for node in yaml.compose_all(text):
            return node
    except (YAMLError, ValueError, RecursionError) as err:
        raise LocateError(str(err).splitlines()[0] if str(err) else type(err).__name__) from None
    return None


def key_text(node: Any) -> str | None:
    """The key a key node names, as Helm reads it; None when it is not a plain string key."""
    from ruamel.yaml.nodes import ScalarNode

    if not isinstance(node, ScalarNode):
        return None
    if node.style is None:
        if node.value == "<<":
            return None
        kind, value = resolve_plain(node.value)
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return _go_float_key(value)
        return str(value)
    return node.value


def _is_merge(key: Any) -> bool:
    return getattr(key, "value", None) == "<<" and getattr(key, "style", None) is None


def _anchored(node: Any) -> bool:
    anchor = getattr(node, "anchor", None)
    return bool(anchor if isinstance(anchor, str) else getattr(anchor, "value", None))


def find(root: Any, path: Path, *, line: int = 0) -> Entry | None:
    """The entry at `path`, spelled out in this file; None when it is not (or is shared).

    With `line`, the last step picks the pair whose key is on that line (an
    earlier duplicate); otherwise the last pair of that name, as Helm reads.
    """
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    node = root
    entry: Entry | None = None
    for depth, part in enumerate(path):
        if node is None or _anchored(node):
            return None
        last = depth == len(path) - 1
        if isinstance(node, MappingNode) and isinstance(part, str):
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
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return None
            entry = Entry(None, node.value[part], node, part)
        else:
            return None
        node = entry.value
    if entry is not None and (_anchored(entry.value) or _contains_anchor(entry.value)):
        return None
    return entry


def _contains_anchor(node: Any) -> bool:
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    stack = [node]
    while stack:
        current = stack.pop()
        if _anchored(current):
            return True
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
    return False


def content_end(node: Any) -> int:
    """The offset just after the last character that belongs to a node (not its trailing comments)."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        # A block scalar ends after its line breaks (and any blank lines after them).
        end = node.end_mark.index
        text = node.end_mark.buffer if isinstance(getattr(node.end_mark, "buffer", None), str) else None
        if text is not None:
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return node.end_mark.index
    if isinstance(node, MappingNode) and node.value:
        return content_end(node.value[-1][1])
    if isinstance(node, SequenceNode) and node.value:
        return content_end(node.value[-1])
    return node.end_mark.index


def is_block_mapping(node: Any) -> bool:
    from ruamel.yaml.nodes import MappingNode

    return isinstance(node, MappingNode) and not node.flow_style and bool(node.value)
