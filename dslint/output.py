"""Writing files so that a failure never leaves a half-written one behind."""

from __future__ import annotations

import os
import tempfile


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str, text: str | bytes, mode: int | None = None) -> None:
    """Write `text` (or bytes as they are) to `path` via a temporary file in the same directory and a rename.

    `mode`: the permissions to give the file (a fixed values file keeps its own).
    """
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".dslint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            stream.flush()
            # mkstemp makes the file private (0600); a report is an ordinary file.
            os.fchmod(stream.fileno(), 0o666 & ~_umask() if mode is None else mode)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
