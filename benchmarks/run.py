#!/usr/bin/env python3
"""dslint's benchmark suite: what dslint costs on this machine, next to the tools it replaces.

    python benchmarks/run.py                  # everything (a few minutes; the first run builds venvs)
    python benchmarks/run.py --quick          # fewer repetitions
    python benchmarks/run.py --only check,render --json /tmp/r.json
    python benchmarks/run.py --ref HEAD~3     # benchmark a commit instead of the working tree

Needs only the standard library.  It builds its own virtualenvs:

* `benchmarks/.work/venv`: a regular (not editable) `pip install '<tree>[render]'` of a copy of
  the working tree (or of `--ref`), reinstalled whenever the copy changes: what users get;
* `<cache>/yamllint` and `<cache>/checkov` (`pip install yamllint` / `checkov`), the tools
  compared against; `<cache>` is `$DSLINT_BENCH_CACHE`, else `$XDG_CACHE_HOME/dslint-bench`,
  else `~/.cache/dslint-bench`.  A tool that cannot be installed is skipped, with the reason.

Every measurement is a whole process (`subprocess` + `time.perf_counter`), warm-up runs
discarded, the commands of one comparison interleaved run by run (so background load hits
them alike), reported as median, min and IQR; the child's max RSS comes from `os.wait4`.
See benchmarks/README.md for the sections and the targets.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import glob
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
SECTIONS = ("check", "batch", "manifests", "render", "importtime", "profile", "policies")
README_BEGIN = "<!-- results:begin -->"
README_END = "<!-- results:end -->"

TARGETS = {
    "check_vs_yamllint": 1.0,  # dslint check / yamllint on the same file, at most
    "batch_ms_per_file": 3.0,  # beyond start-up, one core, below
    "manifests_ms_per_document": 2.0,  # once validators are built, below
    "manifests_vs_checkov": 25.0,  # checkov / dslint, at least
    "render_vs_sdk": 1.3,  # dslint render / bare SDK render (existing SSH key Secret), at most
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cache_dir() -> Path:
    if os.environ.get("DSLINT_BENCH_CACHE"):
        return Path(os.environ["DSLINT_BENCH_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dslint-bench"


# ---------------------------------------------------------------------------
# Timing


class CommandFailed(RuntimeError):
    pass


@dataclass
class Case:
    name: str
    argv: list[str]
    ok: tuple[int, ...] = (0,)
    env: dict[str, str] | None = None  # added to child_env()
    before: Callable[[], None] | None = None  # run before each run, not timed


# The user cache of every measured process (dslint keeps its Kubernetes schemas there): the
# benchmark's own, so runs start from a known state; the warm-up runs fill it, as a user's first run does.
XDG_CACHE = WORK / "xdg-cache"


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every measured process: no PYTHON* variable, no colour, no venv leaking in."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PYTHON") and k not in ("VIRTUAL_ENV", "FORCE_COLOR", "CLICOLOR_FORCE")}
    env["NO_COLOR"] = "1"
    env["XDG_CACHE_HOME"] = str(XDG_CACHE)
    env.update(extra or {})
    return env


def run_once(case: Case, cwd: Path) -> tuple[float, int]:
    """One run: wall seconds and the child's max RSS (KiB)."""
    if case.before is not None:
        case.before()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(case.argv, cwd=cwd, env=child_env(case.env), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in case.ok:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise CommandFailed(f"{case.name}: exit {proc.returncode} from {' '.join(case.argv)[:300]}\n{tail}")
    return elapsed, usage.ru_maxrss


def summarise(seconds: list[float], rss_kib: list[int]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    if len(ms) >= 2:
        q1, _, q3 = statistics.quantiles(ms, n=4, method="inclusive")
    else:
        q1 = q3 = ms[0]
    out = {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "min_ms": round(ms[0], 2),
        "max_ms": round(ms[-1], 2),
        "q1_ms": round(q1, 2),
        "q3_ms": round(q3, 2),
        "iqr_ms": round(q3 - q1, 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "samples_ms": [round(s * 1000, 2) for s in seconds],
    }
    if rss_kib:
        out["max_rss_mib"] = round(statistics.median(rss_kib) / 1024, 1)
        out["max_rss_mib_peak"] = round(max(rss_kib) / 1024, 1)
    return out


def measure(cases: list[Case], cwd: Path, runs: int, warmup: int, budget_s: float | None = None,
            min_runs: int = 3) -> dict[str, dict]:
    """Interleaved runs of every case (case A run 1, case B run 1, A run 2...); warm-ups discarded.

    With `budget_s`, the run count shrinks (down to `min_runs`) so the whole
    group takes about that long, judged from the warm-up runs.
    """
    warm_total = 0.0
    for _ in range(max(warmup, 1) if budget_s else warmup):
        for case in cases:
            warm_total += run_once(case, cwd)[0]
    if budget_s and warm_total > 0:
        per_round = warm_total / max(warmup, 1)
        runs = max(min_runs, min(runs, int(budget_s / per_round)))
    seconds: dict[str, list[float]] = {c.name: [] for c in cases}
    rss: dict[str, list[int]] = {c.name: [] for c in cases}
    for _ in range(runs):
        for case in cases:
            elapsed, maxrss = run_once(case, cwd)
            seconds[case.name].append(elapsed)
            rss[case.name].append(maxrss)
    return {c.name: summarise(seconds[c.name], rss[c.name]) for c in cases}


def linear_fit(points: list[tuple[float, float]]) -> dict:
    """Least squares y = a + b x, with R²."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    slope = sxy / sxx if sxx else 0.0
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for _, y in points)
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in points)
    return {"intercept_ms": round(intercept, 2), "slope_ms": round(slope, 4),
            "r2": round(1 - ss_res / ss_tot, 5) if ss_tot else 1.0}


def fmt_ms(stats: dict | None) -> str:
    if not stats:
        return "n/a"
    return f"{stats['median_ms']:.0f} ms (IQR {stats['iqr_ms']:.0f})" if stats["median_ms"] >= 100 else \
        f"{stats['median_ms']:.1f} ms (IQR {stats['iqr_ms']:.1f})"


# ---------------------------------------------------------------------------
# Virtualenvs


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def pip_install(venv: Path, args: list[str], logfile: Path) -> None:
    command = [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", *args]
    with open(logfile, "a", encoding="utf-8") as stream:
        stream.write(f"$ {' '.join(command)}\n")
        stream.flush()
        result = subprocess.run(command, stdout=stream, stderr=subprocess.STDOUT, env=_pip_env())
    if result.returncode != 0:
        raise CommandFailed(f"pip install {' '.join(args)} failed (exit {result.returncode}); see {logfile}")


def _pip_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    return env


def make_venv(venv: Path) -> None:
    if venv.exists():
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)


def git(*args: str, **kw) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True, text=True, **kw).stdout


def snapshot_source(ref: str | None, folder: str = "src") -> tuple[Path, str]:
    """A copy of the working tree (tracked and untracked, not ignored) or of `ref`; its content hash."""
    dest = WORK / folder
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if ref:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", ref],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    else:
        listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
        for rel in listed:
            if not rel or rel.startswith("benchmarks/"):
                continue
            src = REPO / rel
            if src.is_file():
                target = dest / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target)
    digest = hashlib.sha256()
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        rel = path.relative_to(dest).as_posix()
        if rel.startswith(("tests/", "benchmarks/", "docs/", "rules/", "examples/", "schemas/")):
            continue  # not in the wheel
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return dest, digest.hexdigest()


def ensure_dslint_venv(ref: str | None, logfile: Path, name: str = "venv") -> tuple[Path, dict]:
    """The benchmark venv with a regular install of the tree; reinstalled when the tree changed.

    `name`: another venv (and copy of the source) for a second revision, next to the first.
    """
    venv = WORK / name
    src, digest = snapshot_source(ref, "src" if name == "venv" else f"src-{name}")
    marker = venv / ".dslint-bench-source"
    python_tag = f"{sys.version_info.major}.{sys.version_info.minor}:{sys.executable}"
    state = f"{python_tag}\n{digest}"
    if not venv_python(venv).exists() or not (venv / ".dslint-bench-python").exists() \
            or (venv / ".dslint-bench-python").read_text() != python_tag:
        log(f"[setup] creating the benchmark virtualenv {venv}")
        make_venv(venv)
        (venv / ".dslint-bench-python").write_text(python_tag)
    if not marker.exists() or marker.read_text() != state:
        log(f"[setup] installing dslint[render,policies] from {'git ' + ref if ref else 'the working tree'} "
            "(regular install)")
        marker.unlink(missing_ok=True)
        # An extra the revision does not define is ignored by pip (with a warning).
        pip_install(venv, [f"{src}[render,policies]"], logfile)
        # pip keeps an installed dslint of the same version: force the new build in.
        pip_install(venv, ["--force-reinstall", "--no-deps", str(src)], logfile)
        marker.write_text(state)
    where = subprocess.run([str(venv_python(venv)), "-c", "import dslint, sys; print(dslint.__file__)"],
                           capture_output=True, text=True, cwd=tempfile.gettempdir(), env=child_env(), check=True)
    location = where.stdout.strip()
    if "site-packages" not in location:
        raise CommandFailed(f"dslint in the benchmark venv is not a regular install: {location}")
    info = {"venv": str(venv), "dslint_module": location, "source_hash": digest[:16],
            "package_bytes": _tree_bytes(Path(location).parent),
            # The facts of every published chart version, as installed.
            "chart_version_data_bytes": _tree_bytes(Path(location).parent / "knowledge" / "data")}
    return venv, info


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def ensure_tool_venv(name: str, package: str, probe: list[str], logfile: Path) -> tuple[Path | None, str]:
    """A venv of its own for a tool compared against; (None, reason) when it cannot be had."""
    venv = cache_dir() / name
    binary = venv / "bin" / probe[0]

    def version() -> str | None:
        if not binary.exists():
            return None
        result = subprocess.run([str(binary), *probe[1:]], capture_output=True, text=True, env=child_env())
        return (result.stdout or result.stderr).strip().splitlines()[-1] if result.returncode == 0 else None

    found = version()
    if found:
        return venv, found.removeprefix(probe[0]).strip()
    log(f"[setup] installing {package} into {venv} (first use; this can take minutes)")
    try:
        make_venv(venv)
        pip_install(venv, [package], logfile)
    except (CommandFailed, subprocess.CalledProcessError, OSError) as err:
        return None, f"not installed: {err}"
    found = version()
    if not found:
        return None, f"installed, but `{' '.join(probe)}` does not run; see {logfile}"
    return venv, found


# ---------------------------------------------------------------------------
# The run


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.quick = args.quick
        self.logfile = WORK / "setup.log"
        self.cwd = WORK / "cwd"  # a neutral directory: no .dslint.yaml, a .git so the config search stops
        (self.cwd / ".git").mkdir(parents=True, exist_ok=True)
        self.shared = Path(os.environ.get("DSLINT_SHARED") or (REPO.parent / "shared")).resolve()
        upstream = os.environ.get("DSLINT_UPSTREAM_CHART")
        self.upstream = Path(upstream).resolve() if upstream else None
        self.results: dict = {"benchmarks": {}, "skipped": {}}
        self.venv: Path | None = None
        self.tools: dict[str, tuple[Path | None, str]] = {}

    # -- helpers
    @property
    def py(self) -> str:
        return str(venv_python(self.venv))

    @property
    def dslint(self) -> str:
        return str(self.venv / "bin" / "dslint")

    def runs(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    def task(self, *args: str) -> dict:
        """A helper task inside the benchmark venv (venv_tasks.py), its JSON answer."""
        result = subprocess.run([self.py, str(HERE / "venv_tasks.py"), *args], capture_output=True, text=True,
                                cwd=self.cwd, env=child_env())
        if result.returncode != 0:
            raise CommandFailed(f"venv_tasks {args[0]} failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def tool(self, name: str, package: str, probe: list[str]) -> tuple[Path | None, str]:
        if name not in self.tools:
            self.tools[name] = ensure_tool_venv(name, package, probe, self.logfile)
            venv, detail = self.tools[name]
            log(f"[setup] {name}: {detail if venv else 'SKIPPED, ' + detail}")
        return self.tools[name]

    def skip(self, section: str, reason: str) -> None:
        log(f"[{section}] skipped: {reason}")
        self.results["skipped"][section] = reason

    def dslint_has_jobs(self) -> bool:
        result = subprocess.run([self.dslint, "check", "--help"], capture_output=True, text=True, cwd=self.cwd,
                                env=child_env())
        return bool(re.search(r"(^|\s)(-j|--jobs)\b", result.stdout))

    # -- sections
    def section_check(self) -> dict:
        """Cold `dslint check` of one file next to `python -c pass` and yamllint on the same file."""
        files = {"production-training": REPO / "examples" / "production-training.yaml",
                 "common-mistakes": REPO / "examples" / "common-mistakes.yaml"}
        out: dict = {"files": {}}
        if self.upstream and (self.upstream / "values.yaml").is_file():
            files["full-defaults"] = self.upstream / "values.yaml"
            out["full_defaults_source"] = "upstream chart values.yaml ($DSLINT_UPSTREAM_CHART)"
        else:
            (WORK / "generated").mkdir(parents=True, exist_ok=True)
            generated = self.task("gen-defaults", str(WORK / "generated" / "all-defaults.yaml"))
            files["full-defaults"] = Path(generated["path"])
            out["full_defaults_source"] = ("generated from dslint.model.facts.load_facts('2.1.1')['defaults'], "
                                           f"without the placeholders {generated['dropped_placeholders']}")
        yamllint_venv, yamllint_detail = self.tool("yamllint", "yamllint", ["yamllint", "--version"])
        out["yamllint"] = yamllint_detail
        if yamllint_venv is None:
            self.skip("check.yamllint", yamllint_detail)
        cases = [Case("python -c pass", [self.py, "-c", "pass"]),
                 Case("dslint --version", [self.dslint, "--version"])]
        for name, path in files.items():
            cases.append(Case(f"dslint check {name}", [self.dslint, "check", str(path)], ok=(0, 1)))
            if yamllint_venv:
                cases.append(Case(f"yamllint {name}", [str(yamllint_venv / "bin" / "yamllint"), str(path)],
                                  ok=(0, 1)))
        runs = self.runs(20, 5)
        log(f"[check] {len(cases)} commands x {runs} runs, interleaved")
        timings = measure(cases, self.cwd, runs=runs, warmup=self.runs(3, 1))
        out["timings"] = timings
        floor = timings["python -c pass"]["median_ms"]
        out["floor_ms"] = floor
        out["cli_startup_ms"] = timings["dslint --version"]["median_ms"]
        for name, path in files.items():
            dslint_stats = timings[f"dslint check {name}"]
            row = {"path": os.path.relpath(path, REPO) if str(path).startswith(str(REPO)) else str(path),
                   "lines": sum(1 for _ in open(path, encoding="utf-8")),
                   "dslint_median_ms": dslint_stats["median_ms"], "dslint_min_ms": dslint_stats["min_ms"],
                   "dslint_iqr_ms": dslint_stats["iqr_ms"],
                   "ratio_to_floor": round(dslint_stats["median_ms"] / floor, 2),
                   "above_floor_ms": round(dslint_stats["median_ms"] - floor, 1)}
            if yamllint_venv:
                y = timings[f"yamllint {name}"]
                row["yamllint_median_ms"] = y["median_ms"]
                row["ratio_to_yamllint"] = round(dslint_stats["median_ms"] / y["median_ms"], 2)
                row["target_ratio_to_yamllint_max"] = TARGETS["check_vs_yamllint"]
                row["met"] = row["ratio_to_yamllint"] <= TARGETS["check_vs_yamllint"]
            out["files"][name] = row
            log(f"[check] {name}: dslint {fmt_ms(dslint_stats)}, x{row['ratio_to_floor']} python -c pass"
                + (f", x{row['ratio_to_yamllint']} yamllint" if yamllint_venv else ""))
        inproc = self.task("inproc-check", str(self.runs(20, 5)), str(files["production-training"]))
        out["in_process_production_training"] = {
            "import_ms": round(inproc["import_s"] * 1000, 1), "first_ms": round(inproc["first_s"] * 1000, 1),
            "warm_median_ms": round(statistics.median(inproc["warm_s"]) * 1000, 2)}
        return out

    def section_batch(self) -> dict:
        """One invocation over 250, 500 and 1,000 generated values files: cost per file, linearity."""
        directory = WORK / "generated" / "batch"
        if directory.exists():
            shutil.rmtree(directory)
        generated = self.task("gen-values", str(directory), "1000", "20240601")
        paths = generated["paths"]
        counts = [1, 250, 500, 1000]
        out: dict = {"files_generated": len(paths), "mean_lines_per_file": round(generated["mean_lines"], 1),
                     "counts": counts}
        variants = {"serial": []}
        jobs = os.cpu_count() or 1
        if self.dslint_has_jobs():
            variants[f"-j {jobs}"] = ["-j", str(jobs)]
        else:
            out["jobs"] = "dslint check has no -j/--jobs option (yet)"
        runs = self.runs(15, 2)
        for variant, extra in variants.items():
            cases = [Case(f"{n} files", [self.dslint, "check", *extra, *paths[:n]], ok=(0, 1)) for n in counts]
            log(f"[batch] {variant}: {len(cases)} sizes x up to {runs} runs")
            timings = measure(cases, self.cwd, runs=runs, warmup=1, budget_s=self.runs(90, 20), min_runs=self.runs(5, 2))
            points = [(n, t) for n in counts for t in timings[f"{n} files"]["samples_ms"]]
            fit = linear_fit([(x, y) for x, y in points if x > 1])
            med = {n: timings[f"{n} files"]["median_ms"] for n in counts}
            segment_1 = (med[500] - med[250]) / 250
            segment_2 = (med[1000] - med[500]) / 500
            linear = fit["r2"] >= 0.98 and segment_1 > 0 and 0.75 <= segment_2 / segment_1 <= 1.33
            out[variant] = {
                "timings": timings, "fit_250_500_1000": fit,
                "ms_per_file": fit["slope_ms"],
                "ms_per_file_250_to_500": round(segment_1, 3), "ms_per_file_500_to_1000": round(segment_2, 3),
                "single_file_ms": med[1],
                "linear": linear,
                "target_ms_per_file_max": TARGETS["batch_ms_per_file"],
                "met": fit["slope_ms"] < TARGETS["batch_ms_per_file"],
            }
            log(f"[batch] {variant}: {fit['slope_ms']:.2f} ms/file beyond start-up (R² {fit['r2']}), "
                f"1000 files {fmt_ms(timings['1000 files'])}, linear: {linear}")
        return out

    def section_policies(self) -> dict | None:
        """Team policies: a check without policies next to the base revision's, and 100 policies over 1,000 files.

        The base revision (`$DSLINT_BENCH_BASE`, default `main`) is installed in a venv of its own;
        the two installs run the same commands interleaved, so "no slower" is one comparison.
        """
        result = subprocess.run([self.dslint, "check", "--help"], capture_output=True, text=True, cwd=self.cwd,
                                env=child_env())
        if "--policy" not in result.stdout:
            self.skip("policies", "this dslint has no --policy option")
            return None
        directory = WORK / "generated" / "batch"
        if len(list(directory.glob("values-*.yaml"))) < 1000:
            if directory.exists():
                shutil.rmtree(directory)
            self.task("gen-values", str(directory), "1000", "20240601")
        paths = [str(p) for p in sorted(directory.glob("values-*.yaml"))[:1000]]
        policy_file = WORK / "generated" / "policies-100.yaml"
        policy_file.write_text(policy_file_text(100), encoding="utf-8")
        out: dict = {"policies": 100, "files": len(paths), "policy_file": str(policy_file.relative_to(HERE))}

        base_ref = os.environ.get("DSLINT_BENCH_BASE", "main")
        base_venv, out["base"] = ensure_dslint_venv(base_ref, self.logfile, name="venv-base")
        out["base"]["ref"] = base_ref
        base_dslint = str(base_venv / "bin" / "dslint")
        one = str(REPO / "examples" / "production-training.yaml")
        cases = [Case(f"{who}: check 1 file", [exe, "check", one], ok=(0, 1))
                 for who, exe in (("base", base_dslint), ("tree", self.dslint))]
        cases += [Case(f"{who}: check 250 files", [exe, "check", "-j", "1", *paths[:250]], ok=(0, 1))
                  for who, exe in (("base", base_dslint), ("tree", self.dslint))]
        runs = self.runs(15, 3)
        log(f"[policies] without policies, {base_ref} next to the tree: {len(cases)} commands x {runs} runs")
        timings = measure(cases, self.cwd, runs=runs, warmup=self.runs(2, 1))
        out["without_policies"] = {"timings": timings}
        for what in ("check 1 file", "check 250 files"):
            base, tree = timings[f"base: {what}"]["median_ms"], timings[f"tree: {what}"]["median_ms"]
            out["without_policies"][what] = {"base_median_ms": base, "tree_median_ms": tree,
                                             "ratio": round(tree / base, 3)}
            log(f"[policies] {what} without policies: tree {tree:.1f} ms, {base_ref} {base:.1f} ms "
                f"(x{tree / base:.3f})")

        policy = ["--policy", str(policy_file)]
        jobs = os.cpu_count() or 1
        cases = [Case("1 file, no policies", [self.dslint, "check", one], ok=(0, 1)),
                 Case("1 file, 100 policies", [self.dslint, "check", one, *policy], ok=(0, 1)),
                 Case("1000 files, no policies", [self.dslint, "check", "-j", "1", *paths], ok=(0, 1)),
                 Case("1000 files, 100 policies", [self.dslint, "check", "-j", "1", *paths, *policy], ok=(0, 1)),
                 Case(f"1000 files, 100 policies, -j {jobs}", [self.dslint, "check", "-j", str(jobs), *paths, *policy],
                      ok=(0, 1))]
        runs = self.runs(10, 2)
        log(f"[policies] cost: {len(cases)} commands x up to {runs} runs")
        timings = measure(cases, self.cwd, runs=runs, warmup=1, budget_s=self.runs(120, 30), min_runs=self.runs(5, 2))
        out["cost"] = {"timings": timings}
        med = {name: timings[name]["median_ms"] for name in timings}
        out["cost"]["start_up_and_compile_100_ms"] = round(med["1 file, 100 policies"] - med["1 file, no policies"], 1)
        extra = med["1000 files, 100 policies"] - med["1000 files, no policies"]
        out["cost"]["added_ms_1000_files"] = round(extra, 1)
        out["cost"]["us_per_policy_per_file"] = round(extra * 1000 / (100 * len(paths)), 2)
        log(f"[policies] 100 policies: +{out['cost']['start_up_and_compile_100_ms']} ms on one file; over 1,000 "
            f"files +{extra:.0f} ms ({out['cost']['us_per_policy_per_file']} µs per policy per file); "
            f"1000 files {fmt_ms(timings['1000 files, no policies'])} -> {fmt_ms(timings['1000 files, 100 policies'])}"
            f", -j {jobs}: {fmt_ms(timings[f'1000 files, 100 policies, -j {jobs}'])}")
        return out

    def section_manifests(self) -> dict | None:
        """`dslint check --manifests` of the golden renders, per document, and Checkov on the same files.

        The headline comparison is the issue's: one chart render (golden 01-defaults, chart 2.1.1),
        each tool in a new process.  All goldens in one process are the second line.
        """
        files = sorted(glob.glob(str(self.shared / "golden" / "*" / "expected-*.yaml")))
        if not files:
            self.skip("manifests", f"no golden manifests under {self.shared}/golden (set DSLINT_SHARED)")
            return None
        counts = self.task("count-docs", *files)
        documents = sum(counts.values())
        one = next((f for f in files if "01-defaults" in f and f.endswith("2.1.1.yaml")), files[0])
        one_label = f"{os.path.basename(os.path.dirname(one))} {os.path.basename(one)[len('expected-'):-len('.yaml')]}"
        out: dict = {"files": len(files), "documents": documents, "one_file": one_label,
                     "one_file_path": os.path.relpath(one, self.shared), "one_file_documents": counts[one]}
        empty_cache = WORK / "xdg-cache-empty"

        def clear_cache() -> None:
            shutil.rmtree(empty_cache, ignore_errors=True)

        cases = [Case("dslint one file", [self.dslint, "check", "--manifests", one], ok=(0, 1)),
                 Case("dslint one file, empty schema cache", [self.dslint, "check", "--manifests", one], ok=(0, 1),
                      env={"XDG_CACHE_HOME": str(empty_cache)}, before=clear_cache),
                 Case("dslint all files", [self.dslint, "check", "--manifests", *files], ok=(0, 1)),
                 Case("dslint all files x3", [self.dslint, "check", "--manifests", *files, *files, *files],
                      ok=(0, 1))]
        runs = self.runs(15, 3)
        log(f"[manifests] {documents} documents in {len(files)} files; {runs} runs")
        timings = measure(cases, self.cwd, runs=runs, warmup=self.runs(2, 1))
        out["timings"] = timings
        all_ms = timings["dslint all files"]["median_ms"]
        x3_ms = timings["dslint all files x3"]["median_ms"]
        out["process_ms_per_document_marginal"] = round((x3_ms - all_ms) / (2 * documents), 3)
        out["process_ms_per_document_overall"] = round(all_ms / documents, 3)
        out["schema_cache_cold_extra_ms"] = round(timings["dslint one file, empty schema cache"]["median_ms"]
                                                  - timings["dslint one file"]["median_ms"], 1)
        inproc = self.task("inproc-manifests", str(self.runs(10, 3)), *files)
        warm_check = statistics.median(inproc["check_s"]) * 1000
        warm_split = statistics.median(inproc["split_s"]) * 1000
        out["documents_dslint"] = inproc["documents"]
        out["in_process"] = {
            "import_ms": round(inproc["import_s"] * 1000, 1),
            "first_pass_check_ms": round(inproc["first_check_s"] * 1000, 1),
            "first_pass_split_ms": round(inproc["first_split_s"] * 1000, 1),
            "warm_check_ms": round(warm_check, 1), "warm_split_ms": round(warm_split, 1),
            "warm_ms_per_document": round((warm_check + warm_split) / documents, 3),
            "warm_check_ms_per_document": round(warm_check / documents, 3),
            "warm_split_ms_per_document": round(warm_split / documents, 3),
            "validator_build_ms": round(inproc["first_check_s"] * 1000 - warm_check, 1),
            "validator_library": inproc.get("engine"),
        }
        per_doc = out["in_process"]["warm_ms_per_document"]
        out["ms_per_document"] = per_doc
        out["target_ms_per_document_max"] = TARGETS["manifests_ms_per_document"]
        out["met_per_document"] = per_doc < TARGETS["manifests_ms_per_document"]
        log(f"[manifests] dslint one file {fmt_ms(timings['dslint one file'])} (empty schema cache "
            f"{fmt_ms(timings['dslint one file, empty schema cache'])}), all files {fmt_ms(timings['dslint all files'])}, "
            f"{per_doc:.3f} ms/document warm in-process, {out['process_ms_per_document_marginal']:.3f} ms/document "
            f"marginal (process), RSS {timings['dslint all files']['max_rss_mib']} MiB")

        checkov_venv, checkov_detail = self.tool("checkov", "checkov", ["checkov", "--version"])
        out["checkov"] = {"version": checkov_detail}
        if checkov_venv is None:
            self.skip("manifests.checkov", checkov_detail)
            return out
        checkov = str(checkov_venv / "bin" / "checkov")
        flags = ["--framework", "kubernetes", "--quiet", "--skip-download"]
        comparisons = {
            "one file": ([checkov, "-f", one, *flags], [self.dslint, "check", "--manifests", one]),
            "all files": ([checkov, *[a for f in files for a in ("-f", f)], *flags],
                          [self.dslint, "check", "--manifests", *files]),
        }
        out["checkov"]["command"] = "checkov -f <each file> --framework kubernetes --quiet --skip-download"
        for label, (checkov_argv, dslint_argv) in comparisons.items():
            cases = [Case(f"checkov {label}", checkov_argv, ok=(0, 1)), Case(f"dslint {label}", dslint_argv, ok=(0, 1))]
            runs = self.runs(15, 2)
            log(f"[manifests] checkov vs dslint, {label}: up to {runs} runs")
            versus = measure(cases, self.cwd, runs=runs, warmup=1, budget_s=self.runs(120, 15),
                             min_runs=self.runs(5, 2))
            ratio = versus[f"checkov {label}"]["median_ms"] / versus[f"dslint {label}"]["median_ms"]
            row = {"timings": versus, "ratio_checkov_to_dslint": round(ratio, 1),
                   "documents": counts[one] if label == "one file" else documents}
            if label == "one file":  # the target: one chart render
                row.update({"target_ratio_min": TARGETS["manifests_vs_checkov"],
                            "met": ratio >= TARGETS["manifests_vs_checkov"]})
            out["checkov"][label] = row
            log(f"[manifests] checkov {label} {fmt_ms(versus[f'checkov {label}'])} "
                f"(RSS {versus[f'checkov {label}']['max_rss_mib']} MiB): dslint is {ratio:.1f}x faster")
        return out

    def section_render(self) -> dict:
        """`dslint render` next to the bare Helm SDK rendering the same values, with and without an SSH key Secret."""
        charts = {"fixture-chart": REPO / "tests" / "render" / "fixture-chart"}
        out: dict = {"values": "examples/production-training.yaml, with config.existingSSHKeySecret set "
                               "(existing-key) and removed (generated-key); for the fixture chart, which has no "
                               "`none` preset, resourcesPreset: large", "charts": {}}
        if self.upstream and (self.upstream / "Chart.yaml").is_file():
            charts["upstream-2.1.1"] = self.upstream
        else:
            self.skip("render.upstream", "DSLINT_UPSTREAM_CHART is not set (or holds no Chart.yaml)")
        bare = str(HERE / "bare_render.py")
        for chart_name, chart in charts.items():
            out["charts"][chart_name] = {}
            values = self.render_values(fixture=chart_name == "fixture-chart")
            for variant in ("existing-key", "generated-key"):
                path = values[variant]
                render_args = [self.dslint, "render", path, "--chart", str(chart), "--release-name", "bench",
                               "--namespace", "bench"]
                cases = [
                    Case("dslint render", [*render_args, "--fail-on", "never"]),
                    Case("bare SDK render", [self.py, bare, str(chart), path, "bench", "bench"]),
                ]
                if variant == "existing-key":
                    # The default --fail-on error: Helm starts only once the values rules have passed.
                    cases.insert(1, Case("dslint render, gated", render_args))
                runs = self.runs(15, 3)
                timings = measure(cases, self.cwd, runs=runs, warmup=self.runs(2, 1), budget_s=self.runs(90, 15),
                                  min_runs=self.runs(5, 2))
                inproc = self._bare_inproc(chart, path)
                ratio = timings["dslint render"]["median_ms"] / timings["bare SDK render"]["median_ms"]
                row = {"timings": timings, "ratio_dslint_to_sdk": round(ratio, 2),
                       "dslint_minus_sdk_ms": round(timings["dslint render"]["median_ms"]
                                                    - timings["bare SDK render"]["median_ms"], 1),
                       "sdk_in_process": inproc,
                       "dslint_phases": self._render_phases([path, "--chart", str(chart), "--release-name", "bench",
                                                             "--namespace", "bench", "--fail-on", "never"])}
                if variant == "existing-key" and chart_name != "fixture-chart":
                    # The target is for the upstream chart; the fixture chart is a floor-less
                    # toy (Helm renders it in 2 ms), where dslint's fixed cost dominates any ratio.
                    row["target_ratio_max"] = TARGETS["render_vs_sdk"]
                    row["met"] = ratio <= TARGETS["render_vs_sdk"]
                if variant == "existing-key":
                    row["ratio_gated_to_sdk"] = round(timings["dslint render, gated"]["median_ms"]
                                                      / timings["bare SDK render"]["median_ms"], 2)
                out["charts"][chart_name][variant] = row
                log(f"[render] {chart_name} {variant}: dslint {fmt_ms(timings['dslint render'])}, "
                    f"SDK process {fmt_ms(timings['bare SDK render'])}, x{ratio:.2f}; SDK in-process "
                    f"{inproc['warm_median_ms']:.1f} ms warm, {inproc['first_ms']:.1f} ms first")
        return out

    def _render_phases(self, args: list[str]) -> dict:
        """Medians over a few fresh processes of where `dslint render` spends its time (venv_tasks render-phases)."""
        samples = [self.task("render-phases", *args) for _ in range(self.runs(5, 2) + 1)][1:]
        out: dict = {}
        for kind in ("marks", "phases"):
            names = list(dict.fromkeys(name for s in samples for name in s[kind]))
            out[kind] = {name: round(statistics.median(s[kind].get(name, 0.0) for s in samples), 1) for name in names}
        return out

    def render_values(self, fixture: bool) -> dict:
        return self.task("render-values", str(REPO / "examples" / "production-training.yaml"),
                         str(WORK / "generated" / "render"), *(["--fixture"] if fixture else []))

    def _bare_inproc(self, chart: Path, values: str) -> dict:
        result = subprocess.run([self.py, str(HERE / "bare_render.py"), str(chart), values, "bench", "bench",
                                 str(self.runs(10, 3))], capture_output=True, text=True, cwd=self.cwd,
                                env=child_env())
        if result.returncode != 0:
            raise CommandFailed(f"bare_render in-process failed:\n{result.stderr[-2000:]}")
        data = json.loads(result.stdout)
        return {"import_ms": round(data["import_s"] * 1000, 1), "first_ms": round(data["first_s"] * 1000, 1),
                "warm_median_ms": round(statistics.median(data["warm_s"]) * 1000, 2),
                "warm_min_ms": round(min(data["warm_s"]) * 1000, 2), "n": len(data["warm_s"])}

    def section_importtime(self) -> dict:
        """`python -X importtime`: where start-up goes, as medians over a few runs."""
        example = str(REPO / "examples" / "production-training.yaml")
        commands = {
            "import dslint.cli": [self.py, "-X", "importtime", "-c", "import dslint.cli"],
            "dslint check (python -m dslint.cli check examples/production-training.yaml)":
                [self.py, "-X", "importtime", "-m", "dslint.cli", "check", example],
        }
        runs = self.runs(7, 2)
        out = {}
        for label, argv in commands.items():
            samples: list[dict[str, tuple[float, float]]] = []
            for index in range(runs + 1):
                result = subprocess.run(argv, capture_output=True, text=True, cwd=self.cwd, env=child_env())
                if result.returncode not in (0, 1):
                    raise CommandFailed(f"importtime {label}: exit {result.returncode}\n{result.stderr[-2000:]}")
                if index:  # the first is a warm-up
                    samples.append(parse_importtime(result.stderr))
            out[label] = summarise_importtime(samples)
            top = out[label]["top_cumulative"][:5]
            log(f"[importtime] {label}: {out[label]['total_ms']:.0f} ms of imports; "
                + ", ".join(f"{m['module']} {m['cumulative_ms']:.0f}" for m in top))
        return out

    def section_profile(self) -> dict:
        """cProfile of the check, manifests and render paths (one run each), top functions."""
        directory = WORK / "profile"
        directory.mkdir(parents=True, exist_ok=True)
        example = str(REPO / "examples" / "production-training.yaml")
        runs = {"check": ["check", example]}
        golden = sorted(glob.glob(str(self.shared / "golden" / "*" / "expected-*.yaml")))
        if golden:
            runs["check --manifests"] = ["check", "--manifests", *golden]
        upstream = bool(self.upstream and (self.upstream / "Chart.yaml").is_file())
        chart = self.upstream if upstream else REPO / "tests" / "render" / "fixture-chart"
        values = self.render_values(fixture=not upstream)
        for variant in ("existing-key", "generated-key"):
            runs[f"render {chart.name} {variant}"] = ["render", values[variant], "--chart", str(chart),
                                                      "--release-name", "bench", "--namespace", "bench",
                                                      "--fail-on", "never"]
        out = {}
        for label, dslint_args in runs.items():
            target = directory / (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + ".prof")
            argv = [self.py, "-m", "cProfile", "-o", str(target), "-m", "dslint.cli", *dslint_args]
            result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=self.cwd,
                                    env=child_env())
            if not target.exists():
                raise CommandFailed(f"profile {label}: no profile written\n{result.stderr[-2000:]}")
            out[label] = self.task("pstats", str(target), "25")
            out[label]["profile_file"] = os.path.relpath(target, REPO)
            log(f"[profile] {label}: {out[label]['total_ms']:.0f} ms profiled")
        return out


_POLICY_TEMPLATES = (
    # (target path, rule): realistic values policies, each with a CEL feature of its own.
    ("worker.nodeSelector", "'nvidia.com/gpu.product' in values.worker.nodeSelector || values.worker.replicaCount < {n}"),
    ("worker.resources.limits", "!has(values.worker.resources.limits) || !('nvidia.com/gpu' in values.worker.resources.limits)"
     " || quantity(string(values.worker.resources.limits['nvidia.com/gpu'])) <= quantity('{n}')"),
    ("worker.tolerations", "values.worker.tolerations.all(t, t.key != 'team-{n}' || t.effect == 'NoSchedule')"),
    ("client.useJob", "values.client.useJob || values.worker.replicaCount <= {n}"),
    ("image.registry", "values.image.registry.startsWith('docker.io') || values.image.registry.endsWith('.example.com')"),
    ("worker.persistence.storageClass", "!values.worker.persistence.enabled || "
     "values.worker.persistence.storageClass in ['gp3', 'efs-sc', 'class-{n}']"),
    ("worker.extraEnvVars", "!values.worker.extraEnvVars.exists(e, e.name == 'SECRET_{n}' && has(e.value))"),
    ("commonLabels", "size(values.commonLabels) <= {n} + 10"),
    ("source.type", "values.source.type in ['git', 'configmap'] && release.namespace.lowerAscii() == release.namespace"),
    ("worker.resourcesPreset", "values.worker.resourcesPreset != 'nano' || chart.version.split('.').size() == 3"),
)


def policy_file_text(count: int) -> str:
    """A policy file of `count` values policies, cycling through realistic templates."""
    lines = ["policies:"]
    for index in range(count):
        path, rule = _POLICY_TEMPLATES[index % len(_POLICY_TEMPLATES)]
        lines += [f"  - code: BEN{index + 1:03d}", f"    name: bench-policy-{index + 1}", "    target: values",
                  f"    rule: {json.dumps(rule.format(n=index + 1))}", f"    path: {path}",
                  f"    message: bench policy {index + 1} (severity info)", "    severity: info"]
    return "\n".join(lines) + "\n"


def parse_importtime(stderr: str) -> dict[str, tuple[float, float]]:
    """`-X importtime` lines -> {module: (self_ms, cumulative_ms)} (first occurrence)."""
    out: dict[str, tuple[float, float]] = {}
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S.*)$", line)
        if match:
            module = match.group(4).strip()
            out.setdefault(module, (int(match.group(1)) / 1000, int(match.group(2)) / 1000))
    return out


def summarise_importtime(samples: list[dict[str, tuple[float, float]]]) -> dict:
    modules = set().union(*samples)
    rows = []
    for module in modules:
        own = [s[module][0] for s in samples if module in s]
        cum = [s[module][1] for s in samples if module in s]
        rows.append({"module": module, "cumulative_ms": round(statistics.median(cum), 2),
                     "self_ms": round(statistics.median(own), 2)})
    packages: dict[str, float] = {}
    for row in rows:
        top = row["module"].split(".")[0]
        packages[top] = packages.get(top, 0.0) + row["self_ms"]
    total = statistics.median(sum(v[0] for v in s.values()) for s in samples)
    return {
        "runs": len(samples), "modules": len(rows), "total_ms": round(total, 1),
        "top_cumulative": sorted(rows, key=lambda r: r["cumulative_ms"], reverse=True)[:15],
        "top_self": sorted(rows, key=lambda r: r["self_ms"], reverse=True)[:15],
        "by_top_level_package_ms": dict(sorted(((k, round(v, 1)) for k, v in packages.items()),
                                               key=lambda kv: kv[1], reverse=True)[:15]),
    }


# ---------------------------------------------------------------------------
# Machine, report


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "host": socket.gethostname(), "cpu": cpu, "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gib": memory, "os": platform.platform(), "python": platform.python_version(),
        "python_implementation": platform.python_implementation(), "python_executable": sys.executable,
    }


def source_info(ref: str | None) -> dict:
    try:
        commit = git("rev-parse", ref or "HEAD").strip()
        dirty = bool(git("status", "--porcelain", "--", ".", ":!benchmarks").strip()) if not ref else False
    except (subprocess.CalledProcessError, OSError):
        return {"benchmarked": ref or "working tree"}
    return {"benchmarked": f"git {ref}" if ref else "working tree", "commit": commit,
            "working_tree_dirty": dirty}


def evaluate_targets(results: dict) -> list[dict]:
    rows = []
    bench = results["benchmarks"]
    check = bench.get("check")
    if check:
        for name, row in check["files"].items():
            if "ratio_to_yamllint" in row:
                rows.append({"target": f"check {name}: dslint / yamllint <= {TARGETS['check_vs_yamllint']}",
                             "value": row["ratio_to_yamllint"], "met": row["met"]})
    batch = bench.get("batch")
    if batch:
        for variant in ("serial", *(k for k in batch if k.startswith("-j"))):
            if variant in batch:
                row = batch[variant]
                rows.append({"target": f"batch ({variant}): ms per file < {TARGETS['batch_ms_per_file']}",
                             "value": row["ms_per_file"], "met": row["met"]})
    manifests = bench.get("manifests")
    if manifests:
        rows.append({"target": f"manifests: ms per document (warm) < {TARGETS['manifests_ms_per_document']}",
                     "value": manifests["ms_per_document"], "met": manifests["met_per_document"]})
        one = manifests.get("checkov", {}).get("one file")
        if one:
            rows.append({"target": f"manifests: Checkov / dslint >= {TARGETS['manifests_vs_checkov']} on one render "
                                   f"({manifests['one_file']}, {one['documents']} objects)",
                         "value": one["ratio_checkov_to_dslint"], "met": one["met"]})
    render = bench.get("render")
    if render:
        for chart, variants in render["charts"].items():
            row = variants.get("existing-key")
            if row and "met" in row:
                rows.append({"target": f"render {chart} (existing key): dslint / SDK <= {TARGETS['render_vs_sdk']}",
                             "value": row["ratio_dslint_to_sdk"], "met": row["met"]})
    return rows


def markdown(results: dict) -> str:
    """The README's results block."""
    m = results["machine"]
    v = results.get("versions", {})
    src = results["source"]
    lines = [
        f"Run {results['started'][:10]} ({'quick' if results['quick'] else 'full'} run) on {m['cpu']}, "
        f"{m['cores']} cores, {m['memory_gib']} GiB, {m['os']}; Python {m['python']}; "
        + ", ".join(f"{k} {val}" for k, val in v.items() if val not in (None, True, False) and k != "dslint")
        + f"; yamllint {results['tools'].get('yamllint', 'n/a')}, Checkov {results['tools'].get('checkov', 'n/a')}. "
        f"Benchmarked: {src.get('benchmarked')} at {src.get('commit', '?')[:10]}"
        + (" (with uncommitted changes)" if src.get("working_tree_dirty") else "") + ". "
        f"Load average (1 min) at start {results['load_average_start'][0]:.1f}, at end "
        f"{results['load_average_end'][0]:.1f}, on {m['cores']} cores"
        + (" (at the start of each section: " + ", ".join(
            f"{name} {data['load_average_1min_at_start']:.1f}" for name, data in results["benchmarks"].items()
            if "load_average_1min_at_start" in data) + ")" if results["benchmarks"] else "")
        + (": other work was running, absolute times are inflated; the interleaved ratios hold better."
           if max([results["load_average_start"][0], results["load_average_end"][0]]
                  + [d.get("load_average_1min_at_start", 0) for d in results["benchmarks"].values()])
           >= 0.5 * (m["cores"] or 1) else "."),
        "",
        "| Benchmark | dslint (median, IQR) | Reference (median) | Ratio | Target | Met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    bench = results["benchmarks"]

    def met(flag):
        return "—" if flag is None else ("met" if flag else "**not met**")

    check = bench.get("check")
    if check:
        t = check["timings"]
        lines.append(f"| start-up: `dslint --version` | {fmt_ms(t['dslint --version'])} | `python -c pass` "
                     f"{check['floor_ms']:.1f} ms | {t['dslint --version']['median_ms'] / check['floor_ms']:.1f}x floor "
                     "| — | — |")
        for name, row in check["files"].items():
            stats = t[f"dslint check {name}"]
            ref = f"yamllint {row['yamllint_median_ms']:.0f} ms" if "yamllint_median_ms" in row else "yamllint n/a"
            ratio = (f"{row['ratio_to_yamllint']:.2f}x yamllint, {row['ratio_to_floor']:.1f}x floor"
                     if "ratio_to_yamllint" in row else f"{row['ratio_to_floor']:.1f}x floor")
            lines.append(f"| cold `dslint check` {name} ({row['lines']} lines) | {fmt_ms(stats)} | {ref} | {ratio} | "
                         f"<= 1.0x yamllint | {met(row.get('met'))} |")
    batch = bench.get("batch")
    if batch:
        for variant in [k for k in batch if k == "serial" or k.startswith("-j")]:
            row = batch[variant]
            t = row["timings"]
            lines.append(f"| batch ({variant}): 1,000 files in one run | {fmt_ms(t['1000 files'])} | 1 file "
                         f"{row['single_file_ms']:.0f} ms | **{row['ms_per_file']:.2f} ms/file** beyond start-up "
                         f"(R² {row['fit_250_500_1000']['r2']}, {'linear' if row['linear'] else 'NOT linear'}) | "
                         f"< 3 ms/file | {met(row['met'])} |")
        if "jobs" in batch:
            lines.append(f"| batch `-j` | — | — | {batch['jobs']} | — | — |")
    manifests = bench.get("manifests")
    if manifests:
        t = manifests["timings"]["dslint all files"]
        ip = manifests["in_process"]
        lines.append(f"| `check --manifests`, {manifests['documents']} documents in {manifests['files']} golden files | "
                     f"{fmt_ms(t)}, {t['max_rss_mib']} MiB RSS | — | **{manifests['ms_per_document']:.2f} ms/document** "
                     f"warm in-process ({manifests['process_ms_per_document_marginal']:.2f} marginal per process; "
                     f"validators {ip['validator_build_ms']:.0f} ms) | < 2 ms/document | "
                     f"{met(manifests['met_per_document'])} |")
        one_cold = manifests["timings"]["dslint one file, empty schema cache"]
        lines.append(f"| `check --manifests` one render ({manifests['one_file']}), empty schema cache | "
                     f"{fmt_ms(one_cold)} | warm cache {fmt_ms(manifests['timings']['dslint one file'])} | "
                     f"+{manifests['schema_cache_cold_extra_ms']:.0f} ms the first time | — | — |")
        ck = manifests.get("checkov", {})
        for label in ("one file", "all files"):
            row = ck.get(label)
            if not row:
                continue
            c, d = row["timings"][f"checkov {label}"], row["timings"][f"dslint {label}"]
            what = (f"one render ({manifests['one_file']}, {row['documents']} objects)" if label == "one file"
                    else f"all {manifests['files']} golden renders ({row['documents']} objects)")
            target = f">= {TARGETS['manifests_vs_checkov']:.0f}x" if label == "one file" else "—"
            lines.append(f"| `check --manifests` vs Checkov, {what} | {fmt_ms(d)}, {d['max_rss_mib']} MiB | "
                         f"Checkov {fmt_ms(c)}, {c['max_rss_mib']} MiB | dslint **{row['ratio_checkov_to_dslint']:.1f}x** "
                         f"faster | {target} | {met(row.get('met'))} |")
        if ck and not any(ck.get(label) for label in ("one file", "all files")):
            lines.append(f"| `check --manifests` vs Checkov | — | skipped: {ck.get('version')} | — | >= 25x | — |")
    render = bench.get("render")
    if render:
        for chart, variants in render["charts"].items():
            for variant, row in variants.items():
                t = row["timings"]
                lines.append(f"| `dslint render` {chart}, {variant} | {fmt_ms(t['dslint render'])} | SDK process "
                             f"{fmt_ms(t['bare SDK render'])}; in-process {row['sdk_in_process']['warm_median_ms']:.0f} ms "
                             f"| {row['ratio_dslint_to_sdk']:.2f}x | "
                             f"{'<= 1.3x' if 'met' in row else '—'} | {met(row.get('met'))} |")
                if "dslint render, gated" in t:
                    lines.append(f"| `dslint render` {chart}, {variant}, default `--fail-on error` (Helm waits for the "
                                 f"values rules) | {fmt_ms(t['dslint render, gated'])} | SDK process "
                                 f"{fmt_ms(t['bare SDK render'])} | {row['ratio_gated_to_sdk']:.2f}x | — | — |")
    if render:
        for chart, variants in render["charts"].items():
            phases = variants.get("existing-key", {}).get("dslint_phases")
            if phases:
                lines.append("")
                lines.append(f"`dslint render` {chart} (existing key), in-process milliseconds (medians of fresh processes; "
                             "phases marked *in thread* overlap the main thread): "
                             + ", ".join(f"{k} {v:.1f}" for k, v in {**phases['marks'], **phases['phases']}.items())
                             + ".")
    if results.get("skipped"):
        lines.append("")
        lines.append("Skipped: " + "; ".join(f"{k}: {v}" for k, v in results["skipped"].items()) + ".")
    imports = bench.get("importtime", {}).get("dslint check (python -m dslint.cli check examples/production-training.yaml)")
    if imports:
        lines.append("")
        lines.append(f"Imports on the check path: {imports['total_ms']:.0f} ms in {imports['modules']} modules; "
                     "by package (own time): " + ", ".join(f"{k} {val:.0f} ms" for k, val in
                                                           list(imports["by_top_level_package_ms"].items())[:8]) + ".")
    return "\n".join(lines) + "\n"


def update_readme(block: str) -> None:
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    if README_BEGIN not in text or README_END not in text:
        raise SystemExit(f"{readme} has no {README_BEGIN} / {README_END} markers")
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_BEGIN}\n{block}{README_END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help=f"run only these sections (repeatable or comma-separated): {', '.join(SECTIONS)}")
    parser.add_argument("--json", metavar="PATH",
                        help="write the results here (default benchmarks/results/<date>-<host>[-quick].json)")
    parser.add_argument("--ref", metavar="REV", help="benchmark this git revision instead of the working tree")
    parser.add_argument("--update-readme", action="store_true",
                        help="write the results table into benchmarks/README.md")
    args = parser.parse_args(argv)
    only = [s.strip() for item in (args.only or []) for s in item.split(",") if s.strip()]
    unknown = [s for s in only if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    sections = only or list(SECTIONS)

    WORK.mkdir(parents=True, exist_ok=True)
    started = _dt.datetime.now(_dt.timezone.utc)
    bench = Bench(args)
    results = bench.results
    results.update({"schema": 1, "started": started.isoformat(timespec="seconds"), "quick": args.quick,
                    "sections": sections, "machine": machine(), "source": source_info(args.ref),
                    "targets_definition": TARGETS,
                    "method": ("whole processes (subprocess + perf_counter), warm-up runs discarded, commands of a "
                               "comparison interleaved; median, min, IQR; max RSS per child from os.wait4; "
                               "dslint from a regular (non-editable) install in its own venv")})
    results["load_average_start"] = list(os.getloadavg())
    bench.venv, results["install"] = ensure_dslint_venv(args.ref, bench.logfile)
    results["versions"] = bench.task("versions")
    log(f"[setup] {results['machine']['cpu']}, {results['machine']['cores']} cores, Python "
        f"{results['machine']['python']}; dslint {results['versions'].get('dslint')} from {results['install']['dslint_module']}")
    failures = {}
    for section in sections:
        started_section = time.perf_counter()
        load = os.getloadavg()[0]
        try:
            data = getattr(bench, f"section_{section}")()
        except CommandFailed as err:
            log(f"[{section}] FAILED: {err}")
            failures[section] = str(err)[:3000]
            continue
        if data is not None:
            data["section_seconds"] = round(time.perf_counter() - started_section, 1)
            data["load_average_1min_at_start"] = load
            results["benchmarks"][section] = data
    results["tools"] = {name: detail for name, (_, detail) in bench.tools.items()}
    results["failures"] = failures
    results["load_average_end"] = list(os.getloadavg())
    results["finished"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    results["targets"] = evaluate_targets(results)

    if args.json:
        out_path = Path(args.json)
    else:
        host = re.sub(r"[^A-Za-z0-9_.-]+", "-", socket.gethostname()) or "host"
        out_path = HERE / "results" / f"{started:%Y-%m-%d}-{host}{'-quick' if args.quick else ''}.json"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    block = markdown(results)
    print(block)
    for row in results["targets"]:
        print(f"{'MET    ' if row['met'] else 'NOT MET'}  {row['target']}  (measured {row['value']})")
    print(f"\nresults: {out_path}")
    if args.update_readme:
        update_readme(block)
        print(f"table written to {HERE / 'README.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
