"""Back to the values: which DeepSpeed chart value controls a manifest field.

When the manifests are a render of the DeepSpeed chart (`dslint render`, or
`check_manifests(..., values=ChartValues)`), a finding about a field is
located at the value that produced it, so the user edits the line they own.
The map follows the chart's templates, as `dslint.knowledge.chart` records
them (every published version renders these parts alike):

* the client Deployment/Job (`client/client-dep-job.yaml`) and the worker
  StatefulSet (`worker/worker-statefulset.yaml`) belong to `client` / `worker`;
* their container `deepspeed` takes `<component>.containerSecurityContext`,
  `.resources`/`.resourcesPreset`, `.containerPorts` and the top-level `image`;
* the chart's init containers `ssh-client-configure`, `wait-for-workers`
  (client), `ssh-server-configure` (worker) and `git-clone-repository` share
  the component's `containerSecurityContext` (the git one pulls `gitImage`);
  none of them has a resources value;
* `volume-permissions` runs as root by design: it is controlled by
  `volumePermissions` (`enabled`, `image`, `resources`/`resourcesPreset`);
* a security context the chart did not render at all (`enabled: false`) is
  located at that `enabled`;
* sidecars and user init containers are `<component>.sidecars[i]` and
  `<component>.initContainers[i]` (matched by name), extra volumes
  `<component>.extraVolumes[i]`, and objects of `extraDeploy` the matching
  `extraDeploy[i]`, each followed by the field's own path.

A field the chart hard-codes (a Service's apiVersion...) maps to nothing: the
finding stays at the manifest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dslint.knowledge.chart import (
    CHART_INIT_CONTAINERS,
    CHART_NAME,
    COMPONENTS,
    GIT_CLONE,
    MAIN_CONTAINER,
    POD_FIELDS,
    TEMPLATE_COMPONENT,
    VOLUME_PERMISSIONS,
)

if TYPE_CHECKING:
    from dslint.manifests.context import ManifestObject, ManifestProblem
    from dslint.manifests.objects import ContainerRef, PodTemplate
    from dslint.model.view import ChartValues

Path = tuple[str | int, ...]


def component_of(obj: ManifestObject) -> str | None:
    """`client`, `worker` or `extraDeploy` for the chart's pod-bearing objects, else None."""
    template = obj.document.template
    if template:
        _, _, inside = template.partition("/templates/")
        return TEMPLATE_COMPONENT.get(inside or template)
    # A stream without Helm's `# Source:` comments: the chart's labels tell.
    component = obj.label("app.kubernetes.io/component")
    if obj.label("app.kubernetes.io/part-of") == CHART_NAME and component in COMPONENTS and obj.pod is not None:
        return component
    return None


def values_path(obj: ManifestObject, problem: ManifestProblem, values: ChartValues) -> Path | None:
    """The values path that controls `problem.field` of `obj`, or None when no value does."""
    component = component_of(obj)
    if component is None:
        return None
    field = problem.field
    if component == "extraDeploy":
        index = _extra_deploy_index(obj, values)
        if index is None:
            return ("extraDeploy",)
        entry = values.get(("extraDeploy", index))
        return ("extraDeploy", index) + (field if isinstance(entry, dict) else ())
    pod = obj.pod
    if problem.container is not None:
        return _container_path(component, problem.container, field[len(problem.container.path):], values)
    if pod is not None and field[: len(pod.path)] == pod.path:
        return _pod_path(component, field[len(pod.path):], pod, values)
    if pod is not None and field[: len(pod.metadata_path)] == pod.metadata_path:
        rel = field[len(pod.metadata_path):]
        if rel[:1] == ("annotations",):
            return _pick(values, (component, "podAnnotations") + rel[1:], ("commonAnnotations",) + rel[1:])
        if rel[:1] == ("labels",):
            return _pick(values, (component, "podLabels") + rel[1:], ("commonLabels",) + rel[1:])
        return None
    if field[:2] == ("metadata", "annotations"):
        return _pick(values, (component, "annotations") + field[2:], ("commonAnnotations",) + field[2:])
    if field[:2] == ("metadata", "labels"):
        return _pick(values, (component, "labels") + field[2:], ("commonLabels",) + field[2:])
    if field == ("spec", "replicas") and component == "worker":
        return ("worker", "replicaCount")
    return None


def _pick(values: ChartValues, *candidates: Path, fallback: Path | None = None) -> Path:
    """The first candidate the user set, else `fallback` (default: the first candidate)."""
    for path in candidates:
        if values.is_set(path):
            return path
    return fallback if fallback is not None else candidates[0]


