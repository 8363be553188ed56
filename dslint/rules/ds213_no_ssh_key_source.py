"""DS213 no-ssh-key-source: the chart generates a new SSH key at every render."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext

RULE = Rule(
    code="DS213",
    name="no-ssh-key-source",
    severity=Severity.INFO,
    summary="Neither `config.sshPrivateKey` nor `config.existingSSHKeySecret` is set, so the chart makes up a key.",
    rationale=(
        "Without a key the chart calls `genPrivateKey` on every render. Helm keeps the stored key "
        "only when it can look the Secret up in the cluster; renders without cluster access "
        "(`helm template`, Argo CD, `--dry-run`) produce a new RSA key each time. The Secret then "
        "changes, its checksum annotation changes with it, and every client and worker pod restarts on "
        "each sync, killing any training run in progress. Fine on a laptop; in production use a key "
        "you manage."
    ),
    bad="""\
config:
  sshPrivateKey: ""
""",
    good="""\
config:
  existingSSHKeySecret: deepspeed-ssh-key
""",
    fix=(
        "Create a Secret with the key under `id_rsa` (`kubectl create secret generic deepspeed-ssh-key "
        "--from-file=id_rsa=PATH`) and set `config.existingSSHKeySecret` to its name."
    ),
    profiles=frozenset({PRODUCTION}),
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if values.get("config.sshPrivateKey") or values.get("config.existingSSHKeySecret"):
        return
    if not ctx.offline:
        return  # Helm looks the Secret up and keeps the key it generated at install time
    yield ctx.problem(
        "config.existingSSHKeySecret",
        "no SSH key is given: every offline render generates a new one, which restarts every client and worker pod",
    )
