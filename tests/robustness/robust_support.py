"""What every robustness test asserts about a run, and how it runs dslint.

The invariant (issue 7): whatever the input, `dslint` exits 0, 1 or 2 with
findings or one-line errors — never a traceback, never an internal error,
never a hang.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

# One invocation may take this long before it counts as a hang.
HANG_SECONDS = 20


class Hang(AssertionError):
    pass


@contextlib.contextmanager
def time_limit(seconds: float = HANG_SECONDS):
    """Fail (not wait forever) when the body runs longer than `seconds`."""

    def expire(signum, frame):
        raise Hang(f"dslint ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# With -o FILE the summary line goes to stderr.
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?(, \d+ info)?( in (\d+ checks? of )?\d+ files?)?(; \d+ inputs? could not be read)?(; chart \S+ \([^)]*\))*(; config: .+)?$")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def run_check(*args: str, input: str | bytes | None = None, command: str = "check") -> Run:
    """`dslint check --isolated ARGS` in-process, exceptions propagating (a traceback fails the test)."""
    from dslint.cli import main

    runner = CliRunner()
    try:
        with time_limit(), fresh_stack():
            result = runner.invoke(main, [command, "--isolated", *map(str, args)], input=input, catch_exceptions=False)
    finally:
        _forget_click_streams()
    return Run(result.exit_code, result.stdout, result.stderr)


def _forget_click_streams() -> None:
    """Let the streams of a finished CliRunner invocation go.

    click caches a wrapper per sys.stdout/sys.stderr in a WeakKeyDictionary
    whose values keep their keys alive; with a new stream per invocation, a
    long Hypothesis run kept every output it ever produced (2.6 GB in 20
    minutes).  A real dslint process has one stdout and never notices.
    """
    from weakref import WeakKeyDictionary

    from click import _compat

    for name in ("_default_text_stdin", "_default_text_stdout", "_default_text_stderr"):
        for cell in getattr(getattr(_compat, name, None), "__closure__", None) or ():
            if isinstance(cell.cell_contents, WeakKeyDictionary):
                cell.cell_contents.clear()


@contextlib.contextmanager
def fresh_stack():
    """Python's recursion limit as a fresh `dslint` process has it (1000 frames from here).

    Hypothesis raises the limit while it runs a test, which would hide a
    RecursionError that users meet.
    """
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def assert_survived(run: Run) -> Run:
    """Exit 0/1/2, findings on stdout, and on stderr only one-line `dslint: error:` messages."""
    context = f"exit {run.exit_code}\nstdout:\n{run.stdout[-2000:]}\nstderr:\n{run.stderr[-2000:]}"
    assert run.exit_code in (0, 1, 2), context
    everything = run.stdout + run.stderr
    assert "Traceback" not in everything, context
    assert "internal error" not in run.stderr, context
    lines = [line for line in run.error_lines() if not SUMMARY.match(line)]
    for line in lines:
        assert line.startswith("dslint: error: "), context
    if run.exit_code == 2:
        assert lines, context
    else:
        assert not lines, context
    return run


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")



def assert_clean_output(run: Run, output_format: str) -> Run:
    """Nothing from the input can start a CI workflow command, move the cursor or split a finding."""
    for stream in (run.stdout, run.stderr):
        assert not _CONTROL.search(stream), repr(_CONTROL.search(stream))
    lines = run.stdout.splitlines()
    for number, line in enumerate(lines, 1):
        if output_format == "github":
            # Annotations, then dslint's own summary line (its words, never the input's).
            summary = number == len(lines) and SUMMARY.match(line)
            assert summary or line.startswith(("::error ", "::warning ", "::notice ")), line
        else:
            assert not line.lstrip().startswith("::"), line
    for line in run.stderr.splitlines():
        assert not line.lstrip().startswith("::"), line
    return run


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    return path


# --- subprocess runs: memory measured, not assumed -----------------------------------

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Measured:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


_MEASURE = r"""
import resource, subprocess, sys, time, json
start = time.monotonic()
proc = subprocess.run(sys.argv[1:], capture_output=True)
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"rc": proc.returncode, "out": proc.stdout.decode("utf-8", "replace"),
                  "err": proc.stderr.decode("utf-8", "replace"), "s": elapsed, "kib": peak}))
"""


def run_measured(*args: str, cwd: Path, timeout: float = 120, stdin_path: Path | None = None,
                 env: dict | None = None, command: str = "check") -> Measured:
    """`python -m dslint.cli COMMAND --isolated ARGS` in a fresh process; its peak RSS via RUSAGE_CHILDREN.

    A wrapper process runs dslint so that ru_maxrss of *its* children is the
    dslint process alone, not every process the test session ever started.
    """
    import json

    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "dslint.cli", command, "--isolated", *args]
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, timeout=timeout, stdin=stdin,
                              env={**os.environ, **(env or {})})
    finally:
        if stdin_path:
            stdin.close()
    report = json.loads(done.stdout)
    return Measured(report["rc"], report["out"], report["err"], report["s"], report["kib"] / 1024)


def baseline_mib(cwd: Path) -> float:
    """Peak RSS of checking a tiny values file: what Python and dslint cost before any input."""
    (cwd / "tiny.yaml").write_text("worker:\n  replicaCount: 2\n")
    return run_measured("tiny.yaml", cwd=cwd).peak_mib



def one_error(run: Measured, *fragments: str) -> str:
    """Exit 2 with exactly one `dslint: error:` line holding every fragment; that line."""
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.exit_code == 2, run
    assert len(lines) == 1 and lines[0].startswith("dslint: error: "), run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def bounded(run: Measured, baseline: float, *, extra_mib: float, seconds: float) -> None:
    """Peak memory within `extra_mib` of the baseline, and time under `seconds`."""
    # Shown with `pytest -s`: the numbers docs/guarantees.md quotes.
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB (baseline {baseline:.0f} MiB)", end="")
    assert run.peak_mib < baseline + extra_mib, f"peak {run.peak_mib:.0f} MiB, baseline {baseline:.0f} MiB"
    assert run.seconds < seconds, f"took {run.seconds:.1f} s"
