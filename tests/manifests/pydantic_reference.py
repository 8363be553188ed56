"""The pydantic models dslint's manifest lane used before its typed views (reference for tests only).

Frozen copy of `dslint/manifests/objects.py` as it was when objects were
pydantic models.  `test_manifest_views.py` checks, on generated documents,
that the views read every field exactly as these models did and refuse the
same documents with the same message, so replacing them changed no finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Path = tuple


class K8s(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


# --- metadata ---------------------------------------------------------------------


class ObjectMeta(K8s):
    name: Optional[str] = None
    namespace: Optional[str] = None
    labels: Optional[dict[str, Any]] = None
    annotations: Optional[dict[str, Any]] = None


# --- security contexts ---------------------------------------------------------


class SELinuxOptions(K8s):
    user: Optional[str] = None
    role: Optional[str] = None
    type: Optional[str] = None
    level: Optional[str] = None


class SeccompProfile(K8s):
    type: Optional[str] = None
    localhostProfile: Optional[str] = None


class AppArmorProfile(K8s):
    type: Optional[str] = None
    localhostProfile: Optional[str] = None


class WindowsOptions(K8s):
    hostProcess: Optional[bool] = None


class Capabilities(K8s):
    add: Optional[list[str]] = None
    drop: Optional[list[str]] = None


class Sysctl(K8s):
    name: Optional[str] = None
    value: Optional[Any] = None


class SecurityContext(K8s):
    """A container's securityContext."""

    privileged: Optional[bool] = None
    allowPrivilegeEscalation: Optional[bool] = None
    runAsUser: Optional[int] = None
    runAsGroup: Optional[int] = None
    runAsNonRoot: Optional[bool] = None
    readOnlyRootFilesystem: Optional[bool] = None
    procMount: Optional[str] = None
    capabilities: Optional[Capabilities] = None
    seccompProfile: Optional[SeccompProfile] = None
    seLinuxOptions: Optional[SELinuxOptions] = None
    appArmorProfile: Optional[AppArmorProfile] = None
    windowsOptions: Optional[WindowsOptions] = None


class PodSecurityContext(K8s):
    runAsUser: Optional[int] = None
    runAsGroup: Optional[int] = None
    runAsNonRoot: Optional[bool] = None
    fsGroup: Optional[int] = None
    supplementalGroups: Optional[list[int]] = None
    sysctls: Optional[list[Sysctl]] = None
    seccompProfile: Optional[SeccompProfile] = None
    seLinuxOptions: Optional[SELinuxOptions] = None
    appArmorProfile: Optional[AppArmorProfile] = None
    windowsOptions: Optional[WindowsOptions] = None


# --- containers and pods -----------------------------------------------------------


class ContainerPort(K8s):
    name: Optional[str] = None
    containerPort: Optional[Any] = None
    hostPort: Optional[int] = None
    protocol: Optional[str] = None


class ResourceRequirements(K8s):
    limits: Optional[dict[str, Any]] = None
    requests: Optional[dict[str, Any]] = None


class HandlerTarget(K8s):
    host: Optional[str] = None


class Handler(K8s):
    httpGet: Optional[HandlerTarget] = None
    tcpSocket: Optional[HandlerTarget] = None


class Lifecycle(K8s):
    postStart: Optional[Handler] = None
    preStop: Optional[Handler] = None


class Container(K8s):
    name: Optional[str] = None
    image: Optional[str] = None
    imagePullPolicy: Optional[str] = None
    securityContext: Optional[SecurityContext] = None
    ports: Optional[list[ContainerPort]] = None
    resources: Optional[ResourceRequirements] = None
    # Added with the views' Host Probes / Lifecycle Hooks fields (the reference follows the views' fields).
    livenessProbe: Optional[Handler] = None
    readinessProbe: Optional[Handler] = None
    startupProbe: Optional[Handler] = None
    lifecycle: Optional[Lifecycle] = None


class Volume(K8s):
    """A pod volume: its name, and one source field (`emptyDir`, `hostPath`...)."""

    name: Optional[str] = None

    @property
    def source_types(self) -> list[str]:
        return [key for key, value in (self.model_extra or {}).items() if value is not None]


class PodOS(K8s):
    name: Optional[str] = None


class PodSpec(K8s):
    containers: Optional[list[Container]] = None
    initContainers: Optional[list[Container]] = None
    ephemeralContainers: Optional[list[Container]] = None
    volumes: Optional[list[Volume]] = None
    securityContext: Optional[PodSecurityContext] = None
    hostNetwork: Optional[bool] = None
    hostPID: Optional[bool] = None
    hostIPC: Optional[bool] = None
    hostUsers: Optional[bool] = None
    os: Optional[PodOS] = None
    serviceAccountName: Optional[str] = None
    automountServiceAccountToken: Optional[bool] = None


class PodTemplateSpec(K8s):
    metadata: Optional[ObjectMeta] = None
    spec: Optional[PodSpec] = None


