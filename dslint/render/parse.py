"""Rendered text -> Kubernetes objects (the manifest lane's `ManifestDocument`s), or what is not YAML.

The whole output (header included) is parsed at once, so every object's
positions are lines of the stream dslint prints.  When that fails, each
document is parsed alone to name every template that printed invalid YAML.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from dslint.load.errors import InputError
from dslint.load.yaml_tree import Limits
from dslint.manifests.documents import ManifestDocument, split_manifests
from dslint.render.stream import RenderedDocument


class InvalidDocument(NamedTuple):
    """A rendered document that is not a Kubernetes object."""

    document: RenderedDocument
    line: int  # in the document as Helm prints it (1 = its first line), 0 when not known
    column: int
    problem: str


class RenderedObject(NamedTuple):
    """A parsed object and the document Helm printed it as."""

    document: RenderedDocument
    manifest: ManifestDocument


def parse_rendering(documents: list[RenderedDocument], text: str, label: str,
                    limits: Limits) -> tuple[list[RenderedObject], list[InvalidDocument]]:
    """The objects of `text` (the stream of `documents`), or every document that is not one."""
    try:
        manifests = split_manifests(text, label, limits)
    except InputError:
        return [], _invalid_documents(documents, label, limits)
    starts = _document_lines(documents, text)
    objects, invalid = [], []
    for manifest in manifests:
        document = documents[bisect.bisect_right(starts, manifest.line) - 1]
        if isinstance(manifest.data, dict):
            objects.append(RenderedObject(document, manifest))
        else:
            invalid.append(InvalidDocument(document, 1, 1, f"the document is {_a(type(manifest.data).__name__)}, "
                                                           "not a Kubernetes object"))
    return objects, invalid


def _document_lines(documents: list[RenderedDocument], text: str) -> list[int]:
    """The line where each document's `---` stands in `text` (the header comes first)."""
    line = text.count("\n") - sum(d.helm_text().count("\n") for d in documents) + 1
    starts = []
    for document in documents:
        starts.append(line)
        line += document.helm_text().count("\n")
    return starts


def _invalid_documents(documents: list[RenderedDocument], label: str, limits: Limits) -> list[InvalidDocument]:
    invalid = []
    for document in documents:
        try:
            split_manifests(document.text, label, limits)
        except InputError as err:
            invalid.append(InvalidDocument(document, err.line, err.column, err.message))
    if not invalid:  # only the stream as a whole fails (a limit): say so once
        try:
            split_manifests("".join(d.helm_text() for d in documents), label, limits)
        except InputError as err:
            invalid.append(InvalidDocument(documents[0], 0, 0, err.message))
    return invalid


def _a(type_name: str) -> str:
    words = {"str": "a string", "list": "a list", "int": "a number", "float": "a number", "bool": "a boolean"}
    return words.get(type_name, type_name)
