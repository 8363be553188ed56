"""DS804 image-without-tag: a chart image with neither a tag nor a digest."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import chart_image_ref, chart_images
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS804",
    name="image-without-tag",
    severity=Severity.ERROR,
    summary="One of the chart's images with an empty `tag` and no `digest`.",
    rationale=(
        "The chart does not fall back to a default tag: it writes `image: registry/repository:` "
        "with nothing after the colon. A plain YAML value cannot end with a colon, so the "
        "Deployment, Job and StatefulSet Helm renders are not valid YAML and `helm install` fails; "
        "even quoted, it would not be a valid image reference."
    ),
    bad="""\
image:
  tag: ""
""",
    good="""\
image:
  tag: 0.14.2-debian-12-r3
""",
    fix="Set the image's `tag` (an immutable one) or its `digest`.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for image in chart_images(values):
        ref = chart_image_ref(values, image.path)
        if image.used and not ref.tag and not ref.digest:
            yield ctx.problem(
                f"{image.path}.tag",
                f"the {image.role} has no tag and no digest: Helm writes `image: {ref.registry}/{ref.repository}:`, "
                "which is not valid YAML, and the install fails",
                f"set `{image.path}.tag` or `{image.path}.digest`",
            )
