"""Where a rendered object comes from, as a place the user can open.

An in-memory render (`dslint check --chart`, `dslint render` to stdout or to a
directory) has no file whose lines a finding could name.  A finding no value
controls then points at the chart itself:

* a chart directory: the template that printed the object, as a path from the
  working directory (`charts/deepspeed/templates/worker/worker-statefulset.yaml`),
  at the line where the object starts in the template (its `kind:` line, the
  n-th for the n-th object the template prints), or line 1 when the template
  computes it;
* a packaged chart (`.tgz`, or an `oci://` pull): the archive, line 1: the
  templates inside it cannot be opened, and the finding's manifest reference
  still names the template.

`dslint render -o FILE` needs none of this: its findings are lines of FILE.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import TYPE_CHECKING

from dslint.findings import Location

if TYPE_CHECKING:
    from dslint.render.parse import RenderedObject

_KIND_LINE = re.compile(r"^kind:", re.MULTILINE)
_MAX_TEMPLATE_BYTES = 4 * 1024 * 1024


def set_template_origins(objects: list[RenderedObject], chart_path: str) -> None:
    """Give every in-memory object (`RenderedObject`) the place its findings name when no value controls them."""
    seen: Counter[str] = Counter()
    kind_lines: dict[str, list[int]] = {}
    for obj in objects:
        template = obj.document.template
        nth = seen[template]
        seen[template] += 1
        obj.manifest.origin = template_location(chart_path, template, nth, kind_lines)


def template_location(chart_path: str, template: str, nth: int = 0,
                      cache: dict[str, list[int]] | None = None) -> Location:
    if not os.path.isdir(chart_path):
        return Location(_from_cwd(chart_path), 1, 1)
    # Helm names templates from the chart's own name: `deepspeed/templates/...`, and
    # `deepspeed/charts/common/templates/...` for a subchart unpacked under charts/.
    inside = template.split("/", 1)[1] if "/" in template else template
    path = os.path.join(chart_path, *inside.split("/"))
    cache = cache if cache is not None else {}
    if path not in cache:
        cache[path] = _kind_lines(path)
    lines = cache[path]
    return Location(_from_cwd(path), lines[nth] if nth < len(lines) else 1, 1)


def _kind_lines(path: str) -> list[int]:
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            text = stream.read(_MAX_TEMPLATE_BYTES)
    except OSError:
        return []
    return [text.count("\n", 0, match.start()) + 1 for match in _KIND_LINE.finditer(text)]


def _from_cwd(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
