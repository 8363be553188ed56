"""What the DS4xx-DS8xx rules share: which pods the chart runs, their sizes and images.

Private to the policy rules (resources, replicas, configuration priority,
images).  Everything here mirrors a decision the chart's templates make, so
the rules read like the chart: "does the worker StatefulSet exist", "which
resources does the client container get", "which image will the pod pull".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, NamedTuple

if TYPE_CHECKING:
    from decimal import Decimal

from dslint.lazy import LazyPattern

CLIENT = "client"
WORKER = "worker"
COMPONENTS = (CLIENT, WORKER)


# -- which pods exist ------------------------------------------------------------


def client_runs(values) -> bool:
    return bool(values.get("client.enabled"))


def worker_replicas(values) -> int:
    count = values.get("worker.replicaCount")
    return count if isinstance(count, int) and not isinstance(count, bool) else 0


def workers_run(values) -> bool:
    """The worker StatefulSet exists and has pods."""
    return bool(values.get("worker.enabled")) and worker_replicas(values) > 0


def component_runs(values, component: str) -> bool:
    return client_runs(values) if component == CLIENT else workers_run(values)


def volume_permissions_run(values) -> bool:
    # Both pod templates gate the init container on the *client's* persistence.
    return bool(values.get("volumePermissions.enabled")) and bool(values.get("client.persistence.enabled"))


def diagnostic(values) -> bool:
    return bool(values.get("diagnosticMode.enabled"))


def is_template(value: Any) -> bool:
    """The chart passes this value through `tpl`: dslint cannot know what it becomes."""
    return isinstance(value, str) and "{{" in value


# -- what the user wrote -----------------------------------------------------------


def user_paths_under(values, path: tuple) -> list[tuple]:
    """Every path at or below `path` the user set (a file or a flag), in file order."""
    user = values.user
    found = {p for p in (*user.value_at, *user.key_at) if p[: len(path)] == path}
    return sorted(found, key=lambda p: (_line(values, p), len(p)))


def _line(values, path: tuple) -> tuple:
    loc = values.user.location(path, key=True)
    return (loc.source, loc.line, loc.column) if loc else ("", 0, 0)


def user_set_under(values, path: tuple) -> bool:
    return bool(user_paths_under(values, path))


# -- resources ---------------------------------------------------------------------

# The common library's presets (requests, then limits), as each chart version
# ships them: only ephemeral-storage limits and the two largest sizes differ.
_PRESETS_BASE = {
    "nano": (("100m", "128Mi"), ("150m", "192Mi")),
    "micro": (("250m", "256Mi"), ("375m", "384Mi")),
    "small": (("500m", "512Mi"), ("750m", "768Mi")),
    "medium": (("500m", "1024Mi"), ("750m", "1536Mi")),
    "large": (("1.0", "2048Mi"), ("1.5", "3072Mi")),
}
_PRESETS_LARGE = {
    "2.1.1": {"xlarge": (("1.5", "4096Mi"), ("3.0", "6144Mi")), "2xlarge": (("1.5", "4096Mi"), ("6.0", "12288Mi"))},
    "2.3.51": {"xlarge": (("1.0", "3072Mi"), ("3.0", "6144Mi")), "2xlarge": (("1.0", "3072Mi"), ("6.0", "12288Mi"))},
}
_PRESET_EPHEMERAL_LIMIT = {"2.1.1": "1024Mi", "2.3.51": "2Gi"}


def preset_resources(name: str, version: str) -> dict | None:
    sizes = {**_PRESETS_BASE, **_PRESETS_LARGE.get(version, _PRESETS_LARGE["2.3.51"])}.get(name)
    if sizes is None:
        return None
    (req_cpu, req_mem), (lim_cpu, lim_mem) = sizes
    return {
        "requests": {"cpu": req_cpu, "memory": req_mem, "ephemeral-storage": "50Mi"},
        "limits": {"cpu": lim_cpu, "memory": lim_mem,
                   "ephemeral-storage": _PRESET_EPHEMERAL_LIMIT.get(version, "2Gi")},
    }


class Sizing(NamedTuple):
    """The resources a container gets and where they come from."""

    base: str  # values path of the block: "client", "worker", "volumePermissions"
    resources: dict  # what Kubernetes receives ({} when nothing)
    origin: str  # "resources", "preset", "none" or "invalid" (a preset the chart does not know)
    preset: str = ""


def sizing(values, base: str) -> Sizing:
    """The chart's rule: `resources` when non-empty, else the preset unless it is `none`."""
    explicit = values.get(f"{base}.resources")
    if isinstance(explicit, dict) and explicit:
        return Sizing(base, explicit, "resources")
    preset = values.get(f"{base}.resourcesPreset") or "none"
    if preset == "none":
        return Sizing(base, {}, "none")
    resources = preset_resources(preset, values.version)
    # An unknown preset fails the render (DS103 reports it): nothing to size.
    return Sizing(base, resources, "preset", preset) if resources else Sizing(base, {}, "invalid", preset)


