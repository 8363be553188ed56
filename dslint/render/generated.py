"""The one thing a render may not reproduce: an SSH key the chart generates itself.

Without `config.sshPrivateKey` or `config.existingSSHKeySecret`, the DeepSpeed
chart calls `genPrivateKey` on every render, and hashes a fresh key into the
`checksum/*` pod annotations too.  dslint says so (DS953, the output header)
and, for `--check`, compares renders with those values masked.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from dslint.lazy import LazyPattern
from dslint.render.stream import RenderedDocument

KEY_PATHS = (("config", "sshPrivateKey"), ("config", "existingSSHKeySecret"))
_PEM_PRIVATE_KEY = LazyPattern(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")
MASK = "<generated at render time>"
_SECRET = LazyPattern(r"^kind:\s*[\"']?Secret[\"']?\s*$", re.MULTILINE)
_CHECKSUM_LINE = LazyPattern(r"^(\s+checksum/[^:\s]+:\s*)\S.*$")
# A one-line base64 value (how Secrets carry the key under `data`).
_BASE64_LINE = LazyPattern(r"^(\s+[^\s:#][^:#]*:\s*)\"?([A-Za-z0-9+/]{40,}={0,2})\"?\s*$")


def key_given(user_data: dict[str, Any]) -> bool:
    """Did the user give the chart a key (so it generates none)?"""
    config = user_data.get("config")
    return isinstance(config, dict) and any(config.get(path[1]) for path in KEY_PATHS)


def generated_key_documents(documents: list[RenderedDocument], user_data: dict[str, Any]) -> list[RenderedDocument]:
    """The rendered Secrets holding a private key the chart generated in this render.

    Read from the text, before parsing, so the output header can say so.
    """
    if key_given(user_data):
        return []
    return [doc for doc in documents if _SECRET.search(doc.text) and any(
        (match := _BASE64_LINE.match(line)) and _is_private_key(match.group(2))
        for line in doc.text.splitlines())]


def _is_private_key(encoded: str) -> bool:
    try:
        value = base64.b64decode(encoded, validate=False).decode("ascii", "replace")
    except (binascii.Error, ValueError):
        return False
    return bool(_PEM_PRIVATE_KEY.search(value))


def mask(text: str) -> str:
    """`text` with generated keys and checksum/* annotation values replaced, for comparing renders."""
    out = []
    for line in text.splitlines(keepends=True):
        ending = "\n" if line.endswith("\n") else ""
        body = line[: len(line) - len(ending)]
        checksum = _CHECKSUM_LINE.match(body)
        if checksum:
            out.append(checksum.group(1) + MASK + ending)
            continue
        scalar = _BASE64_LINE.match(body)
        if scalar and _is_private_key(scalar.group(2)):
            out.append(scalar.group(1) + MASK + ending)
            continue
        out.append(line)
    return "".join(out)
