"""DS608 diagnostic-mode: every container sleeps and no probe runs."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import diagnostic
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext

RULE = Rule(
    code="DS608",
    name="diagnostic-mode",
    severity=Severity.WARNING,
    summary="`diagnosticMode.enabled: true`: the chart replaces every command and removes every probe.",
    rationale=(
        "Diagnostic mode is for debugging a broken release by hand: the client and the workers run "
        "`diagnosticMode.command`/`args` (`sleep infinity`) instead of the launcher and the SSH "
        "server, and no liveness, readiness or startup probe is rendered. Nothing trains, the "
        "workers accept no SSH connection, and a client Job never finishes. Shipped by mistake, it "
        "looks like a healthy release that does nothing."
    ),
    bad="""\
diagnosticMode:
  enabled: true
""",
    good="""\
diagnosticMode:
  enabled: false
""",
    fix="Turn diagnostic mode off once the debugging session is over.",
    profiles=frozenset({PRODUCTION}),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if diagnostic(values):
        command = " ".join(str(p) for p in (values.get("diagnosticMode.command") or []) + (values.get("diagnosticMode.args") or []))
        yield ctx.problem(
            "diagnosticMode.enabled",
            f"diagnostic mode: every container runs `{command}` instead of its own command, and no probe is set",
            "set `diagnosticMode.enabled: false`",
        )
