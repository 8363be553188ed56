"""Helm's work, within the time and memory the chart limits allow.

Helm's Go SDK runs inside dslint's process and cannot be cancelled: a render
of `worker.replicaCount=150000` ran 108 s and took 3.8 GB, and an `oci://`
pull from a registry that never answers held the main thread (and with it
Ctrl-C) for a minute.  So Helm works in a thread while the main thread
watches the clock and dslint's resident memory, a few times a tenth of a
second; past `--timeout` or `--max-render-memory` dslint stops waiting and
reports it, and the abandoned work ends with the process.  The main thread
only ever waits with a timeout, so signals are handled at once.

A helm binary is a process of its own: it is killed instead.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any

from dslint.load.errors import InputError
from dslint.render import helm_log
from dslint.render.limits import GROWTH_HINT, ChartLimits, flag, too_big

_POLL_SECONDS = 0.02


class Stopped(InputError):
    """Helm's work went past a limit and was stopped (or abandoned)."""


def resident_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process, now (Linux), or this process's peak elsewhere."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as stream:
            return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        if pid != "self":
            return 0
        import resource
        import sys

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def timed_out(what: str, limits: ChartLimits, source: str) -> Stopped:
    return Stopped(f"{what} did not finish within {limits.timeout:g} s and was stopped (raise it with "
                   f"{flag('timeout')}; {GROWTH_HINT})", source)


def out_of_memory(what: str, used: int, limits: ChartLimits, source: str) -> Stopped:
    error = too_big(f"dslint's memory while {what} ran", used, limits.max_render_memory, "max_render_memory", source)
    return Stopped(error.message + "; it was stopped", source)


# Helm calls abandoned at a limit: they run on in their threads, and Python's normal exit waits
# for Helm's Go runtime (a render stopped at its memory limit held the exit for 15 s, while its
# memory grew to 4 GB), so the command line ends the process at once instead.
_ABANDONED: list[str] = []


def exit_if_abandoned(code: object) -> None:
    """End the process now with `code` (sys.exit's) when Helm work was abandoned; else return."""
    if not _ABANDONED:
        return
    import contextlib
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))


class BoundedCall:
    """`function(*args)` running in a thread from now; `result()` waits for it within the limits."""

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...], limits: ChartLimits, what: str,
                 source: str) -> None:
        self._outcome: tuple[Any, BaseException | None] = (None, None)
        self._limits = limits
        self._what = what
        self._source = source
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, args=(function, args), name="dslint-helm", daemon=True)
        self._thread.start()

    def _run(self, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            self._outcome = (function(*args), None)
        except BaseException as err:  # noqa: BLE001 (handed to the waiting thread, which re-raises it)
            self._outcome = (None, err)

    def result(self) -> Any:
        """What the function returned, or what it raised, raised here; `Stopped` past a limit."""
        deadline = self._started + self._limits.timeout
        try:
            while self._thread.is_alive():
                self._thread.join(_POLL_SECONDS)
                if not self._thread.is_alive():
                    break
                used = resident_bytes()
                if used > self._limits.max_render_memory:
                    raise out_of_memory(self._what, used, self._limits, self._source)
                if time.monotonic() > deadline:
                    raise timed_out(self._what, self._limits, self._source)
        except BaseException:  # a limit, or Ctrl-C / SIGTERM while Helm works: stop waiting for it
            self._abandon()
            raise
        value, error = self._outcome
        if error is not None:
            raise error
        return value

    def _abandon(self) -> None:
        helm_log.abandon()
        _ABANDONED.append(self._what)


def run_process(argv: list[str], limits: ChartLimits, what: str, source: str,
                max_output: int | None = None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of a helm binary, killed past the time, memory or output limit."""
    import subprocess
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        deadline = time.monotonic() + limits.timeout
        try:
            while True:
                try:
                    process.wait(_POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if max_output is not None and os.fstat(out.fileno()).st_size > max_output:
                    raise too_big(f"what {what} printed", None, max_output, "max_render_size", source)
                used = resident_bytes(process.pid)
                if used > limits.max_render_memory:
                    raise out_of_memory(what, used, limits, source)
                if time.monotonic() > deadline:
                    raise timed_out(what, limits, source)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        size = os.fstat(out.fileno()).st_size
        if max_output is not None and size > max_output:
            raise too_big(f"what {what} printed", size, max_output, "max_render_size", source)
        out.seek(0)
        err.seek(0)
        return (process.returncode, out.read().decode("utf-8", "replace"),
                err.read(64 * 1024).decode("utf-8", "replace"))
