"""Bounds on the chart and its render, like the values files' `Limits`.

A chart in a pull request is as untrusted as its values: an archive can hide
16 GiB of zeros or a million entries, a chart folder hundreds of sparse files,
and `--set worker.replicaCount=150000` makes Helm itself print gigabytes.
Each bound here is checked before the work it bounds (the chart before Helm
loads it, the render while Helm works), and each can be raised from the
command line or the config file's `limits:`.
"""

from __future__ import annotations

import re
import sys
from typing import Any, NamedTuple

from dslint.load.errors import InputError

MIB = 1024 * 1024


class ChartLimits(NamedTuple):
    # The chart's files together, unpacked (an archive's entries, a folder's files).
    max_chart_size: int = 32 * MIB
    # Entries of an archive, or files and folders of a chart folder.
    max_chart_files: int = 10_000
    # One file of the chart (Helm's own loader refuses more than 5 MiB).
    max_chart_file_size: int = 5 * MIB
    # What Helm rendered, before dslint parses any of it: reading and checking rendered objects costs
    # about a millisecond each, so these keep the whole run within seconds.
    max_render_size: int = 4 * MIB
    max_render_objects: int = 2_000
    max_render_values: int = 50_000
    # Seconds one Helm operation (a render, an oci:// pull) may take.
    timeout: float = 5.0
    # Resident memory of dslint while Helm renders in it; past this the render is stopped.
    max_render_memory: int = 768 * MIB

    def checked(self) -> ChartLimits:
        for name, value in zip(self._fields, self, strict=True):
            flag = _FLAGS[name]
            if name == "timeout":
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 86_400:
                    raise InputError(f"the {flag} limit must be a number of seconds above 0 and at most 86400, "
                                     f"not {value!r}")
            elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < sys.maxsize:
                raise InputError(f"the {flag} limit must be a whole number from 1 to {sys.maxsize - 1}, not {value!r}")
        return self


DEFAULT_CHART_LIMITS = ChartLimits()

# Field -> the command-line option and config key (`limits:`) that set it.
_FLAGS = {
    "max_chart_size": "--max-chart-size",
    "max_chart_files": "--max-chart-files",
    "max_chart_file_size": "--max-chart-file-size",
    "max_render_size": "--max-render-size",
    "max_render_objects": "--max-render-objects",
    "max_render_values": "--max-render-values",
    "timeout": "--timeout",
    "max_render_memory": "--max-render-memory",
}
CLI_FIELDS = tuple(_FLAGS)


_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s)")
_DURATION_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def parse_timeout(text: str) -> float | None:
    """Seconds from `--timeout`: a number of seconds, or a duration as Helm writes one (`90s`, `1m30s`)."""
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        return None
    return sum(float(number) * _DURATION_SECONDS[unit] for number, unit in parts)


def flag(field: str) -> str:
    return _FLAGS[field]


def from_config(limits: Any, base: ChartLimits) -> ChartLimits | None:
    """The chart limits a config file's `limits:` mapping sets, or None when it sets none."""
    if not isinstance(limits, dict):
        return None
    changes = {field: limits[key] for field, key in ((f, _FLAGS[f][2:]) for f in _FLAGS)
               if limits.get(key) is not None}
    return base._replace(**changes).checked() if changes else None


def from_cli(cli: dict[str, Any], base: ChartLimits) -> ChartLimits | None:
    """The chart limits the command line sets (popped from `cli`), or None when it sets none."""
    changes = {field: cli.pop(field) for field in CLI_FIELDS if cli.get(field) is not None}
    for field in CLI_FIELDS:
        cli.pop(field, None)
    return base._replace(**changes).checked() if changes else None


# Why a render grows past its limits, in the words of the values that usually cause it.
GROWTH_HINT = "values that multiply objects, like a huge worker.replicaCount, make the render grow with them"


def too_many_objects(count: int, limits: ChartLimits, source: str) -> InputError:
    return InputError(f"Helm rendered {count} objects, more than the {limits.max_render_objects} limit (raise it "
                      f"with {flag('max_render_objects')} if the chart is trusted); {GROWTH_HINT}", source)


def too_many_values(limits: ChartLimits, source: str) -> InputError:
    return InputError(f"Helm rendered more than {limits.max_render_values} values (raise it with "
                      f"{flag('max_render_values')} if the chart is trusted); {GROWTH_HINT}", source)


def too_big(what: str, size: int | None, limit: int, field: str, source: str) -> InputError:
    """`what` is over `limit`: its size when known (None: it was stopped on the way)."""
    said = f"is {size_text(size)}, more than" if size is not None else "is more than"
    return InputError(f"{what} {said} the {size_text(limit)} limit "
                      f"(raise it with {flag(field)} if the chart is trusted)", source)


def size_text(count: int) -> str:
    for unit, scale in (("GiB", 1024 * MIB), ("MiB", MIB), ("KiB", 1024)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"
