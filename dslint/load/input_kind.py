"""Is this the kind of input the command expects?  One line instead of a pile of findings.

A Kubernetes manifest, a Chart.yaml or another chart's values given to
`dslint check` would each produce DS101 after DS101: every top-level key is
unknown to the DeepSpeed model.  Rendered manifests given to `check
--manifests` that are really values would produce DS901 per document.  These
are the wrong input, not many mistakes, so they are said once (an input
error, exit 2), with what to do instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Below this many unknown top-level keys, a file is DeepSpeed values with typos (DS101 says which).
MIN_UNKNOWN = 3


def values_kind_problem(data: Any, known_keys: Iterable[str]) -> tuple[str, str] | None:
    """Why a values file is not DeepSpeed chart values and the top-level key that shows it, or None."""
    if not isinstance(data, dict) or not data:
        return None
    keys = [k for k in data if isinstance(k, str)]
    if "apiVersion" in data and "kind" in data:
        kind = data.get("kind")
        return (f"looks like a Kubernetes manifest (kind: {kind}), not values: "
                "use `dslint check --manifests` for rendered manifests"), "kind"
    if "apiVersion" in data and "name" in data and "version" in data:
        return (f"looks like a Chart.yaml (chart {data.get('name')!r} {data.get('version')}), not values: "
                "give the chart to `--chart`, and its values files as FILE"), "apiVersion"
    known = set(known_keys)
    unknown = [k for k in keys if k not in known]
    if len(unknown) >= MIN_UNKNOWN and len(unknown) * 2 > len(keys):
        shown = ", ".join(unknown[:4]) + (", ..." if len(unknown) > 4 else "")
        return (f"does not look like DeepSpeed chart values: {len(unknown)} of {len(keys)} top-level keys "
                f"are unknown ({shown})"), unknown[0]
    return None


def manifest_kind_problem(documents: list[Any], known_keys: Iterable[str]) -> str | None:
    """Why a --manifests file is values rather than manifests, or None."""
    objects = [d for d in documents if isinstance(d, dict) and d]
    if not objects or any("kind" in d or "apiVersion" in d for d in objects):
        return None
    known = set(known_keys)
    if any(k in known for d in objects for k in d):
        return "looks like values, not rendered manifests (no apiVersion or kind): check it without --manifests"
    return None
