"""DS802 registry-not-allowed: an image from a registry outside the allowed list."""

from collections.abc import Iterator
from fnmatch import fnmatchcase

from dslint.findings import Severity
from dslint.knowledge.chart import chart_image_ref, chart_images, is_template, registry_source, user_images
from dslint.knowledge.kubernetes import normal_registry, parse_image
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS802",
    name="registry-not-allowed",
    severity=Severity.ERROR,
    summary="An image pulled from a registry that the `allowed-registries` setting (or `global.imageRegistry`) does not allow.",
    rationale=(
        "Clusters that may only pull from an internal mirror, or whose admission policy refuses "
        "other registries, leave such pods in `ImagePullBackOff` or reject them. The allowed "
        "registries come from the `allowed-registries` setting; without it, a `global.imageRegistry` "
        "counts as the one allowed registry, because it says where images must come from. That "
        "setting moves only the chart's own three images: the chart leaves the `image:` of "
        "sidecars and init containers untouched, and those are where images from Docker Hub slip in. "
        "An image without a registry is pulled from docker.io."
    ),
    bad="""\
global:
  imageRegistry: registry.internal.example.com
worker:
  sidecars:
    - name: metrics
      image: docker.io/prom/statsd-exporter:v0.26.0
""",
    good="""\
global:
  imageRegistry: registry.internal.example.com
worker:
  sidecars:
    - name: metrics
      image: registry.internal.example.com/prom/statsd-exporter:v0.26.0
""",
    fix="Pull the image through an allowed registry (mirror it there), or add its registry to `allowed-registries`.",
    security=True,
)


def allowed(registry: str, repository: str, patterns: tuple[str, ...]) -> bool:
    """A pattern is a registry (`*.example.com` globs allowed), optionally with a path prefix."""
    for pattern in patterns:
        head, _, prefix = pattern.strip().rstrip("/").partition("/")
        if not fnmatchcase(registry, normal_registry(head)):
            continue
        if not prefix or repository == prefix or repository.startswith(prefix + "/"):
            return True
    return False


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    patterns = tuple(ctx.options.get("allowed_registries") or ())
    origin = "`allowed-registries`"
    if not patterns:
        mirror = values.get("global.imageRegistry")
        if not mirror or is_template(mirror):
            return
        patterns, origin = (mirror,), f"`global.imageRegistry` ({mirror})"
    for image in chart_images(values):
        ref = chart_image_ref(values, image.path)
        if image.used and not allowed(ref.registry, ref.repository, patterns):
            yield ctx.problem(
                registry_source(values, image.path),
                f"the {image.role} {ref.text} comes from {ref.registry}, which {origin} does not allow",
                "set `global.imageRegistry` to an allowed registry that mirrors the chart's images",
            )
    for path, text in user_images(values):
        if is_template(text):
            continue
        ref = parse_image(text)
        if not allowed(ref.registry, ref.repository, patterns):
            yield ctx.problem(
                path,
                f"image {text!r} comes from {ref.registry}, which {origin} does not allow"
                + ("; `global.imageRegistry` does not apply to sidecars and init containers"
                   if values.get("global.imageRegistry") else ""),
                "write the allowed registry into the image reference",
            )
