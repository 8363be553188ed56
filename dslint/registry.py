"""The registry of lanes and rules, for every lane.

A rule is a module named `dsNNN_*` in its lane's package, holding its metadata
(`RULE`, a `Rule`) next to its `check` function.  The registry finds modules by
name, so adding a rule means adding one file (and its fixture folder under
`tests/rules/`); nothing else lists rules.  Each lane's rules live in their own
package, so checking values never imports the manifest rules (and their heavy
dependencies).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.findings import Severity

if TYPE_CHECKING:
    from dslint.config import Settings

PRODUCTION = "production"
DEVELOPMENT = "development"
PROFILES = (PRODUCTION, DEVELOPMENT)

VALUES_LANE = "values"
MANIFESTS_LANE = "manifests"
# What Helm itself reports while rendering (DS95x), for `render` and `check --chart`.
RENDER_LANE = "render"

LANE_PACKAGES = {
    VALUES_LANE: "dslint.rules",
    MANIFESTS_LANE: "dslint.manifests.rules",
    RENDER_LANE: "dslint.render.rules",
}

# The types a rule's option may have, by the name its page shows.
OPTION_TYPES: dict[str, type] = {"string": str, "boolean": bool, "integer": int, "list of strings": list}


class RuleOption(NamedTuple):
    """A setting a rule declares (yamllint's CONF, kube-linter's params), set in the config's `rules:` table.

    `rules: {DS802: {allowed-registries: [...]}}`: the config checks the type and
    refuses an option the rule does not declare, at the line that sets it.
    """

    name: str  # kebab-case, as the config spells it
    type: str  # a key of OPTION_TYPES
    default: Any
    description: str


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
    # Options of the rule's own, set in the config (`rules: {CODE: {name: value}}`).
    options: tuple[RuleOption, ...] = ()

    def applies_to(self, chart_version: str) -> bool:
        """Does the rule hold for this chart version (one dslint derived from a chart too)?"""
        if not self.chart_versions:
            return True
        from dslint.knowledge.semver import satisfies

        return satisfies(chart_version, self.chart_versions)

    @property
    def family(self) -> str:
        return self.code[:3]


# A lane's check: its context in, its problems out (each lane types its own).
Check = Callable[[Any], Iterator[Any]]


class RegisteredRule(NamedTuple):
    meta: Rule
    check: Check | None


@cache
def lane_rules(lane: str) -> tuple[RegisteredRule, ...]:
    """The rules of one lane, sorted by code."""
    module = importlib.import_module(LANE_PACKAGES[lane])
    # Rule modules are the `ds*.py` files of the package: a plain directory
    # listing, since pkgutil's machinery costs more than the listing does.
    names = sorted({entry[:-3] for directory in module.__path__ for entry in os.listdir(directory)
                    if entry.startswith("ds") and entry.endswith(".py")})
    found = []
    for name in names:
        rule_module = importlib.import_module(f"{module.__name__}.{name}")
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


def rule_enabled(meta: Rule, settings: Settings) -> bool:
    """Selected by the settings, and part of the run's profile."""
    return settings.is_selected(meta.code) and settings.profile in meta.profiles
