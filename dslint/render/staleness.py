"""`render --check` against something that was never this render: say so in one line.

A diff is the right answer when the committed manifests are an older render of
the same release.  When the output is missing, or holds another release's
render (another name, namespace or chart), every file differs, and a diff of
a thousand lines hides the one thing to fix.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from dslint.render.stream import HEADER_MARK
from dslint.render.write import DIRECTORY, FILE, Destination

if TYPE_CHECKING:
    from dslint.render.pipeline import Rendering

# The first header line `dslint.render.stream.header` writes.
_HEADER = re.compile(re.escape(HEADER_MARK) + r" from chart (?P<chart>.+), release (?P<release>'[^']*'|\"[^\"]*\") "
                     r"in namespace (?P<namespace>'[^']*'|\"[^\"]*\")\.$")


def why_not_comparable(rendering: Rendering, dest: Destination) -> str | None:
    """One line when `dest` is not an earlier render of this release (missing, or another's); else None."""
    if dest.kind == FILE and not os.path.lexists(dest.path):
        return f"{dest.path} does not exist: write it with dslint render -o {dest.path}"
    if dest.kind == DIRECTORY and not os.path.isdir(dest.path):
        return f"{dest.path} does not exist: write it with dslint render -o {dest.path}"
    found = _first_header(dest)
    if found is None:
        return None
    wanted = {"chart": rendering.chart.describe(), "release": repr(rendering.release_name),
              "namespace": repr(rendering.namespace)}
    differs = [key for key in ("release", "namespace", "chart") if found.group(key) != wanted[key]]
    if not differs:
        return None
    said = ", ".join(f"{key} {wanted[key]}" for key in differs)
    there = ", ".join(f"{key} {found.group(key)}" for key in differs)
    return (f"{dest.path} holds the render of {there}, not of {said}: check with the same --release-name, "
            "--namespace and chart, or re-render it")


def _first_header(dest: Destination) -> re.Match[str] | None:
    paths = [dest.path] if dest.kind == FILE else sorted(
        os.path.join(dest.path, name) for name in os.listdir(dest.path) if name.endswith((".yaml", ".yml")))
    for path in paths:
        if not os.path.isfile(path) or os.path.islink(path):
            continue
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                first = handle.readline().rstrip("\n")
        except OSError:
            continue
        found = _HEADER.match(first)
        if found is not None:
            return found
    return None
