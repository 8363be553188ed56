"""DS610 existing-claim-ignores-settings: volume settings an existing PVC makes meaningless."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import workers_run
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._workload import user_paths_under

RULE = Rule(
    code="DS610",
    name="existing-claim-ignores-settings",
    severity=Severity.WARNING,
    summary="Persistence settings that do nothing next to `existingClaim`, and an `existingClaim` the workers never use.",
    rationale=(
        "With `client.persistence.existingClaim` the chart mounts that PVC and creates none, so "
        "`size`, `storageClass`, `accessModes`, `dataSource`, `labels` and `annotations` describe "
        "a volume that is never made. The worker StatefulSet is different: it ignores "
        "`worker.persistence.existingClaim` altogether and always creates one new PVC per worker "
        "from its own template, so a dataset claim given there is never attached."
    ),
    bad="""\
client:
  persistence:
    enabled: true
    existingClaim: datasets
    size: 500Gi
""",
    good="""\
client:
  persistence:
    enabled: true
    existingClaim: datasets
""",
    fix="Delete the settings the claim makes meaningless; for workers, mount a shared claim with "
        "`worker.extraVolumes` and `worker.extraVolumeMounts` instead.",
)

IGNORED = ("size", "storageClass", "accessModes", "dataSource", "selector", "labels", "annotations")


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if values.get("client.enabled") and values.get("client.persistence.enabled"):
        claim = values.get("client.persistence.existingClaim")
        if claim:
            for key in IGNORED:
                path = ("client", "persistence", key)
                if user_paths_under(values, path):
                    yield ctx.problem(
                        path,
                        f"`client.persistence.{key}` is ignored: the client mounts the existing claim {claim!r} "
                        "and the chart creates no PVC",
                        f"delete `client.persistence.{key}`",
                        at_key=True,
                        related=["client.persistence.existingClaim"],
                    )
    claim = values.get("worker.persistence.existingClaim")
    if claim and workers_run(values) and values.get("worker.persistence.enabled"):
        yield ctx.problem(
            "worker.persistence.existingClaim",
            f"the worker StatefulSet never uses `existingClaim` ({claim!r}): it creates a new PVC for "
            "every worker instead",
            "mount the claim with `worker.extraVolumes` and `worker.extraVolumeMounts`, and delete "
            "`worker.persistence.existingClaim`",
        )
