"""DS609 digest-overrides-tag: an image tag that a digest makes meaningless."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import chart_images
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS609",
    name="digest-overrides-tag",
    severity=Severity.WARNING,
    summary="A chart image with both `tag` and `digest` set: the chart pulls by digest and drops the tag.",
    rationale=(
        "When `digest` is set the chart writes `registry/repository@digest` and the tag does not "
        "appear anywhere. A tag next to it reads like the version that runs, but bumping it changes "
        "nothing; the pods stay on the digest's image until the digest is changed too."
    ),
    bad="""\
image:
  tag: 0.14.2-debian-12-r3
  digest: sha256:4f9d5ee9d5f3b5e7a0a3c1b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6
""",
    good="""\
image:
  digest: sha256:4f9d5ee9d5f3b5e7a0a3c1b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6
""",
    fix="Keep only the digest (write the version in a comment), or remove the digest to pull by tag.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for image in chart_images(values):
        tag, digest = f"{image.path}.tag", f"{image.path}.digest"
        if values.get(digest) and values.is_set(tag) and values.get(tag):
            yield ctx.problem(
                tag,
                f"`{tag}` is ignored: the {image.role} is pulled by `{digest}`",
                f"delete `{tag}` (or `{digest}` to pull by tag)",
                related=[digest],
            )
