"""Typed views of the Kubernetes objects a chart render contains.

A rule reads `container.securityContext.runAsUser`, never
`data["spec"]["template"]...`: every object is loaded into a *view*, a plain
class with `__slots__` over the parsed document whose properties read the
dict.  Views declare the fields the manifest rules look at, and no more; the
strict model of an object is kubernetes-validate's OpenAPI schema, which
DS901 validates against.  A field is declared twice: in `FIELDS` (its kind,
which reads and checks it) and as an annotation (what the type checker
reads); `tests/manifests/test_view_declarations.py` keeps the two in step.

Views are lax about scalars the way the rules need: a field declared as an
integer reads `"1001"` as 1001, a boolean reads `"true"` or `1` as True (the
coercions pydantic's lax mode made when these were pydantic models, kept so
that findings do not change).  A document whose declared fields cannot be
read that way (`hostNetwork: [yes]`) has no view: `parse_object` says why,
as `<field path>: <problem>`, and DS901 reports the details.

`parse_object` picks the view by `kind`; `pod_template` finds the pod a
workload would create, with the path of its spec inside the object, so every
field a rule looks at can be named and located.

Nothing here imports anything heavy: `dslint check --manifests` starts fast.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Protocol

from dslint.lazy import LazyPattern

# A field's path inside an object: keys and list indices.
Path = tuple[str | int, ...]
# Where a field that cannot be read sits; a mapping key that is not a string is named by itself.
Loc = tuple[object, ...]

# --- reading scalars ------------------------------------------------------------------
#
# Each reader returns (value, "") or (None, why); the messages are those the
# models printed, so the "pod checks skipped" notice reads as it did.

_INT_TEXT = LazyPattern(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
# Characters str.strip() would remove that Rust's trim() (the models' parser) keeps.
_NOT_TRIMMED = "\x1c\x1d\x1e\x1f"
_TRUE_TEXT = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE_TEXT = frozenset({"0", "off", "f", "false", "n", "no"})
_INT64 = (-(2**63), 2**63 - 1)

INT_TYPE = "Input should be a valid integer"
INT_PARSING = "Input should be a valid integer, unable to parse string as an integer"
INT_FRACTION = "Input should be a valid integer, got a number with a fractional part"
INT_TOO_BIG = "Unable to parse input string as an integer, exceeded maximum size"
FINITE = "Input should be a finite number"
BOOL_TYPE = "Input should be a valid boolean"
BOOL_PARSING = "Input should be a valid boolean, unable to interpret input"
STR_TYPE = "Input should be a valid string"
LIST_TYPE = "Input should be a valid list"
DICT_TYPE = "Input should be a valid dictionary"


def _trim(text: str) -> str:
    stripped = text.strip()
    if stripped == text or not any(c in _NOT_TRIMMED for c in text):
        return stripped
    # Keep the characters Rust's trim() keeps at either end.
    start, end = 0, len(text)
    while start < end and text[start].isspace() and text[start] not in _NOT_TRIMMED:
        start += 1
    while end > start and text[end - 1].isspace() and text[end - 1] not in _NOT_TRIMMED:
        end -= 1
    return text[start:end]


def read_int(value: Any) -> tuple[Any, str]:
    if isinstance(value, int):  # bool included: True reads as 1
        return int(value), ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, FINITE
        if not value.is_integer():
            return None, INT_FRACTION
        if not _INT64[0] <= value <= _INT64[1]:
            return None, INT_TOO_BIG
        return int(value), ""
    if isinstance(value, str):
        text = _trim(value)
        if not text.isascii() or _INT_TEXT.fullmatch(text) is None:
            return None, INT_PARSING
        return int(text.partition(".")[0]), ""
    return None, INT_TYPE


def read_bool(value: Any) -> tuple[Any, str]:
    if isinstance(value, bool):
        return value, ""
    if isinstance(value, int):
        if value in (0, 1):
            return bool(value), ""
        # pydantic interprets only 64-bit integers; a larger one is not even a candidate.
        return None, BOOL_PARSING if _INT64[0] <= value <= _INT64[1] else BOOL_TYPE
    if isinstance(value, float):
        if value in (0.0, 1.0):
            return bool(value), ""
        if math.isfinite(value) and value.is_integer() and _INT64[0] <= value <= _INT64[1]:
            return None, BOOL_PARSING
        return None, BOOL_TYPE
    if isinstance(value, str):
        lowered = value.lower()
        if lowered in _TRUE_TEXT:
            return True, ""
        if lowered in _FALSE_TEXT:
            return False, ""
        return None, BOOL_PARSING
    return None, BOOL_TYPE


def read_str(value: Any) -> tuple[Any, str]:
    return (value, "") if isinstance(value, str) else (None, STR_TYPE)


def read_any(value: Any) -> tuple[Any, str]:
    return value, ""


# --- field kinds ----------------------------------------------------------------------


Reader = Callable[[Any], tuple[Any, str]]


class Kind(Protocol):
    """How a declared field is read, and the first reason it cannot be."""

    def read(self, value: Any) -> Any: ...

    def first_error(self, value: Any, loc: Loc) -> tuple[Loc, str] | None: ...


# A view's declared fields, name -> kind, in the order they are checked.
Fields = dict[str, Kind]


class _Scalar:
    __slots__ = ("reader",)

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def read(self, value: Any) -> Any:
        return self.reader(value)[0]

    def first_error(self, value: Any, loc: Loc) -> tuple[Loc, str] | None:
        _, problem = self.reader(value)
        return (loc, problem) if problem else None


class _Dict:
    """A mapping of strings to anything (labels, annotations, resource amounts, ConfigMap data)."""

    __slots__ = ()

    def read(self, value: Any) -> Any:
        return value

    def first_error(self, value: Any, loc: Loc) -> tuple[Loc, str] | None:
        if not isinstance(value, dict):
            return loc, DICT_TYPE
        for key in value:
            if not isinstance(key, str):
                return loc + (key, "[key]"), STR_TYPE
        return None


class _List:
    __slots__ = ("item",)

    def __init__(self, item: Kind) -> None:
        self.item = item

    def read(self, value: Any) -> Any:
        read = self.item.read
        return [read(v) for v in value]

    def first_error(self, value: Any, loc: Loc) -> tuple[Loc, str] | None:
        if not isinstance(value, (list, tuple)):
            return loc, LIST_TYPE
        for index, item in enumerate(value):
            # An item may not be null (only the field itself is optional): readers refuse None.
            error = self.item.first_error(item, loc + (index,))
            if error is not None:
                return error
        return None


class _Nested:
    __slots__ = ("view",)

    def __init__(self, view: type[View]) -> None:
        self.view = view

    def read(self, value: Any) -> Any:
        return self.view(value)

    def first_error(self, value: Any, loc: Loc) -> tuple[Loc, str] | None:
        if not isinstance(value, dict):
            return loc, f"Input should be a valid dictionary or instance of {self.view.__name__}"
        return self.view.first_error(value, loc)


STR, INT, BOOL, ANY = _Scalar(read_str), _Scalar(read_int), _Scalar(read_bool), _Scalar(read_any)
DICT = _Dict()


def _list(item: Kind) -> _List:
    return _List(item)


# --- views -----------------------------------------------------------------------------


class View:
    """A typed view of one mapping of a document: declared fields are properties reading the dict.

    Subclasses list their fields in `FIELDS` (name -> kind, in the order they
    are checked); a view is only built over data `first_error` accepts.
    """

    __slots__ = ("_data",)
    FIELDS: ClassVar[Fields] = {}

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self._data = data if data is not None else {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("FIELDS", {})
        fields: Fields = {}
        for base in reversed(cls.__mro__[1:]):
            fields.update(base.__dict__.get("FIELDS", {}))
        fields.update(own)  # inherited fields first, as they are checked
        cls.FIELDS = fields
        for name, kind in own.items():
            if name not in cls.__dict__:
                setattr(cls, name, _property(name, kind))

    @classmethod
    def first_error(cls, data: dict[str, Any], loc: Loc = ()) -> tuple[Loc, str] | None:
        """The first declared field (in order, depth first) that cannot be read, or None."""
        for name, kind in cls.FIELDS.items():
            value = data.get(name)
            if value is not None:
                error = kind.first_error(value, loc + (name,))
                if error is not None:
                    return error
        return None

    @property
    def raw(self) -> dict[str, Any]:
        """The mapping this view reads."""
        return self._data

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(n for n in self.FIELDS if self._data.get(n) is not None)})"


def _property(name: str, kind: Kind) -> property:
    read = kind.read

    def get(self: View) -> Any:
        value = self._data.get(name)
        return None if value is None else read(value)

    get.__name__ = name
    return property(get)


# --- metadata ---------------------------------------------------------------------


class ObjectMeta(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"name": STR, "namespace": STR, "labels": DICT, "annotations": DICT}
    name: str | None
    namespace: str | None
    labels: dict[str, Any] | None
    annotations: dict[str, Any] | None


# --- security contexts ---------------------------------------------------------


class SELinuxOptions(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"user": STR, "role": STR, "type": STR, "level": STR}
    user: str | None
    role: str | None
    type: str | None
    level: str | None


class SeccompProfile(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"type": STR, "localhostProfile": STR}
    type: str | None
    localhostProfile: str | None


class AppArmorProfile(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"type": STR, "localhostProfile": STR}
    type: str | None
    localhostProfile: str | None


class WindowsOptions(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"hostProcess": BOOL}
    hostProcess: bool | None


class Capabilities(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"add": _list(STR), "drop": _list(STR)}
    add: list[str] | None
    drop: list[str] | None


class Sysctl(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"name": STR, "value": ANY}
    name: str | None
    value: Any


class SecurityContext(View):
    """A container's securityContext."""

    __slots__ = ()
    FIELDS: ClassVar[Fields] = {
        "privileged": BOOL,
        "allowPrivilegeEscalation": BOOL,
        "runAsUser": INT,
        "runAsGroup": INT,
        "runAsNonRoot": BOOL,
        "readOnlyRootFilesystem": BOOL,
        "procMount": STR,
        "capabilities": _Nested(Capabilities),
        "seccompProfile": _Nested(SeccompProfile),
        "seLinuxOptions": _Nested(SELinuxOptions),
        "appArmorProfile": _Nested(AppArmorProfile),
        "windowsOptions": _Nested(WindowsOptions),
    }
    privileged: bool | None
    allowPrivilegeEscalation: bool | None
    runAsUser: int | None
    runAsGroup: int | None
    runAsNonRoot: bool | None
    readOnlyRootFilesystem: bool | None
    procMount: str | None
    capabilities: Capabilities | None
    seccompProfile: SeccompProfile | None
    seLinuxOptions: SELinuxOptions | None
    appArmorProfile: AppArmorProfile | None
    windowsOptions: WindowsOptions | None


