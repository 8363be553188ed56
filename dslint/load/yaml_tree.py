"""YAML text -> plain values, with the line and column of every key and value.

Helm reads values files with go-yaml v2 and then converts them to JSON.  This
module reproduces what that pipeline makes of a file, so dslint sees the same
values Helm sees:

* plain scalars resolve with YAML 1.1 rules as go-yaml v2 has them: `yes`,
  `on`, `y` are booleans, `0777` is octal, `08` is the number 8, `1:30` and
  dates stay strings;
* non-string keys become strings (`1: a` -> `"1"`, `y: a` -> `"true"`);
* `<<` merge keys override keys given before them, and in a list of merged
  maps the first map wins (go-yaml v2's order, not the YAML spec's);
* only the first document counts; duplicate keys keep the last value;
* tags never construct anything: an unknown tag (`!!python/object`) is
  ignored, as in Helm.

Parsing uses libyaml's C composer (PyYAML) for speed; positions come from its
node marks.  Alias expansion, nesting and size are bounded (`Limits`).
"""

from __future__ import annotations

import base64
import math
import struct
import sys
from typing import Any, NamedTuple

import yaml
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dslint import secrets
from dslint.findings import ValuesPath as Path
from dslint.lazy import LazyPattern
from dslint.load.errors import InputError
from dslint.secrets import secret_path