def _index_by_name(entries: Any, name: str | None) -> int | None:
    if not isinstance(entries, list):
        return None
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and entry.get("name") == name:
            return index
    return None


def _container_path(component: str, ref: ContainerRef, rel: Path, values: ChartValues) -> Path | None:
    name = ref.container.name
    if ref.list_name == "containers":
        if name == MAIN_CONTAINER and ref.index == 0:
            return _chart_container(component, MAIN_CONTAINER, rel, values)
        index = _index_by_name(values.get((component, "sidecars")), name)
        return (component, "sidecars", index) + rel if index is not None else (component, "sidecars")
    if ref.list_name == "initContainers":
        if name in CHART_INIT_CONTAINERS[component]:
            return _chart_container(component, name, rel, values)
        index = _index_by_name(values.get((component, "initContainers")), name)
        return (component, "initContainers", index) + rel if index is not None else (component, "initContainers")
    return None


def _image(root: Path, head: str, values: ChartValues) -> Path:
    if head == "imagePullPolicy":
        return root + ("pullPolicy",)
    return _pick(values, root + ("digest",), root + ("tag",), ("global", "imageRegistry"), root + ("registry",),
                 root + ("repository",), fallback=root + ("tag",))


def _chart_container(component: str, which: str, rel: Path, values: ChartValues) -> Path | None:
    head = rel[0] if rel else None
    if which == VOLUME_PERMISSIONS:
        if head == "resources":
            return _pick(values, ("volumePermissions", "resources") + rel[1:], ("volumePermissions", "resources"),
                         ("volumePermissions", "resourcesPreset"), fallback=("volumePermissions", "resources"))
        if head in ("image", "imagePullPolicy"):
            return _image(("volumePermissions", "image"), head, values)
        # Its root user and everything else are fixed by the template: the switch is the value.
        return ("volumePermissions", "enabled")
    if head == "securityContext":
        if values.get((component, "containerSecurityContext", "enabled")) is False:
            return (component, "containerSecurityContext", "enabled")
        return (component, "containerSecurityContext") + rel[1:]
    if head in ("image", "imagePullPolicy"):
        return _image(("gitImage",) if which == GIT_CLONE else ("image",), head, values)
    if which != MAIN_CONTAINER:
        return None
    if head == "resources":
        return _pick(values, (component, "resources") + rel[1:], (component, "resources"), (component, "resourcesPreset"),
                     fallback=(component, "resources"))
    if head == "ports":
        return (component, "containerPorts")
    if head in ("livenessProbe", "readinessProbe", "startupProbe"):
        custom = (component, "custom" + head[0].upper() + head[1:])
        return _pick(values, custom, (component, head))
    if head == "volumeMounts":
        return (component, "extraVolumeMounts")
    if head in ("env", "envFrom"):
        return (component, "extraEnvVars")
    if head in ("command", "args"):
        return (component, head)
    if head == "lifecycle":
        return (component, "lifecycleHooks")
    return (component,)


def _pod_path(component: str, rel: Path, pod: PodTemplate, values: ChartValues) -> Path | None:
    head = rel[0] if rel else None
    if head == "securityContext":
        if values.get((component, "podSecurityContext", "enabled")) is False:
            return (component, "podSecurityContext", "enabled")
        return (component, "podSecurityContext") + rel[1:]
    if head == "volumes" and len(rel) >= 2 and isinstance(rel[1], int):
        volumes = pod.spec.volumes or []
        name = volumes[rel[1]].name if rel[1] < len(volumes) and volumes[rel[1]] is not None else None
        index = _index_by_name(values.get((component, "extraVolumes")), name)
        return (component, "extraVolumes", index) + rel[2:] if index is not None else None
    if head in POD_FIELDS:
        return (component, head)
    if head == "serviceAccountName":
        return (component, "serviceAccount", "name")
    return None


def _extra_deploy_index(obj: ManifestObject, values: ChartValues) -> int | None:
    entries = values.get("extraDeploy")
    if not isinstance(entries, list):
        return None
    same_kind = [i for i, e in enumerate(entries) if isinstance(e, dict) and e.get("kind") == obj.kind]
    for index in same_kind:
        meta = entries[index].get("metadata")
        if isinstance(meta, dict) and meta.get("name") == obj.name:
            return index
    if len(same_kind) == 1:
        return same_kind[0]
    return None
