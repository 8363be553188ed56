"""Rendered manifests -> one `ManifestDocument` per YAML document, with positions.

Used for `dslint check --manifests` (files or stdin from `helm template`) and
for the output of `dslint render`.  Helm prefixes each document with
`# Source: <template>`; that template path is kept so a finding can name the
template that produced an object.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dslint.load.yaml_tree import DEFAULT_LIMITS, Limits, Position, YamlTree, parse_yaml_stream

if TYPE_CHECKING:
    from dslint.findings import Location

# A field's path inside the object: keys and list indices.
Path = tuple[str | int, ...]

_SOURCE = re.compile(r"^#\s*Source:\s*(\S.*?)\s*$")


class ManifestDocument:
    """One object of a manifest stream."""

    __slots__ = ("data", "file", "line", "origin", "positions", "template")

    def __init__(self, file: str, line: int, data: Any, template: str = "",
                 positions: dict[Path, Position] | None = None, origin: Location | None = None) -> None:
        self.file = file  # the file (or <stdin>, or the render) it was read from
        self.line = line  # 1-based line of its first key in `file`
        self.data = data  # the parsed object (None for an empty document)
        # Helm's `# Source:` template, when the stream came from Helm.
        self.template = template
        # Where each field starts, by path inside the object: ("spec", "replicas") -> Position.
        self.positions = positions if positions is not None else {}
        # For a stream nobody can open (an in-memory render): the place to name instead, e.g. the
        # chart template at the object's line (set by the render lane).
        self.origin = origin

    def __repr__(self) -> str:
        return f"ManifestDocument({self.file!r}, line {self.line}, {self.kind or '?'}/{self.name or '?'})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, ManifestDocument) and (self.file, self.line, self.data, self.template, self.positions)
                == (other.file, other.line, other.data, other.template, other.positions))

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    @property
    def kind(self) -> str:
        return str(self.data.get("kind", "")) if isinstance(self.data, dict) else ""

    @property
    def name(self) -> str:
        meta = self.data.get("metadata") if isinstance(self.data, dict) else None
        return str(meta.get("name", "")) if isinstance(meta, dict) else ""

    @property
    def namespace(self) -> str:
        meta = self.data.get("metadata") if isinstance(self.data, dict) else None
        return str(meta.get("namespace", "") or "") if isinstance(meta, dict) else ""

    def line_of(self, path: Path) -> int:
        """The line of a field, or of its nearest enclosing field that has a position."""
        return self.position_of(path).line

    def position_of(self, path: Path) -> Position:
        """Where a field starts, or its nearest enclosing field (a missing field is named where it belongs)."""
        for depth in range(len(path), -1, -1):
            pos = self.positions.get(path[:depth])
            if pos is not None:
                return pos
        return Position(self.line, 1)


def split_manifests(text: str, file: str, limits: Limits = DEFAULT_LIMITS,
                    quoted_spans: list[tuple[Position, Position]] | None = None) -> list[ManifestDocument]:
    """Every non-empty document of a manifest stream; `InputError` if it is not YAML.

    `quoted_spans`, when given, collects where the stream's quoted scalars are (for comment suppressions).
    """
    lines = text.splitlines()
    documents = []
    previous_end = 0
    for start, tree in parse_yaml_stream(text, file, limits):
        template = _source_comment(lines, previous_end, start.line - 1)
        previous_end = start.line
        if quoted_spans is not None:
            quoted_spans.extend(tree.quoted_spans)
        if tree.data is None:
            continue
        documents.append(ManifestDocument(file, start.line, tree.data, template, _positions(tree)))
    return documents


def _source_comment(lines: list[str], begin: int, end: int) -> str:
    """Helm's `# Source:` line between the previous document and this one."""
    for index in range(min(end, len(lines) - 1), max(begin, 0) - 1, -1):
        match = _SOURCE.match(lines[index])
        if match:
            return match.group(1)
    return ""


def _positions(tree: YamlTree) -> dict[Path, Position]:
    positions = dict(tree.values_at)
    # A mapping value starts on the line after its key; the key line reads better.
    positions.update(tree.keys_at)
    return positions
