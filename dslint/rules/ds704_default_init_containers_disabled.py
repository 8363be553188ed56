"""DS704 default-init-containers-disabled: turning off the init containers that set SSH up."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import active_components
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS704",
    name="default-init-containers-disabled",
    severity=Severity.WARNING,
    summary="`enableDefaultInitContainers: false` removes the init containers the chart's SSH set-up depends on.",
    rationale=(
        "The chart documents `enableDefaultInitContainers` as a plain switch, but its containers "
        "depend on those init containers. On the workers, ssh-server-configure writes sshd_config, "
        "the host keys and authorized_keys; without it the mounted files are empty directories and "
        "sshd cannot start. On the client, ssh-client-configure prepares the SSH configuration that "
        "loads the chart's client settings (port, key, host checking), wait-for-workers holds the "
        "launch until every worker answers, and with `source.type: git` the code is only cloned by "
        "the default init containers. Charts 2.1.1 and 2.3.51 behave the same (the workers' git clone "
        "runs either way)."
    ),
    bad="""\
worker:
  enableDefaultInitContainers: false
""",
    good="""\
worker:
  enableDefaultInitContainers: true
""",
    fix=(
        "Keep `enableDefaultInitContainers: true`; add your own steps with `initContainers` "
        "(they run after the chart's). If you replace them, your init containers must do the same work."
    ),
)

LOSSES = {
    "client": (
        "the client loses ssh-client-configure and wait-for-workers: its SSH configuration never loads the "
        "chart's client settings, so it cannot reach the workers, and launches no longer wait for them"
    ),
    "worker": (
        "the workers lose ssh-server-configure, which writes sshd_config, the host keys and authorized_keys: "
        "sshd cannot start"
    ),
}


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for component in active_components(values):
        if values.get(f"{component}.enableDefaultInitContainers") is not False:
            continue
        message = LOSSES[component]
        if component == "client" and values.get("source.type") == "git":
            message += "; the git repository is not cloned into /app either"
        if values.get(f"{component}.initContainers"):
            message += f" (unless your `{component}.initContainers` do the same)"
        yield ctx.problem(f"{component}.enableDefaultInitContainers", message)
