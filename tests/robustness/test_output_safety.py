"""The output location is untrusted, and what dslint writes there is no more readable than it must be.

A pull request can commit anything where `render -o` writes (FIFOs, huge
files, links, thousands of entries), and a careless `-o` can name one of
dslint's own inputs.  Rendered Secrets hold private keys: they are written
0600, and a file or folder dslint replaces keeps the mode its owner gave it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from robust_support import assert_survived, baseline_mib, run_check, run_measured
from test_output_files import CHART, CLEAN, helm, render  # noqa: F401 - helm is a fixture

# No SSH key given: the chart renders a Secret holding a generated private key.
WITH_SECRET = "worker:\n  replicaCount: 2\n"
# The header of this release's render (the fixture chart, default release and namespace), so that
# `--check` reads the planted files instead of saying the folder holds another release's render.
HEADER = "# Rendered by dslint from chart deepspeed 2.1.1, release 'release-name' in namespace 'default'.\n"
MIB = 1024 * 1024


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "values.yaml").write_text(CLEAN)
    (tmp_path / "secret.yaml").write_text(WITH_SECRET)
    return tmp_path


@pytest.fixture
def umask():
    """Set the process umask for one test (dslint runs in-process here)."""
    previous = os.umask(0o022)

    def set_to(mask: int) -> None:
        os.umask(mask)

    yield set_to
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def one_error(run, *fragments: str) -> str:
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("dslint: ")]
    assert run.exit_code == 2 and len(lines) == 1, run.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


# --- item 7: Secrets are private; replaced outputs keep their mode -----------------------------

def test_a_rendered_secret_is_private_in_a_new_directory(helm, work, umask):
    umask(0o022)
    assert render("-o", "out", "--fail-on", "never", values="secret.yaml").exit_code == 0
    modes = {p.name: mode(p) for p in (work / "out").iterdir()}
    secrets = [name for name in modes if name.startswith("secret-")]
    assert secrets, modes
    assert all(modes[name] == 0o600 for name in secrets), modes
    assert all(m == 0o644 for name, m in modes.items() if name not in secrets), modes
    assert mode(work / "out") == 0o755


def test_a_new_directory_honours_the_umask(helm, work, umask):
    umask(0o027)
    assert render("-o", "out").exit_code == 0
    assert mode(work / "out") == 0o750
    assert {mode(p) for p in (work / "out").iterdir()} == {0o640}


def test_an_existing_directory_keeps_its_mode(helm, work, umask):
    umask(0o022)
    (work / "out").mkdir()
    os.chmod(work / "out", 0o2700)
    assert render("-o", "out").exit_code == 0
    assert mode(work / "out") == 0o2700  # not 0755, as the swap used to make it
    assert render("-o", "out", "--fail-on", "never", values="secret.yaml").exit_code == 0
    assert mode(work / "out") == 0o2700


def test_an_existing_directory_keeps_its_group(helm, work, umask):
    # root may give any group; anyone else only one they are in.
    groups = [1] if os.geteuid() == 0 else [g for g in os.getgroups() if g != os.getegid()]
    if not groups:
        pytest.skip("the user is in one group only")
    (work / "out").mkdir()
    os.chown(work / "out", -1, groups[0])
    os.chmod(work / "out", 0o2770)
    assert render("-o", "out").exit_code == 0
    assert os.stat(work / "out").st_gid == groups[0] and mode(work / "out") == 0o2770
    assert {p.stat().st_gid for p in (work / "out").iterdir()} == {groups[0]}


@pytest.mark.parametrize("before, values, after", [
    (None, "values.yaml", 0o644),     # a new file: 0666 less the umask
    (None, "secret.yaml", 0o600),     # a new file holding a Secret
    (0o600, "values.yaml", 0o600),    # kept, not widened to 0644
    (0o640, "values.yaml", 0o640),
    (0o644, "secret.yaml", 0o600),    # never wider than 0600 with a Secret in it
    (0o400, "secret.yaml", 0o400),
])
def test_a_stream_file_keeps_its_mode_and_hides_secrets(helm, work, umask, before, values, after):
    umask(0o022)
    if before is not None:
        (work / "out.yaml").write_text("old\n")
        os.chmod(work / "out.yaml", before)
    assert render("-o", "out.yaml", "--fail-on", "never", values=values).exit_code == 0
    assert "kind: StatefulSet" in (work / "out.yaml").read_text()
    assert mode(work / "out.yaml") == after


def test_a_check_report_keeps_its_mode(work, umask):
    umask(0o022)
    (work / "report.json").write_text("{}\n")
    os.chmod(work / "report.json", 0o600)
    assert_survived(run_check("values.yaml", "--format", "json", "-o", "report.json"))
    assert mode(work / "report.json") == 0o600 and (work / "report.json").read_text() != "{}\n"


# --- item 16: the mode is set on the descriptor, never by path after the rename -------------

@pytest.mark.parametrize("output", ["out.yaml", "out"])
def test_modes_are_never_set_by_path(helm, work, monkeypatch, output):
    """In a shared folder the path may be someone else's symbolic link by the time a chmod runs."""
    calls = []
    monkeypatch.setattr(os, "chmod", lambda path, *a, **k: calls.append(path))
    assert render("-o", output, "--fail-on", "never", values="secret.yaml").exit_code == 0
    assert calls == []
    assert (work / output).exists()


