"""Kubernetes facts both lanes judge by: images, quantities, names and the pod security tables.

The values rules (before rendering) and the manifest rules (after) read the
same tables here, so a verdict never depends on which lane reached it first:
an image tag is mutable, a sysctl safe or a capability allowed by one rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.lazy import LazyPattern

if TYPE_CHECKING:
    from decimal import Decimal

# The API group OpenShift serves and Helm's `.Capabilities` lists on OpenShift.
OPENSHIFT_API = "security.openshift.io/v1"

# OpenShift gives every project a block of UIDs/GIDs (10000 by default) out of one
# cluster-wide range, and restricted-v2 admits a fixed runAsUser/fsGroup only inside the
# project's block.  The block is only known to the cluster (annotation
# `openshift.io/sa.scc.uid-range`), so an ID outside the whole range is certainly refused
# and one inside it is the cluster's to judge.  DS301/DS303 (values) and DS904
# (manifests) both ask `in_project_range`, so the lanes agree.
ID_RANGE = (1_000_000_000, 1_999_999_999)
RANGE_TEXT = f"{ID_RANGE[0]}-{ID_RANGE[1]}"


def in_project_range(value: Any) -> bool:
    """An ID restricted-v2 may admit (inside OpenShift's project ID range)."""
    return isinstance(value, int) and not isinstance(value, bool) and ID_RANGE[0] <= value <= ID_RANGE[1]


# --- images ------------------------------------------------------------------------

DEFAULT_REGISTRY = "docker.io"
_DOCKER_HUB_ALIASES = {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}


class ImageRef(NamedTuple):
    registry: str
    repository: str
    tag: str
    digest: str

    @property
    def text(self) -> str:
        end = f"@{self.digest}" if self.digest else f":{self.tag}"
        return f"{self.registry}/{self.repository}{end}"


def normal_registry(registry: str) -> str:
    registry = registry.strip().lower().rstrip("/")
    return DEFAULT_REGISTRY if registry in _DOCKER_HUB_ALIASES or not registry else registry


def parse_image(text: str) -> ImageRef:
    """Split `registry/repository:tag@digest` the way container runtimes do."""
    rest, _, digest = text.strip().partition("@")
    first, slash, remainder = rest.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry, rest = first, remainder
    else:
        registry = DEFAULT_REGISTRY
    name, colon, tag = rest.rpartition(":")
    if not colon or "/" in tag:
        name, tag = rest, ""
    return ImageRef(normal_registry(registry), name, tag, digest)


# Tags that name a channel rather than a build.
CHANNEL_TAGS = frozenset(
    ["latest", "stable", "edge", "main", "master", "nightly", "dev", "develop", "development", "canary", "beta", "alpha", "rc", "current", "lts", "release", "head", "mainline", "rolling", "snapshot", "test", "testing", "prod", "production", "unstable"]
)
_FULL_VERSION = LazyPattern(r"^v?\d+\.\d+\.\d+")
# Bitnami publishes every build as <version>-<os>-r<N> and moves the shorter tags
# (bitnami/, and the bitnamilegacy/ and bitnamisecure/ catalogues).
BITNAMI_REPOSITORY = LazyPattern(r"(^|/)bitnami[a-z]*/")
IMMUTABLE_BITNAMI_TAG = LazyPattern(r"-r\d+$")


def mutable_tag_reason(ref: ImageRef) -> str | None:
    """Why the image a reference names can change under the same reference, or None when it is pinned."""
    if ref.digest:
        return None
    tag = ref.tag
    if not tag:
        return "has no tag, so it means `latest`"
    if tag.lower() in CHANNEL_TAGS:
        return f"uses the moving tag `{tag}`"
    if BITNAMI_REPOSITORY.search(ref.repository):
        if not IMMUTABLE_BITNAMI_TAG.search(tag):
            return f"uses the rolling Bitnami tag `{tag}` (immutable Bitnami tags end in `-r<N>`)"
        return None
    if not _FULL_VERSION.match(tag):
        return f"uses the tag `{tag}`, which names no full version"
    return None


# --- quantities ----------------------------------------------------------------------

# resource.Quantity, as the API server parses it.
QUANTITY_PATTERN = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[mkMGTPE])?$"
_QUANTITY_TEXT = LazyPattern(QUANTITY_PATTERN)
_QUANTITY_PARTS = LazyPattern(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$")
_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL_EXPONENT = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}


