"""The values rule API: what a rule module in this package imports.

A rule module (`dsNNN_name.py`) holds its metadata (`RULE`, a `Rule`) next to
its `check` function, which receives a `ValuesContext` and yields `Problem`s.
The registry (`dslint.registry`) finds the modules by name; nothing else lists
rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.findings import Location, Severity, ValuesPath
from dslint.registry import (
    DEVELOPMENT,
    MANIFESTS_LANE,
    PRODUCTION,
    PROFILES,
    RENDER_LANE,
    VALUES_LANE,
    RegisteredRule,
    Rule,
    RuleOption,
)

if TYPE_CHECKING:
    from dslint.model.view import ChartValues

__all__ = [
    "DEVELOPMENT",
    "MANIFESTS_LANE",
    "PRODUCTION",
    "PROFILES",
    "RENDER_LANE",
    "VALUES_LANE",
    "Check",
    "Problem",
    "RegisteredRule",
    "Rule",
    "RuleContext",
    "RuleOption",
    "ValuesContext",
]


class Problem(NamedTuple):
    """What a check yields: a values path and what is wrong with it."""

    path: ValuesPath
    message: str
    fix: str = ""
    # Locate at the key rather than the value (e.g. an unknown key).
    at_key: bool = False
    # Other values paths that take part (shown as related locations).
    related: tuple[ValuesPath, ...] = ()
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

    __slots__ = ("_options", "api_versions", "namespace", "offline", "platform", "profile", "release_name", "values")

    def __init__(self, values: ChartValues, platform: str = "kubernetes", profile: str = PRODUCTION,
                 offline: bool = True, release_name: str | None = None, namespace: str | None = None,
                 api_versions: tuple[str, ...] = ()) -> None:
        self.values = values
        self.platform = platform
        self.profile = profile
        # dslint renders offline (helm template), so capabilities are not detected.
        self.offline = offline
        self.release_name = release_name
        self.namespace = namespace
        # Extra API versions the cluster serves (--api-versions, and OpenShift's with --platform openshift).
        self.api_versions = api_versions
        self._options: Mapping[RuleOption, Any] = {}

    def option(self, option: RuleOption) -> Any:
        """The value the config gives one of the running rule's declared options, else its default."""
        return self._options.get(option, option.default)

    def use_options(self, options: Mapping[RuleOption, Any]) -> None:
        """The running rule's option values (the values lane sets them before each rule's check)."""
        self._options = options

    @property
    def chart_version(self) -> str:
        return self.values.version

    @property
    def openshift(self) -> bool:
        return self.platform == "openshift"

    def problem(
        self,
        path: str | ValuesPath,
        message: str,
        fix: str = "",
        *,
        at_key: bool = False,
        related: Iterable[str | ValuesPath] = (),
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
