"""What the DS4xx-DS8xx rules share beyond the chart knowledge: user paths, GPUs, host files, percentages.

What the chart renders (which pods run, their sizes and images) lives in
`dslint.knowledge.chart`; Kubernetes facts (quantities, images) in
`dslint.knowledge.kubernetes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dslint.knowledge.kubernetes import is_gpu, parse_quantity

if TYPE_CHECKING:
    from dslint.model.view import ChartValues

# A values path: keys and list indices.
from dslint.findings import ValuesPath as Path

# -- what the user wrote -----------------------------------------------------------


def user_paths_under(values: ChartValues, path: Path) -> list[Path]:
    """Every path at or below `path` the user set (a file or a flag), in file order."""
    user = values.user
    found = {p for p in (*user.value_at, *user.key_at) if p[: len(path)] == path}
    return sorted(found, key=lambda p: (_line(values, p), len(p)))


def _line(values: ChartValues, path: Path) -> tuple[str, int, int]:
    # The paths come from the user's own tables, so each has a place (a list item's is its value's).
    loc = values.user.location(path, key=True)
    assert loc is not None, path
    return (loc.source, loc.line, loc.column)


# -- accelerators --------------------------------------------------------------------


def gpu_count(resources: dict[str, Any]) -> tuple[int, list[str]]:
    """Accelerators per pod (limits, else requests) and the resource names that gave them."""
    total, names = 0, list[str]()
    for section in ("limits", "requests"):
        block = resources.get(section)
        if not isinstance(block, dict):
            continue
        for name, amount in block.items():
            if isinstance(name, str) and is_gpu(name) and name not in names:
                number = parse_quantity(amount)
                if number is not None:
                    total += int(number)
                    names.append(name)
    return total, names


# -- host file --------------------------------------------------------------------


def hostfile_entries(text: str) -> list[tuple[str, int | None]]:
    """(host, slots) for each line of a DeepSpeed host file; slots None when not given."""
    entries: list[tuple[str, int | None]] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        host, *rest = line.split()
        slots = None
        for word in rest:
            if word.startswith("slots="):
                try:
                    slots = int(word[len("slots="):])
                except ValueError:
                    slots = None
        entries.append((host, slots))
    return entries


def percent(value: Any) -> int | None:
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return int(value.strip()[:-1])
        except ValueError:
            return None
    return None
