"""DS906 mutable-image-tag: an image pinned neither by digest nor by an immutable tag."""

from __future__ import annotations

import re

from dslint.findings import Severity
from dslint.rules import MANIFESTS_LANE, PRODUCTION, Rule

# Tags that name a channel rather than a build.
ROLLING_TAGS = frozenset(
    "latest stable edge main master nightly dev develop development canary beta alpha rc current lts release "
    "head mainline rolling snapshot test testing prod production unstable".split()
)
_FULL_VERSION = re.compile(r"^v?\d+\.\d+\.\d+")
# Bitnami publishes every build as <version>-<os>-r<N> and moves the shorter tags.
_BITNAMI_REVISION = re.compile(r"-r\d+$")
_BITNAMI_REPOSITORY = re.compile(r"(^|/)bitnami/")

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


def split_image(image: str) -> tuple[str, str, str]:
    """`registry/repo:tag@sha256:...` -> (repository with registry, tag, digest)."""
    name, _, digest = image.partition("@")
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        return name[:colon], name[colon + 1:], digest
    return name, "", digest


def why_mutable(image: str) -> str:
    """Why the image reference can move, or "" when it cannot."""
    repository, tag, digest = split_image(image)
    if digest:
        return ""
    if not tag:
        return "has no tag (so it means latest)"
    if tag.lower() in ROLLING_TAGS:
        return f"uses the rolling tag {tag!r}"
    if _BITNAMI_REPOSITORY.search(repository):
        if not _BITNAMI_REVISION.search(tag):
            return f"uses the Bitnami rolling tag {tag!r} (only <version>-<os>-r<N> tags are immutable)"
        return ""
    if not _FULL_VERSION.match(tag):
        return f"uses the tag {tag!r}, which names no full version"
    return ""


def check(ctx):
    from dslint.manifests.pss import describe

    for ref in ctx.containers():
        image = ref.container.image
        if not image:
            continue
        reason = why_mutable(str(image))
        if reason:
            yield ctx.problem(ref.field("image"), f"{describe(ref)} runs {image!r}: no digest, and it {reason}",
                              container=ref)
