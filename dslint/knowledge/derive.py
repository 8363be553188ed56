"""Facts for a DeepSpeed chart dslint has no data for (a newer release, a fork), from the chart at hand.

`--chart` gives dslint the chart itself: its values.yaml says which
parameters exist and their defaults, its pinned `common` library the preset
table.  They are joined, as the generator joins every published version,
with the newest version's spec (types, allowed values, formats), and a key
that spec does not know is typed from its default.  Every rule then runs on
those facts instead of none.
"""

from __future__ import annotations

import os
import tarfile
import tempfile

from dslint.knowledge.generate import read_chart
from dslint.knowledge.join import join
from dslint.knowledge.versions import latest_version, load, register_derived

# What the derivation reads of a chart archive (members below `<chart>/`).
_WANTED = ("values.yaml", "Chart.lock")
_COMMON_TEMPLATES = "charts/common/templates/"


def derive(chart_path: str, version: str) -> str:
    """Register the facts of `version` from the chart at `chart_path`; the note that says so."""
    if os.path.isdir(chart_path):
        facts, common = read_chart(chart_path)
    else:
        with tempfile.TemporaryDirectory(prefix="dslint-chart-") as scratch:
            facts, common = read_chart(_unpack(chart_path, scratch))
    base = latest_version()
    spec = join(load(base)["spec"], facts)
    register_derived(version, spec, facts.values, common["presets"], common["version"])
    added = f"; {len(facts.inferred)} key(s) it does not know typed from their defaults" if facts.inferred else ""
    return (f"dslint has no facts for chart deepspeed {version}: its parameters and defaults are read from the "
            f"chart at hand, with the types and allowed values of chart {base}{added}")


def _unpack(archive_path: str, scratch: str) -> str:
    """Extract only values.yaml, Chart.lock and the common library's templates (regular files only)."""
    with tarfile.open(archive_path, "r:*") as archive:
        for member in archive:
            parts = member.name.split("/", 1)
            if len(parts) != 2 or not member.isfile() or ".." in member.name.split("/"):
                continue
            inside = parts[1]
            if inside in _WANTED or (inside.startswith(_COMMON_TEMPLATES) and inside.endswith(".tpl")):
                target = os.path.join(scratch, *inside.split("/"))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                stream = archive.extractfile(member)
                if stream is not None:
                    with open(target, "wb") as handle:
                        handle.write(stream.read())
    return scratch
