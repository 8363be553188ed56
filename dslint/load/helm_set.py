"""Helm's ``--set`` family of flags, parsed the way Helm itself parses them.

``helm install --set a.b=1`` does not go through YAML: Helm's ``pkg/strvals``
reads the argument with a small hand-written scanner, and its quirks decide
what the chart really receives. This module reproduces that scanner (Helm
v4.2, ``pkg/strvals/parser.go`` and ``literal_parser.go``, plus the
``--set-json '{...}'`` branch of ``pkg/cli/values/options.go``) so that dslint
lints the values Helm would render, and can say which column of which flag
put each value there.

Behaviour worth knowing, all mirrored from Helm on purpose:

* ``,`` ends an assignment, ``.`` opens a map, ``[n]`` indexes a list; a
  backslash makes the next character ordinary (``g.h\\.i=x`` sets the key
  ``"h.i"``). ``--set-literal`` has no escapes and no comma: everything after
  the first ``=`` is the value.
* ``--set`` types its values like Helm's ``typedVal``: ``true``/``false``
  (any case) are booleans, ``null`` is None, ``0`` is 0, other integers that
  fit in int64 and do not start with ``0`` are ints, everything else, floats
  included, stays a string.
* ``{a,b}`` is a list of such values; ``{}`` is a list holding one empty
  string, because Helm reads the empty text between the braces as an item.
* Once the input runs out, whatever has been built so far stands: ``a[1`` or
  ``a.`` set nothing and are *not* errors, ``a[0]`` at the very end leaves an
  empty list. Helm gets this from treating an end-of-input error, even a
  wrapped one, as normal termination.
* An empty name is skipped silently (``=x`` sets nothing), but ``a.=x`` is
  an error because the map under ``a`` stays empty.
* Writing through a value of the wrong type is an error for a map key
  (``a=1,a.b=2``) but, under a list index, the item is quietly replaced by a
  map (``a[0]=x,a[0].b=y`` gives ``[{"b": "y"}]``).
* List indexes are capped at :data:`MAX_INDEX` like Helm's, but only when a
  value is actually stored at the index, which is also Helm's order.

Where this module is stricter than Helm it says so: :data:`MAX_DEPTH` bounds
the nesting any one assignment may create (Helm bounds dotted names only, so
``a[0][0][0]...`` is unlimited there), and a failed argument leaves the target
exactly as it was (Helm leaves it half-written, but also gives up).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from dslint.lazy import LazyPattern

__all__ = [
    "FLAGS",
    "MAX_DEPTH",
    "MAX_INDEX",
    "MAX_NAME_NESTING",
    "Assignment",
    "ItemBudget",
    "Path",
    "SetSyntaxError",
    "apply_set_argument",
]

Path = tuple[str | int, ...]

#: Largest list index Helm accepts (``strvals.MaxIndex``).
MAX_INDEX = 65536
#: Most dots Helm accepts in a chain of map keys (``strvals.MaxNestedNameLevel``).
#: Dots that follow a list index do not count, as in Helm.
MAX_NAME_NESTING = 30
#: Longest path one assignment may build: our own guard (Helm has none for
#: lists), chosen far above anything a real chart uses and far below Python's
#: recursion limit.
MAX_DEPTH = 100

#: The flag names ``apply_set_argument`` understands, without the leading dashes.
FLAGS = frozenset({"set", "set-string", "set-json", "set-file", "set-literal"})

# Go's unicode.IsSpace. Helm skips these around --set-json values and trims
# them off a --set-json argument; Python's str.isspace() is a different set
# (it also takes \x1c-\x1f), so the set is spelled out.
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_GO_SPACES = frozenset(_GO_SPACE)

_KEY_STOP = frozenset("=[,.")
_LITERAL_KEY_STOP = frozenset("=[.")
_AFTER_INDEX_STOP = frozenset("[.=")
_INDEX_STOP = frozenset("]")
_VALUE_STOP = frozenset(",")
_LIST_ITEM_STOP = frozenset(",}")

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_LONE_SURROGATE = LazyPattern("[\ud800-\udfff]")


class SetSyntaxError(ValueError):
    """A --set argument Helm would refuse. `.column` is the 1-based column in the argument."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def __reduce__(self) -> tuple[Any, ...]:
        # ValueError pickles through .args, which lack the column.
        return (type(self), (self.message, self.column))


