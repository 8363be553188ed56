"""GitLab Code Quality: the JSON array `artifacts:reports:codequality` reads.

GitLab shows these issues in the merge request widget and on the diff lines.
It needs, per issue: `description`, `check_name`, `fingerprint` (unique in the
report; GitLab compares fingerprints between the source and target branch to
tell new issues from fixed ones), `severity` (info, minor, major, critical,
blocker) and `location.path` / `location.lines.begin` (a path relative to the
repository root).  A finding set by a `--set` flag has no file: its path is the
flag, so it still shows in the widget.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from dslint.findings import Finding, Severity
from dslint.run import Report

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
# An error from a security rule is what GitLab calls critical.
_SECURITY_ERROR = "critical"


def relative_path(source: str) -> str:
    """Paths relative to the working directory (CI runs at the repository root), in POSIX form."""
    path = Path(source)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return path.as_posix()


def _fingerprint(finding: Finding, occurrence: int) -> str:
    # What and where in the values, not the line: moving a block keeps the issue the same.
    key = "\0".join((finding.code, finding.values_path, finding.location.source, finding.message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def issue(finding: Finding, *, security: bool = False, occurrence: int = 0) -> dict[str, Any]:
    loc = finding.location
    description = f"{finding.code} {finding.message}"
    if loc.argument is not None:
        description += f" (set by {loc.source} {loc.argument})"
    severity = _SEVERITY[finding.severity]
    if security and finding.severity is Severity.ERROR:
        severity = _SECURITY_ERROR
    out: dict[str, Any] = {
        "type": "issue",
        "description": description,
        "check_name": finding.code,
        "fingerprint": _fingerprint(finding, occurrence),
        "severity": severity,
        "categories": ["Security" if security else "Bug Risk"],
        "location": {
            "path": relative_path(loc.source) if loc.is_file else loc.source,
            "lines": {"begin": max(loc.line, 1)},
        },
    }
    body = "\n\n".join(text for text in (finding.fix, finding.fix_command) if text)
    if body:
        out["content"] = {"body": body}
    return out


def render(report: Report, **_: Any) -> str:
    from dslint.policies import loaded_rules
    from dslint.registry import all_rules

    security = {rule.meta.code for rule in all_rules() if rule.meta.security}
    security.update(code for code, meta in loaded_rules().items() if meta.security)  # the team's policies
    seen: Counter[tuple[str, ...]] = Counter()
    issues = []
    for finding in report.findings:
        key = (finding.code, finding.values_path, finding.location.source, finding.message)
        issues.append(issue(finding, security=finding.code in security, occurrence=seen[key]))
        seen[key] += 1
    return json.dumps(issues, indent=2) + "\n"
