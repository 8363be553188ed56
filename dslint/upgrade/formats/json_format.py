"""The JSON contract of docs/upgrade.md: from, to, changes, findings new and gone.

Findings are the objects `dslint check --format json` prints.
"""

from __future__ import annotations

import json
from typing import Any

from dslint import __version__
from dslint.formats.json_format import finding_dict
from dslint.upgrade.report import UpgradeReport

SCHEMA_VERSION = 1


def document(report: UpgradeReport) -> dict[str, Any]:
    return {
        "from": report.from_version,
        "to": report.to_version,
        "changes": [change.as_dict() for change in report.changes],
        "findings": {"new": [finding_dict(f) for f in report.new], "gone": [finding_dict(f) for f in report.gone]},
        # Why Helm did not render each chart ("helm": it refused, "yaml": not YAML); null: it rendered, or no chart.
        "refused": {side: why or None for side, why in report.refused.items()},
        "act": report.must_act(),
        "notices": list(report.notices),
        "errors": [str(e) for e in report.input_errors],
        "tool": "dslint",
        "version": __version__,
        "schema": SCHEMA_VERSION,
    }


def render(report: UpgradeReport, **_: Any) -> str:
    return json.dumps(document(report), indent=2) + "\n"
