"""Every published DeepSpeed chart version, and the facts of each.

The data (`knowledge/data/`) is generated from the charts themselves by
`python -m dslint.knowledge.generate` and stored compactly: parameter sets
change about ten times in the chart's history and most releases change only
image tags, so there is one spec file per parameter set (`params-<first
version>.json`), one defaults file per set of keys holding the first
version's defaults and every later version's delta from them
(`defaults-<first version>.json`), and a small index saying which files each
version uses, the `common` library it pins and that library's preset table.
A run reads the index and the two files of the version it checks.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
INDEX_FILE = "index.json"
# Without any other word (flag, config, chart), values are checked as chart 2.1.1.
DEFAULT_VERSION = "2.1.1"
LATEST = "latest"
# The versions dslint has a hand-written pydantic model for (the typed knowledge
# the generator joins onto every version's chart files).
MODELLED_VERSIONS = ("2.1.1", "2.3.51")


# Facts derived at run time from a chart dslint has no data for (`dslint.knowledge.derive`).
_DERIVED: dict[str, dict[str, Any]] = {}


def register_derived(version: str, spec: dict[str, Any], defaults: dict[str, Any], presets: dict[str, Any], common: str) -> None:
    """Facts of a chart version dslint has no data for, derived from the chart at hand."""
    _DERIVED[version] = {"version": version, "spec": spec, "defaults": defaults, "params": "derived",
                         "common": common, "presets": presets}


@cache
def _index() -> dict[str, Any]:
    with open(os.path.join(DATA_DIR, INDEX_FILE), encoding="utf-8") as handle:
        index: dict[str, Any] = json.load(handle)
        return index


def supported_versions() -> tuple[str, ...]:
    """Every published chart version dslint has facts for, oldest first."""
    return tuple(_index()["versions"])


def supported_range() -> str:
    """`0.1.0 to 2.3.51`: what a message says dslint knows."""
    known = supported_versions()
    return f"every published version, {known[0]} to {known[-1]}"


def check_version(text: str) -> str:
    """A version the user asked for, resolved (`latest` too); ValueError saying what dslint knows."""
    text = str(text).strip()
    try:
        return resolve(text.removeprefix("v") if text.startswith("v") and text[1:2].isdigit() else text)
    except KeyError:
        raise ValueError(f"{text!r} is not a published DeepSpeed chart version (dslint knows "
                         f"{supported_range()}, and `latest`)") from None


def latest_version() -> str:
    return supported_versions()[-1]


def is_known(version: str) -> bool:
    return version in _index()["versions"] or version == LATEST


def resolve(version: str) -> str:
    """`latest` -> the newest known version; a known version as it is; KeyError otherwise."""
    if version == LATEST:
        return latest_version()
    if version not in _index()["versions"]:
        raise KeyError(version)
    return version


def version_key(version: str) -> tuple[Any, ...]:
    """Semantic-version order (pre-releases before their release)."""
    core, _, pre = version.lstrip("v").partition("+")[0].partition("-")
    numbers = [int(part) if part.isdigit() else 0 for part in core.split(".")]
    while len(numbers) < 3:
        numbers.append(0)
    return (*numbers[:3], 0 if pre else 1, pre)


def common_version(version: str) -> str:
    """The version of the `common` library chart `version` pins (Chart.lock)."""
    return str(_index()["versions"][resolve(version)]["common"])


def presets(version: str) -> dict[str, dict[str, Any]]:
    """The `resourcesPreset` table of the `common` library a chart version pins: name -> resources."""
    derived = _DERIVED.get(version)
    table: dict[str, dict[str, Any]]
    if derived is not None and derived["presets"]:
        table = derived["presets"]
        return table
    index = _index()
    entry = index["common"].get(common_version(version)) if is_known(version) else None
    if entry is None:
        entry = index["common"][common_version(latest_version())]
    table = index["presets"][entry["presets"]]
    return table


def _read(name: str) -> Any:
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as handle:
        return json.load(handle)


def load(version: str) -> dict[str, Any]:
    """The facts of one chart version: `{"version", "spec", "defaults"}` (the form validate/view read)."""
    derived = _DERIVED.get(version)
    return derived if derived is not None else _load(version)


@cache
def _load(version: str) -> dict[str, Any]:
    version = resolve(version)
    entry = _index()["versions"][version]
    stored = _read(f"defaults-{entry['defaults']}.json")
    defaults = stored["base"]
    for path, value in stored["delta"].get(version, ()):
        _put(defaults, path, value)
    return {"version": version, "spec": _read(f"params-{entry['params']}.json"), "defaults": defaults,
            "params": entry["params"], "common": entry["common"]}


def parameter_sets() -> dict[str, list[str]]:
    """First version of each parameter set -> the versions that share it."""
    out: dict[str, list[str]] = {}
    for version, entry in _index()["versions"].items():
        out.setdefault(entry["params"], []).append(version)
    return out


def _put(tree: dict[str, Any], path: list[Any], value: Any) -> None:
    # A delta is between versions with the same key tree (one defaults base per key set): every
    # map on its path exists, and it only ever replaces a value.
    node = tree
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
