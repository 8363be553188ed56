"""Findings: the same rules against both versions; what appears and what goes away.

A finding is the same in both versions when it has the same rule and values path, and
the same place: its location in the values, or for a finding about a rendered object, the
object and field (its location is in each chart's own templates).  Its message may name the
version, so it does not count.
"""

from __future__ import annotations

from typing import Any

from dslint.findings import Finding


def finding_key(finding: Finding) -> tuple[Any, ...]:
    manifest = finding.manifest
    if manifest is not None:
        return (finding.code, finding.values_path, manifest.kind, manifest.name, manifest.container, manifest.field_path)
    return (finding.code, finding.values_path, finding.location.display())


def compare_findings(before: list[Finding], after: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(new: only after the upgrade, gone: only before it), each in its report's order."""
    old_keys = {finding_key(f) for f in before}
    new_keys = {finding_key(f) for f in after}
    return ([f for f in after if finding_key(f) not in old_keys],
            [f for f in before if finding_key(f) not in new_keys])