# --- item 14: FIFOs and huge files at the output -------------------------------------------

@pytest.mark.parametrize("check", [False, True], ids=["write", "check"])
def test_a_fifo_in_the_output_directory_is_never_opened(helm, work, check):
    assert render("-o", "out").exit_code == 0
    os.mkfifo(work / "out" / "zz.yaml")
    run = render("-o", "out", *(["--check"] if check else []))
    if check:
        assert run.exit_code == 1 and "out/zz.yaml is not a file dslint wrote" in run.stdout, run.stdout
    else:
        one_error(run, "zz.yaml", "did not write")
    assert stat.S_ISFIFO(os.lstat(work / "out" / "zz.yaml").st_mode)


def test_a_fifo_at_the_output_file(helm, work):
    os.mkfifo(work / "fifo.yaml")
    checked = render("--check", "-o", "fifo.yaml")
    assert checked.exit_code == 1 and "fifo.yaml is not a file dslint wrote" in checked.stdout
    one_error(render("-o", "fifo.yaml"), "fifo.yaml", "not a regular file")
    one_error(run_check("values.yaml", "-o", "fifo.yaml"), "fifo.yaml", "not a regular file")
    assert stat.S_ISFIFO(os.lstat(work / "fifo.yaml").st_mode)


@pytest.mark.parametrize("output", ["out.yaml", "out"])
def test_check_reads_the_existing_output_within_the_size_limit(helm, work, output):
    assert render("-o", output).exit_code == 0
    big = work / output if output.endswith(".yaml") else next((work / output).glob("statefulset-*"))
    with open(big, "r+b") as handle:  # dslint's header, then 64 MiB (sparse: nothing is stored)
        handle.truncate(64 * MIB)
    one_error(render("--check", "-o", output), output, "larger than 16 MiB", "--max-file-size")
    assert render("--check", "-o", output, "--max-file-size", str(65 * MIB)).exit_code == 1


def test_check_reads_an_output_directory_within_the_limit_in_total(helm, work):
    assert render("-o", "out").exit_code == 0
    for i in range(20):  # each under the limit, together over it
        (work / "out" / f"configmap-extra-{i}.yaml").write_text(HEADER + "#\n" * 30_000)
    one_error(render("--check", "-o", "out", "--max-file-size", str(MIB)), "out: its files together are larger than 1 MiB")
    assert render("--check", "-o", "out").exit_code == 1


def test_check_compares_a_stream_file_whatever_it_holds(helm, work):
    (work / "out.yaml").write_text("hand written\n")
    run = render("--check", "-o", "out.yaml")
    assert run.exit_code == 1 and "-hand written" in run.stdout, run.stdout


@pytest.mark.parametrize("report, fragment", [
    ("folder", "'--report': File 'folder' is a directory"),
    ("missing/report.txt", "missing/report.txt: cannot write the report: No such file or directory"),
])
def test_a_report_that_cannot_be_written_is_one_line_naming_it(helm, work, report, fragment):
    (work / "folder").mkdir()
    line = one_error(render("-o", "out.yaml", "--report", report), fragment)
    assert ".dslint-" not in line, line  # never the temporary file's name


# --- item 15: an output never lands on an input ------------------------------------------------

