"""DS701 volume-permissions-render-fails: volumePermissions with client persistence stops the render."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import volume_permissions_rendered
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS701",
    name="volume-permissions-render-fails",
    severity=Severity.ERROR,
    summary="`volumePermissions.enabled` with `client.persistence.enabled`: Helm cannot render the chart.",
    rationale=(
        "The chart's volume-permissions init container looks up `client.persistence.mountPath` below "
        "the component's own values (`client.client...` / `worker.client...`), which do not exist, so "
        "`helm install` and `helm template` stop with \"nil pointer evaluating interface "
        "{}.persistence\". Charts 2.1.1 and 2.3.51 both have the bug; the init container is added to "
        "the client (among its default init containers) and to the workers as soon as the client's "
        "persistence is on."
    ),
    bad="""\
volumePermissions:
  enabled: true
client:
  persistence:
    enabled: true
""",
    good="""\
client:
  persistence:
    enabled: true
  podSecurityContext:
    fsGroup: 1001
""",
    fix=(
        "Set `volumePermissions.enabled: false` and let `podSecurityContext.fsGroup` (1001 by default) "
        "make the volume writable; where the storage ignores fsGroup, add your own chown init container "
        "through `client.initContainers` / `worker.initContainers`."
    ),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    pods = volume_permissions_rendered(ctx.values)
    if pods:
        yield ctx.problem(
            "volumePermissions.enabled",
            f"with `client.persistence.enabled`, chart {ctx.chart_version} fails to render (nil pointer in its "
            f"volume-permissions init container for the {' and '.join(pods)}; charts 2.1.1 and 2.3.51 are affected)",
            related=["client.persistence.enabled"],
        )
