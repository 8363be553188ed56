"""DS801 mutable-tag: an image reference whose content can change under the same name."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import chart_image_ref, chart_images, is_template, user_images
from dslint.knowledge.kubernetes import mutable_tag_reason, parse_image
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS801",
    name="mutable-tag",
    severity=Severity.WARNING,
    summary="An image pulled by `latest`, no tag, or a rolling tag, without a digest.",
    rationale=(
        "A moving tag is re-pointed to new builds: nodes that pull at different times run "
        "different images, a restarted worker may come back with another PyTorch or CUDA build "
        "than its peers, and a rollback cannot return to what ran before. Bitnami publishes an "
        "immutable tag for every build, ending in `-r<N>` (`0.17.5-debian-12-r0`); the shorter "
        "tags (`0.17.5`, `0.17.5-debian-12`, `latest`) are rolling, as the chart itself warns after "
        "install. The same holds for the sidecars and init containers added to the pods."
    ),
    bad="""\
image:
  tag: latest
""",
    good="""\
image:
  tag: 0.14.2-debian-12-r3
""",
    fix="Pin an immutable tag (Bitnami: the `-r<N>` one) or, better, a `digest`.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for image in chart_images(values):
        ref = chart_image_ref(values, image.path)
        if not image.used or (not ref.tag and not ref.digest):
            continue  # no tag at all is DS804
        reason = mutable_tag_reason(ref)
        if reason and not is_template(ref.tag):
            yield ctx.problem(
                f"{image.path}.tag",
                f"the {image.role} {ref.text} {reason}",
                f"pin `{image.path}.tag` to an immutable tag, or set `{image.path}.digest`",
            )
    for path, text in user_images(values):
        if is_template(text):
            continue
        reason = mutable_tag_reason(parse_image(text))
        if reason:
            yield ctx.problem(
                path,
                f"image {text!r} {reason}",
                "pin an immutable tag, or append `@sha256:<digest>`",
            )
