"""The rule registry: every module in this package named `dsNNN_*` is a rule.

A rule module holds its metadata (`RULE`, a `Rule`) next to its `check`
function, which receives a `RuleContext` and yields `Problem`s.  The registry
finds modules by name, so adding a rule means adding one file (and its fixture
folder under `tests/rules/`); nothing else lists rules.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.findings import Location, Severity

if TYPE_CHECKING:
    from dslint.model.view import ChartValues

Path = tuple

PRODUCTION = "production"
DEVELOPMENT = "development"
PROFILES = (PRODUCTION, DEVELOPMENT)

VALUES_LANE = "values"
MANIFESTS_LANE = "manifests"
# What Helm itself reports while rendering (DS95x), for `render` and `check --chart`.
RENDER_LANE = "render"


class Rule(NamedTuple):
    """A rule's metadata: what `dslint explain` prints and the docs are made of.

    NamedTuples here and for `Problem`: dslint defines and builds these at
    every start-up, and a NamedTuple class costs a tenth of a dataclass.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    bad: str
    good: str
    fix: str
    # Profiles that run the rule; `development` drops rules that only matter in production.
    profiles: frozenset[str] = frozenset(PROFILES)
    lane: str = VALUES_LANE
    # Security rules get a `security-severity` in SARIF (GitHub code scanning).
    security: bool = False
    # False: no `# dslint: ignore` silences it (a render Helm refused produced nothing to deploy).
    suppressible: bool = True
    # Settings the bad/good examples need (e.g. {"platform": "openshift"}).
    example_options: Mapping[str, Any] = {}  # shared default: read it, never change it
    # Rules the engine itself reports (suppressions, input notes) have no check.
    engine: bool = False
    # The DeepSpeed chart versions whose behaviour the rule describes, as a Helm
    # version constraint (">=2.2.0", "<=2.3.21"); empty: every version.
    chart_versions: str = ""

    # Whether `dslint check --fix` can fix what the rule finds (ruff's meaning):
    # "safe" keeps the user's meaning, "unsafe" is a likely guess applied only
    # with --unsafe-fixes, "none" offers no fix.  A rule whose fixes differ
    # names its most permissive one and says when in `fix_note`.
    fix_safety: str = "none"
    fix_note: str = ""

    def applies_to(self, chart_version: str) -> bool:
        """Does the rule hold for this chart version (one dslint derived from a chart too)?"""
        if not self.chart_versions:
            return True
        from dslint.knowledge.semver import satisfies

        return satisfies(chart_version, self.chart_versions)

    @property
    def family(self) -> str:
        return self.code[:3]

    @property
    def docs_path(self) -> str:
        return f"rules/{self.code}.md"


class Problem(NamedTuple):
    """What a check yields: a values path and what is wrong with it."""

    path: Path
    message: str
    fix: str = ""
    # Locate at the key rather than the value (e.g. an unknown key).
    at_key: bool = False
    # Other values paths that take part (shown as related locations).
    related: tuple[Path, ...] = ()
    # Set when the place is known better than the values stack can tell
    # (a duplicate key inside one file, a suppression comment).
    location: Location | None = None
    # A rule whose cases differ in weight may grade one below its default;
    # the user's per-code severity setting still wins.
    severity: Severity | None = None
    # The fix on offer as data (dslint.fix.edits.Edit), for `dslint check --fix`.
    edit: Any = None


class ValuesContext:
    """Everything a values rule may look at."""

    __slots__ = ("namespace", "offline", "options", "platform", "profile", "release_name", "values")

    def __init__(self, values: ChartValues, platform: str = "kubernetes", profile: str = PRODUCTION,
                 offline: bool = True, release_name: str | None = None, namespace: str | None = None,
                 options: dict[str, Any] | None = None) -> None:
        self.values = values
        self.platform = platform
        self.profile = profile
        # dslint renders offline (helm template), so capabilities are not detected.
        self.offline = offline
        self.release_name = release_name
        self.namespace = namespace
        self.options = {} if options is None else options

    @property
    def chart_version(self) -> str:
        return self.values.version

    @property
    def openshift(self) -> bool:
        return self.platform == "openshift"

    def problem(
        self,
        path: str | Path,
        message: str,
        fix: str = "",
        *,
        at_key: bool = False,
        related: Iterable[str | Path] = (),
        location: Location | None = None,
        severity: Severity | None = None,
        edit: Any = None,
    ) -> Problem:
        from dslint.model.view import parse_path

        return Problem(
            parse_path(path) if isinstance(path, str) else path,
            message,
            fix,
            at_key,
            tuple(parse_path(r) if isinstance(r, str) else r for r in related),
            location,
            severity,
            edit,
        )


# The name the rules were written against before the manifest lane had a context of its own.
RuleContext = ValuesContext

Check = Callable[[ValuesContext], Iterator[Problem]]


class RegisteredRule(NamedTuple):
    meta: Rule
    check: Check | None


# Each lane's rule modules live in their own package, so checking values never
# imports the manifest rules (and their heavy dependencies).
LANE_PACKAGES = {
    VALUES_LANE: "dslint.rules",
    MANIFESTS_LANE: "dslint.manifests.rules",
    RENDER_LANE: "dslint.render.rules",
}


@cache
def lane_rules(lane: str) -> tuple[RegisteredRule, ...]:
    """The rules of one lane, sorted by code."""
    package = LANE_PACKAGES[lane]
    try:
        module = importlib.import_module(package)
    except ModuleNotFoundError as err:
        if err.name and package.startswith(err.name):
            return ()
        raise
    # Rule modules are the `ds*.py` files of the package: a plain directory
    # listing, since pkgutil's machinery costs more than the listing does.
    names = sorted({entry[:-3] for directory in module.__path__ for entry in os.listdir(directory)
                    if entry.startswith("ds") and entry.endswith(".py")})
    found = []
    for name in names:
        rule_module = importlib.import_module(f"{package}.{name}")
        found.append(RegisteredRule(rule_module.RULE, getattr(rule_module, "check", None)))
    return tuple(sorted(found, key=lambda r: r.meta.code))


def all_rules() -> tuple[RegisteredRule, ...]:
    """Every rule of every lane, sorted by code; codes and names are unique."""
    rules = sorted((r for lane in LANE_PACKAGES for r in lane_rules(lane)), key=lambda r: r.meta.code)
    codes = [r.meta.code for r in rules]
    names = [r.meta.name for r in rules]
    if len(set(codes)) != len(codes) or len(set(names)) != len(names):
        raise RuntimeError("two rules share a code or a name")
    return tuple(rules)


def rule_by_code(code: str) -> RegisteredRule | None:
    """A rule by code (`DS101`) or name (`unknown-key`)."""
    wanted = code.strip()
    for rule in all_rules():
        if rule.meta.code == wanted.upper() or rule.meta.name == wanted.lower():
            return rule
    return None
