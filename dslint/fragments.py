"""Where fragments of collected secrets occur in a text, in time linear in the text.

`dslint.secrets` hides any fragment of 8 or more characters of a collected
secret.  Looking each secret up in every printed text would cost (secrets x
text); a hostile values file holds thousands of secrets and a megabyte-long
key, which made redaction quadratic (issue 12).  This index is built once per
run, as secrets are collected, and answers for a text of n characters in O(n)
dictionary look-ups, whatever the number of secrets:

* **exact windows**: every 8-character window of the first secrets (up to
  `EXACT_WINDOWS` windows, a few tens of MiB) maps to its reason.  A text
  window found there is part of a secret; nothing else is needed.
* **sampled windows**: past that budget, a secret is indexed by the windows at
  every `STRIDE`-th offset (and its last window), each remembering where in
  which secret it stands.  A hit is followed left and right as far as the text
  matches that secret, and the scan resumes past what the hit covered, so each
  character is compared a bounded number of times.  Any fragment of
  `FRAGMENT + STRIDE - 1` or more characters contains a sampled window; shorter
  fragments of these secrets are found only where they are an exact window.
* past `SAMPLED_WINDOWS` samples too (more than ~16 MiB of secrets in one run),
  further secrets are found only by their patterns (`dslint.secrets.PATTERNS`).

Memory is therefore bounded (about 100 bytes an exact window, 150 a sample)
whatever the input, and time per text is linear in the text.
"""

from __future__ import annotations

from collections.abc import Iterator

FRAGMENT = 8
EXACT_WINDOWS = 200_000
STRIDE = 16
SAMPLED_WINDOWS = 1_000_000
# Right extensions compare this many characters at a time (C slices, not a Python loop per character).
_CHUNK = 64


class FragmentIndex:
    """The 8-character windows of a run's secrets, and the search of a text for them."""

    __slots__ = ("_exact", "_sampled", "_secrets", "_windows")

    def __init__(self) -> None:
        # One dictionary, so a text window costs one look-up: window -> reason (an exact window)
        # or secret number << 32 | offset (a sampled one; an int, not a tuple, to save memory).
        self._windows: dict[str, str | int] = {}
        self._exact = 0
        self._sampled = 0
        self._secrets: list[tuple[str, str]] = []  # (secret, reason) of the sampled secrets

    def __bool__(self) -> bool:
        return bool(self._windows)

    @property
    def exact_windows(self) -> int:
        return self._exact

    @property
    def sampled_windows(self) -> int:
        return self._sampled

    def add(self, secret: str, reason: str) -> None:
        """Index a secret of at least FRAGMENT characters."""
        count = len(secret) - FRAGMENT + 1
        if count <= 0:
            return
        windows = self._windows
        if self._exact + count <= EXACT_WINDOWS:
            before = len(windows)
            for i in range(count):
                windows.setdefault(secret[i : i + FRAGMENT], reason)
            self._exact += len(windows) - before
            return
        offsets = list(range(0, count, STRIDE))
        if offsets[-1] != count - 1:
            offsets.append(count - 1)
        if self._sampled + len(offsets) > SAMPLED_WINDOWS:
            return  # past every budget: the patterns still apply
        number = len(self._secrets)
        self._secrets.append((secret, reason))
        before = len(windows)
        for offset in offsets:
            windows.setdefault(secret[offset : offset + FRAGMENT], number << 32 | offset)
        self._sampled += len(windows) - before

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, reason) of every fragment found, in increasing start order."""
        windows = self._windows
        # The one pass over every position, as a comprehension (C-speed look-ups); hits are rare.
        hits = [i for i in range(len(text) - FRAGMENT + 1) if text[i : i + FRAGMENT] in windows]
        covered = 0  # end of the furthest span yielded: nothing before it needs looking at again
        resume = 0  # windows before this are inside a fragment already followed
        for i in hits:
            if i < resume:
                continue
            found = windows[text[i : i + FRAGMENT]]
            if isinstance(found, str):
                yield i, i + FRAGMENT, found
                covered = max(covered, i + FRAGMENT)
                continue
            secret, reason = self._secrets[found >> 32]
            offset = found & 0xFFFFFFFF
            # Left: at most back to what is already covered (and never before the secret's start).
            start, at = i, offset
            while start > covered and at > 0 and text[start - 1] == secret[at - 1]:
                start, at = start - 1, at - 1
            end = i + FRAGMENT + _common_prefix(text, i + FRAGMENT, secret, offset + FRAGMENT)
            yield start, end, reason
            covered = max(covered, end)
            # Windows wholly inside [i, end) are part of this fragment already.
            resume = end - FRAGMENT + 1


def _common_prefix(a: str, a_start: int, b: str, b_start: int) -> int:
    """How many characters of `a` from `a_start` equal those of `b` from `b_start`."""
    length = 0
    limit = min(len(a) - a_start, len(b) - b_start)
    while length < limit:
        step = min(_CHUNK, limit - length)
        if a[a_start + length : a_start + length + step] == b[b_start + length : b_start + length + step]:
            length += step
            continue
        while a[a_start + length] == b[b_start + length]:
            length += 1
        return length
    return length