class PodSecurityContext(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {
        "runAsUser": INT,
        "runAsGroup": INT,
        "runAsNonRoot": BOOL,
        "fsGroup": INT,
        "supplementalGroups": _list(INT),
        "sysctls": _list(_Nested(Sysctl)),
        "seccompProfile": _Nested(SeccompProfile),
        "seLinuxOptions": _Nested(SELinuxOptions),
        "appArmorProfile": _Nested(AppArmorProfile),
        "windowsOptions": _Nested(WindowsOptions),
    }
    runAsUser: int | None
    runAsGroup: int | None
    runAsNonRoot: bool | None
    fsGroup: int | None
    supplementalGroups: list[int] | None
    sysctls: list[Sysctl] | None
    seccompProfile: SeccompProfile | None
    seLinuxOptions: SELinuxOptions | None
    appArmorProfile: AppArmorProfile | None
    windowsOptions: WindowsOptions | None


# --- containers and pods -----------------------------------------------------------


class ContainerPort(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"name": STR, "containerPort": ANY, "hostPort": INT, "protocol": STR}
    name: str | None
    containerPort: Any
    hostPort: int | None
    protocol: str | None


class ResourceRequirements(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"limits": DICT, "requests": DICT}
    limits: dict[str, Any] | None
    requests: dict[str, Any] | None


class HandlerTarget(View):
    """The `httpGet` or `tcpSocket` of a probe or lifecycle handler."""

    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"host": STR}
    host: str | None


