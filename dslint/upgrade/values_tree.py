"""Values trees as the comparisons read them: leaves, the spec's word on a path, what the user relies on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Path = tuple[Any, ...]


def leaves(tree: Any, prefix: Path = ()) -> Iterator[tuple[Path, Any]]:
    """(path, value) of every leaf: a non-empty map is walked, anything else (`{}`, a list) is a value.

    Lists are values: the chart reads a list whole, and a default list's items are not parameters.
    """
    if isinstance(tree, dict) and (tree or not prefix):
        for key, value in tree.items():
            yield from leaves(value, (*prefix, key))
    else:
        yield prefix, tree


def spec_node(spec: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """The spec entry for `path`; {} inside a free-form value (any key goes there); None when unknown."""
    node = spec
    for part in path:
        fields = node.get("f")
        if fields is None:
            return {}  # a free-form map, a list or `any`: the chart takes what it is given
        if part not in fields:
            # `pt`: the chart passes the map to Kubernetes, which reads keys dslint does not list.
            return {} if node.get("pt") else None
        node = fields[part]
    return node


def is_known(spec: dict[str, Any], path: Path) -> bool:
    return spec_node(spec, path) is not None


def lookup(tree: Any, path: Path) -> tuple[bool, Any]:
    """(found, value) at `path`."""
    node = tree
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def relies_on_default(user: dict[str, Any], path: Path) -> bool:
    """The user leaves `path` to the chart: neither it nor an enclosing key is set to a value of its own.

    Setting a map (`worker: {replicaCount: 2}`) keeps the defaults of its other keys (Helm
    merges maps); setting it to anything else (`worker.resources: null`, a string) replaces them.
    """
    node: Any = user
    for part in path:
        if not isinstance(node, dict):
            return False
        if part not in node:
            return True
        node = node[part]
    return False
