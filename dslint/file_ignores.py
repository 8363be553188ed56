"""`per-file-ignores`, compiled once per run: which codes a file's findings drop.

The config is input a pull request can write: 45,000 patterns and a file with
3,000 findings made the old check (every pattern, through fnmatch, for every
finding) run for more than ten minutes (issue 12).  Here the patterns that
name a code are joined into one regular expression per code, compiled once,
and each file's answer is remembered: a finding costs a dictionary look-up.
"""

from __future__ import annotations

import fnmatch
import os
import re
from re import Pattern


class FileIgnores:
    __slots__ = ("_by_code", "_by_file", "_patterns")

    def __init__(self, patterns: dict[str, tuple[str, ...]]) -> None:
        self._patterns = patterns
        self._by_code: list[tuple[str, Pattern[str]]] | None = None  # compiled on first use
        self._by_file: dict[str, tuple[str, ...]] = {}

    def ignored(self, code: str, file_name: str) -> bool:
        if not self._patterns:
            return False
        codes = self._by_file.get(file_name)
        if codes is None:
            codes = self._by_file[file_name] = self._codes_for(file_name)
        return any(code.startswith(c) for c in codes)

    def _codes_for(self, file_name: str) -> tuple[str, ...]:
        if self._by_code is None:
            self._by_code = _compile(self._patterns)
        base = os.path.basename(file_name)
        return tuple(code for code, regex in self._by_code if regex.match(file_name) or regex.match(base))


def _compile(patterns: dict[str, tuple[str, ...]]) -> list[tuple[str, Pattern[str]]]:
    by_code: dict[str, list[str]] = {}
    for pattern, codes in patterns.items():
        translated = fnmatch.translate(pattern)
        for code in dict.fromkeys(codes):
            by_code.setdefault(code, []).append(translated)
    return [(code, re.compile("|".join(f"(?:{t})" for t in translated))) for code, translated in by_code.items()]
