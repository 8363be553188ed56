"""DS951 invalid-rendered-yaml: Helm rendered text that is not YAML, or not Kubernetes objects."""

from dslint.findings import Severity
from dslint.registry import RENDER_LANE, Rule

RULE = Rule(
    code="DS951",
    name="invalid-rendered-yaml",
    severity=Severity.ERROR,
    summary="The chart rendered these values into text that is not YAML (or a document that is not an object).",
    rationale=(
        "Go templates produce text, not YAML: a template bug can print a stray line into a manifest. "
        "`helm template` may print it without complaint, but `helm install` and `kubectl apply` fail on it. "
        "Chart 2.1.1 does this with `client.initContainers`: it renders the list as a bare `null` line "
        "inside the Deployment."
    ),
    bad="""\
client:
  initContainers:
    - name: fetch-data
      image: docker.io/library/busybox:1.36
""",
    good="""\
client:
  enableDefaultInitContainers: true
""",
    fix=(
        "Avoid the values that trigger the template bug (the finding names the template and the line of "
        "its output), or use a chart version that renders them correctly."
    ),
    lane=RENDER_LANE,
    engine=True,
    # Nothing was rendered: a comment cannot make that pass.
    suppressible=False,
)
