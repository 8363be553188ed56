"""DS603 job-without-command: a client Job with nothing to run, which the chart refuses."""

from dslint.findings import Severity
from dslint.rules import Rule

RULE = Rule(
    code="DS603",
    name="job-without-command",
    severity=Severity.ERROR,
    summary="`client.useJob: true` without `source.launchCommand` or `client.args`.",
    rationale=(
        "A client Job runs the launch command once and finishes; without a command it would have "
        "nothing to do. The chart checks this itself and Helm stops the render with "
        "\"deepspeed: no-job-command\", so `helm install` fails. The check runs even when "
        "`client.enabled` is false."
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


def check(ctx):
    values = ctx.values
    if values.get("client.useJob") and not values.get("source.launchCommand") and not values.get("client.args"):
        yield ctx.problem(
            "client.useJob",
            "the client runs as a Job but has no command: Helm refuses to render the chart (no-job-command)",
            "set `source.launchCommand`",
            related=["source.launchCommand"],
        )
