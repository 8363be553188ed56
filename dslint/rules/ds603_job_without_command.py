"""DS603 job-without-command: a client Job with nothing to run, which the chart refuses."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS603",
    name="job-without-command",
    severity=Severity.ERROR,
    summary="`client.useJob: true` without `source.launchCommand` or `client.args`.",
    rationale=(
        "A client Job runs the launch command once and finishes; without a command it would have "
        "nothing to do. The chart checks this itself and Helm stops the render, so `helm install` "
        "fails. Only `source.launchCommand` and `client.args` count: a `client.command` alone does "
        "not satisfy the chart. The check runs even when `client.enabled` is false."
    ),
    bad="""\
client:
  useJob: true
""",
    good="""\
client:
  useJob: true
source:
  launchCommand: deepspeed train.py --deepspeed_config ds_config.json
""",
    fix="Set `source.launchCommand` to the command that starts the training (or give `client.args`).",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if values.get("client.useJob") and not values.get("source.launchCommand") and not values.get("client.args"):
        if values.get("client.command"):
            # The chart's test looks at the launch command and the args only.
            message = ("the client runs as a Job and `client.command` is set, but the chart only counts "
                       "`source.launchCommand` or `client.args` as the Job's command: Helm refuses to render")
            fix = "Move the command to `source.launchCommand`, or its arguments to `client.args`."
            related = ["client.command", "source.launchCommand"]
        else:
            message = "the client runs as a Job but has no command: Helm refuses to render the chart"
            fix = "Set `source.launchCommand` to the command that starts the training (or give `client.args`)."
            related = ["source.launchCommand"]
        yield ctx.problem("client.useJob", message, fix, related=related)