class Handler(View):
    """A probe or a lifecycle handler: only where it connects to matters here."""

    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"httpGet": _Nested(HandlerTarget), "tcpSocket": _Nested(HandlerTarget)}
    httpGet: HandlerTarget | None
    tcpSocket: HandlerTarget | None


class Lifecycle(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"postStart": _Nested(Handler), "preStop": _Nested(Handler)}
    postStart: Handler | None
    preStop: Handler | None


class Container(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {
        "name": STR,
        "image": STR,
        "imagePullPolicy": STR,
        "securityContext": _Nested(SecurityContext),
        "ports": _list(_Nested(ContainerPort)),
        "resources": _Nested(ResourceRequirements),
        "livenessProbe": _Nested(Handler),
        "readinessProbe": _Nested(Handler),
        "startupProbe": _Nested(Handler),
        "lifecycle": _Nested(Lifecycle),
    }
    name: str | None
    image: str | None
    imagePullPolicy: str | None
    securityContext: SecurityContext | None
    ports: list[ContainerPort] | None
    resources: ResourceRequirements | None
    livenessProbe: Handler | None
    readinessProbe: Handler | None
    startupProbe: Handler | None
    lifecycle: Lifecycle | None


class Volume(View):
    """A pod volume: its name, and one source field (`emptyDir`, `hostPath`...)."""

    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"name": STR}
    name: str | None

    @property
    def source_types(self) -> list[str]:
        return [key for key, value in self._data.items() if key != "name" and value is not None]


