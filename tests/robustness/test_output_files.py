"""Files dslint writes: `render -o` (a file or a directory) and `check -o`.

They never follow a symbolic link out of the output, never write outside it,
are replaced atomically, and survive any failure -- an interrupt (Ctrl-C, or
a CI runner's SIGTERM) in the middle of the write, a full disk -- with the
previous output intact and no temporary files left behind.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from robust_support import ROOT, assert_survived, run_check

CHART = ROOT / "tests" / "render" / "fixture-chart"
CLEAN = "config:\n  existingSSHKeySecret: deepspeed-ssh\n"
CHANGED = CLEAN + "worker:\n  replicaCount: 5\n"


def tree(directory: Path) -> dict[str, bytes]:
    """Every entry under `directory`: file bytes, or the target of a symbolic link."""
    out = {}
    for path in sorted(directory.rglob("*")):
        name = str(path.relative_to(directory))
        if path.is_symlink():
            out[name] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            out[name] = path.read_bytes()
    return out


@pytest.fixture
def helm():
    return pytest.importorskip("helm_python")


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "values.yaml").write_text(CLEAN)
    return tmp_path


def render(*args: str, values: str = "values.yaml"):
    """`dslint render` in-process; its findings go to stderr, so only crashes are checked here."""
    run = run_check("--chart", str(CHART), values, *args, command="render")
    assert run.exit_code in (0, 1, 2), run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    return run


# --- symbolic links and names ------------------------------------------------------------

def test_an_output_file_that_is_a_link_is_replaced_not_followed(helm, work):
    outside = work / "outside"
    outside.mkdir()
    (outside / "precious.yaml").write_text("precious\n")
    (work / "out.yaml").symlink_to(outside / "precious.yaml")
    run = render("-o", "out.yaml")
    assert run.exit_code == 0, run.stderr
    assert (outside / "precious.yaml").read_text() == "precious\n"
    assert not (work / "out.yaml").is_symlink() and "kind: StatefulSet" in (work / "out.yaml").read_text()


def test_check_report_that_is_a_link_is_replaced_not_followed(work):
    (work / "precious.txt").write_text("precious\n")
    (work / "report.json").symlink_to(work / "precious.txt")
    run = assert_survived(run_check("values.yaml", "--format", "json", "-o", "report.json"))
    assert run.exit_code in (0, 1)
    assert (work / "precious.txt").read_text() == "precious\n"
    assert not (work / "report.json").is_symlink()


@pytest.mark.parametrize("trap", ["file-link", "dir-link", "dir"])
def test_links_inside_an_output_directory_are_never_followed(helm, work, trap):
    assert render("-o", "out").exit_code == 0
    outside = work / "outside"
    outside.mkdir()
    (outside / "precious.yaml").write_text("precious\n")
    name = next(p.name for p in (work / "out").iterdir())
    target = work / "out" / name
    target.unlink()
    if trap == "file-link":
        target.symlink_to(outside / "precious.yaml")
    elif trap == "dir-link":
        (work / "out" / "sub").symlink_to(outside)
    else:
        (work / "out" / "sub").mkdir()
    before = tree(work)
    (work / "values.yaml").write_text(CHANGED)
    run = render("-o", "out")
    assert run.exit_code == 2 and "did not write" in run.stderr
    assert tree(work) == {**before, "values.yaml": CHANGED.encode()}


def test_names_from_values_never_leave_the_output_directory(helm, work):
    refused = render("--release-name", "../up", "-o", "out")
    assert refused.exit_code in (1, 2) and not (work / "out").exists()
    before = tree(work)
    run = render("--set", "fullnameOverride=../../../evil/x", "--fail-on", "never", "-o", "out")
    assert run.exit_code in (0, 1), run.stderr
    after = tree(work)
    outside = {name for name in after if not name.startswith("out/")} - set(before)
    assert not outside, outside
    assert all("/" not in name[len("out/"):] for name in after if name.startswith("out/"))
    assert len([n for n in after if n.startswith("out/")]) >= 3


# --- interrupted mid-write: the previous output stays, nothing is left behind ------------------------

PAUSE = textwrap.dedent('''
    import os, time
    _marker = os.environ.get("DSLINT_PAUSE_MARKER")
    if _marker:
        _fsync = os.fsync
        def fsync(fd):
            # The first fsync of an output file: the bytes are written, the rename is not done.
            if not os.path.exists(_marker):
                open(_marker, "w").close()
                time.sleep(60)
            return _fsync(fd)
        os.fsync = fsync
''')


# The removal of a staging directory takes a while (a big render: thousands of files).
SLOW_CLEANUP = textwrap.dedent('''
    import os, shutil, time
    _cleanup_marker = os.environ.get("DSLINT_CLEANUP_MARKER")
    if _cleanup_marker:
        _rmtree = shutil.rmtree
        def rmtree(path, *args, **kwargs):
            if ".dslint-" in os.path.basename(str(path)) and not os.path.exists(_cleanup_marker):
                open(_cleanup_marker, "w").close()
                time.sleep(1.5)
            return _rmtree(path, *args, **kwargs)
        shutil.rmtree = rmtree
''')


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".dslint-" in p.name)


def _interrupt(work: Path, args: list[str], signum: int, then=None) -> subprocess.CompletedProcess:
    """Run dslint, send `signum` once the bytes are half written; `then(proc, work)` may send more."""
    hooks = work / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(PAUSE + SLOW_CLEANUP)
    marker = work / "paused"
    path = os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, "DSLINT_PAUSE_MARKER": str(marker)}
    if then is not None:
        env["DSLINT_CLEANUP_MARKER"] = str(work / "cleaning")
    proc = subprocess.Popen([sys.executable, "-m", "dslint.cli", *args], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_default_signals)
    _wait_for(marker, proc, "dslint never reached the write")
    proc.send_signal(signum)
    if then is not None:
        then(proc, work)
    stdout, stderr = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(args, proc.returncode, stdout, stderr)


def _default_signals() -> None:
    # A test run started in the background inherits an ignored SIGINT, which
    # Python keeps ignored: dslint must meet Ctrl-C as it does in a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _wait_for(marker: Path, proc: subprocess.Popen, failure: str) -> None:
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, failure
        time.sleep(0.02)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("output", ["out.yaml", "out"])
def test_render_interrupted_mid_write_keeps_the_previous_output(helm, work, output, signum):
    assert render("-o", output).exit_code == 0
    before = tree(work)
    (work / "values.yaml").write_text(CHANGED)
    done = _interrupt(work, ["render", "--isolated", "--chart", str(CHART), "values.yaml", "-o", output], signum)
    assert done.returncode == 128 + signum, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    word = "interrupted" if signum == signal.SIGINT else "terminated"
    assert done.stderr.strip().splitlines()[-1] == f"dslint: {word}"
    after = tree(work)
    for name in ("hooks/sitecustomize.py", "paused", "values.yaml"):
        after.pop(name, None)
    before.pop("values.yaml")
    assert after == before
    assert _leftovers(work) == [] and (not (work / "out").is_dir() or _leftovers(work / "out") == [])


def _again_during_cleanup(signum: int):
    """The second and third signal while the staging directory is being removed."""
    def send(proc, work):
        _wait_for(work / "cleaning", proc, "dslint never removed its staging directory")
        for _ in range(2):
            proc.send_signal(signum)
            time.sleep(0.2)
    return send


def _again_until_it_exits(signum: int):
    """A signal every few milliseconds until dslint is gone: one lands in every step of the exit."""
    def send(proc, work):
        deadline = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < deadline:
            proc.send_signal(signum)
            time.sleep(0.003)
    return send


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("output, again", [
    ("out", _again_during_cleanup),
    ("out", _again_until_it_exits),
    ("out.yaml", _again_until_it_exits),
], ids=["dir-cleanup", "dir-burst", "file-burst"])
def test_render_signalled_again_while_cleaning_up(helm, work, output, again, signum):
    """A second (and third) Ctrl-C or SIGTERM: no traceback, no staging directory, the old output intact."""
    assert render("-o", output).exit_code == 0
    before = tree(work)
    (work / "values.yaml").write_text(CHANGED)
    done = _interrupt(work, ["render", "--isolated", "--chart", str(CHART), "values.yaml", "-o", output], signum,
                      then=again(signum))
    assert done.returncode == 128 + signum, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    word = "interrupted" if signum == signal.SIGINT else "terminated"
    assert done.stderr.strip().splitlines()[-1] == f"dslint: {word}", done.stderr
    after = tree(work)
    for name in ("hooks/sitecustomize.py", "paused", "cleaning", "values.yaml"):
        after.pop(name, None)
    before.pop("values.yaml")
    assert after == before
    assert _leftovers(work) == [] and (not (work / "out").is_dir() or _leftovers(work / "out") == [])


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_check_report_interrupted_mid_write_keeps_the_previous_report(work, signum):
    assert run_check("values.yaml", "--format", "sarif", "-o", "report.sarif").exit_code in (0, 1)
    previous = (work / "report.sarif").read_bytes()
    (work / "values.yaml").write_text(CHANGED + "client:\n  useJobs: true\n")
    done = _interrupt(work, ["check", "--isolated", "values.yaml", "--format", "sarif", "-o", "report.sarif"], signum)
    assert done.returncode == 128 + signum, (done.returncode, done.stderr)
    assert (work / "report.sarif").read_bytes() == previous
    assert _leftovers(work) == []


# --- a full disk ------------------------------------------------------------------------------

def _small_disk():
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG, as on a full disk


@pytest.mark.parametrize("command", ["render-file", "render-dir", "check"])
def test_a_failed_write_keeps_the_previous_output(work, command):
    if command.startswith("render"):
        pytest.importorskip("helm_python")
    args = {
        "render-file": ["render", "--isolated", "--chart", str(CHART), "values.yaml", "-o", "out.yaml"],
        "render-dir": ["render", "--isolated", "--chart", str(CHART), "values.yaml", "-o", "out"],
        "check": ["check", "--isolated", "values.yaml", "--format", "sarif", "-o", "report.sarif"],
    }[command]
    first = subprocess.run([sys.executable, "-m", "dslint.cli", *args], cwd=work, capture_output=True, text=True)
    assert first.returncode in (0, 1), first.stderr
    before = tree(work)
    (work / "values.yaml").write_text(CHANGED + "  podLabels: {" + ", ".join(f"l{i}: v" for i in range(300)) + "}\n")
    done = subprocess.run([sys.executable, "-m", "dslint.cli", *args], cwd=work, capture_output=True, text=True,
                          preexec_fn=_small_disk, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    errors = [line for line in done.stderr.splitlines() if line.startswith("dslint: ")]
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert any("too large" in line.lower() for line in errors), done.stderr
    after = tree(work)
    after.pop("values.yaml")
    before.pop("values.yaml")
    assert after == before
    assert _leftovers(work) == []


def test_a_signal_inside_a_deferred_step_stops_dslint_when_the_step_ends():
    """The unit under the signal tests above: deferral, then every later signal ignored."""
    from dslint import interrupts

    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    undo = interrupts.install()
    steps = []
    try:
        with pytest.raises(interrupts.Terminated):
            with interrupts.deferred():
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.05)  # the handler runs here, and must not raise yet
                steps.append("finished")
        assert steps == ["finished"] and interrupts.exiting()
        os.kill(os.getpid(), signal.SIGINT)  # dslint is exiting: ignored
        time.sleep(0.05)
        undo()
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN  # the exit itself cannot be interrupted
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
