"""DS614 client-mode-settings-ignored: Job settings on a Deployment client, or the other way round."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import client_runs
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._workload import user_paths_under

RULE = Rule(
    code="DS614",
    name="client-mode-settings-ignored",
    severity=Severity.WARNING,
    summary="Client settings that only apply to the other kind of client: `backoffLimit` without `useJob`, "
            "`updateStrategy` or `pdb` with it.",
    rationale=(
        "`client.useJob` decides whether the client is a Job or a Deployment. The chart writes "
        "`client.backoffLimit` only into the Job, and `client.updateStrategy` only into the "
        "Deployment; from chart 2.2.0 on it creates the client's PodDisruptionBudget only for a "
        "Deployment. A retry limit on a Deployment or a rollout strategy on a Job is silently "
        "dropped, so the client does not behave as the values describe."
    ),
    bad="""\
client:
  backoffLimit: 2
""",
    good="""\
client:
  useJob: true
  backoffLimit: 2
source:
  launchCommand: deepspeed train.py
""",
    fix="Remove the setting, or change `client.useJob` to the kind of client it belongs to.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not client_runs(values):
        return
    job = bool(values.get("client.useJob"))
    ignored = ("updateStrategy", "pdb") if job else ("backoffLimit",)
    for key in ignored:
        if key == "pdb" and not isinstance(values.default("client.pdb"), dict):
            continue
        # Written but equal to the chart default (a copy of `helm show values`): not a choice.
        if user_paths_under(values, ("client", key)) and values.get(("client", key)) != values.default(("client", key)):
            kind, other = ("a Job", "Deployment") if job else ("a Deployment", "Job")
            yield ctx.problem(
                ("client", key),
                f"`client.{key}` is ignored: the client is {kind} and the chart uses it only for a {other}",
                f"delete `client.{key}`",
                at_key=True,
                related=["client.useJob"],
            )
