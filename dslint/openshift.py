"""What OpenShift's default `restricted-v2` SCC admits: facts the values and manifest lanes share.

OpenShift gives every project a block of UIDs/GIDs (10000 by default) out of
one cluster-wide range, 1000000000-1999999999, and restricted-v2 admits a
fixed runAsUser/fsGroup only inside the project's block.  The block is only
known to the cluster (annotation `openshift.io/sa.scc.uid-range`), so an ID
outside the whole range is certainly refused, and one inside it is left to the
cluster (it fits the project it was taken from).  DS301/DS303 (values) and
DS904 (manifests) judge IDs with `in_project_range`, so the lanes agree.
"""

from __future__ import annotations

from typing import Any

# The API group whose presence tells a chart it renders for OpenShift.
OPENSHIFT_API = "security.openshift.io/v1"
ID_RANGE = (1_000_000_000, 1_999_999_999)
RANGE_TEXT = f"{ID_RANGE[0]}-{ID_RANGE[1]}"


def in_project_range(value: Any) -> bool:
    """An ID restricted-v2 may admit (inside OpenShift's project ID range)."""
    return isinstance(value, int) and not isinstance(value, bool) and ID_RANGE[0] <= value <= ID_RANGE[1]