class Position(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


# The deepest --max-depth (and `limits.max-depth`) dslint accepts: reading, stacking and checking
# take a few Python frames a level, and the CLI raises Python's limit to 5000 frames.
MAX_DEPTH_CAP = 900


class Limits(NamedTuple):
    """Bounds that keep a hostile file from exhausting memory or time."""

    max_bytes: int = 16 * 1024 * 1024
    # Values after alias expansion; the chart's full values have ~450.
    max_values: int = 50_000
    max_depth: int = 100

    def checked(self) -> Limits:
        """These limits, or an InputError when one is not a usable number.

        The command line checks its flags, a config file's `limits` may hold
        anything: `max-file-size: 1e30` or `-5` made reading stdin an internal error.
        """
        for name, flag in (("max_bytes", "max-file-size"), ("max_values", "max-values"), ("max_depth", "max-depth")):
            value = getattr(self, name)
            cap = MAX_DEPTH_CAP if name == "max_depth" else sys.maxsize - 1
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= cap:
                raise InputError(f"the {flag} limit must be a whole number from 1 to {cap}, not {value!r}")
        return self


DEFAULT_LIMITS = Limits()


class Duplicate(NamedTuple):
    path: Path
    first: Position
    second: Position


class YamlTree:
    """One parsed values document.

    A plain class (like the other mutable containers on the start-up path):
    defining a dataclass costs more than a small values file takes to check.
    """

    __slots__ = ("data", "duplicates", "ignored_documents", "keys_at", "quoted_spans", "values_at")

    def __init__(
        self,
        data: Any,
        values_at: dict[Path, Position] | None = None,
        keys_at: dict[Path, Position] | None = None,
        duplicates: list[Duplicate] | None = None,
        ignored_documents: list[Position] | None = None,
        quoted_spans: list[tuple[Position, Position]] | None = None,
    ) -> None:
        self.data = data
        # Where each value starts, and where the key naming it starts.
        self.values_at = {} if values_at is None else values_at
        self.keys_at = {} if keys_at is None else keys_at
        self.duplicates = [] if duplicates is None else duplicates
        # Documents after the first, which Helm ignores: their start positions.
        self.ignored_documents = [] if ignored_documents is None else ignored_documents
        # Spans of string values that contain "dslint:", so that text inside a
        # value is never mistaken for a suppression comment.
        self.quoted_spans = [] if quoted_spans is None else quoted_spans


# --- scalar resolution (go-yaml v2) ----------------------------------------------

_TRUE = frozenset(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"])
_FALSE = frozenset(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"])
_NULL = frozenset(["", "~", "null", "Null", "NULL"])
_SPECIAL_FLOATS = frozenset([".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"])
_YAML_FLOAT = LazyPattern(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_INT64 = (-(2**63), 2**63 - 1)

_PLAIN = "dslint:plain"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULLTAG = "tag:yaml.org,2002:null"
_BINARY = "tag:yaml.org,2002:binary"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


_DIGITS = {2: frozenset("01"), 8: frozenset("01234567"), 10: frozenset("0123456789"), 16: frozenset("0123456789abcdefABCDEF")}


def _go_parse_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64), then ParseUint: sign, 0x/0o/0b prefixes, leading-0 octal."""
    sign, body = 1, text
    if body[:1] in ("+", "-"):
        sign, body = (-1 if body[0] == "-" else 1), body[1:]
    base = 10
    prefix = body[:2].lower()
    if prefix in ("0x", "0o", "0b"):
        base, body = {"0x": 16, "0o": 8, "0b": 2}[prefix], body[2:]
    elif len(body) > 1 and body[0] == "0":
        base, body = 8, body[1:]
    if not body or not _DIGITS[base].issuperset(body):
        return None
    value = sign * int(body, base)
    # Beyond int64 Go tries uint64 (no sign); beyond that it is not an int.
    if _INT64[0] <= value <= _INT64[1] or (sign > 0 and text[0] != "+" and value < 2**64):
        return value
    return None


def resolve_plain(text: str) -> tuple[str, Any]:
    """Resolve an untagged plain scalar the way go-yaml v2 does: (kind, value)."""
    if text in _TRUE:
        return "bool", True
    if text in _FALSE:
        return "bool", False
    if text in _NULL:
        return "null", None
    if text == "<<":
        return "merge", None
    first = text[0]
    if first == ".":
        if text in _SPECIAL_FLOATS:
            return "float", float(text.replace(".", "", 1))
        if _YAML_FLOAT.match(text):
            return "float", float(text)
        return "str", text
    if first in "+-" or first.isdigit():
        if text in _SPECIAL_FLOATS:
            return "float", float(text.replace(".", "", 1))
        plain = text.replace("_", "")
        number = _go_parse_int(plain) if plain else None
        if number is not None:
            return "int", number
        if _YAML_FLOAT.match(plain):
            value = float(plain)
            if math.isinf(value):  # Go's ParseFloat fails on overflow: a string.
                return "str", text
            return "float", value
    return "str", text


def _go_float_key(value: float) -> str:
    """A float map key as Helm's JSON conversion spells it: strconv.FormatFloat(v, 'g', -1, 32).

    Single precision and Go's shortest %g: `1.0` -> "1", `1e6` -> "1e+06",
    `3.14159265358979` -> "3.1415927", `.inf` -> ".inf".
    """
    if math.isnan(value):
        return ".nan"
    try:
        single = struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        single = math.copysign(math.inf, value)
    if math.isinf(single):
        return ".inf" if single > 0 else "-.inf"
    if single == 0:
        return "-0" if math.copysign(1, single) < 0 else "0"
    for precision in range(1, 10):  # the shortest digits that read back as the same float32
        text = f"{single:.{precision - 1}e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            break
    mantissa, exponent_text = text.split("e")
    sign = "-" if mantissa.startswith("-") else ""
    digits = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    exponent = int(exponent_text)
    if exponent < -4 or exponent >= 6:  # %e; Go writes at least two exponent digits
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    point = exponent + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


# --- composing ---------------------------------------------------------------------

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NODE_EVENTS = (ScalarEvent, SequenceStartEvent, MappingStartEvent)


class _Composer(_Loader):  # type: ignore[misc,valid-type]
    """Composes nodes only; marks plain scalars so dslint resolves them itself."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        if kind is SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


def _position(mark: Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _yaml_error(err: yaml.YAMLError, source: str) -> InputError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context and context not in problem else "")
    if mark is not None:
        return InputError(message, source, mark.line + 1, mark.column + 1)
    return InputError(message, source)


_BREAKS = "\n\r\x85\u2028\u2029"  # YAML's line breaks, as libyaml counts lines


def _document_start(text: str, mark: Mark, floor: int, *, empty: bool = False) -> Position:
    """The `---` line that opens a document (its content may start lines later).

    Walks back line by line from the document's first node, no further than
    `floor` (where the previous document ended): a file of many documents
    costs linear time, not a split of the whole text per document.  An empty
    document's node stands where the next document starts (on its `---`), so
    the walk for one (`empty`) begins on the line above.
    """
    line, start = mark.line, mark.index - mark.column
    while start >= floor:
        if text.startswith("---", start) and not empty:
            return Position(line + 1, 1)
        empty = False
        if start == 0:
            break
        end = start - 1  # the line break before this line; "\r\n" is one
        if text[end] == "\n" and end > 0 and text[end - 1] == "\r":
            end -= 1
        start = max(text.rfind(c, 0, end) for c in _BREAKS) + 1
        line -= 1
    return _position(mark)


def _refuse_too_many_nodes(text: str, source: str, limits: Limits) -> None:
    """Count nodes as events, before libyaml composes them.

    The composer builds every node of a document before the builder can count
    values: a 16 MiB flow list took 2.5 GB and 23 s to refuse.  Events come one
    at a time, so counting them costs no memory; syntax errors are left to the
    parse that follows.

    A node the composer builds takes at least a character or two of text (an
    alias builds none: it points at its anchor's node, and only the builder
    expands it, counting as it goes), so a text shorter than half the limit
    cannot hold too many; such texts (every real values file, every chart
    render, aliases or not) skip this second parse.
    """
    if "%YAML" not in text and 2 * len(text) <= limits.max_values:
        return
    loader = _Composer(text)
    count = 0
    # Per open collection: None for a list, else whether a mapping's next node
    # is a key (keys are not values, as the builder counts them).
    open_collections: list[bool | None] = []
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, DocumentStartEvent) and event.version not in (None, (1, 1)) and count == 0:
                # go-yaml v2 reads YAML 1.1 only; Helm refuses the first document otherwise.
                pos = _position(event.start_mark)
                raise InputError(f"%YAML {event.version[0]}.{event.version[1]} is not a version Helm reads "
                                 "(it refuses any but 1.1)", source, pos.line, pos.column)
            if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                open_collections.pop()
                continue
            if not isinstance(event, (*_NODE_EVENTS, AliasEvent)):
                continue
            is_key = bool(open_collections) and open_collections[-1] is True
            if open_collections and open_collections[-1] is not None:
                open_collections[-1] = not open_collections[-1]
            if isinstance(event, SequenceStartEvent):
                open_collections.append(None)
            elif isinstance(event, MappingStartEvent):
                open_collections.append(True)
            if not is_key and not isinstance(event, AliasEvent):
                count += 1
                if count > limits.max_values:
                    pos = _position(event.start_mark)
                    raise InputError(
                        f"more than {limits.max_values} values; raise the limit with --max-values if this is intended",
                        source, pos.line, pos.column,
                    )
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()


# libyaml skips a byte-order mark that starts a line; go-yaml reads it as text,
# so Helm fails on a line holding only one (a file glued from two with BOMs).
_LINE_BOM = LazyPattern("[\n\r\x85\u2028\u2029]\ufeff")


def parse_yaml(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> YamlTree:
    """Parse a values document; raise `InputError` for anything Helm would refuse."""
    bom = _LINE_BOM.search(text) if "\ufeff" in text else None
    if bom is not None:
        line = text.count("\n", 0, bom.end()) + 1
        raise InputError("a byte-order mark (U+FEFF) starts this line; Helm reads it as text: delete it",
                         source, line, 1)
    _refuse_too_many_nodes(text, source, limits)
    try:
        loader = _Composer(text)
        try:
            if not loader.check_node():
                return YamlTree(data=None)
            root = loader.get_node()
            ignored = []
            floor = root.end_mark.index
            while loader.check_node():
                node = loader.get_node()
                empty = isinstance(node, ScalarNode) and node.value == "" and not node.style  # plain: "" or None
                ignored.append(_document_start(text, node.start_mark, floor, empty=empty))
                floor = node.end_mark.index
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        raise _yaml_error(err, source) from None
    except RecursionError:
        raise InputError(f"YAML nested deeper than {limits.max_depth} levels", source) from None
    builder = _Builder(source, limits)
    try:
        data = builder.build(root)
    except RecursionError:
        # Only when --max-depth is raised beyond what Python's stack allows here.
        raise InputError(f"YAML nested too deeply to read (limit {limits.max_depth} levels, --max-depth)", source) from None
    return YamlTree(data, builder.values_at, builder.keys_at, builder.duplicates, ignored, builder.quoted_spans)


def parse_yaml_stream(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> list[tuple[Position, YamlTree]]:
    """Every document of a multi-document stream (rendered manifests), with where each starts.

    The value budget of `limits` covers the whole stream, not each document.
    """
    documents = []
    _refuse_too_many_nodes(text, source, limits)
    builder = _Builder(source, limits)
    try:
        loader = _Composer(text)
        try:
            while loader.check_node():
                node = loader.get_node()
                builder.values_at, builder.keys_at, builder.duplicates, builder.quoted_spans = {}, {}, [], []
                data = builder.build(node)
                # Secret data and secret env values must not reach a finding or error.
                secrets.current().add_manifest(data)
                tree = YamlTree(data, builder.values_at, builder.keys_at, builder.duplicates, [], builder.quoted_spans)
                documents.append((_position(node.start_mark), tree))
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        raise _yaml_error(err, source) from None
    except RecursionError:
        raise InputError(f"YAML nested deeper than {limits.max_depth} levels", source) from None
    return documents


class _Builder:
    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.count = 0
        self.values_at: dict[Path, Position] = {}
        self.keys_at: dict[Path, Position] = {}
        self.duplicates: list[Duplicate] = []
        self.quoted_spans: list[tuple[Position, Position]] = []
        self._active: set[int] = set()

    def fail(self, message: str, node: Node) -> InputError:
        pos = _position(node.start_mark)
        return InputError(message, self.source, pos.line, pos.column)

    def build(self, node: Node) -> Any:
        return self._value(node, ())

    def _value(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > self.limits.max_values:
            raise self.fail(
                f"more than {self.limits.max_values} values (after expanding aliases); "
                "raise the limit with --max-values if this is intended",
                node,
            )
        if len(path) > self.limits.max_depth:
            raise self.fail(f"values nested deeper than {self.limits.max_depth} levels (--max-depth)", node)
        self.values_at[path] = _position(node.start_mark)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        ident = id(node)
        if ident in self._active:
            raise self.fail("an alias refers to the collection that contains it (recursive alias)", node)
        self._active.add(ident)
        try:
            if isinstance(node, SequenceNode):
                return [self._value(item, path + (i,)) for i, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self._active.discard(ident)

    def _scalar(self, node: ScalarNode, path: Path = ()) -> Any:
        tag, text = node.tag, node.value
        if "dslint:" in text:
            self.quoted_spans.append((_position(node.start_mark), _position(node.end_mark)))
        if tag == _PLAIN:
            kind, value = resolve_plain(text)
            if kind == "float" and (math.isinf(value) or math.isnan(value)):
                raise self.fail(f"{text!r} is not a number Helm can use (its values go through JSON)", node)
            if kind == "merge":
                return "<<"
            return value
        if tag in (_STR, _TIMESTAMP):
            return text
        if tag == _BINARY:
            try:
                return base64.b64decode("".join(text.split()), validate=True).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                raise self.fail("!!binary value is not base64 of UTF-8 text", node) from None
        if tag in (_INT, _FLOAT, _BOOL, _NULLTAG):
            kind, value = resolve_plain(text)  # an empty scalar resolves to null
            expected = {_INT: ("int",), _FLOAT: ("int", "float"), _BOOL: ("bool",), _NULLTAG: ("null",)}[tag]
            if kind not in expected:
                # The error is printed before any secret is collected: never quote one.
                # (An env var's `value` is secret when its name is, which may come later in the file.)
                shown = "the value" if secret_path(path) or path[-1:] == ("value",) else repr(text)
                raise self.fail(f"cannot read {shown} as {tag.rsplit(':', 1)[1]}", node)
            return float(value) if tag == _FLOAT else value
        # Unknown and language-specific tags (!!python/object...) are ignored,
        # as go-yaml does: the scalar stays a string, nothing is constructed.
        return text

    def _key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise self.fail("a mapping key must be a scalar (Helm's JSON conversion refuses it)", node)
        if node.tag == _PLAIN:
            kind, plain = resolve_plain(node.value)
            if kind == "float" and not math.isfinite(plain):
                return _go_float_key(plain)  # `.inf: x` is fine as a key
        value = self._scalar(node)
        if value is None:
            raise self.fail("a mapping key is null (Helm's JSON conversion refuses it)", node)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int) and value > _INT64[1]:
            raise self.fail("a mapping key above 2^63-1 is an unsigned number Helm's JSON conversion refuses", node)
        if isinstance(value, float):
            return _go_float_key(value)
        return str(value)

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        explicit: dict[str, Position] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag in (_PLAIN, _MERGE) and key_node.value == "<<":
                self._merge(result, value_node, path)
                continue
            key = self._key(key_node)
            key_pos = _position(key_node.start_mark)
            child = path + (key,)
            if key in explicit:
                # Positions under the first occurrence may linger; nothing
                # looks them up once the later value has replaced it.
                self.duplicates.append(Duplicate(child, explicit[key], key_pos))
            explicit[key] = key_pos
            self.keys_at[child] = key_pos
            result[key] = self._value(value_node, child)
        return result

    def _merge(self, result: dict[str, Any], node: Node, path: Path) -> None:
        # go-yaml v2 applies a merge where it stands: it overrides keys set
        # before it, and a list of maps is applied last-to-first so the first
        # map wins.
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in reversed(sources):
            if not isinstance(source, MappingNode):
                raise self.fail("a merge key (<<) needs a mapping or a list of mappings", source)
            # Each merge rebuilds its mapping: merges of merges of empty maps
            # hold no values yet cost exponential work, so they count too.
            self.count += 1
            if self.count > self.limits.max_values:
                raise self.fail(
                    f"more than {self.limits.max_values} values (after expanding aliases and merges); "
                    "raise the limit with --max-values if this is intended",
                    source,
                )
            ident = id(source)
            if ident in self._active:
                raise self.fail("a merge key (<<) merges the mapping that contains it (recursive alias)", source)
            self._active.add(ident)
            try:
                merged = self._mapping(source, path)
            finally:
                self._active.discard(ident)
            result.update(merged)
