"""DS605 launch-command-ignored: a `source.launchCommand` the chart never runs."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import client_runs, diagnostic
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS605",
    name="launch-command-ignored",
    severity=Severity.WARNING,
    summary="`source.launchCommand` set where the chart does not run it: `client.args` replaces it, or there is no client.",
    rationale=(
        "The chart runs `source.launchCommand` inside the client container's default script. "
        "`client.args` replaces that whole script, and with `client.enabled: false` there is no "
        "client at all; in both cases the launch command is never executed, although the "
        "installation notes still print it as \"the command that will be executed\"."
    ),
    bad="""\
source:
  launchCommand: deepspeed train.py
client:
  args: ["-c", "sleep infinity"]
""",
    good="""\
source:
  launchCommand: deepspeed train.py
""",
    fix="Put the command in `source.launchCommand` and remove `client.args`, or drop the unused launch command.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    # Diagnostic mode replaces every command: DS608 says so.
    if not values.get("source.launchCommand") or diagnostic(values):
        return
    if not client_runs(values):
        yield ctx.problem(
            "source.launchCommand",
            "the launch command never runs: `client.enabled` is false, so there is no client to run it",
            "enable the client, or remove `source.launchCommand`",
            related=["client.enabled"],
        )
    elif values.get("client.args"):
        yield ctx.problem(
            "source.launchCommand",
            "the launch command never runs: `client.args` replaces the client script that would run it",
            "remove `client.args` (or run the command from them and drop `source.launchCommand`)",
            related=["client.args"],
        )
