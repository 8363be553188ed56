"""DS216 unusable-ssh-private-key: `config.sshPrivateKey` that ssh-keygen cannot read."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator

from dslint.findings import Severity
from dslint.lazy import LazyPattern
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import key_location, key_placeholder

RULE = Rule(
    code="DS216",
    name="unusable-ssh-private-key",
    severity=Severity.ERROR,
    summary="`config.sshPrivateKey` is not an unencrypted private key that OpenSSH can read.",
    rationale=(
        "Each worker's `ssh-server-configure` init container derives `authorized_keys` from the key "
        "with `ssh-keygen -y`, and the client connects with it. A public key, a key whose line breaks "
        "were lost, a truncated key, a PuTTY key or a passphrase-protected one (there is nobody to type "
        "the passphrase) makes that init container fail, and the workers never start. dslint "
        "describes what is wrong without ever repeating the key."
    ),
    bad="""\
config:
  sshPrivateKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExamplePublicKeyOnly user@laptop
""",
    good="""\
config:
  existingSSHKeySecret: deepspeed-ssh-key
""",
    fix=(
        "Use the private key file itself, unencrypted (`ssh-keygen -t ed25519 -N '' -f id_deepspeed`), "
        "written as a YAML block scalar (`sshPrivateKey: |`) or, better, stored in a Secret named by "
        "`config.existingSSHKeySecret`."
    ),
    security=True,
)

PATH = ("config", "sshPrivateKey")
_BEGIN = LazyPattern(r"-----BEGIN ([A-Z0-9 ]*?)PRIVATE KEY-----")
_PUBLIC_PREFIXES = ("ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-")


def _openssh_cipher(body: str) -> bytes | None:
    """The cipher name inside an OpenSSH-format key (b"none" when it is not encrypted)."""
    try:
        blob = base64.b64decode("".join(body.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    magic = b"openssh-key-v1\0"
    if not blob.startswith(magic):
        return None
    # The cipher name: a 4-byte length, then the name.
    header = blob[len(magic):]
    size = int.from_bytes(header[:4], "big")
    cipher = header[4:4 + size]
    # A name cut short (or empty) is a damaged key, not an encrypted one.
    return cipher if cipher and len(cipher) == size else None


def key_problem(text: str) -> str | None:
    """What makes the key unusable, in words that never quote it; None when it looks fine."""
    text = text.replace("\r\n", "\n")
    stripped = text.strip()
    if stripped.startswith(_PUBLIC_PREFIXES) or "PUBLIC KEY-----" in text or "BEGIN SSH2 PUBLIC KEY" in text:
        return "is a public key; the chart needs the private key (the workers derive the public key from it)"
    if "PuTTY-User-Key-File" in text:
        return "is a PuTTY key, which OpenSSH cannot read (export it with `puttygen KEY -O private-openssh`)"
    begin = _BEGIN.search(text)
    if begin is None:
        return "is not a private key: it has no `-----BEGIN ... PRIVATE KEY-----` line"
    end_marker = f"-----END {begin.group(1)}PRIVATE KEY-----"
    end = text.find(end_marker, begin.end())
    if end < 0:
        return "is cut short: its `-----END ... PRIVATE KEY-----` line is missing"
    if text[begin.end():begin.end() + 1] != "\n":
        return "has lost its line breaks (a plain or folded YAML string joins the lines); write it as a block scalar `|`"
    body = text[begin.end():end]
    if "ENCRYPTED" in begin.group(1) or "Proc-Type: 4,ENCRYPTED" in body:
        return "is protected by a passphrase, which nobody can type in the worker's init container"
    if begin.group(1) == "OPENSSH ":
        cipher = _openssh_cipher(body)
        if cipher is None:
            return "is damaged: its body is not a valid OpenSSH key"
        if cipher != b"none":
            return "is protected by a passphrase, which nobody can type in the worker's init container"
    return None


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    key = values.get(PATH)
    if not isinstance(key, str) or not key.strip() or key_placeholder(key):
        return
    if values.get("config.existingSSHKeySecret"):
        return  # the chart ignores sshPrivateKey then
    problem = key_problem(key)
    if problem:
        yield ctx.problem(
            PATH,
            f"`config.sshPrivateKey` {problem}: the workers' ssh-server-configure init container fails and no worker starts",
            location=key_location(ctx, PATH),
        )
