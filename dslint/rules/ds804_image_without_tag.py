"""DS804 image-without-tag: a chart image with neither a tag nor a digest."""

from dslint.findings import Severity
from dslint.rules import Rule
from dslint.rules._workload import chart_image_ref, chart_images

RULE = Rule(
    code="DS804",
    name="image-without-tag",
    severity=Severity.ERROR,
    summary="One of the chart's images with an empty `tag` and no `digest`.",
    rationale=(
        "The chart does not fall back to a default tag: it writes `registry/repository:` with "
        "nothing after the colon, which is not a valid image reference. The pods are created and "
        "stay in `InvalidImageName`."
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


def check(ctx):
    values = ctx.values
    for image in chart_images(values):
        ref = chart_image_ref(values, image.path)
        if image.used and not ref.tag and not ref.digest:
            yield ctx.problem(
                f"{image.path}.tag",
                f"the {image.role} has no tag and no digest: the pods get the invalid image "
                f"`{ref.registry}/{ref.repository}:`",
                f"set `{image.path}.tag` or `{image.path}.digest`",
            )
