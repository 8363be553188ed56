"""DS950 helm-render-failed: Helm refused to render the chart with these values."""

from dslint.findings import Severity
from dslint.registry import RENDER_LANE, Rule

# Reported by the render pipeline (dslint/render/failures.py) with the chart's
# own message; it points at the value the message names when it names one.
RULE = Rule(
    code="DS950",
    name="helm-render-failed",
    severity=Severity.ERROR,
    summary="Helm refused to render the chart: a `fail` in the chart, or a template error.",
    rationale=(
        "Charts check some values only while rendering: the DeepSpeed chart stops with `fail` when "
        "`client.useJob` is true without `source.launchCommand`, or when a `resourcesPreset` is not one it "
        "knows. `helm install` and every GitOps controller then refuse the release, so dslint reports the "
        "chart's own message before anything is deployed."
    ),
    bad="""\
client:
  useJob: true
""",
    good="""\
client:
  useJob: true
source:
  launchCommand: deepspeed train.py
""",
    fix="Read the chart's message: it names the value to set or change.",
    lane=RENDER_LANE,
    engine=True,
    # Nothing was rendered: a comment cannot make that pass.
    suppressible=False,
)
