#!/usr/bin/env python3
"""Mutation testing of dslint's core, one module group at a time (issue #20).

    python benchmarks/mutation.py suppress          # one group: mutate its modules, run the tests that matter
    python benchmarks/mutation.py suppress config   # several, in turn
    python benchmarks/mutation.py --all             # every group (an hour or more: a manual or scheduled job)
    python benchmarks/mutation.py --list            # the groups, their modules and their tests
    python benchmarks/mutation.py --summary         # rewrite the README table from the committed reports

Each group runs mutmut in a folder of its own (benchmarks/.work/mutation/<group>/), so its
mutants, test-coverage stats and cached results never mix with another group's: a second run of a
group re-tests only the functions whose code changed.  The folder holds links to the repository
and a pyproject.toml whose [tool.mutmut] is the repository's plus the group's modules and tests.

Results: benchmarks/mutation/<group>.json (score per module, every surviving mutant with its
diff) and the table in benchmarks/mutation/README.md.  A surviving mutant is either killed by a new
test or listed in benchmarks/mutation/equivalents.toml with the reason no test can tell it apart;
an entry whose mutated line no longer matches the code is reported stale and counts as a survivor.

Needs mutmut (`pip install mutmut`, 3.x) and, for the tests that use them, the reference material
the suite reads: DSLINT_SHARED (default ../shared), DSLINT_PSA_FIXTURES for the pss group.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "mutation"
WORK = ROOT / "benchmarks" / ".work" / "mutation"
EQUIVALENTS = RESULTS / "equivalents.toml"
# What the tests read from the repository besides dslint/ and tests/ (mutmut copies them into mutants/).
LINKED = ("dslint", "tests", "rules", "schemas", "docs", "examples", "helm-plugin", "plugin.yaml", "README.md",
          "DEVELOPERS.md")
TARGET_SCORE = 90.0


@dataclass(frozen=True)
class Group:
    modules: tuple[str, ...]  # globs of files under dslint/ (mutmut's only_mutate)
    tests: tuple[str, ...]  # pytest arguments: the tests that matter for these modules
    needs: tuple[str, ...] = ()  # environment variables without which some of those tests skip


# The one list of what is mutated with which tests.  A module moved or renamed is changed here only.
GROUPS = {
    "suppress": Group(("dslint/suppress.py",),
                      ("tests/mutation/test_exact_suppress.py", "tests/test_config_and_suppressions.py")),
    "config": Group(("dslint/config.py",),
                    ("tests/mutation/test_exact_config.py", "tests/test_config_and_suppressions.py",
                     "tests/cli/test_config_in_use.py")),
    "sarif": Group(("dslint/formats/sarif.py",),
                   ("tests/mutation/test_exact_sarif.py", "tests/integrations/test_sarif.py",
                    "tests/integrations/test_ci_formats.py")),
    "secrets": Group(("dslint/secrets.py",),
                     ("tests/mutation/test_exact_secrets.py", "tests/robustness/test_secrets.py",
                      "tests/robustness/test_redaction_bounds.py", "tests/cli/test_printing.py",
                      # Seconds each, and run for nearly every mutant: the other bounds tests hold the same limits.
                      *(f"--deselect=tests/robustness/test_redaction_bounds.py::{name}" for name in (
                          "test_memory_of_the_index_is_bounded", "test_report_one_megabyte_long_key[15]",
                          "test_report_12000_secrets_and_a_long_key")))),
    "load": Group(("dslint/load/*",),
                  ("tests/mutation/test_exact_load.py", "tests/load", "tests/cli/test_bad_input.py",
                   "tests/cli/test_locations.py")),
    "validate": Group(("dslint/model/validate.py",),
                      ("tests/mutation/test_exact_validate.py", "tests/model", "tests/rules/test_rule_fixtures.py")),
    "pss": Group(("dslint/manifests/pss*.py", "dslint/knowledge/pss_controls.py"),
                 ("tests/mutation/test_exact_pss.py", "tests/manifests/test_manifest_pss.py",
                  "tests/manifests/test_psa_conformance.py", "tests/manifests/test_pss_versions.py"),
                 ("DSLINT_PSA_FIXTURES",)),
    "knowledge": Group(("dslint/knowledge/*",),
                       ("tests/knowledge", "tests/rules/test_rule_fixtures.py"),
                       ("DSLINT_CHART_HISTORY", "DSLINT_UPSTREAM_CHART")),
    "rules": Group(("dslint/rules/*",), ("tests/mutation/test_exact_rules.py", "tests/rules",
                                         # A crash fuzzer over every policy rule (a second per mutant, ~1,000
                                         # mutants): it asserts no crash, which the fixtures also show.
                                         "--deselect=tests/rules/test_policy_rules.py::test_no_policy_rule_crashes")),
}
# pss_controls is data the PSS checks read: it is mutated with them, not with the rest of the knowledge layer.
KNOWLEDGE_EXCLUDED = ("dslint/knowledge/pss_controls.py",)

DETECTED = {"killed", "timeout", "caught by type check"}


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def group_pyproject(name: str) -> str:
    """The repository's pyproject.toml with [tool.mutmut] narrowed to one group."""
    text = (ROOT / "pyproject.toml").read_text()
    base = dict(tomllib.loads(text).get("tool", {}).get("mutmut", {}))
    group = GROUPS[name]
    base["only_mutate"] = list(group.modules)
    if name == "knowledge":
        base["do_not_mutate"] = [*base.get("do_not_mutate", []), *KNOWLEDGE_EXCLUDED]
    base["pytest_add_cli_args_test_selection"] = list(group.tests)
    table = "[tool.mutmut]\n" + "".join(f"{key} = {_toml_value(value)}\n" for key, value in base.items())
    # Replace the section (up to the next table header), or add it.
    pattern = re.compile(r"^\[tool\.mutmut\]\n(?:(?!\[).*\n?)*", re.MULTILINE)
    return pattern.sub(lambda _: table + "\n", text, count=1) if pattern.search(text) else text + "\n" + table


