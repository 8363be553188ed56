"""Did-you-mean for keys the chart does not have: where the user most likely meant the value to go.

A misplaced key is as common as a misspelled one, so the whole chart model is
searched, not only the mapping the key sits in:

1. the same mapping, with only case or separators changed (`replica_count`): certain;
2. the key is valid one or two levels up (`worker.nodeSelector.resources`): mis-indented;
3. the same leaf name elsewhere in the model whose type fits the value
   (`resources` at the top level -> `client.resources`, `worker.resources`),
   the most similar paths first;
4. the same mapping, a close spelling (`replicas` -> `replicaCount`);
5. a map whose keys all live together under one other mapping
   (`ssh.existingSSHKeySecret` -> `config.existingSSHKeySecret`).

Only an answer that names one place carries a `target`, which the autofix
may use; the others are hints.  Pure data in, data out: the spec is the
compiled facts tree that `validate` walks.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

Path = tuple[str | int, ...]

# Kinds of answer, from the most to the least certain.
CASE = "case"
MISINDENTED = "misindented"
SPELLING = "spelling"
ELSEWHERE = "elsewhere"
CHILDREN = "children"

# A close spelling must be at least this similar (difflib ratio or shared prefix).
SIMILARITY = 0.75
# Prefixes shorter than this say little (`re` is the start of many keys).
MIN_PREFIX = 5
# At most this many places are named when the answer is not unique.
MAX_NAMED = 3


class Suggestion(NamedTuple):
    kind: str
    # The paths offered, best first; one path is a confident answer.
    paths: tuple[Path, ...]
    # Keys of the user's map that belong there (CHILDREN answers only).
    keys: tuple[str, ...] = ()

    @property
    def target(self) -> Path | None:
        """The one place the key should go, when the answer is unique."""
        return self.paths[0] if len(self.paths) == 1 and self.kind != CHILDREN else None

    def hint(self, path: Path) -> str:
        """The message fragment for the key at `path`."""
        named = [f"`{dotted(p)}`" for p in self.paths]
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]
        if self.kind == MISINDENTED:
            levels = len(path) - len(self.paths[0])
            up = "one level" if levels == 1 else f"{levels} levels"
            return f"looks mis-indented: {listed} is {up} up"
        if self.kind == CHILDREN and len(self.keys) == 1 and len(self.paths) == 1:
            return f"did you mean `{dotted(self.paths[0] + self.keys)}`?"
        if self.kind == CHILDREN:
            keys = ", ".join(f"`{k}`" for k in self.keys)
            return f"{keys} belong{'s' if len(self.keys) == 1 else ''} under {listed}"
        if self.kind == ELSEWHERE and len(self.paths) > 1:
            return f"`{path[-1]}` exists at {listed}"
        return f"did you mean {listed}?"


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (("." if out else "") + str(part))
    return out


def spec_at(spec: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """The spec node for a values path, or None when the model has no such place."""
    node: dict[str, Any] | None = spec
    for part in path:
        node = _child(node, part) if node is not None else None
        if node is None:
            return None
    return node


def _child(node: dict[str, Any], part: Any) -> dict[str, Any] | None:
    kind = node["k"]
    child: dict[str, Any] | None = None
    if kind == "map" and isinstance(part, str):
        child = node["f"].get(part)
    elif kind == "dict" and isinstance(part, str):
        child = node["v"]
    elif kind == "list" and isinstance(part, int):
        child = node["i"]
    if child is not None:
        return child
    if kind == "union":
        for option in node["o"]:
            found = _child(option, part)
            if found is not None:
                return found
    if kind == "any":
        return node
    return None


def fits(spec: dict[str, Any], value: Any) -> bool:
    """Whether a value has a shape the spec node takes (a map for a map, a scalar for a scalar)."""
    kind: str = spec["k"]
    if kind == "any" or value is None:
        return True
    if kind == "union":
        return any(fits(option, value) for option in spec["o"])
    if isinstance(value, dict):
        return kind in ("map", "dict")
    if isinstance(value, list):
        return kind == "list"
    return kind == "scalar"


def _normal(name: str) -> str:
    return re.sub(r"[-_ .]", "", name).lower()


def _similarity(word: str, candidate: str) -> float:
    import difflib  # only when there is a typo to explain: it costs start-up time

    a, b = word.lower(), candidate.lower()
    # difflib's ratio is at most 2*shorter/(sum of lengths): skip it when that cannot reach
    # SIMILARITY, so a megabyte-long key costs no quadratic matching (issue 12).
    reachable = a and b and 2 * min(len(a), len(b)) / (len(a) + len(b)) >= SIMILARITY
    ratio = difflib.SequenceMatcher(None, a, b).ratio() if reachable else 0.0
    # `replicas` -> `replicaCount`: a long shared start is a strong sign
    # that difflib's ratio undervalues when one name is a longer compound.
    shared = len(_common_prefix(a.rstrip("s"), b))
    shorter = min(len(a.rstrip("s")), len(b))
    prefix = shared / shorter if shared >= MIN_PREFIX and shorter else 0.0
    return max(ratio, prefix * 0.9)


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


_LEAF_INDEX: dict[int, dict[str, list[Path]]] = {}


def leaf_index(spec: dict[str, Any]) -> dict[str, list[Path]]:
    """Every named key of the model (through maps and unions, not lists or free-form maps), by leaf name."""
    index = _LEAF_INDEX.get(id(spec))
    if index is None:
        index = _LEAF_INDEX[id(spec)] = {}
        stack: list[tuple[dict[str, Any], Path]] = [(spec, ())]
        while stack:
            node, path = stack.pop(0)
            if node["k"] == "union":
                stack.extend((option, path) for option in node["o"])
            elif node["k"] == "map":
                for name, sub in node["f"].items():
                    index.setdefault(name, [])
                    if path + (name,) not in index[name]:
                        index[name].append(path + (name,))
                    stack.append((sub, path + (name,)))
    return index


def _map_size(spec: dict[str, Any], path: Path) -> int:
    node = spec_at(spec, path)
    return len(node["f"]) if node is not None and node["k"] == "map" else 0


def _rank(spec: dict[str, Any], near: Path, paths: list[Path]) -> list[Path]:
    """Most similar to `near` first: shared path parts, then shorter, then the larger section (a main component)."""
    def key(path: Path) -> tuple[int, int, int, Path]:
        shared = len(set(path[:-1]) & set(near))
        return (-shared, len(path), -_map_size(spec, path[:-1]), path)

    return sorted(paths, key=key)


def suggest_key(spec: dict[str, Any], path: Path, value: Any) -> Suggestion | None:
    """Where the unknown key at `path` (with the user's `value`) was most likely meant to go."""
    key, parent = path[-1], path[:-1]
    if not isinstance(key, str):
        return None
    parent_spec = spec_at(spec, parent)
    siblings = list(parent_spec["f"]) if parent_spec is not None and parent_spec["k"] == "map" else []
    same = [s for s in siblings if _normal(s) == _normal(key)]
    if same:
        return Suggestion(CASE, (parent + (same[0],),))
    up = misindented(spec, path, value)
    if up is not None:
        return up
    # The exact name elsewhere beats a near spelling here: top-level
    # `resources` means `worker.resources`, not `source`.
    elsewhere = [p for p in leaf_index(spec).get(key, ()) if p != path and _fits_at(spec, p, value)]
    if elsewhere:
        return Suggestion(ELSEWHERE, tuple(_rank(spec, parent, elsewhere)[:MAX_NAMED]))
    scored = sorted(((_similarity(key, s), s) for s in siblings if _fits_at(spec, parent + (s,), value)), reverse=True)
    if scored and scored[0][0] >= SIMILARITY:
        best = [s for score, s in scored if score == scored[0][0]]
        return Suggestion(SPELLING, tuple(parent + (s,) for s in best[:MAX_NAMED]))
    return _children_home(spec, path, value)


def misindented(spec: dict[str, Any], path: Path, value: Any) -> Suggestion | None:
    """The key at `path` is valid (and its value fits) one or two levels up."""
    key = path[-1]
    if not isinstance(key, str):
        return None
    for levels in (1, 2):
        if len(path) <= levels:
            break
        candidate = path[: -levels - 1] + (key,)
        if any(isinstance(p, int) for p in candidate[:-1]) != any(isinstance(p, int) for p in path[:-1]):
            continue
        node = spec_at(spec, candidate)
        parent = spec_at(spec, candidate[:-1])
        # Only a named key of a mapping: under a free-form map any name is valid.
        if node is not None and parent is not None and parent["k"] in ("map", "union") and fits(node, value):
            return Suggestion(MISINDENTED, (candidate,))
    return None


def _fits_at(spec: dict[str, Any], path: Path, value: Any) -> bool:
    node = spec_at(spec, path)
    return node is not None and fits(node, value)


def _children_home(spec: dict[str, Any], path: Path, value: Any) -> Suggestion | None:
    """A map whose keys are all known, together, under exactly one other mapping."""
    if not isinstance(value, dict) or not value:
        return None
    keys = [k for k in value if isinstance(k, str)]
    homes: set[Path] | None = None
    index = leaf_index(spec)
    for key in keys:
        parents = {p[:-1] for p in index.get(key, ()) if _fits_at(spec, p, value[key])}
        homes = parents if homes is None else homes & parents
        if not homes:
            return None
    if not homes or len(homes) > MAX_NAMED:
        return None
    return Suggestion(CHILDREN, tuple(_rank(spec, path[:-1], sorted(homes))), tuple(keys))
