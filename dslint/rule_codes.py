"""The rule codes that exist, read from the rule modules' file names (no rule is imported).

Settings check every code and prefix against them (`select: [DS199]` selecting
nothing is a typo, not a choice), and shell completion offers them; both run
at start-up, where importing every rule module would cost more than the check.
"""

from __future__ import annotations

import os
from functools import cache

_LANE_FOLDERS = (("rules",), ("manifests", "rules"), ("render", "rules"))


@cache
def known_codes() -> tuple[str, ...]:
    """Every rule code (`DS101`...), sorted; a rule module is named `dsNNN_name.py`."""
    root = os.path.dirname(os.path.abspath(__file__))
    codes = set()
    for parts in _LANE_FOLDERS:
        folder = os.path.join(root, *parts)
        if not os.path.isdir(folder):
            continue
        for entry in os.listdir(folder):
            stem = entry[:-3] if entry.endswith(".py") else ""
            number = stem[2:5]
            if stem.startswith("ds") and number.isdigit():
                codes.add(f"DS{number}")
    return tuple(sorted(codes))


def selects_something(prefix: str) -> bool:
    """Whether a code or prefix (`DS2`, `DS101`, `DS`) names at least one rule."""
    return any(code.startswith(prefix) for code in known_codes())


def matching_codes(prefix: str) -> list[str]:
    return [code for code in known_codes() if code.startswith(prefix.upper())]
