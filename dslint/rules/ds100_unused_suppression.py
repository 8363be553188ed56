"""DS100 unused-suppression: a `# dslint: ignore` comment that suppresses nothing."""

from dslint.findings import Severity
from dslint.rules import Rule

# Reported by the engine after suppressions are applied (dslint/suppress.py):
# only it knows which comments matched a finding.
RULE = Rule(
    code="DS100",
    name="unused-suppression",
    severity=Severity.WARNING,
    summary="A suppression comment that no longer suppresses anything.",
    rationale=(
        "Suppressions outlive the problem they hid: once the value is fixed, a stale "
        "`# dslint: ignore[...]` would silently hide the next real problem on that line."
    ),
    bad="""\
worker:
  replicaCount: 3  # dslint: ignore[DS102]
""",
    good="""\
worker:
  replicaCount: "3"  # dslint: ignore[DS102]
""",
    fix="Delete the comment, or the codes in it that no longer apply.",
    engine=True,
    fix_safety="safe",
    fix_note=(
        "Safe: the directive is deleted (with its line when it was alone on it; any other text of "
        "the comment stays), or only its stale codes are: `ignore[DS101, DS102]` -> `ignore[DS101]`."
    ),
)
