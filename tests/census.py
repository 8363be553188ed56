"""The collection census: which tests exist when all the reference material is here.

A test that needs material must be collected and skipped without it, never silently absent
(issue 20).  tests/collection-census.json lists every test id collected with the material
present.  A test parametrised over the material (golden scenarios, chart versions, PSA
fixtures) is listed once as `file::test[*]`: its parameters come from the material, and
without it the test keeps one placeholder parameter and skips.  The conftest compares each
run's collection with the census and prints one line.

Regenerate after adding, renaming or removing tests, with all the material reachable
(DEVELOPERS.md, "The collection census"):

    python tests/census.py --write
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CENSUS = ROOT / "tests" / "collection-census.json"
MATERIAL_VARIABLES = ("DSLINT_CHART_HISTORY", "DSLINT_UPSTREAM_CHART", "DSLINT_PSA_FIXTURES")


def base(nodeid: str) -> str:
    """The test function's id, without its parameters."""
    return nodeid.split("[", 1)[0]


def location() -> Path | None:
    """The census the conftest compares with: DSLINT_CENSUS=off for none, =<path> for another file."""
    chosen = os.environ.get("DSLINT_CENSUS", "")
    if chosen == "off":
        return None
    return Path(chosen) if chosen else CENSUS


def load(path: Path = CENSUS) -> list[str]:
    return json.loads(path.read_text("utf-8"))["tests"]


def missing(census: list[str], collected: set[str]) -> list[str]:
    """The census entries no collected id answers."""
    bases = {base(nodeid) for nodeid in collected}
    return [entry for entry in census
            if (base(entry) not in bases if entry.endswith("[*]") else entry not in collected)]


def unlisted(census: list[str], collected: set[str]) -> list[str]:
    """Collected ids the census does not know (a new test: regenerate)."""
    exact = set(census)
    wild = {base(entry) for entry in census if entry.endswith("[*]")}
    return sorted(nodeid for nodeid in collected if nodeid not in exact and base(nodeid) not in wild)


def in_scope(entry: str, prefixes: list[str]) -> bool:
    """Was `entry` asked for by the command line (paths or node ids, relative to the root)?"""
    for prefix in prefixes:
        if not prefix or entry == prefix:
            return True
        if entry.startswith(prefix) and entry[len(prefix)] in "/:[":
            return True
        if entry.endswith("[*]") and prefix.startswith(base(entry) + "["):
            return True
    return False


def _collect(env: dict[str, str]) -> set[str]:
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-o", "addopts=", "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    ids = {line.strip() for line in done.stdout.splitlines() if "::" in line and not line.startswith(" ")}
    if done.returncode not in (0, 1) or not ids:
        raise SystemExit(f"collection failed (exit {done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return ids


def build() -> list[str]:
    """Collect with the material and without it: a test whose ids differ takes its parameters from the material."""
    shared = Path(os.environ.get("DSLINT_SHARED", ROOT.parent / "shared"))
    absent = [name for name in MATERIAL_VARIABLES if not os.environ.get(name)]
    if not shared.is_dir() or absent:
        raise SystemExit(f"the census needs all the material: ../shared ({shared}) and {', '.join(MATERIAL_VARIABLES)}"
                         f" (not set: {', '.join(absent) or 'none'}); see DEVELOPERS.md, 'The collection census'")
    env = dict(os.environ, DSLINT_CENSUS="off")
    present = _collect(env)
    without = _collect(dict(env, DSLINT_SHARED=str(ROOT / ".no-such-shared"),
                            **{name: "" for name in MATERIAL_VARIABLES}))
    by_base: dict[str, tuple[set[str], set[str]]] = {}
    for nodeid in present | without:
        with_ids, without_ids = by_base.setdefault(base(nodeid), (set(), set()))
        if nodeid in present:
            with_ids.add(nodeid)
        if nodeid in without:
            without_ids.add(nodeid)
    entries = []
    for name, (with_ids, without_ids) in sorted(by_base.items()):
        if not with_ids:
            raise SystemExit(f"{name} is collected only without the material: fix that test")
        entries.extend([f"{name}[*]"] if with_ids != without_ids else sorted(with_ids))
    return sorted(entries)


def main(argv: list[str]) -> int:
    entries = build()
    if "--write" in argv:
        CENSUS.write_text(json.dumps({
            "about": "Test ids collected with all the reference material; file::test[*]: parameters come from the "
                     "material. Regenerate: python tests/census.py --write (DEVELOPERS.md).",
            "tests": entries}, indent=1) + "\n", "utf-8")
        print(f"wrote {CENSUS.relative_to(ROOT)}: {len(entries)} entries")
        return 0
    stale = entries != load()
    print("the census is stale: python tests/census.py --write" if stale else "the census is current")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
