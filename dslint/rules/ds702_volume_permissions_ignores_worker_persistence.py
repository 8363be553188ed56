"""DS702 volume-permissions-ignores-worker-persistence: volumePermissions does nothing for worker volumes."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS702",
    name="volume-permissions-ignores-worker-persistence",
    severity=Severity.WARNING,
    summary="`volumePermissions.enabled` with only `worker.persistence.enabled`: nothing happens.",
    rationale=(
        "The worker StatefulSet adds the volume-permissions init container only when "
        "`client.persistence.enabled` is true; the workers' own persistence is never tested. With "
        "persistence on the workers alone, `volumePermissions.enabled` silently does nothing and the "
        "worker volumes keep whatever ownership the storage gives them. Charts 2.1.1 and 2.3.51 "
        "behave the same (and enabling client persistence as well runs into DS701)."
    ),
    bad="""\
volumePermissions:
  enabled: true
worker:
  persistence:
    enabled: true
""",
    good="""\
worker:
  persistence:
    enabled: true
  podSecurityContext:
    fsGroup: 1001
    fsGroupChangePolicy: OnRootMismatch
""",
    fix=(
        "Remove `volumePermissions.enabled` and rely on `worker.podSecurityContext.fsGroup`; where the "
        "storage ignores fsGroup, add your own chown init container in `worker.initContainers`."
    ),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if (
        values.get("volumePermissions.enabled")
        and not values.get("client.persistence.enabled")
        and values.get("worker.persistence.enabled")
        and values.get("worker.enabled")
    ):
        yield ctx.problem(
            "volumePermissions.enabled",
            "`volumePermissions.enabled` does nothing for the worker volumes: the chart adds the volume-permissions "
            "init container only when `client.persistence.enabled` is true",
            related=["worker.persistence.enabled"],
        )
