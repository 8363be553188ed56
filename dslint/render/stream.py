"""Helm's output per template -> exactly what `helm template` prints.

Helm (releaseutil.SortManifests, then `helm template`) walks the rendered
templates in sorted path order, skips partials (`_*.tpl`) and NOTES.txt,
splits each into documents on `---` lines, trims them, and prints each as

    ---
    # Source: <template path>
    <document>

Documents with nothing but comments and blank lines are dropped here: they
hold no object.  A header of comments (what rendered it, and whether the chart
generated a random key) goes before the first document.
"""

from __future__ import annotations

import posixpath
import re
from typing import NamedTuple

# Helm's releaseutil.SplitManifests separator.
_SEPARATOR = re.compile(r"(?:^|\s*\n)---\s*")
HEADER_MARK = "# Rendered by dslint"


class RenderedDocument(NamedTuple):
    """One document as Helm printed it, and the template that printed it."""

    template: str
    text: str  # trimmed, as Helm keeps it

    def helm_text(self) -> str:
        return f"---\n# Source: {self.template}\n{self.text}\n"


def helm_documents(files: dict[str, str]) -> list[RenderedDocument]:
    """The documents `helm template` prints, in its order."""
    documents = []
    # Go's sort.Strings compares bytes; Python compares code points: the same order for UTF-8.
    for path in sorted(files):
        if posixpath.basename(path).startswith("_") or path.endswith("NOTES.txt"):
            continue
        content = files[path].strip()
        if not content:
            continue
        for part in _SEPARATOR.split(content):
            text = part.strip()
            if text and not _only_comments(text):
                documents.append(RenderedDocument(path, text))
    return documents


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def header(chart: str, release_name: str, namespace: str, generated_key: bool) -> str:
    """Comment lines before the manifests; they never change unless the inputs do."""
    lines = [
        f"{HEADER_MARK} from chart {chart}, release {release_name!r} in namespace {namespace!r}.",
        "# Re-render with `dslint render` (and check with `dslint render --check`) instead of editing by hand.",
    ]
    if generated_key:
        lines += generated_key_lines()
    return "".join(line + "\n" for line in lines)


def generated_key_lines() -> list[str]:
    return [
        "# NOT REPRODUCIBLE: no SSH key was given (config.sshPrivateKey, config.existingSSHKeySecret), so the chart",
        "# generated a random private key in this render. The Secret holding it and the checksum/* pod annotations",
        "# change on every render; set config.existingSSHKeySecret to make renders identical.",
    ]


def stream_text(documents: list[RenderedDocument], head: str = "") -> str:
    return head + "".join(d.helm_text() for d in documents)
