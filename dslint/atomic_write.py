"""Writing files so that a failure never leaves a half-written one behind, nor widens who may read it."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile

from dslint import interrupts
from dslint.load.errors import InputError

# Rendered Secrets hold keys and passwords: only their owner reads them.
PRIVATE = 0o600


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replacement_mode(path: str, *, private: bool = False) -> int:
    """The mode of a file written over `path`.

    An existing file's mode is kept (a user who made `manifests.yaml` 0600
    keeps it so); a new file, or one replacing a symbolic link, gets the
    usual 0666 less the umask.  A file holding a Secret never gets more than
    0600, whatever the old mode or the umask.  Anything else at `path` (a
    FIFO, a device, a socket) is refused: writing there could block forever
    or replace a device node when dslint runs as root.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)
                                 or stat.S_ISDIR(info.st_mode)):
        raise InputError("is not a regular file (a FIFO, a device or a socket); dslint only replaces files", path)
    # An existing file keeps its mode, never a set-id bit on a data file; a new one gets the umask's.
    mode = stat.S_IMODE(info.st_mode) & 0o777 if info is not None and stat.S_ISREG(info.st_mode) else 0o666 & ~umask()
    return mode & PRIVATE if private else mode


def write_atomic(path: str, text: str | bytes, *, private: bool = False) -> None:
    """Write `text` (or bytes as they are) to `path` via a temporary file in the same directory and a rename.

    The mode is set on the open temporary file before the rename, never by
    path afterwards: in a shared directory the path may by then be someone
    else's symbolic link.  `private`: the text holds a Secret (see `replacement_mode`).
    """
    directory = os.path.dirname(os.path.abspath(path))
    mode = replacement_mode(path, private=private)
    temporary = None
    try:
        with interrupts.deferred():  # a signal in between would leak the temporary file
            handle, temporary = tempfile.mkstemp(prefix=".dslint-", suffix=".tmp", dir=directory)
            stream = os.fdopen(handle, "wb")
        with stream:
            stream.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if temporary is not None:
            with interrupts.deferred(), contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise


def write_report(path: str, text: str, flag: str) -> None:
    """A report (`check -o`, `render --report`): a path that cannot be written is the user's to fix."""
    if os.path.isdir(path):
        raise InputError(f"is a directory; {flag} takes the report's file name", path)
    try:
        write_atomic(path, text)
    except OSError as err:
        # The temporary file's name in the error would tell the user nothing.
        raise InputError(f"cannot write the report: {err.strerror or err}", path) from None
