"""DS803 insecure-image-refused: charts 2.3.0 and later refuse images they do not recognise."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dslint.findings import Severity
from dslint.knowledge.chart import chart_images
from dslint.rules import Problem, Rule, ValuesContext

if TYPE_CHECKING:
    from dslint.model.view import ChartValues


RULE = Rule(
    code="DS803",
    name="insecure-image-refused",
    severity=Severity.ERROR,
    summary="A chart from 2.3.0 on with one of its images moved to another registry or repository, without "
            "`global.security.allowInsecureImages: true`.",
    rationale=(
        "From 2.3.0 on, the chart (through the common library it pins) compares its three images (DeepSpeed, git, os-shell) with the "
        "list it was released with, by registry and repository, and stops the render with \"Original "
        "containers have been substituted for unrecognized ones\" when one differs. This includes "
        "`global.imageRegistry` pointing at a private mirror and images the release does not even "
        "use (the git image with a ConfigMap source). Only `global.security.allowInsecureImages: "
        "true` turns the error into a warning. Another tag of the same image is accepted."
    ),
    bad="""\
global:
  imageRegistry: registry.internal.example.com
""",
    good="""\
global:
  imageRegistry: registry.internal.example.com
  security:
    allowInsecureImages: true
""",
    fix="If the images are faithful copies (a mirror), set `global.security.allowInsecureImages: true`; "
        "otherwise use the chart's own images.",
    example_options={"chart_version": "2.3.51"},
    chart_versions=">=2.3.0",
    security=True,
)

def _images(values: ChartValues) -> list[tuple[str, str]]:
    # All three, used or not: the chart verifies every image it lists.
    return [(image.path, image.role) for image in chart_images(values)]


def _annotation(values: ChartValues) -> str:
    """The chart's `images` annotation: the release's own images, which are its default image values."""
    lines = []
    for path, _ in _images(values):
        block = values.default(path) or {}
        lines.append(f"- image: {block.get('registry', '')}/{block.get('repository', '')}:{block.get('tag', '')}\n")
    return "".join(lines)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    annotation = _annotation(values)
    if values.get("global.security.allowInsecureImages"):
        return
    mirror = values.get("global.imageRegistry") or ""
    relocated_by_mirror: list[str] = []
    findings: list[tuple[str, str]] = []
    legacy_only = True
    for path, role in _images(values):
        block = values.get(path) or {}
        registry = mirror or str(block.get("registry") or "")
        repository = str(block.get("repository") or "")
        full = f"{registry}/{repository}"
        # The chart's own test is a substring search in its annotation: mirror it exactly.
        if full in annotation:
            continue
        if registry not in annotation:
            legacy_only = False
            if mirror:
                relocated_by_mirror.append(full)
            else:
                findings.append((f"{path}.registry", f"the {role} registry {registry!r} is not the chart's"))
        elif repository not in annotation:
            if "docker.io/bitnamilegacy/" not in full:
                legacy_only = False
            findings.append((f"{path}.repository", f"the {role} repository {repository!r} is not the chart's"))
    # Only Bitnami's legacy copies of its own images are let through with a warning.
    if legacy_only:
        return
    if relocated_by_mirror:
        yield ctx.problem(
            "global.imageRegistry",
            f"Helm refuses to render chart {ctx.chart_version}: `global.imageRegistry` moves "
            f"{', '.join(relocated_by_mirror)} to a registry the chart does not recognise",
            "set `global.security.allowInsecureImages: true` if the mirror holds the chart's own images",
        )
    for path, message in findings:
        yield ctx.problem(
            path,
            f"Helm refuses to render chart {ctx.chart_version}: {message}",
            "use the chart's image, or set `global.security.allowInsecureImages: true`",
        )
