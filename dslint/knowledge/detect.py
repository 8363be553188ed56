"""Which chart version a run checks, and why: detected, not guessed.

In this order: `--chart-version`; the config file's `chart-version`; the
chart given with `--chart` (its Chart.yaml, see `dslint.render.pipeline`);
the chart the values file belongs to, found upwards from the file:

* a directory whose Chart.yaml *is* the DeepSpeed chart: its version;
* an umbrella chart whose Chart.yaml lists `deepspeed` as a dependency: the
  version its Chart.lock pins, else the newest version dslint knows that
  satisfies the dependency's constraint (Helm's reading of `~2.2.0`,
  `>=2.2 <2.3`...).  The DeepSpeed values then sit under the dependency's
  name or alias in the umbrella's values, `global:` reaching them as Helm
  passes it down;

otherwise chart 2.1.1.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dslint.knowledge.chart import CHART_NAME
from dslint.knowledge.versions import DEFAULT_VERSION, is_known, supported_versions

if TYPE_CHECKING:
    from dslint.config import Settings

# Why a version was chosen, as the summary says it.
FROM_FLAG = "from --chart-version"
FROM_CHART = "from --chart"
FROM_CHART_YAML = "from Chart.yaml"
FROM_DEPENDENCY = "from Chart.yaml dependency"
FROM_LOCK = "from Chart.lock"
DEFAULT = "default"


class ChartChoice:
    """The chart version one target is checked as, and why."""

    # A plain class: defined at every start-up, where a NamedTuple costs more.
    __slots__ = ("note", "reason", "scope", "source", "version")

    def __init__(self, version: str, reason: str, scope: str | None = None, source: str | None = None,
                 note: str | None = None) -> None:
        self.version = version
        self.reason = reason
        # The key of the umbrella's values that holds the DeepSpeed values (its name or alias).
        self.scope = scope
        # The Chart.yaml (or Chart.lock) that decided, for messages.
        self.source = source
        # Something the user should know (a constraint no known version meets...).
        self.note = note

    def __reduce__(self) -> tuple[type[ChartChoice], tuple[str, str, str | None, str | None, str | None]]:
        # picklable for `-j` workers
        return (ChartChoice, (self.version, self.reason, self.scope, self.source, self.note))

    def describe(self) -> str:
        return f"chart {self.version} ({self.reason})"


def choose(settings: Settings, values_path: str | None) -> ChartChoice:
    """The chart version for one target whose top values file is `values_path`.

    An umbrella's values are checked under the dependency's key whichever
    way the version was chosen: the file's shape does not change with a flag.
    """
    found = None
    if values_path and values_path != "-" and not values_path.startswith("<"):
        found = chart_for_directory(os.path.dirname(os.path.abspath(values_path)))
    if "chart_version" in settings.explicit:
        return ChartChoice(settings.chart_version, settings.chart_origin, found.scope if found else None)
    if found is not None:
        return found
    return ChartChoice(DEFAULT_VERSION, DEFAULT)


@lru_cache(maxsize=256)
def chart_for_directory(directory: str) -> ChartChoice | None:
    """The DeepSpeed chart (or umbrella) `directory` or a parent belongs to; None when there is none."""
    while True:
        chart_yaml = os.path.join(directory, "Chart.yaml")
        if os.path.isfile(chart_yaml):
            return _from_chart_yaml(chart_yaml)
        parent = os.path.dirname(directory)
        if os.path.exists(os.path.join(directory, ".git")) or parent == directory:
            return None
        directory = parent


def _read(path: str) -> dict[str, Any]:
    from dslint.load.errors import InputError
    from dslint.load.files import load_values_file

    # The loader refuses what is not a map at the top (InputError): a Chart.yaml like that names no chart.
    try:
        return load_values_file(path).data
    except InputError:
        return {}


def _from_chart_yaml(chart_yaml: str) -> ChartChoice | None:
    metadata = _read(chart_yaml)
    shown = os.path.relpath(chart_yaml)
    if metadata.get("name") == CHART_NAME:
        version = str(metadata.get("version") or "")
        if is_known(version):
            return ChartChoice(version, FROM_CHART_YAML, source=shown)
        return ChartChoice(DEFAULT_VERSION, DEFAULT, source=shown,
                           note=f"{shown} is DeepSpeed chart {version or 'without a version'}, which dslint has no facts for; "
                                f"checking as chart {DEFAULT_VERSION} (--chart derives the facts from the chart)")
    for dependency in metadata.get("dependencies") or []:
        if isinstance(dependency, dict) and dependency.get("name") == CHART_NAME:
            return _dependency(chart_yaml, shown, dependency)
    return None


def _dependency(chart_yaml: str, shown: str, dependency: dict[str, Any]) -> ChartChoice:
    from dslint.knowledge.semver import ConstraintError, newest_matching

    scope = str(dependency.get("alias") or CHART_NAME)
    locked = _locked_version(os.path.join(os.path.dirname(chart_yaml), "Chart.lock"))
    if locked is not None:
        if is_known(locked):
            return ChartChoice(locked, FROM_LOCK, scope, shown)
        return ChartChoice(DEFAULT_VERSION, DEFAULT, scope, shown,
                           note=f"Chart.lock pins deepspeed {locked}, which dslint has no facts for; "
                                f"checking as chart {DEFAULT_VERSION}")
    wanted = str(dependency.get("version") or "*")
    try:
        version = newest_matching(wanted, supported_versions())
    except ConstraintError as err:
        return ChartChoice(DEFAULT_VERSION, DEFAULT, scope, shown, note=f"{shown}: {err}; checking as chart {DEFAULT_VERSION}")
    if version is None:
        return ChartChoice(DEFAULT_VERSION, DEFAULT, scope, shown,
                           note=f"{shown} wants deepspeed {wanted!r}, which no version dslint knows satisfies; "
                                f"checking as chart {DEFAULT_VERSION}")
    return ChartChoice(version, FROM_DEPENDENCY, scope, shown)


def _locked_version(chart_lock: str) -> str | None:
    if not os.path.isfile(chart_lock):
        return None
    for dependency in _read(chart_lock).get("dependencies") or []:
        if isinstance(dependency, dict) and dependency.get("name") == CHART_NAME and dependency.get("version"):
            return str(dependency["version"])
    return None