def prepare(name: str, fresh: bool) -> Path:
    work = WORK / name
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    for entry in LINKED:
        link = work / entry
        if (ROOT / entry).exists() and not link.is_symlink():
            link.symlink_to(ROOT / entry)
    (work / "pyproject.toml").write_text(group_pyproject(name))
    # mutmut maps each function to the tests that reach it once, and afterwards only adds tests with new
    # names: a test changed to reach more code would never run against that code's mutants.  The mapping
    # costs one traced run of the group's tests, so it is rebuilt every time.
    (work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    return work


def _mutmut(work: Path, *args: str, capture: bool = False, log: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # The tests find ../shared next to the repository, and the copy under mutants/ is elsewhere.
    env.setdefault("DSLINT_SHARED", str(ROOT.parent / "shared"))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    command = [sys.executable, "-m", "mutmut", *args]
    if log is not None:  # mutmut's progress spinner: kept in a file, shown when the run fails
        with log.open("w") as out:
            return subprocess.run(command, cwd=work, env=env, text=True, stdout=out, stderr=subprocess.STDOUT,
                                  check=False)
    return subprocess.run(command, cwd=work, env=env, text=True, capture_output=capture, check=False)


def _module_of(mutant: str, modules: list[str]) -> str:
    # `dslint.suppress.x_apply_suppressions__mutmut_3`, `dslint.suppress.xǁSuppressionǁmatches__mutmut_1`
    return max((m for m in modules if mutant.startswith(m + ".x")), key=len, default=mutant.rsplit(".", 1)[0])


def _modules(name: str) -> list[str]:
    group = GROUPS[name]
    excluded = KNOWLEDGE_EXCLUDED if name == "knowledge" else ()
    files = sorted({p for pattern in group.modules for p in ROOT.glob(pattern)
                    if p.suffix == ".py" and str(p.relative_to(ROOT)) not in excluded})
    return [".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for p in files]


def _changed_lines(diff: str) -> list[str]:
    return [line[1:].strip() for line in diff.splitlines()
            if line.startswith("+") and not line.startswith("+++")]


def load_equivalents() -> dict[str, dict[str, str]]:
    if not EQUIVALENTS.exists():
        return {}
    return tomllib.loads(EQUIVALENTS.read_text())


def statuses(work: Path) -> dict[str, str]:
    listing = _mutmut(work, "results", "--all", "true", capture=True)
    out = {}
    for line in listing.stdout.splitlines():
        mutant, sep, status = line.strip().rpartition(": ")
        if sep and mutant.startswith("dslint."):
            out[mutant] = status
    return out


_DIFFS = """
import json, sys
from mutmut.__main__ import find_mutant
from mutmut.mutation.diff_apply import get_diff_for_mutant
print(json.dumps({n: get_diff_for_mutant(n, path=find_mutant(n).path) for n in sys.argv[1:]}))
"""


def diffs(work: Path, mutants: list[str]) -> dict[str, str]:
    """Each mutant's diff, from one process (a `mutmut show` per survivor costs a second each)."""
    if not mutants:
        return {}
    ran = subprocess.run([sys.executable, "-c", _DIFFS, *mutants], cwd=work, text=True, capture_output=True,
                         check=False, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    if ran.returncode != 0:
        sys.exit(f"reading the mutants' diffs failed: {ran.stderr[-2000:]}")
    return json.loads(ran.stdout)


def collect(name: str, work: Path) -> dict:
    found = statuses(work)
    diff_of = diffs(work, [m for m, status in found.items() if status not in DETECTED])
    modules = _modules(name)
    equivalents = load_equivalents()
    table = {m: {"mutants": 0, "killed": 0, "equivalent": 0, "survived": 0} for m in modules}
    survivors, equivalent, stale = [], [], []
    for mutant, status in sorted(found.items()):
        row = table.setdefault(_module_of(mutant, modules), {"mutants": 0, "killed": 0, "equivalent": 0, "survived": 0})
        row["mutants"] += 1
        if status in DETECTED:
            row["killed"] += 1
            continue
        diff = diff_of[mutant]
        known = equivalents.get(mutant)
        if known is not None and known.get("mutated") in _changed_lines(diff):
            row["equivalent"] += 1
            equivalent.append({"mutant": mutant, "reason": known["reason"]})
            continue
        if known is not None:
            stale.append(mutant)
        row["survived"] += 1
        survivors.append({"mutant": mutant, "status": status, "diff": diff.strip()})
    for row in table.values():
        judged = row["mutants"] - row["equivalent"]
        row["score"] = round(100.0 * row["killed"] / judged, 1) if judged else None
    return {
        "group": name,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                                 capture_output=True, check=False).stdout.strip(),
        "mutmut": _mutmut_version(),
        "modules": GROUPS[name].modules,
        "tests": GROUPS[name].tests,
        "missing_material": [v for v in GROUPS[name].needs if not os.environ.get(v)],
        "scores": table,
        "survivors": survivors,
        "equivalents": equivalent,
        "stale_equivalents": stale,
    }


def _mutmut_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mutmut")
    except PackageNotFoundError:
        return "not installed"


def run_group(name: str, jobs: int, fresh: bool) -> dict:
    group = GROUPS[name]
    missing = [v for v in group.needs if not os.environ.get(v)]
    if missing:
        print(f"{name}: {', '.join(missing)} not set: the tests that need it skip, so their mutants may survive")
    work = prepare(name, fresh)
    print(f"{name}: mutating {', '.join(group.modules)} with {' '.join(group.tests)} (in {work.relative_to(ROOT)})")
    log = work / "mutmut.log"
    started = time.monotonic()
    ran = _mutmut(work, "run", "--max-children", str(jobs), log=log)
    if ran.returncode != 0:
        print(log.read_text()[-5000:])
        sys.exit(f"{name}: mutmut run failed (exit {ran.returncode}); its output: {log}")
    # mutmut keeps a survivor's verdict until its function changes; the tests may have changed since.
    survivors = [m for m, status in statuses(work).items() if status not in DETECTED]
    if survivors:
        ran = _mutmut(work, "run", "--max-children", str(jobs), *survivors, log=log)
        if ran.returncode != 0:
            print(log.read_text()[-5000:])
            sys.exit(f"{name}: mutmut run of the survivors failed (exit {ran.returncode}); its output: {log}")
    print(f"  mutmut ran {time.monotonic() - started:.0f} s")
    report = collect(name, work)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    for module, row in report["scores"].items():
        score = "-" if row["score"] is None else f"{row['score']:.1f} %"
        print(f"  {module:45} {score:>8}  {row['killed']}/{row['mutants'] - row['equivalent']} killed, "
              f"{row['equivalent']} equivalent")
    if report["stale_equivalents"]:
        print(f"  stale equivalents (the code changed; judge them again): {', '.join(report['stale_equivalents'])}")
    return report


SUMMARY_START, SUMMARY_END = "<!-- summary: start -->", "<!-- summary: end -->"


def write_summary() -> None:
    """The README's table, from every group's committed report."""
    rows = ["| group | module | mutants | killed | equivalent | survived | score |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for name in GROUPS:
        path = RESULTS / f"{name}.json"
        if not path.exists():
            rows.append(f"| {name} | (not run yet) | | | | | |")
            continue
        report = json.loads(path.read_text())
        note = f" ({', '.join(report['missing_material'])} unset)" if report.get("missing_material") else ""
        for module, row in report["scores"].items():
            score = "-" if row["score"] is None else f"{row['score']:.1f} %"
            rows.append(f"| {name}{note} | `{module}` | {row['mutants']} | {row['killed']} | {row['equivalent']} | "
                        f"{row['survived']} | {score} |")
        rows.append(f"| | *{report['date']}, {report['commit']}, mutmut {report['mutmut']}* | | | | | |")
    readme = RESULTS / "README.md"
    text = readme.read_text()
    start, end = text.index(SUMMARY_START) + len(SUMMARY_START), text.index(SUMMARY_END)
    readme.write_text(text[:start] + "\n" + "\n".join(rows) + "\n" + text[end:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("groups", nargs="*", metavar="GROUP", help=", ".join(GROUPS))
    parser.add_argument("--all", action="store_true", help="every group")
    parser.add_argument("--list", action="store_true", help="print the groups and stop")
    parser.add_argument("--summary", action="store_true", help="only rewrite the README table")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="mutants tested at once (default 1)")
    parser.add_argument("--fresh", action="store_true", help="forget the group's earlier mutants and results")
    args = parser.parse_args()
    if args.list:
        for name, group in GROUPS.items():
            print(f"{name:10} {' '.join(group.modules)}\n{'':10} tests: {' '.join(group.tests)}")
        return
    names = list(GROUPS) if args.all else args.groups
    unknown = [n for n in names if n not in GROUPS]
    if unknown:
        parser.error(f"unknown group {', '.join(unknown)} (the groups: {', '.join(GROUPS)})")
    if not names and not args.summary:
        parser.error("name a group (or --all, --list, --summary)")
    for name in names:
        run_group(name, args.jobs, args.fresh)
    write_summary()


if __name__ == "__main__":
    main()