def running_sizings(values) -> Iterator[Sizing]:
    """The resource blocks of the containers this release really runs."""
    for component in COMPONENTS:
        if component_runs(values, component):
            yield sizing(values, component)
    if volume_permissions_run(values) and (client_runs(values) or workers_run(values)):
        yield sizing(values, "volumePermissions")


_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL_EXPONENT = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_QUANTITY = LazyPattern(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$")


def parse_quantity(value: Any) -> "Decimal | None":
    """A Kubernetes quantity as a number (bytes, cores...), or None when it is not one."""
    # Imported here: most runs compare no quantities, and start-up time counts.
    from decimal import Decimal, InvalidOperation

    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    match = _QUANTITY.match(value.strip())
    if not match:
        return None
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        return None
    suffix = match.group(2) or ""
    if suffix[:1] in ("e", "E"):
        return number.scaleb(int(suffix[1:]))
    if suffix in _BINARY:
        return number * _BINARY[suffix]
    return number.scaleb(_DECIMAL_EXPONENT[suffix])


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


def gpu_count(resources: dict) -> tuple[int, list[str]]:
    """Accelerators per pod (limits, else requests) and the resource names that gave them."""
    total, names = 0, []
    for section in ("limits", "requests"):
        block = resources.get(section)
        if not isinstance(block, dict):
            continue
        for name, amount in block.items():
            if isinstance(name, str) and is_gpu(name) and name not in names:
                number = parse_quantity(amount)
                if number is not None:
                    total += int(number)
                    names.append(name)
    return total, names


# -- host file --------------------------------------------------------------------


def hostfile_entries(text: str) -> list[tuple[str, int | None]]:
    """(host, slots) for each line of a DeepSpeed host file; slots None when not given."""
    entries = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        host, *rest = line.split()
        slots = None
        for word in rest:
            if word.startswith("slots="):
                try:
                    slots = int(word[len("slots="):])
                except ValueError:
                    slots = None
        entries.append((host, slots))
    return entries


# -- images -------------------------------------------------------------------------

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


class ChartImage(NamedTuple):
    """One of the chart's three images (`image`, `gitImage`, `volumePermissions.image`)."""

    path: str
    role: str
    used: bool


def chart_images(values) -> list[ChartImage]:
    pods = client_runs(values) or workers_run(values)
    git_clones = values.get("source.type") == "git" and (
        workers_run(values) or (client_runs(values) and values.get("client.enableDefaultInitContainers"))
    )
    return [
        ChartImage("image", "DeepSpeed image", pods),
        ChartImage("gitImage", "git image", bool(git_clones)),
        ChartImage("volumePermissions.image", "volume-permissions image", volume_permissions_run(values) and pods),
    ]


def chart_image_ref(values, path: str) -> ImageRef:
    """What the common library prints: the global registry wins, a digest replaces the tag."""
    block = values.get(path) or {}
    registry = str(values.get("global.imageRegistry") or block.get("registry") or "")
    repository = str(block.get("repository") or "")
    # A registry with a path (`mirror.example.com/dockerhub`) prefixes the repository.
    host, _, prefix = registry.strip().rstrip("/").partition("/")
    if prefix:
        repository = f"{prefix}/{repository}"
    return ImageRef(normal_registry(host), repository, str(block.get("tag") or ""), str(block.get("digest") or ""))


def registry_source(values, path: str) -> str:
    """The values path that decides a chart image's registry."""
    return "global.imageRegistry" if values.get("global.imageRegistry") else f"{path}.registry"


def user_containers(values) -> Iterator[tuple[tuple, str]]:
    """(path of `image`, image string) for every sidecar and init container the user adds."""
    for component in COMPONENTS:
        if not component_runs(values, component):
            continue
        for kind in ("sidecars", "initContainers"):
            containers = values.get((component, kind))
            if not isinstance(containers, list):
                continue
            for index, container in enumerate(containers):
                if isinstance(container, dict) and isinstance(container.get("image"), str):
                    yield (component, kind, index, "image"), container["image"]


# -- pod disruption budgets (chart 2.3.51) --------------------------------------------


class Budget(NamedTuple):
    """The PodDisruptionBudget the chart renders for one component, as Kubernetes reads it."""

    component: str
    pods: int
    min_available: Any  # None when not rendered
    max_unavailable: Any


def _truthy(value: Any) -> bool:
    # Go templates' `if`: 0, "" and null are false; "0" is a non-empty string, so true.
    return value not in (None, "", 0) and value is not False


def _as_rendered(value: Any) -> Any:
    # The chart prints the bound unquoted: "2" becomes the integer 2, "50%" stays a string.
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def budgets(values) -> Iterator[Budget]:
    """The budgets the chart creates: `<component>.pdb` exists in chart 2.3.51, not in 2.1.1."""
    for component in COMPONENTS:
        if not isinstance(values.default(f"{component}.pdb"), dict):
            continue
        if not values.get(f"{component}.enabled") or not values.get(f"{component}.pdb.create"):
            continue
        if component == CLIENT and values.get("client.useJob"):
            continue
        low, high = values.get(f"{component}.pdb.minAvailable"), values.get(f"{component}.pdb.maxUnavailable")
        min_available = _as_rendered(low) if _truthy(low) else None
        max_unavailable = None
        if _truthy(high) or min_available is None:
            max_unavailable = _as_rendered(high) if _truthy(high) else 1
        pods = 1 if component == CLIENT else worker_replicas(values)
        yield Budget(component, pods, min_available, max_unavailable)


def percent(value: Any) -> int | None:
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return int(value.strip()[:-1])
        except ValueError:
            return None
    return None


BITNAMI_REPOSITORY = LazyPattern(r"(^|/)bitnami[a-z]*/")
# Bitnami's immutable tags end with the image revision: 0.17.5-debian-12-r0.
IMMUTABLE_BITNAMI_TAG = LazyPattern(r"-r\d+$")
MOVING_TAGS = {"latest", "main", "master", "stable", "edge", "nightly", "dev", "develop", "head", "rolling"}


def mutable_tag_reason(ref: ImageRef) -> str | None:
    """Why the image a tag names can change under the same reference, or None when it is pinned."""
    if ref.digest:
        return None
    tag = ref.tag
    if not tag:
        return "has no tag, so it means `latest`"
    if tag.lower() in MOVING_TAGS:
        return f"uses the moving tag `{tag}`"
    if BITNAMI_REPOSITORY.search(ref.repository) and not IMMUTABLE_BITNAMI_TAG.search(tag):
        return f"uses the rolling Bitnami tag `{tag}` (immutable Bitnami tags end in `-r<N>`)"
    return None
