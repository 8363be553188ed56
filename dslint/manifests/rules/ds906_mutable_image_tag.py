"""DS906 mutable-image-tag: an image pinned neither by digest nor by an immutable tag."""

from __future__ import annotations

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.kubernetes import mutable_tag_reason, parse_image
from dslint.manifests.context import ManifestContext, ManifestProblem
from dslint.rules import MANIFESTS_LANE, PRODUCTION, Rule

RULE = Rule(
    code="DS906",
    name="mutable-image-tag",
    severity=Severity.WARNING,
    summary="A container image has no digest and a tag that can move (no tag, latest, a channel name, a partial version, a Bitnami rolling tag).",
    rationale=(
        "A moving tag makes the workload change without a deploy: nodes that pull later run a different "
        "build than those that pulled earlier, and a rollback re-pulls whatever the tag names today. A tag "
        "counts as mutable when it is missing (implicit latest), is a channel name (latest, stable, "
        "nightly...), or names no full major.minor.patch version (`1.36`, `12-debian-12`). Bitnami images "
        "(`bitnami/...`) are immutable only with their revision suffix (`0.14.2-debian-12-r3`): Bitnami "
        "moves `0.14.2` and `0.14.2-debian-12` to each new build. Only a digest (`@sha256:...`) is "
        "guaranteed not to move."
    ),
    bad=(
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: tools\n"
        "spec:\n"
        "  containers:\n"
        "    - name: tools\n"
        "      image: docker.io/library/busybox:latest\n"
    ),
    good=(
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: tools\n"
        "spec:\n"
        "  containers:\n"
        "    - name: tools\n"
        "      image: docker.io/library/busybox:1.36.1\n"
    ),
    fix="Pin the image by digest (DeepSpeed chart: `image.digest`, `gitImage.digest`, `volumePermissions.image.digest`) or use an immutable tag.",
    lane=MANIFESTS_LANE,
    profiles=frozenset({PRODUCTION}),
    security=True,
)


def why_mutable(image: str) -> str:
    """Why the image reference can move, or "" when it cannot (the policy DS801 applies to values)."""
    return mutable_tag_reason(parse_image(image)) or ""


def check(ctx: ManifestContext) -> Iterator[ManifestProblem]:
    from dslint.manifests.pss import describe

    for ref in ctx.containers():
        image = ref.container.image
        if not image:
            continue
        reason = why_mutable(str(image))
        if reason:
            yield ctx.problem(ref.field("image"), f"{describe(ref)} runs {image!r}: no digest, and it {reason}",
                              container=ref)
