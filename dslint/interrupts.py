"""Ctrl-C and SIGTERM: the first one stops dslint, later ones cannot break the clean-up.

The first SIGINT or SIGTERM raises (`KeyboardInterrupt`, `Terminated`), so the
stack unwinds and every half-written output is removed on the way out.  From
then on dslint is exiting, and both signals are ignored: a second Ctrl-C, or
a CI runner repeating its SIGTERM, used to land in the middle of that
clean-up and leave a traceback and a staging directory of partial files.
What the clean-up does is bounded (it removes files dslint wrote), so
ignoring them cannot keep dslint alive; SIGKILL still ends it at once.

`deferred()` guards steps that must not be cut in half even by the *first*
signal (removing a staging directory, swapping a directory in): a signal
arriving inside is acted on when the block ends.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from types import FrameType

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI runner cancelling the job): unwinds like Ctrl-C, so half-written outputs are removed."""


_installed = False
_exiting = False
_deferring = 0
_pending: int | None = None


def install() -> Callable[[], None]:
    """Take over SIGINT and SIGTERM where they have their default effect; returns the undo.

    A signal the caller chose to ignore (or handles itself) is left alone, as
    is every signal outside the main thread, where handlers cannot be set.
    """
    import threading

    global _installed, _exiting, _pending
    if _installed or threading.current_thread() is not threading.main_thread():
        return lambda: None
    defaults = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
    previous = {signum: signal.getsignal(signum) for signum in _SIGNALS}
    taken = [signum for signum in _SIGNALS if previous[signum] == defaults[signum]]
    if not taken:
        return lambda: None
    _installed, _exiting, _pending = True, False, None
    for signum in taken:
        signal.signal(signum, _on_signal)

    def undo() -> None:
        global _installed
        _installed = False
        if _exiting:
            # The process is exiting because of a signal: a later one must not
            # interrupt what is left of the exit (the message, the interpreter's shutdown).
            return
        for signum in taken:
            signal.signal(signum, previous[signum])

    return undo


def exiting() -> bool:
    """Whether a signal has told dslint to stop."""
    return _exiting


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _exiting, _pending
    if _exiting:
        return
    if _deferring:
        _pending = signum
        return
    _stop(signum)


def _stop(signum: int) -> None:
    global _exiting
    _exiting = True
    for other in _SIGNALS:
        if signal.getsignal(other) is _on_signal:
            signal.signal(other, signal.SIG_IGN)
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Run the block whole: a first signal arriving inside stops dslint when the block ends."""
    global _deferring, _pending
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
        if not _deferring and _pending is not None and not _exiting:
            signum, _pending = _pending, None
            _stop(signum)