def is_quantity(value: Any) -> bool:
    """A value Kubernetes accepts where a (non-negative) quantity goes."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return value >= 0
    return isinstance(value, str) and bool(_QUANTITY_TEXT.match(value)) and not value.startswith("-")


def parse_quantity(value: Any) -> Decimal | None:
    """A Kubernetes quantity as a number (bytes, cores...), or None when it is not one."""
    # Imported here: most runs compare no quantities, and start-up time counts.
    from decimal import Decimal, InvalidOperation

    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    match = _QUANTITY_PARTS.match(value.strip())
    if not match:
        return None
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        return None
    suffix = match.group(2) or ""
    if suffix in _BINARY:
        return number * _BINARY[suffix]
    if suffix in _DECIMAL_EXPONENT:
        return number.scaleb(_DECIMAL_EXPONENT[suffix])
    # What the pattern leaves is an exponent (`1e3`, `5E-2`).  Tested last: `E` alone is exa, `Ei` exbi.
    return number.scaleb(int(suffix[1:]))


def overcommittable(resource: str) -> bool:
    """Kubernetes' rule: native resources may have requests below limits, extended ones may not."""
    native = "/" not in resource or "kubernetes.io/" in resource
    return native and not resource.startswith("hugepages-")


def is_gpu(resource: str) -> bool:
    """Accelerators advertised by device plugins (NVIDIA, AMD, Intel, Habana...)."""
    return (
        resource.endswith("/gpu")
        or resource.startswith("nvidia.com/mig-")
        or resource.startswith("gpu.intel.com/")
        or resource.startswith("habana.ai/")
    )


# --- pod security: what the Pod Security Standards allow ---------------------------------

# The only capability Restricted (and OpenShift's restricted-v2) lets a container add.
RESTRICTED_CAPABILITIES = frozenset({"NET_BIND_SERVICE"})


def capability_name(cap: Any) -> str:
    """How a person means a capability: `cap_chown` is CHOWN (admission itself compares exactly)."""
    text = str(cap).strip().upper()
    return text[4:] if text.startswith("CAP_") else text


# Volume sources OpenShift's restricted-v2 SCC allows: the Restricted standard's list
# (pss_controls) less the newer `image` volumes.
RESTRICTED_VOLUMES = frozenset(
    {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}
)
APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"


# The Pod Security Standards' allowed sets per policy version live in pss_controls (the table
# the conformance test pins); the values rules ask these two for the newest policy.
def selinux_types(minor: int | None = None) -> frozenset[str]:
    """The SELinux types Baseline allows at policy 1.`minor` (None: the newest)."""
    return _allowed("seLinuxOptions", minor)


def safe_sysctls(minor: int | None = None) -> frozenset[str]:
    """The safe sysctls at policy 1.`minor` (None: the newest)."""
    return _allowed("sysctls", minor)


def _allowed(control_id: str, minor: int | None) -> frozenset[str]:
    from dslint.knowledge.pss_controls import LATEST_POLICY, control

    return control(control_id).allowed(LATEST_POLICY if minor is None else minor)


# --- names ---------------------------------------------------------------------------

_DNS_LABEL = LazyPattern(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS_SUBDOMAIN = LazyPattern(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def name_problem(value: str, fmt: str) -> str | None:
    """Why `value` is not a valid DNS-1123 label (`dns-label`) or subdomain, or None."""
    if fmt == "dns-label":
        if len(value) > 63:
            return f"is {len(value)} characters; a Kubernetes name here may have at most 63"
        if not _DNS_LABEL.match(value):
            return "is not a valid name (lowercase letters, digits and '-', starting and ending with a letter or digit)"
        return None
    if len(value) > 253:
        return f"is {len(value)} characters; a Kubernetes object name may have at most 253"
    if not _DNS_SUBDOMAIN.match(value):
        return "is not a valid Kubernetes object name (lowercase letters, digits, '-' and '.')"
    return None
