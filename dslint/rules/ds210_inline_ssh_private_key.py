"""DS210 inline-ssh-private-key: the SSH private key written into a values file."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import key_location, key_material, key_placeholder

RULE = Rule(
    code="DS210",
    name="inline-ssh-private-key",
    severity=Severity.ERROR,
    summary="`config.sshPrivateKey` holds private key text inside a values file.",
    rationale=(
        "The key in `config.sshPrivateKey` lets its holder log into every worker as the DeepSpeed "
        "user, and values files end up in git, in CI logs and in `helm get values`. Once committed "
        "the key stays in the repository's history even after it is removed. dslint never repeats the "
        "key's text in any of its outputs."
    ),
    bad="""\
config:
  sshPrivateKey: |
    -----BEGIN OPENSSH PRIVATE KEY-----
    (key text)
    -----END OPENSSH PRIVATE KEY-----
""",
    good="""\
config:
  existingSSHKeySecret: deepspeed-ssh-key
""",
    fix=(
        "Store the key in a Secret created outside the chart (for example "
        "`kubectl create secret generic deepspeed-ssh-key --from-file=id_rsa=PATH`) and set "
        "`config.existingSSHKeySecret`; or pass it at install time with "
        "`--set-file` (the key `config.sshPrivateKey`, from a file kept out of git). Rotate a key that was committed."
    ),
    security=True,
)

PATH = ("config", "sshPrivateKey")


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    key = values.get(PATH)
    if not isinstance(key, str) or not key.strip() or key_placeholder(key) or not key_material(key):
        return
    location = key_location(ctx, PATH)
    if not location.is_file:
        return  # --set-file and friends keep the key out of the values files
    message = "`config.sshPrivateKey` holds a private key in a values file: whoever reads the file can log into every worker"
    if values.get("config.existingSSHKeySecret"):
        message += " (and the chart does not even use it, since `config.existingSSHKeySecret` is set)"
    yield ctx.problem(PATH, message, location=location)