# --- objects -----------------------------------------------------------------------


class KubeObject(K8s):
    """Any object: what every document has in common."""

    apiVersion: Optional[str] = None
    kind: Optional[str] = None
    metadata: Optional[ObjectMeta] = None


class WorkloadSpec(K8s):
    """The spec of the controllers whose pods come from `spec.template`."""

    replicas: Optional[int] = None
    template: Optional[PodTemplateSpec] = None


class Workload(KubeObject):
    """Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job."""

    spec: Optional[WorkloadSpec] = None


class JobTemplateSpec(K8s):
    metadata: Optional[ObjectMeta] = None
    spec: Optional[WorkloadSpec] = None


class CronJobSpec(K8s):
    schedule: Optional[str] = None
    jobTemplate: Optional[JobTemplateSpec] = None


class CronJob(KubeObject):
    spec: Optional[CronJobSpec] = None


class Pod(KubeObject):
    spec: Optional[PodSpec] = None


class ServicePort(K8s):
    name: Optional[str] = None
    port: Optional[Any] = None
    nodePort: Optional[int] = None


class ServiceSpec(K8s):
    type: Optional[str] = None
    ports: Optional[list[ServicePort]] = None


class Service(KubeObject):
    spec: Optional[ServiceSpec] = None


class ConfigMap(KubeObject):
    data: Optional[dict[str, Any]] = None


class Secret(KubeObject):
    """A Secret's values are never shown: `data` and `stringData` stay out of every message."""

    type: Optional[str] = None
    data: Optional[dict[str, Any]] = Field(default=None, repr=False)
    stringData: Optional[dict[str, Any]] = Field(default=None, repr=False)


WORKLOAD_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"})
POD_KINDS = WORKLOAD_KINDS | {"CronJob", "Pod"}

_MODELS: dict[str, type[KubeObject]] = {
    **{kind: Workload for kind in WORKLOAD_KINDS},
    "CronJob": CronJob,
    "Pod": Pod,
    "Service": Service,
    "ConfigMap": ConfigMap,
    "Secret": Secret,
}


def parse_object(data: Any) -> tuple[KubeObject | None, str]:
    """The object's model, or None and why it could not be read (DS901 reports the details)."""
    if not isinstance(data, dict):
        return None, "not a mapping"
    model = _MODELS.get(str(data.get("kind", "")), KubeObject)
    try:
        return model.model_validate(data), ""
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return None, f"{where}: {first['msg']}"


# --- pods inside objects --------------------------------------------------------------

INIT, MAIN, EPHEMERAL = "initContainers", "containers", "ephemeralContainers"


@dataclass(frozen=True)
class ContainerRef:
    """One container of a pod, with where it sits in the object."""

    container: Container
    list_name: str  # initContainers, containers or ephemeralContainers
    index: int
    path: Path  # from the object's root to the container

    @property
    def name(self) -> str:
        return self.container.name or f"{self.list_name}[{self.index}]"

    @property
    def security(self) -> SecurityContext:
        return self.container.securityContext or SecurityContext()

    def field(self, *parts: Any) -> Path:
        return self.path + parts


@dataclass(frozen=True)
class PodTemplate:
    """The pod an object runs (a workload's template, or a Pod itself)."""

    spec: PodSpec
    metadata: ObjectMeta
    path: Path  # from the object's root to the pod spec
    metadata_path: Path

    @property
    def security(self) -> PodSecurityContext:
        return self.spec.securityContext or PodSecurityContext()

    def field(self, *parts: Any) -> Path:
        return self.path + parts

    def containers(self) -> Iterator[ContainerRef]:
        """Init containers first, then containers, then ephemeral containers: every one the kubelet runs."""
        for list_name in (INIT, MAIN, EPHEMERAL):
            for index, container in enumerate(getattr(self.spec, list_name) or ()):
                if container is not None:
                    yield ContainerRef(container, list_name, index, self.path + (list_name, index))

    @property
    def is_windows(self) -> bool:
        return bool(self.spec.os and self.spec.os.name == "windows")


def pod_template(obj: KubeObject | None) -> PodTemplate | None:
    """Where the pod of a pod-bearing object is, or None for other kinds."""
    if obj is None or obj.kind not in POD_KINDS:
        return None
    if isinstance(obj, Pod):
        if obj.spec is None:
            return None
        return PodTemplate(obj.spec, obj.metadata or ObjectMeta(), ("spec",), ("metadata",))
    if isinstance(obj, CronJob):
        job = obj.spec.jobTemplate if obj.spec else None
        template = job.spec.template if job and job.spec else None
        base: Path = ("spec", "jobTemplate", "spec", "template")
    elif isinstance(obj, Workload):
        template = obj.spec.template if obj.spec else None
        base = ("spec", "template")
    else:
        return None
    if template is None or template.spec is None:
        return None
    return PodTemplate(template.spec, template.metadata or ObjectMeta(), base + ("spec",), base + ("metadata",))
