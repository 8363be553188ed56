"""Shared test helpers: run the CLI as a user does, and find the reference material."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

# Property tests: "ci" (the default) keeps the whole suite fast; "long" is for
# local hunting, selected with `pytest --hypothesis-profile=long` or
# DSLINT_HYPOTHESIS_PROFILE=long (the older DSLINT_HYPOTHESIS=long works too;
# DSLINT_HYPOTHESIS_EXAMPLES=N: N examples per property instead of 20,000).
# The differentials against Helm and the planted-mistake fuzzer need more than
# 40 examples even in CI: they take `scaled_examples(n)`, n under "ci" and the
# profile's count (never fewer) under "long".
_SLOW_INPUTS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", max_examples=40, deadline=None, print_blob=True, suppress_health_check=_SLOW_INPUTS)
settings.register_profile("long", max_examples=int(os.environ.get("DSLINT_HYPOTHESIS_EXAMPLES", "20000")),
                          deadline=None, print_blob=True, suppress_health_check=_SLOW_INPUTS)
settings.load_profile(os.environ.get("DSLINT_HYPOTHESIS_PROFILE") or os.environ.get("DSLINT_HYPOTHESIS", "ci"))


def scaled_examples(ci_examples: int) -> int:
    """A property's example count: `ci_examples` under the ci profile, the profile's own count when
    that is larger (long).  Read when the test module is imported, after any --hypothesis-profile."""
    return max(ci_examples, settings.default.max_examples)

ROOT = Path(__file__).resolve().parent.parent
# ../shared holds the upstream facts and golden renders; CI has it, a user's
# checkout may not: tests that need it skip.
SHARED = Path(os.environ.get("DSLINT_SHARED", ROOT.parent / "shared"))
GOLDEN = SHARED / "golden"


@pytest.fixture(autouse=True, scope="session")
def isolated_schema_cache(tmp_path_factory):
    """DS901's schema cache in a temporary folder, never the user's ~/.cache (in-process runs; a
    subprocess gets its cache from XDG_CACHE_HOME)."""
    from dslint.manifests import kube_schema as schema

    root = str(tmp_path_factory.mktemp("schema-cache"))
    original, previous = schema.default_cache_root, schema._LIBRARY
    schema.default_cache_root = lambda: root
    schema._LIBRARY = None
    try:
        yield root
    finally:
        schema.default_cache_root = original
        schema._LIBRARY = previous


def needs_shared(path: Path = SHARED) -> Path:
    if not path.exists():
        pytest.skip(f"reference material not found at {path}")
    return path


def golden_scenarios() -> list[str]:
    if not GOLDEN.is_dir():
        return []
    return sorted(p.name for p in GOLDEN.iterdir() if (p / "values.yaml").is_file())


def golden_meta(name: str) -> dict:
    return json.loads((GOLDEN / name / "meta.json").read_text())


class Result:
    def __init__(self, result) -> None:
        self.exit_code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr
        # stdout and stderr interleaved, as a terminal shows them.
        self.output = result.output
        self.exception = result.exception

    def json(self) -> dict:
        # An empty stdout means the command stopped on an error: show it rather than a JSON decode error.
        assert self.stdout.strip(), f"no output (exit {self.exit_code}); stderr: {self.stderr[-2000:]}"
        return json.loads(self.stdout)


@pytest.fixture
def run_cli(tmp_path, monkeypatch):
    """Invoke `dslint ...` in-process; isolated from any config in the checkout."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str, input: str | bytes | None = None) -> Result:
        from dslint.cli import main

        runner = CliRunner()
        result = runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
        return Result(result)

    return run


# --- what was skipped for want of reference material ---------------------------------------

# Skip reasons that mean "the reference material is not here" (not "this machine lacks a tool").
_WANTS_SHARED = ("reference material", "golden", "chart-reference", "../shared", str(SHARED))
_WANTS_UPSTREAM = ("DSLINT_UPSTREAM_CHART", "needs the 2.1.1 chart")
_WANTS_VARIABLE = ("DSLINT_CHART_HISTORY", "DSLINT_PSA_FIXTURES")


def reference_skips(reasons: list[str]) -> dict[str, int]:
    """How many skips want ../shared, DSLINT_UPSTREAM_CHART, DSLINT_CHART_HISTORY (a chart version it lacks
    included) and DSLINT_PSA_FIXTURES."""
    counts = {"../shared": 0, "DSLINT_UPSTREAM_CHART": 0, **{name: 0 for name in _WANTS_VARIABLE}}
    for reason in reasons:
        variable = next((name for name in _WANTS_VARIABLE if name in reason), None)
        if variable:
            counts[variable] += 1
        elif any(word in reason for word in _WANTS_UPSTREAM):
            counts["DSLINT_UPSTREAM_CHART"] += 1
        elif any(word in reason for word in _WANTS_SHARED) or "empty parameter set" in reason:
            # Parametrised over the golden scenarios, which ../shared holds.
            counts["../shared"] += 1
    return {where: n for where, n in counts.items() if n}


def reference_summary(counts: dict[str, int]) -> str:
    if not counts:
        return ""
    parts = ", ".join(f"{n} need {where}" for where, n in counts.items())
    total = sum(counts.values())
    return (f"dslint: {total} test{'s' if total != 1 else ''} skipped for want of reference material ({parts}); "
            "see README.md, Development")


def pytest_terminal_summary(terminalreporter):
    reasons = []
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reasons.append(longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr))
    line = reference_summary(reference_skips(reasons))
    if line:
        terminalreporter.write_line(line)
    census = getattr(terminalreporter.config, "_dslint_census", None)
    if census is not None:
        terminalreporter.write_line(census_line(*census))


# --- the collection census: no test silently absent (tests/census.py) --------------------------

def pytest_configure(config):
    config._dslint_collected = set()


def pytest_itemcollected(item):
    # Before -k, -m and --deselect: a deselected test is asked away, not missing.
    item.config._dslint_collected.add(item.nodeid)


def _census_prefixes(config) -> list[str]:
    """The command line's paths and node ids, relative to the root ("" for the whole suite)."""
    prefixes = []
    for arg in config.args:
        path, _, rest = arg.partition("::")
        resolved = (config.invocation_params.dir / path).resolve()
        try:
            relative = resolved.relative_to(config.rootpath).as_posix()
        except ValueError:
            continue
        if relative in (".", "tests"):
            return [""]
        prefixes.append(relative + ("::" + rest if rest else ""))
    return prefixes


def pytest_collection_finish(session):
    import census

    config = session.config
    path = census.location()
    # mutmut runs chosen tests of a copy (MUTANT_UNDER_TEST set): not a collection to judge.
    if path is None or config.getoption("lf", False) or not path.is_file() or "MUTANT_UNDER_TEST" in os.environ:
        return
    prefixes = _census_prefixes(config)
    expected = [entry for entry in census.load(path) if census.in_scope(entry, prefixes)]
    collected = config._dslint_collected
    config._dslint_census = (census.missing(expected, collected), census.unlisted(expected, collected)
                             if prefixes == [""] else [])


def census_line(missing: list[str], unlisted: list[str]) -> str:
    line = f"dslint: {len(missing)} test{'s' if len(missing) != 1 else ''} silently missing"
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        line += f" from the collection census: {shown}"
    if unlisted:
        line += (f"; {len(unlisted)} collected test{'s' if len(unlisted) != 1 else ''} not in the census "
                 "(python tests/census.py --write)")
    return line


def pytest_sessionfinish(session, exitstatus):
    census = getattr(session.config, "_dslint_census", None)
    if census and census[0] and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
