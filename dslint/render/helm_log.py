"""Helm's own log lines, kept for dslint's report instead of reaching the terminal raw.

Helm's Go SDK logs with Go's default logger, straight to file descriptor 2,
outside every `--format` (and past dslint's escaping and redaction): loading a
chart with a symbolic link prints `INFO found symbolic link in path ...`.
While Helm loads and renders, descriptor 2 points at a temporary file; its
lines become notes of the report, which prints them like its own.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterator
from typing import IO

_MAX_LOG = 64 * 1024
_LOCK = threading.Lock()
_ACTIVE: list[tuple[int, IO[bytes]]] = []  # [(saved descriptor 2, temporary file)] while a capture runs
# Go's log prefix: "2026/12/04 16:48:18 " (the time would make every run's notes differ).
_TIMESTAMP = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d(\.\d+)? ")


@contextlib.contextmanager
def captured() -> Iterator[list[str]]:
    """Descriptor 2 into a temporary file for the body; the list gets Helm's lines at the end."""
    lines: list[str] = []
    token = _start()
    if token is None:
        yield lines  # a capture is running already (or cannot start): leave it be
        return
    try:
        yield lines
    finally:
        lines.extend(_stop(token))


def abandon() -> None:
    """Give descriptor 2 back now: the Helm call that captured it was stopped, not finished."""
    with _LOCK:
        token = _ACTIVE[0] if _ACTIVE else None
    if token is not None:
        _stop(token)


def _start() -> tuple[int, IO[bytes]] | None:
    import tempfile

    with _LOCK:
        if _ACTIVE:
            return None
        try:
            saved = os.dup(2)
        except OSError:
            return None
        log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _stop, after the capture)
        os.dup2(log.fileno(), 2)
        token = (saved, log)
        _ACTIVE.append(token)
        return token


def _stop(token: tuple[int, IO[bytes]]) -> list[str]:
    with _LOCK:
        if not _ACTIVE or _ACTIVE[0] is not token:
            return []  # already given back (abandoned)
        saved, log = _ACTIVE.pop()
        os.dup2(saved, 2)
        os.close(saved)
    with log:
        log.seek(0)
        text = log.read(_MAX_LOG).decode("utf-8", "replace")
    return [_TIMESTAMP.sub("", line).strip() for line in text.splitlines() if line.strip()]
