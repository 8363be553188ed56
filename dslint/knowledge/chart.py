"""What the DeepSpeed chart renders from its values.

One place mirrors the chart's templates: which pods and containers run (the
main container, the chart's init containers, the volume-permissions one, the
user's sidecars and init containers), their images, their sizing (the preset
table of the `common` library the chart version pins), the budgets, the
OpenShift adaptation and the names.  The values rules, the manifest lane's
map back to values and the render pipeline all read it, so they cannot
disagree about what a release runs.

Facts that change between chart versions come from the version data
(`dslint.knowledge.versions`): which keys exist (a `pdb` block from 2.2.0),
and the `common` library's presets.  Functions here take the effective
values (`ChartValues`), whose defaults are the chart version's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.knowledge.kubernetes import OPENSHIFT_API, ImageRef, normal_registry

if TYPE_CHECKING:
    from dslint.model.view import ChartValues
    from dslint.rules import ValuesContext

# A values path: keys and list indices.
Path = tuple[str | int, ...]

CHART_NAME = "deepspeed"
CLIENT = "client"
WORKER = "worker"
COMPONENTS = (CLIENT, WORKER)

# The containers the chart itself adds, by the names it gives them.
MAIN_CONTAINER = "deepspeed"
VOLUME_PERMISSIONS = "volume-permissions"
GIT_CLONE = "git-clone-repository"
CHART_INIT_CONTAINERS = {
    CLIENT: frozenset({"ssh-client-configure", "wait-for-workers", GIT_CLONE, VOLUME_PERMISSIONS}),
    WORKER: frozenset({"ssh-server-configure", GIT_CLONE, VOLUME_PERMISSIONS}),
}
# The templates that render objects from `<component>` values (paths inside `templates/`).
TEMPLATE_COMPONENT = {
    "client/client-dep-job.yaml": CLIENT,
    "worker/worker-statefulset.yaml": WORKER,
    "extra-list.yaml": "extraDeploy",
}
# Pod spec fields the chart copies from `<component>.<same name>`.
POD_FIELDS = frozenset({
    "affinity", "nodeSelector", "tolerations", "hostAliases", "priorityClassName", "schedulerName",
    "runtimeClassName", "topologySpreadConstraints", "terminationGracePeriodSeconds", "automountServiceAccountToken",
})
# The kinds of objects the chart renders, as (apiVersion, kind).
CHART_KINDS = (("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "Service"), ("v1", "ServiceAccount"),
               ("v1", "PersistentVolumeClaim"), ("apps/v1", "StatefulSet"), ("apps/v1", "Deployment"),
               ("batch/v1", "Job"), ("networking.k8s.io/v1", "NetworkPolicy"), ("policy/v1", "PodDisruptionBudget"))


def is_template(value: Any) -> bool:
    """The chart passes this value through `tpl`: dslint cannot know what it becomes."""
    return isinstance(value, str) and "{{" in value


# --- which pods exist ------------------------------------------------------------------


def client_runs(values: ChartValues) -> bool:
    return bool(values.get("client.enabled"))


def worker_replicas(values: ChartValues) -> int:
    count = values.get("worker.replicaCount")
    return count if isinstance(count, int) and not isinstance(count, bool) else 0


def workers_run(values: ChartValues) -> bool:
    """The worker StatefulSet exists and has pods."""
    return bool(values.get("worker.enabled")) and worker_replicas(values) > 0


def component_runs(values: ChartValues, component: str) -> bool:
    return client_runs(values) if component == CLIENT else workers_run(values)


def active_components(values: ChartValues) -> Iterator[str]:
    """Components whose pod templates the chart renders (a StatefulSet of 0 replicas included)."""
    for component in COMPONENTS:
        if values.get(f"{component}.enabled"):
            yield component


def diagnostic(values: ChartValues) -> bool:
    return bool(values.get("diagnosticMode.enabled"))


# --- which containers a pod has ---------------------------------------------------------


def chart_init_containers(values: ChartValues, component: str) -> list[str]:
    """The chart's own init containers that run with the component's container securityContext."""
    names = []
    git = values.get("source.type") == "git"
    if component == CLIENT:
        if values.get("client.enableDefaultInitContainers"):
            names += ["ssh-client-configure", "wait-for-workers"]
            if git:
                names.append(GIT_CLONE)
    else:
        if values.get("worker.enableDefaultInitContainers"):
            names.append("ssh-server-configure")
        # The worker clones whatever enableDefaultInitContainers says.
        if git:
            names.append(GIT_CLONE)
    return names


def volume_permissions_rendered(values: ChartValues) -> list[str]:
    """Components whose pods get the root volume-permissions init container.

    Both pods test `client.persistence.enabled` (never the worker's), and the
    client only adds it among its default init containers.
    """
    if not (values.get("volumePermissions.enabled") and values.get("client.persistence.enabled")):
        return []
    out = []
    if values.get("client.enabled") and values.get("client.enableDefaultInitContainers"):
        out.append(CLIENT)
    if values.get("worker.enabled"):
        out.append(WORKER)
    return out


def volume_permissions_run(values: ChartValues) -> bool:
    """Does any running pod start the volume-permissions container?"""
    return any(component_runs(values, c) for c in volume_permissions_rendered(values))


def user_containers(values: ChartValues, component: str) -> Iterator[tuple[Path, dict[str, Any], str]]:
    """(path, container, label) of each sidecar and init container the user added to one component.

    The path is (component, "sidecars" | "initContainers", index); the label reads
    "worker sidecar 'metrics'".
    """
    for field, label in (("sidecars", "sidecar"), ("initContainers", "init container")):
        items = values.get(f"{component}.{field}")
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                name = item.get("name")
                described = f"{component} {label} {name!r}" if isinstance(name, str) and name else f"{component} {label} #{index + 1}"
                yield (component, field, index), item, described


def user_images(values: ChartValues) -> Iterator[tuple[Path, str]]:
    """(path of `image`, image string) of every user container in a running pod."""
    for component in COMPONENTS:
        if not component_runs(values, component):
            continue
        for path, container, _ in user_containers(values, component):
            if isinstance(container.get("image"), str):
                yield path + ("image",), container["image"]


# --- images -------------------------------------------------------------------------------


class ChartImage(NamedTuple):
    """One of the chart's three images (`image`, `gitImage`, `volumePermissions.image`)."""

    path: str
    role: str
    used: bool


def chart_images(values: ChartValues) -> list[ChartImage]:
    pods = client_runs(values) or workers_run(values)
    git_clones = values.get("source.type") == "git" and (
        workers_run(values) or (client_runs(values) and values.get("client.enableDefaultInitContainers"))
    )
    return [
        ChartImage("image", "DeepSpeed image", pods),
        ChartImage("gitImage", "git image", bool(git_clones)),
        ChartImage("volumePermissions.image", "volume-permissions image", volume_permissions_run(values)),
    ]


def chart_image_ref(values: ChartValues, path: str) -> ImageRef:
    """What the common library prints: the global registry wins, a digest replaces the tag."""
    block = values.get(path) or {}
    registry = str(values.get("global.imageRegistry") or block.get("registry") or "")
    repository = str(block.get("repository") or "")
    # A registry with a path (`mirror.example.com/dockerhub`) prefixes the repository.
    host, _, prefix = registry.strip().rstrip("/").partition("/")
    if prefix:
        repository = f"{prefix}/{repository}"
    return ImageRef(normal_registry(host), repository, str(block.get("tag") or ""), str(block.get("digest") or ""))


def registry_source(values: ChartValues, path: str) -> str:
    """The values path that decides a chart image's registry."""
    return "global.imageRegistry" if values.get("global.imageRegistry") else f"{path}.registry"


# --- sizing ---------------------------------------------------------------------------------


def preset_resources(name: str, version: str) -> dict[str, Any] | None:
    """The requests and limits a `resourcesPreset` gives in a chart version (its `common` library's table)."""
    from dslint.knowledge.versions import presets

    return presets(version).get(name)


class Sizing(NamedTuple):
    """The resources a container gets and where they come from."""

    base: str  # values path of the block: "client", "worker", "volumePermissions"
    resources: dict[str, Any]  # what Kubernetes receives ({} when nothing)
    origin: str  # "resources", "preset", "none" or "invalid" (a preset the chart does not know)
    preset: str = ""


def sizing(values: ChartValues, base: str) -> Sizing:
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


def running_sizings(values: ChartValues) -> Iterator[Sizing]:
    """The resource blocks of the containers this release really runs."""
    for component in COMPONENTS:
        if component_runs(values, component):
            yield sizing(values, component)
    if volume_permissions_run(values):
        yield sizing(values, "volumePermissions")


# --- pod disruption budgets -------------------------------------------------------------------


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


def budgets(values: ChartValues) -> Iterator[Budget]:
    """The budgets the chart creates: only versions whose values have `<component>.pdb` (2.2.0 on)."""
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


# --- security contexts and the OpenShift adaptation ---------------------------------------------

ADAPT_PATH = "global.compatibility.openshift.adaptSecurityContext"
# What the common library's renderSecurityContext removes when it adapts a context to OpenShift.
ADAPTED_IDS = ("runAsUser", "runAsGroup", "fsGroup")


def adaptation_mode(values: ChartValues) -> str:
    # The chart only adapts when `global.compatibility.openshift` is a map at all
    # (and versions before 1.8.0 have no such key: never).
    mode = values.get(ADAPT_PATH)
    return mode if isinstance(mode, str) else "disabled"


def sees_openshift_api(ctx: ValuesContext) -> bool:
    """Would Helm's `.Capabilities` list security.openshift.io/v1 for this render?"""
    if OPENSHIFT_API in tuple(ctx.options.get("api_versions") or ()):
        return True
    return ctx.openshift and not ctx.offline


def adaptation_active(ctx: ValuesContext) -> bool:
    mode = adaptation_mode(ctx.values)
    return mode == "force" or (mode == "auto" and sees_openshift_api(ctx))


def security_context(values: ChartValues, component: str, kind: str) -> dict[str, Any] | None:
    """The pod or container securityContext values when the chart renders them, else None."""
    found = values.get(f"{component}.{kind}SecurityContext")
    if not isinstance(found, dict) or not found.get("enabled"):
        return None
    return found


def context_path(component: str, kind: str) -> Path:
    return (component, f"{kind}SecurityContext")


# --- names ---------------------------------------------------------------------------------------

NAME_LIMIT = 63


def trunc_name(name: str) -> str:
    # The chart's `trunc 63 | trimSuffix "-"`.
    return name[:NAME_LIMIT].removesuffix("-")


def component_name(full: str, component: str) -> str:
    """`<fullname>-client` / `<fullname>-worker`, as the chart cuts it."""
    return trunc_name(f"{full}-{component}")


def object_names(values: ChartValues, full: str) -> dict[str, list[tuple[str, str]]]:
    """The names the chart gives its objects, by kind: [(role, name)], for a release whose fullname is `full`."""
    client, worker = component_name(full, CLIENT), component_name(full, WORKER)
    by_kind: dict[str, list[tuple[str, str]]] = {
        "ConfigMap": [("host file", trunc_name(f"{full}-hosts")), ("SSH client", trunc_name(f"{full}-ssh-client")),
                      ("SSH server", trunc_name(f"{full}-ssh-server")), ("source", trunc_name(f"{full}-source"))],
        "NetworkPolicy": [("client", client), ("worker", worker)],
        "ServiceAccount": [],
        "Service": [("headless", trunc_name(f"{worker}-headless"))],
    }
    for component, name in ((CLIENT, client), (WORKER, worker)):
        # A named service account is the user's; the chart names the ones it creates.
        if values.get(f"{component}.serviceAccount.create") and not values.get(f"{component}.serviceAccount.name"):
            by_kind["ServiceAccount"].append((component, name))
    replicas = worker_replicas(values)
    if values.get("worker.externalAccess.enabled"):
        by_kind["Service"] += [(f"worker {i} external", trunc_name(f"{worker}-{i}-external")) for i in range(min(replicas, 1000))]
    return by_kind


def fullname(release: str | None, name_override: str, fullname_override: str) -> str | None:
    """common.names.fullname, or None when the release name is unknown."""
    if fullname_override:
        return trunc_name(fullname_override)
    if release is None:
        return None
    name = name_override or CHART_NAME
    return trunc_name(release if name in release else f"{release}-{name}")
