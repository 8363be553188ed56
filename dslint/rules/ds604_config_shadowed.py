"""DS604 config-shadowed: host file or SSH settings that an `existing*` object (or an override) replaces."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS604",
    name="config-shadowed",
    severity=Severity.WARNING,
    summary="A host file, SSH configuration or SSH key written in the values that a higher-priority setting replaces.",
    rationale=(
        "For the host file and the SSH client and server configuration the chart uses an existing "
        "ConfigMap (`config.existing*ConfigMap`) first, then `config.override*`, then the "
        "`config.default*` template; an existing Secret (`config.existingSSHKeySecret`) replaces "
        "`config.sshPrivateKey`. The losing value stays in the file and is never used: edits to it "
        "change nothing, and an inline private key sits in the values (and in git) for nothing."
    ),
    bad="""\
config:
  existingHostFileConfigMap: training-hosts
  overrideHostFile: |
    worker-0 slots=8
""",
    good="""\
config:
  existingHostFileConfigMap: training-hosts
""",
    fix="Delete the value that loses (the message names the one that wins).",
)

# For each piece of configuration: the settings from the highest priority down.
CHAINS = (
    ("host file", ("config.existingHostFileConfigMap", "config.overrideHostFile", "config.defaultHostFile")),
    ("SSH client configuration", ("config.existingSSHClientConfigMap", "config.overrideSSHClient", "config.defaultSSHClient")),
    ("SSH server configuration", ("config.existingSSHServerConfigMap", "config.overrideSSHServer", "config.defaultSSHServer")),
    ("SSH private key", ("config.existingSSHKeySecret", "config.sshPrivateKey")),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for what, chain in CHAINS:
        winner = None
        for path in chain:
            # The default* templates are chart defaults: only a user's edit of them can lose.
            given = values.get(path) and (values.is_set(path) or not path.startswith("config.default"))
            if not given:
                continue
            if winner is None:
                winner = path
            elif values.is_set(path):
                yield ctx.problem(
                    path,
                    f"`{path}` is ignored: the {what} comes from `{winner}`",
                    f"delete `{path}`",
                    at_key=True,
                    related=[winner],
                )
