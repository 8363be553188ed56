"""The chart to render: a directory, a packaged `.tgz`, or an `oci://` reference.

An `oci://` chart is pulled once, with an explicit `--pull-version`, into a user
cache (`$XDG_CACHE_HOME/dslint/charts`, by default `~/.cache/dslint/charts`);
that pull is dslint's only network use.  The chart's own `Chart.yaml` says
which chart and version it is, which selects dslint's values model.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

import yaml

from dslint.lazy import LazyPattern
from dslint.load.errors import InputError
from dslint.render.arguments import check_chart_reference
from dslint.render.chart_files import MAX_CHART_YAML, inspect_chart
from dslint.render.limits import DEFAULT_CHART_LIMITS, ChartLimits

if TYPE_CHECKING:
    from pathlib import Path

    from dslint.render.helm import Engine

OCI = "oci://"
_SAFE_PART = LazyPattern(r"[^A-Za-z0-9._-]")


class ChartSource(NamedTuple):
    """A chart the engine can load, and what its Chart.yaml says it is."""

    path: str  # directory or .tgz
    name: str
    version: str
    reference: str  # as the user gave it

    def describe(self) -> str:
        return f"{self.name} {self.version}"


def resolve_chart(reference: str, version: str | None, engine: Engine,
                  limits: ChartLimits = DEFAULT_CHART_LIMITS) -> ChartSource:
    """The chart behind `--chart` (and `--pull-version`), pulled into the cache when it is remote.

    Local or pulled, the chart is checked against `limits` before Helm loads it (chart_files).
    """
    if reference.startswith(OCI):
        if not version:
            raise InputError("an oci:// chart needs --pull-version (dslint pulls exactly that version once)", reference)
        check_chart_reference(reference, version)
        path = _cached_pull(reference, version, engine, limits)
    elif "://" in reference:
        raise InputError("remote charts are pulled from oci:// references only", reference)
    elif os.path.exists(reference):
        path = reference  # a directory, or an archive (read_chart_metadata refuses anything else)
    else:
        raise InputError("no such chart: give a chart directory, a .tgz archive or an oci:// reference", reference)
    name, chart_version = read_chart_metadata(path, limits)
    if version and chart_version != version:
        raise InputError(f"--pull-version {version} asked, but the chart is version {chart_version}", reference)
    return ChartSource(path, name, chart_version, reference)


def read_chart_metadata(path: str, limits: ChartLimits = DEFAULT_CHART_LIMITS) -> tuple[str, str]:
    """(name, version) from the chart's Chart.yaml, in a directory or an archive within `limits`."""
    text = inspect_chart(path, limits).chart_yaml
    if len(text) > MAX_CHART_YAML:
        raise InputError("Chart.yaml is larger than 1 MiB", path)
    try:
        metadata = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)
    except yaml.YAMLError as err:
        raise InputError(f"Chart.yaml is not valid YAML: {err}", path) from None
    if not isinstance(metadata, dict) or not metadata.get("name") or not metadata.get("version"):
        raise InputError("Chart.yaml has no name or version", path)
    return str(metadata["name"]), str(metadata["version"])


def cache_root() -> Path:
    from pathlib import Path

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dslint" / "charts"


def cache_path(reference: str, version: str) -> Path:
    """Where a pulled chart lives: <cache>/<registry>/<repository path>/<name>-<version>.tgz."""
    parts = [p for p in reference[len(OCI):].split("/") if p]
    if not parts:
        raise InputError("an oci:// reference needs a registry and a chart name", reference)
    safe = [_safe(p) for p in parts]
    return cache_root().joinpath(*safe[:-1]) / f"{safe[-1]}-{_safe(version)}.tgz"


def _safe(part: str) -> str:
    cleaned = _SAFE_PART.sub("_", part)
    return "_" + cleaned if cleaned.startswith(".") else cleaned


def _cached_pull(reference: str, version: str, engine: Engine, limits: ChartLimits) -> str:
    target = cache_path(reference, version)
    if target.is_file():
        return str(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    import shutil
    import tempfile

    scratch = tempfile.mkdtemp(prefix=".pull-", dir=target.parent)
    try:
        archive = engine.pull(reference, version, scratch)
        read_chart_metadata(archive, limits)  # refuse to cache what is not a chart
        os.replace(archive, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return str(target)
