"""The manifest lane, seen from the render pipeline.

The manifest checks (`dslint.manifests.check.check_manifests`: schema
validation, Pod Security Standards, OpenShift SCC, hygiene) belong to the
manifest lane.  This adapter calls them when they are there, and otherwise
lets the render go on without them, with a notice saying why.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dslint.findings import Finding

# (documents, settings, values, notices) -> findings: check_manifests behind a stable call.
CheckManifests = Callable[..., "list[Finding]"]


def load_manifest_checks() -> tuple[CheckManifests | None, str]:
    """`check_manifests`, or None and the reason it cannot run."""
    try:
        from dslint.manifests.check import check_manifests
    except ModuleNotFoundError as err:
        missing = err.name or ""
        if missing.startswith("dslint"):
            return None, "manifest checks skipped: this dslint has no manifest lane (dslint.manifests.check) yet"
        return None, f"manifest checks skipped: {missing} is not installed (pip install 'dslint[render]')"
    except ImportError as err:
        return None, f"manifest checks skipped: {err}"
    takes_notices = "notices" in inspect.signature(check_manifests).parameters

    def check(documents, settings, values, notices: list[str]):
        if takes_notices:
            return list(check_manifests(documents, settings, values, notices=notices))
        return list(check_manifests(documents, settings, values))

    # Loading the rules and the schema validator while Helm renders (when the lane can).
    try:
        from dslint.manifests.check import prepare_checks
    except ImportError:
        prepare_checks = None
    check.prepare = prepare_checks  # type: ignore[attr-defined]
    return check, ""