class ItemBudget:
    """How many list items `[n]` indexes may still create, across every argument of a run.

    Our own guard: in Helm ``a[65536]=x`` costs eight bytes of input and a
    list of 65,537 items, so a few hundred such assignments exhaust memory.
    """

    __slots__ = ("left", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit


class Assignment(NamedTuple):
    """One value an argument stored.

    ``path`` is where the value stands once the argument is applied (values
    that a later assignment in the same argument replaced are not reported);
    a later argument may of course replace it, exactly as in Helm.
    """

    path: Path
    column: int


def apply_set_argument(
    target: dict[str, Any],
    argument: str,
    *,
    flag: str = "set",
    read_file: Callable[[str], str] | None = None,
    budget: ItemBudget | None = None,
) -> list[Assignment]:
    """Parse one flag argument and merge it into `target` in place (Helm's ParseInto semantics).

    flag is one of "set", "set-string", "set-json", "set-file", "set-literal".
    For "set-file", read_file(path) returns the file's text (raise SetSyntaxError if read_file is None).
    Returns one Assignment per value set, in order. Raises SetSyntaxError on bad syntax.

    ``read_file`` receives the path exactly as written; Helm also reads ``-``
    as standard input and URLs through its getters, which is the reader's
    business. An ``OSError`` or ``UnicodeError`` from it becomes a
    SetSyntaxError pointing at the path. If anything goes wrong, `target` is
    left as it was. ``budget``, when given, bounds the list items that indexes
    create (a SetSyntaxError past it).
    """
    if flag not in FLAGS:
        raise ValueError(f"unknown flag {flag!r}; expected one of {', '.join(sorted(FLAGS))}")
    parser = _Parser(argument, flag, read_file)
    parser.budget = budget
    try:
        if flag == "set-json":
            trimmed = argument.strip(_GO_SPACE)
            if trimmed.startswith("{"):
                return parser.merge_json_object(target, trimmed, len(argument) - len(argument.lstrip(_GO_SPACE)))
        return parser.run(target)
    except BaseException:
        parser.rollback()
        raise


def _kind(value: Any) -> str:
    """Name a value's type the way a chart author thinks of it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "map"
    return type(value).__name__


def _parse_int64(text: str) -> int | None:
    """Go's strconv.ParseInt(text, 10, 64) (and Atoi): optional sign, ASCII digits only.

    Python's int() would also take spaces, underscores and non-ASCII digits,
    which Go refuses.
    """
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    if len(digits.lstrip("0")) > 19:  # too long for int64, and for int()'s digit limit
        return None
    value = int(text)
    return value if _INT64_MIN <= value <= _INT64_MAX else None


def _typed(text: str) -> Any:
    """Helm's typedVal for --set."""
    if len(text) in (4, 5):
        # Go's EqualFold uses Unicode simple folding, under which the long s
        # (U+017F) matches "s": Helm reads "falſe" as false.
        folded = text.lower().replace("\u017f", "s")
        if folded == "true":
            return True
        if folded == "false":
            return False
        if folded == "null":
            return None
    if text == "0":
        return 0
    # A leading zero keeps the text a string (zip codes, octal-looking
    # modes), but only the first character is checked: "-012" is -12.
    if text and text[0] != "0":
        number = _parse_int64(text)
        if number is not None:
            return number
    return text


class _BadJSONNumber(ValueError):
    pass


def _json_int(text: str) -> int:
    # Go decodes every JSON number into a float64, so integers past 2**53
    # lose precision and those past the float64 range are errors.
    if len(text.lstrip("-")) <= 15:  # below 2**53: exact either way
        return int(text)
    approx = float(text)
    if approx in (float("inf"), float("-inf")):
        raise _BadJSONNumber(f"number {text} does not fit a 64-bit float")
    return int(approx)


def _json_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _BadJSONNumber(f"number {text} does not fit a 64-bit float")
    return value


def _json_constant(text: str) -> Any:
    raise _BadJSONNumber(f"{text} is not JSON")


_JSON = json.JSONDecoder(parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant)


def _decode_json(text: str, start: int) -> tuple[Any, int]:
    """Decode the JSON value at `start` like Go's json.Decoder, returning it and where it ends.

    Like Go's decoder, the value ends where its syntax ends and whatever
    follows is left for the caller (``a=1 b=2`` sets both keys in Helm).
    """
    try:
        value, end = _JSON.raw_decode(text, start)
    except json.JSONDecodeError as err:
        raise SetSyntaxError(f"invalid JSON: {err.msg}", err.pos + 1) from None
    except _BadJSONNumber as err:
        raise SetSyntaxError(f"invalid JSON: {err}", start + 1) from None
    except RecursionError:
        # Go allows 10000 levels; Python's decoder stops near its recursion limit.
        raise SetSyntaxError("invalid JSON: nested too deeply", start + 1) from None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Python's number pattern backs off where Go's scanner commits: "1."
        # or "1e" is a number 1 plus leftovers for Python, a syntax error for
        # Go (which has already read the "." or "e" as part of the number).
        literal = text[start:end]
        following = text[end : end + 1]
        if (following == "." and not any(c in literal for c in ".eE")) or (
            following in ("e", "E") and "e" not in literal and "E" not in literal
        ):
            raise SetSyntaxError(f"invalid JSON: incomplete number {text[start : end + 1]!r}", end + 1)
    if "\\u" in text[start:end]:
        value = _replace_lone_surrogates(value)
    return value, end


def _replace_lone_surrogates(value: Any) -> Any:
    """Go turns an unpaired \\uD800-\\uDFFF escape into U+FFFD; Python keeps it."""
    fix = _LONE_SURROGATE.sub
    if isinstance(value, str):
        return fix("\ufffd", value)
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            items = list(node.items())
            node.clear()
            for key, item in items:  # rebuilt in order, so a collision keeps the last, like Go
                node[fix("\ufffd", key)] = fix("\ufffd", item) if isinstance(item, str) else item
                if isinstance(item, (dict, list)):
                    stack.append(item)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, str):
                    node[i] = fix("\ufffd", item)
                elif isinstance(item, (dict, list)):
                    stack.append(item)
    return value


