"""DS805 registry-overridden-by-global: an image registry that `global.imageRegistry` replaces."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import chart_images
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS805",
    name="registry-overridden-by-global",
    severity=Severity.WARNING,
    summary="`image.registry` (or `gitImage.registry`, `volumePermissions.image.registry`) set while "
            "`global.imageRegistry` replaces it.",
    rationale=(
        "When `global.imageRegistry` is set, the chart uses it for all three of its images and "
        "ignores each image's own `registry`. A per-image registry next to it suggests that image "
        "comes from somewhere else, while the pods pull it from the global registry; if the image "
        "is not mirrored there, the pull fails."
    ),
    bad="""\
global:
  imageRegistry: registry.internal.example.com
gitImage:
  registry: ghcr.io
""",
    good="""\
global:
  imageRegistry: registry.internal.example.com
""",
    fix="Delete the per-image `registry`, or mirror the image into the global registry.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    mirror = values.get("global.imageRegistry")
    if not mirror:
        return
    for image in chart_images(values):
        path = f"{image.path}.registry"
        own = values.get(path)
        if values.is_set(path) and own and own != mirror:
            yield ctx.problem(
                path,
                f"`{path}: {own}` is ignored: the {image.role} is pulled from `global.imageRegistry` ({mirror})",
                f"delete `{path}`",
                related=["global.imageRegistry"],
            )
