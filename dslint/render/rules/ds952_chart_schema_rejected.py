"""DS952 chart-schema-rejected: the chart's values.schema.json rejects a value."""

from dslint.findings import Severity
from dslint.registry import RENDER_LANE, Rule

RULE = Rule(
    code="DS952",
    name="chart-schema-rejected",
    severity=Severity.ERROR,
    summary="The chart's own values schema (values.schema.json) rejects a value, so Helm refuses to render.",
    rationale=(
        "Helm checks the user values against the chart's `values.schema.json` before it renders anything, "
        "and refuses the whole release on the first mismatch (`at '/worker/replicaCount': got string, want "
        "number`). dslint reports each mismatch at the line that set the value."
    ),
    bad="""\
worker:
  replicaCount: "3"
""",
    good="""\
worker:
  replicaCount: 3
""",
    fix="Give the value the type the chart's schema asks for (the message says which).",
    lane=RENDER_LANE,
    engine=True,
    # Nothing was rendered: a comment cannot make that pass.
    suppressible=False,
)
