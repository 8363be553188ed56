"""Deferred work for start-up speed.

`dslint check` in a pre-commit hook should cost little more than starting
Python; compiling dozens of regular expressions at import time costs more
than checking a values file does.  A `LazyPattern` compiles on first use.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any


class LazyPattern:
    """A regular expression compiled the first time it is used; otherwise a `re.Pattern`."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> str:
        """The source text, without compiling (to build other patterns from it)."""
        return self._source

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    # The methods dslint uses, typed as `re.Pattern[str]`'s.
    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled.split(string, maxsplit)

    def __getattr__(self, name: str) -> Any:
        # match, search, fullmatch, sub, finditer, pattern...: the compiled pattern's.
        return getattr(self.compiled, name)


@contextlib.contextmanager
def deferred_compile(source: str, flags: int = 0) -> Iterator[None]:
    """While inside, `re.compile(source, flags)` returns a `LazyPattern` instead of compiling.

    For a library that compiles, at import, a pattern dslint never uses (see
    `load/yaml_tree.py`).  It seeds the `re` module's cache of compiled
    patterns, which `re.compile` consults before compiling (CPython 3.8 to
    3.14), and takes the seed out again on the way out: only that one pattern,
    only during the block.  Where the cache works otherwise the pattern is
    simply compiled as before; nothing depends on the saving.
    """
    cache = getattr(re, "_cache", None)
    key = (str, source, flags)
    seeded = isinstance(cache, dict) and key not in cache
    if seeded:
        cache[key] = LazyPattern(source, flags)  # type: ignore[index]
    try:
        yield
    finally:
        if seeded:
            cache.pop(key, None)  # type: ignore[union-attr]
