"""DS703 client-init-containers-render-null: charts up to 2.3.21 render client.initContainers as `null`."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import client_runs
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS703",
    name="client-init-containers-render-null",
    severity=Severity.ERROR,
    summary="Charts up to 2.3.21 render a non-empty `client.initContainers` as `null`, which breaks the install.",
    rationale=(
        "The client template of every chart version from 0.1.0 to 2.3.21 passes `client.initContainers` "
        "to the common library under the wrong argument name, so the list comes out as the word `null` "
        "inside the pod's `initContainers` list. `helm template` prints the invalid YAML and `helm install` "
        "fails to parse it. `worker.initContainers` is not affected, and chart 2.3.22 fixes the client."
    ),
    bad="""\
client:
  initContainers:
    - name: fetch-data
      image: docker.io/library/busybox:1.36
      command: ["sh", "-c", "echo fetch"]
""",
    good="""\
client:
  # fetch-data is added by a Helm post-renderer (or: upgrade to chart 2.3.51)
  initContainers: []
""",
    fix=(
        "Upgrade to chart 2.3.22 or later, or leave `client.initContainers` empty and add the init "
        "container with a Helm post-renderer."
    ),
    chart_versions="<=2.3.21",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not client_runs(values):
        return
    if values.get("client.initContainers"):
        yield ctx.problem(
            "client.initContainers",
            f"chart {ctx.chart_version} renders `client.initContainers` as `null`, so the client manifest is invalid "
            "YAML and the install fails (fixed in chart 2.3.22)",
        )
