"""Reading a values file (or stdin) into text, refusing what is not YAML text."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from typing import Any

from dslint.load.errors import InputError
from dslint.load.yaml_tree import DEFAULT_LIMITS, Limits, Position, YamlTree, parse_yaml

STDIN = "-"
STDIN_NAME = "<stdin>"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class ValuesFile:
    """One values file as read: its name as the user gave it, text and parse."""

    __slots__ = ("name", "text", "tree")

    def __init__(self, name: str, text: str, tree: YamlTree) -> None:
        self.name = name
        self.text = text
        self.tree = tree

    def __repr__(self) -> str:
        return f"ValuesFile({self.name!r})"

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.tree.data
        return data


def read_bytes(path: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str, bytes]:
    """The display name and raw bytes of a path, or of stdin for `-`."""
    if path == STDIN:
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
        name = STDIN_NAME
    else:
        name = path
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise InputError("no such file", name) from None
        except NotADirectoryError:
            raise InputError("no such file (a parent is not a directory)", name) from None
        except PermissionError:
            raise InputError("permission denied", name) from None
        except OSError as err:
            raise InputError(err.strerror or "cannot read the file", name) from None
        except ValueError:  # a NUL byte: no file can have that name (`--set-file a=` + "\0" in-process)
            raise InputError("not a file name (it holds a NUL byte)", name) from None
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory, not a values file", name)
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISFIFO(info.st_mode) and not stat.S_ISCHR(info.st_mode):
            raise InputError("is not a regular file", name)
        if stat.S_ISREG(info.st_mode) and info.st_size > limits.max_bytes:
            raise InputError(_too_big(limits), name)
        try:
            with open(path, "rb") as handle:
                data = handle.read(limits.max_bytes + 1)
        except PermissionError:
            raise InputError("permission denied", name) from None
        except OSError as err:
            raise InputError(err.strerror or "cannot read the file", name) from None
    if len(data) > limits.max_bytes:
        raise InputError(_too_big(limits), name)
    return name, data


def _too_big(limits: Limits) -> str:
    size = limits.max_bytes
    # --max-file-size takes bytes: "larger than 0 MiB" would hide a small limit.
    shown = f"{size // (1024 * 1024)} MiB" if size % (1024 * 1024) == 0 else f"{size} bytes"
    return f"larger than {shown}; raise the limit with --max-file-size if this is intended"


def decode(data: bytes, name: str) -> str:
    """Bytes -> text: UTF-8, or UTF-16/32 with a byte-order mark, as YAML allows."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(f"not valid {encoding.upper()} text", name) from err
    if b"\x00" in data:
        line, column = _line_col(data, data.index(b"\x00"))
        raise InputError("binary file (contains NUL bytes), not YAML", name, line, column)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _line_col(data, err.start)
        raise InputError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8", name, line, column
        ) from None


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


# What a top-level document that is not a mapping holds, in the user's words (`12` is "a number").
_KINDS = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false"}


def load_values_file(path: str, limits: Limits = DEFAULT_LIMITS) -> ValuesFile:
    """Read and parse one values file; `InputError` for anything unusable."""
    name, data = read_bytes(path, limits)
    text = decode(data, name)
    if not text.strip():
        raise InputError("file is empty (Helm would read no values from it)", name)
    tree = parse_yaml(text, name, limits)
    if tree.data is None:
        # Only comments (or an explicit null): no values, which is fine.
        tree.data = {}
        tree.values_at[()] = Position(1, 1)
    elif not isinstance(tree.data, dict):
        kind = _KINDS.get(type(tree.data), "a single value")
        pos = tree.values_at.get((), Position(1, 1))
        raise InputError(f"values must be a mapping at the top level, not {kind}", name, pos.line, pos.column)
    return ValuesFile(name, text, tree)