class PodOS(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"name": STR}
    name: str | None


class PodSpec(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {
        "containers": _list(_Nested(Container)),
        "initContainers": _list(_Nested(Container)),
        "ephemeralContainers": _list(_Nested(Container)),
        "volumes": _list(_Nested(Volume)),
        "securityContext": _Nested(PodSecurityContext),
        "hostNetwork": BOOL,
        "hostPID": BOOL,
        "hostIPC": BOOL,
        "hostUsers": BOOL,
        "os": _Nested(PodOS),
        "serviceAccountName": STR,
        "automountServiceAccountToken": BOOL,
    }
    containers: list[Container] | None
    initContainers: list[Container] | None
    ephemeralContainers: list[Container] | None
    volumes: list[Volume] | None
    securityContext: PodSecurityContext | None
    hostNetwork: bool | None
    hostPID: bool | None
    hostIPC: bool | None
    hostUsers: bool | None
    os: PodOS | None
    serviceAccountName: str | None
    automountServiceAccountToken: bool | None


class PodTemplateSpec(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"metadata": _Nested(ObjectMeta), "spec": _Nested(PodSpec)}
    metadata: ObjectMeta | None
    spec: PodSpec | None


# --- objects -----------------------------------------------------------------------


class KubeObject(View):
    """Any object: what every document has in common."""

    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"apiVersion": STR, "kind": STR, "metadata": _Nested(ObjectMeta)}
    apiVersion: str | None
    kind: str | None
    metadata: ObjectMeta | None


class WorkloadSpec(View):
    """The spec of the controllers whose pods come from `spec.template`."""

    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"replicas": INT, "template": _Nested(PodTemplateSpec)}
    replicas: int | None
    template: PodTemplateSpec | None


