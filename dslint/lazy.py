"""Deferred work for start-up speed.

`dslint check` in a pre-commit hook should cost little more than starting
Python; compiling dozens of regular expressions at import time costs more
than checking a values file does.  A `LazyPattern` compiles on first use.
"""

from __future__ import annotations

import re
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

    def __getattr__(self, name: str) -> Any:
        # match, search, fullmatch, sub, finditer, pattern...: the compiled pattern's.
        return getattr(self.compiled, name)