def _inputs(work: Path) -> dict[str, bytes]:
    return {str(p.relative_to(work)): p.read_bytes() for p in sorted(work.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("args, fragment", [
    (["check", "values.yaml", "-o", "values.yaml"], "is the values file values.yaml"),
    (["check", "values.yaml", "-o", "./sub/../values.yaml"], "is the values file values.yaml"),
    (["check", "secret.yaml", "-f", "values.yaml", "-o", "values.yaml"], "is the values file values.yaml"),
    (["check", "values.yaml", "-o", "hard.yaml"], "is the values file values.yaml"),  # a hard link to it
    (["check", "values.yaml", "--set-file", "config.sshPrivateKey=key.pem", "-o", "key.pem"],
     "is the --set-file file key.pem"),
    (["check", "values.yaml", "--config", "conf.yaml", "-o", "conf.yaml"], "is the config file conf.yaml"),
    (["check", "--manifests", "m.yaml", "-o", "m.yaml"], "is the manifests file m.yaml"),
    (["render", "values.yaml", "--chart", "chart", "-o", "chart/Chart.yaml"], "is inside the chart chart"),
    (["render", "values.yaml", "--chart", "chart", "-o", "chart/rendered"], "is inside the chart chart"),
    (["render", "values.yaml", "--chart", "chart", "-o", "."], "would replace the folder holding the values file"),
    (["render", "values.yaml", "--chart", "chart", "-o", "out.yaml", "--report", "values.yaml"],
     "is the values file values.yaml"),
    (["render", "values.yaml", "--chart", "chart", "-o", "out.yaml", "--report", "out.yaml"],
     "is the -o output out.yaml"),
    (["render", "values.yaml", "--chart", "chart", "-o", "out", "--report", "out/report.txt"],
     "is inside the -o output out"),
    (["check", "values.yaml", "--chart", "chart", "-o", "chart/values.yaml"], "is inside the chart chart"),
])
def test_an_output_over_an_input_is_refused(work, args, fragment):
    import shutil

    shutil.copytree(CHART, work / "chart")
    os.link(work / "values.yaml", work / "hard.yaml")
    (work / "key.pem").write_text("not a key\n")
    (work / "conf.yaml").write_text("fail-on: error\n")
    (work / "m.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")
    before = _inputs(work)
    command, *rest = args
    run = run_check(*rest, command=command)
    reason = ("different places" if "output" in fragment else "part of the chart" if "inside the chart" in fragment
              else "never overwrites its inputs")
    line = one_error(run, fragment, reason)
    assert line.startswith(f"dslint: error: {'--report' if '--report' in args else '-o'} "), line
    assert _inputs(work) == before


def test_a_link_at_the_output_is_not_its_target(work):
    """A symbolic link at -o is replaced, not followed (guarantee 6): naming one is not writing the input."""
    (work / "report.txt").symlink_to(work / "values.yaml")
    assert assert_survived(run_check("values.yaml", "-o", "report.txt")).exit_code in (0, 1)
    assert (work / "values.yaml").read_text() == CLEAN and not (work / "report.txt").is_symlink()


# --- the output folder as a class of input: bounded time and memory ----------------------------

def _hostile_folder(out: Path, *, big_with_header: bool) -> None:
    """What a pull request can commit where `render -o out` writes."""
    out.mkdir()
    for i in range(3000):
        (out / f"configmap-{i:05d}.yaml").write_text(HEADER + "kind: ConfigMap\n" + "# padding\n" * 300)
    for i in range(1000):
        (out / f"note-{i:05d}.txt").write_text("x\n")
    for name in ("aa.yaml", "zz.yaml", "statefulset-release-name-deepspeed-worker.yaml"):
        os.mkfifo(out / name)
    with open(out / "huge-no-header.yaml", "wb") as handle:
        handle.truncate(8 * 1024 * MIB)
    if big_with_header:
        with open(out / "huge.yaml", "wb") as handle:
            handle.write(HEADER.encode())
            handle.truncate(8 * 1024 * MIB)
    (out / "dev-zero.yaml").symlink_to("/dev/zero")
    (out / "fifo-link.yaml").symlink_to(out / "aa.yaml")
    (out / "loop.yaml").symlink_to(out / "loop.yaml")
    (out / "up.yaml").symlink_to("..")
    (out / "sub").mkdir()
    for i in range(200):
        (out / "sub" / f"{i}.yaml").write_text(HEADER)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> float:
    return baseline_mib(tmp_path_factory.mktemp("baseline"))


def _many_of_ours(out: Path) -> None:
    """Only files with dslint's header, but 5,000 of them: replaced (or compared) whole."""
    out.mkdir()
    for i in range(5000):
        (out / f"configmap-{i:05d}.yaml").write_text(HEADER + "kind: ConfigMap\n" + "# padding\n" * 100)


@pytest.mark.parametrize("folder", ["crowded", "huge", "ours"])
@pytest.mark.parametrize("check", [False, True], ids=["write", "check"])
def test_a_hostile_output_folder_costs_bounded_time_and_memory(helm, tmp_path, baseline, check, folder):
    (tmp_path / "values.yaml").write_text(CLEAN)
    if folder == "ours":
        _many_of_ours(tmp_path / "out")
    else:
        _hostile_folder(tmp_path / "out", big_with_header=folder == "huge")
    args = ["--chart", str(CHART), "values.yaml", "-o", "out", *(["--check"] if check else [])]
    run = run_measured(*args, cwd=tmp_path, timeout=60, command="render")
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB (baseline {baseline:.0f} MiB)", end="")
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr[-2000:]
    errors = [line for line in run.stderr.splitlines() if line.startswith("dslint: error:")]
    if folder == "ours":
        assert run.exit_code == (1 if check else 0) and not errors, run.stderr[-2000:]
        assert len(list((tmp_path / "out").iterdir())) == (5000 if check else 4)
    elif check and folder == "huge":
        assert run.exit_code == 2 and len(errors) == 1 and "larger than 16 MiB" in errors[0], run.stderr[-2000:]
    elif check:
        assert run.exit_code == 1 and not errors, run.stderr[-2000:]
        assert "out/zz.yaml is not a file dslint wrote" in run.stdout
        assert "out/configmap-02999.yaml (on disk)" in run.stdout  # read and compared: dslint's header
    else:
        assert run.exit_code == 2 and len(errors) == 1 and "did not write" in errors[0], run.stderr[-2000:]
    assert run.seconds < 10, f"took {run.seconds:.1f} s"
    assert run.peak_mib < 1024, f"peak {run.peak_mib:.0f} MiB"
    assert sorted(p.name for p in tmp_path.iterdir() if ".dslint-" in p.name) == []