class Workload(KubeObject):
    """Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job."""

    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"spec": _Nested(WorkloadSpec)}
    spec: WorkloadSpec | None


class JobTemplateSpec(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"metadata": _Nested(ObjectMeta), "spec": _Nested(WorkloadSpec)}
    metadata: ObjectMeta | None
    spec: WorkloadSpec | None


class CronJobSpec(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"schedule": STR, "jobTemplate": _Nested(JobTemplateSpec)}
    schedule: str | None
    jobTemplate: JobTemplateSpec | None


class CronJob(KubeObject):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"spec": _Nested(CronJobSpec)}
    spec: CronJobSpec | None


class Pod(KubeObject):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"spec": _Nested(PodSpec)}
    spec: PodSpec | None


class ServicePort(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"name": STR, "port": ANY, "nodePort": INT}
    name: str | None
    port: Any
    nodePort: int | None


class ServiceSpec(View):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"type": STR, "ports": _list(_Nested(ServicePort))}
    type: str | None
    ports: list[ServicePort] | None


class Service(KubeObject):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"spec": _Nested(ServiceSpec)}
    spec: ServiceSpec | None


class ConfigMap(KubeObject):
    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"data": DICT}
    data: dict[str, Any] | None


class Secret(KubeObject):
    """A Secret's values are never shown: its repr names fields, never values."""

    __slots__ = ()
    FIELDS: ClassVar[Fields] = {"type": STR, "data": DICT, "stringData": DICT}
    type: str | None
    data: dict[str, Any] | None
    stringData: dict[str, Any] | None


WORKLOAD_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"})
POD_KINDS = WORKLOAD_KINDS | {"CronJob", "Pod"}

_VIEWS: dict[str, type[KubeObject]] = {
    **{kind: Workload for kind in WORKLOAD_KINDS},
    "CronJob": CronJob,
    "Pod": Pod,
    "Service": Service,
    "ConfigMap": ConfigMap,
    "Secret": Secret,
}


def parse_object(data: Any) -> tuple[KubeObject | None, str]:
    """The object's view, or None and why it cannot be read (DS901 reports the details)."""
    if not isinstance(data, dict):
        return None, "not a mapping"
    view = _VIEWS.get(str(data.get("kind", "")), KubeObject)
    error = view.first_error(data)
    if error is not None:
        loc, problem = error
        return None, f"{'.'.join(str(p) for p in loc)}: {problem}"
    return view(data), ""


# --- pods inside objects --------------------------------------------------------------

INIT, MAIN, EPHEMERAL = "initContainers", "containers", "ephemeralContainers"


class ContainerRef:
    """One container of a pod, with where it sits in the object."""

    __slots__ = ("container", "index", "list_name", "path")

    def __init__(self, container: Container, list_name: str, index: int, path: Path) -> None:
        self.container = container
        self.list_name = list_name  # initContainers, containers or ephemeralContainers
        self.index = index
        self.path = path  # from the object's root to the container

    @property
    def name(self) -> str:
        return self.container.name or f"{self.list_name}[{self.index}]"

    @property
    def security(self) -> SecurityContext:
        return self.container.securityContext or SecurityContext()

    def field(self, *parts: Any) -> Path:
        return self.path + parts

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, ContainerRef) and self.path == other.path
                and self.container.raw is other.container.raw)

    def __hash__(self) -> int:
        return hash(self.path)

    def __repr__(self) -> str:
        return f"ContainerRef({self.name!r}, {self.list_name}[{self.index}])"


class PodTemplate:
    """The pod an object runs (a workload's template, or a Pod itself)."""

    __slots__ = ("metadata", "metadata_path", "path", "spec")

    def __init__(self, spec: PodSpec, metadata: ObjectMeta, path: Path, metadata_path: Path) -> None:
        self.spec = spec
        self.metadata = metadata
        self.path = path  # from the object's root to the pod spec
        self.metadata_path = metadata_path

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