# What a "{...}" list read produced.
_NOT_A_LIST = object()
_AT_END = object()


class _Parser:
    """One pass over one argument.

    The methods follow the shape of Helm's scanner so its quirks carry over:
    ``_key`` reads a name and dispatches on the character that ended it,
    ``_list_item`` handles what follows ``[n]``. Both return True when the
    input ran out in a way Helm treats as normal termination (Go signals it
    with io.EOF, possibly wrapped, and its loop stops without error); real
    errors raise SetSyntaxError.
    """

    __slots__ = ("budget", "candidates", "mode", "pos", "read_file", "recorded", "text", "undo")

    def __init__(self, text: str, flag: str, read_file: Callable[[str], str] | None) -> None:
        self.text = text
        self.pos = 0
        self.mode = flag
        self.read_file = read_file
        # (container, key or index, had the key, old value), newest last.
        self.undo: list[tuple[Any, Any, bool, Any]] = []
        # Places already in `undo`: only their first old value matters to a
        # rollback, and keeping every later one would keep every copy of a
        # list grown item by item ("a[0]=x,a[1]=x,..."), quadratic memory.
        # The containers stay alive in `undo`, so their ids are not reused.
        self.recorded: set[tuple[int, Any]] = set()
        self.candidates: list[Path] = []
        self.budget: ItemBudget | None = None

    # -- mutation, with undo -------------------------------------------------

    def _store(self, container: dict[str, Any] | list[Any], key: Any, value: Any) -> None:
        place = (id(container), key)
        if place in self.recorded:
            container[key] = value
            return
        self.recorded.add(place)
        if isinstance(container, dict):
            had = key in container
            self.undo.append((container, key, had, container[key] if had else None))
        else:
            self.undo.append((container, key, True, container[key]))
        container[key] = value

    def _set(self, data: dict[str, Any], name: str, value: Any) -> None:
        # Helm's set() drops empty names: "=x" is silently a no-op.
        if name:
            self._store(data, name, value)

    def _set_index(self, items: list[Any], index: int, value: Any, column: int) -> list[Any]:
        if index > MAX_INDEX:
            raise SetSyntaxError(f"list index {index} is above Helm's limit of {MAX_INDEX}", column)
        if len(items) <= index:
            if self.budget is not None:
                self.budget.left -= index + 1 - len(items)
                if self.budget.left < 0:
                    raise SetSyntaxError(
                        f"list index {index} takes the lists --set builds past {self.budget.limit} items; "
                        "raise the limit with --max-values if this is intended",
                        column,
                    )
            # Go grows a list by copying it; the caller stores the copy. The
            # copy matters when nothing stores it (an empty name).
            grown = list(items)
            grown.extend([None] * (index + 1 - len(grown)))
            grown[index] = value
            return grown
        self._store(items, index, value)
        return items

    def rollback(self) -> None:
        for container, key, had, old in reversed(self.undo):
            if had:
                container[key] = old
            else:
                del container[key]
        self.undo.clear()
        self.recorded.clear()

    # -- scanning ------------------------------------------------------------

    def _read_until(self, stop: frozenset[str]) -> tuple[str, str | None]:
        """Read up to a stop character (consumed); None as the stop means end of input."""
        text = self.text
        i = self.pos
        end = len(text)
        escapes = self.mode != "set-literal"
        out: list[str] = []
        while i < end:
            c = text[i]
            if c in stop:
                self.pos = i + 1
                return "".join(out), c
            if c == "\\" and escapes:
                if i + 1 == end:
                    # A lone trailing backslash vanishes and ends the input.
                    break
                out.append(text[i + 1])
                i += 2
                continue
            out.append(c)
            i += 1
        self.pos = end
        return "".join(out), None

    def _index(self) -> int | None:
        """The index after "[", or None when the input ends first (not an error in Helm)."""
        start = self.pos
        raw, stop = self._read_until(_INDEX_STOP)
        if stop is None:
            return None
        index = _parse_int64(raw)
        if index is None:
            raise SetSyntaxError(f"list index {raw!r} is not an integer", start + 1)
        return index

    def _skip_go_space(self) -> None:
        text, i = self.text, self.pos
        while i < len(text) and text[i] in _GO_SPACES:
            i += 1
        self.pos = i

    def _json_value(self) -> Any:
        """A --set-json value; blank (up to "," or the end) means null, as in Helm."""
        self._skip_go_space()
        text = self.text
        if self.pos == len(text):
            return None
        if text[self.pos] == ",":
            self.pos += 1
            return None
        value, self.pos = _decode_json(text, self.pos)
        # Helm skips blanks and one comma after the value, but anything else
        # is simply where the next name starts.
        self._skip_go_space()
        if self.pos < len(text) and text[self.pos] == ",":
            self.pos += 1
        return value

    def _convert(self, raw: str, start: int) -> Any:
        if self.mode == "set":
            return _typed(raw)
        if self.mode == "set-file":
            if self.read_file is None:
                raise SetSyntaxError("--set-file needs a file reader", start + 1)
            try:
                return self.read_file(raw)
            except (OSError, UnicodeError) as err:
                raise SetSyntaxError(f"cannot read file {raw!r}: {err}", start + 1) from err
        return raw

    def _brace_list(self) -> Any:
        """Read "{a,b}" after "=": the list, _NOT_A_LIST, or _AT_END when nothing follows."""
        text = self.text
        if self.pos == len(text):
            return _AT_END
        if text[self.pos] != "{":
            return _NOT_A_LIST
        opening = self.pos
        self.pos += 1
        items = []
        while True:
            start = self.pos
            raw, stop = self._read_until(_LIST_ITEM_STOP)
            if stop is None:
                raise SetSyntaxError("list opened with '{' is never closed with '}'", opening + 1)
            items.append(self._convert(raw, start))
            if stop == "}":
                if self.pos < len(text) and text[self.pos] == ",":
                    self.pos += 1
                return items

    def _value(self) -> tuple[Any, bool]:
        """The value after "=" in this flag's syntax, and whether it was an empty end of input."""
        if self.mode == "set-json":
            return self._json_value(), False
        if self.mode == "set-literal":
            value = self.text[self.pos :]
            self.pos = len(self.text)
            return value, False
        items = self._brace_list()
        if items is _AT_END:
            return "", True
        if items is _NOT_A_LIST:
            start = self.pos
            raw, _ = self._read_until(_VALUE_STOP)
            return self._convert(raw, start), False
        return items, False

    # -- grammar -------------------------------------------------------------

    def run(self, target: dict[str, Any]) -> list[Assignment]:
        found: list[Assignment] = []
        while True:
            start = self.pos
            self.candidates = []
            ended = self._key(target, (), 0)
            # Candidates run innermost first; the first one still reachable is
            # where the value landed (a value under "[i]." that Helm dropped
            # because the input ended is not).
            for path in self.candidates:
                if _reachable(target, path):
                    found.append(Assignment(path, start + 1))
                    break
            if ended:
                # A later assignment in the same argument may have replaced
                # an earlier one's container ("a.b=1,a=2"): report only
                # values that are still there.
                return [found_one for found_one in found if _reachable(target, found_one.path)]

    def _key(self, data: dict[str, Any], path: Path, nesting: int) -> bool:
        start = self.pos
        if len(path) >= MAX_DEPTH:
            raise SetSyntaxError(f"value nested deeper than {MAX_DEPTH} levels", start + 1)
        literal = self.mode == "set-literal"
        name, stop = self._read_until(_LITERAL_KEY_STOP if literal else _KEY_STOP)
        here = path + (name,)

        if stop is None:
            if name:
                raise SetSyntaxError(f'"{name}" has no value: "=" is missing', start + 1)
            return True

        if stop == "=":
            value, at_end = self._value()
            self._set(data, name, value)
            if name:
                self.candidates.append(here)
            return at_end

        if stop == ",":
            raise SetSyntaxError(f'"{name}" has no value before ","', start + 1)

        if stop == ".":
            nesting += 1
            if nesting > MAX_NAME_NESTING:
                raise SetSyntaxError(
                    f"names nest more than {MAX_NAME_NESTING} levels deep (Helm's limit)", self.pos
                )
            if name in data:
                inner = data[name]
                if not isinstance(inner, dict):
                    raise SetSyntaxError(f'"{name}" holds a {_kind(inner)}, not a map', start + 1)
            else:
                inner = {}
            ended = self._key(inner, here, nesting)
            if not ended and not inner:
                raise SetSyntaxError(f'nothing is set under "{name}."', start + 1)
            if inner:
                self._set(data, name, inner)
            return ended

        # stop == "["
        index_column = self.pos + 1
        index = self._index()
        if index is None:
            return True  # Helm: "a[1" at the end sets nothing, without error
        if name in data:
            items = data[name]
            if not isinstance(items, list):
                raise SetSyntaxError(f'"{name}" holds a {_kind(items)}, not a list', start + 1)
        else:
            items = []
        ended, items = self._list_item(items, index, here, nesting, index_column)
        # Helm stores the list even when the input ended after "]": "a[0]"
        # alone leaves an empty list behind.
        self._set(data, name, items)
        if ended and name:
            self.candidates.append(here)
        return ended

    def _list_item(self, items: list[Any], index: int, path: Path, nesting: int, column: int) -> tuple[bool, list[Any]]:
        if index < 0:
            raise SetSyntaxError(f"list index {index} is negative", column)
        if len(path) >= MAX_DEPTH:
            raise SetSyntaxError(f"value nested deeper than {MAX_DEPTH} levels", column)
        here = path + (index,)
        start = self.pos
        extra, stop = self._read_until(_AFTER_INDEX_STOP)
        if extra:
            raise SetSyntaxError(f"unexpected {extra!r} after list index", start + 1)
        if stop is None:
            return True, items

        if stop == "=":
            value, _ = self._value()  # an empty end of input stores "" and carries on
            items = self._set_index(items, index, value, column)
            self.candidates.append(here)
            return False, items

        if stop == "[":
            inner_column = self.pos + 1
            inner_index = self._index()
            if inner_index is None:
                return True, items
            current: list[Any] = []
            if len(items) > index and items[index] is not None:
                current = items[index]
                if not isinstance(current, list):
                    raise SetSyntaxError(
                        f"item {index} holds a {_kind(current)}, not a list", inner_column - 1
                    )
            ended, current = self._list_item(current, inner_index, here, nesting, inner_column)
            if ended:
                # Helm returns before storing the inner list.
                return True, items
            return False, self._set_index(items, index, current, column)

        # stop == ".": unlike a map key, a list item of another type is not an
        # error; Helm replaces it with an empty map (its "indices out of
        # order" case). The dot does not count towards MAX_NAME_NESTING.
        if len(items) > index:
            inner = items[index]
            if not isinstance(inner, dict):
                inner = {}
                self._store(items, index, inner)
        else:
            inner = {}
        if self._key(inner, here, nesting):
            return True, items
        self.candidates.append(here)
        return False, self._set_index(items, index, inner, column)

    # -- --set-json '{...}' ----------------------------------------------------

    def merge_json_object(self, target: dict[str, Any], trimmed: str, offset: int) -> list[Assignment]:
        """Helm's CLI takes a --set-json argument that starts with "{" as one
        JSON object and deep-merges it at the top (loader.MergeMaps): maps
        merge key by key, anything else replaces. strvals never sees it."""
        column = offset + 1
        try:
            value, end = _decode_json(trimmed, 0)
        except SetSyntaxError as err:
            raise SetSyntaxError(err.message, err.column + offset) from None
        if end != len(trimmed):
            rest = trimmed[end:]
            where = offset + end + len(rest) - len(rest.lstrip(_GO_SPACE))
            raise SetSyntaxError("unexpected text after the JSON object", where + 1)
        found: list[Assignment] = []
        # Iterative, in source order: the object may be nested far deeper
        # than a recursive merge would like.
        stack: list[tuple[dict[str, Any], Any, Path]] = [(target, iter(value.items()), ())]
        while stack:
            dest, pending, path = stack[-1]
            for key, item in pending:
                if isinstance(item, dict) and isinstance(dest.get(key), dict):
                    stack.append((dest[key], iter(item.items()), path + (key,)))
                    break
                self._store(dest, key, item)  # MergeMaps keeps even the empty key
                found.append(Assignment(path + (key,), column))
            else:
                stack.pop()
        return found


def _reachable(data: Any, path: Path) -> bool:
    for part in path:
        if isinstance(part, str):
            if not isinstance(data, dict) or part not in data:
                return False
        elif not isinstance(data, list) or part >= len(data):
            return False
        data = data[part]
    return True
