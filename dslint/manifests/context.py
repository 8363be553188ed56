"""What a manifest rule sees (`ManifestContext`) and what it yields (`ManifestProblem`).

A manifest rule is a module in `dslint.manifests.rules` with `RULE` (its
metadata, `lane=MANIFESTS_LANE`) and `check(ctx)`, a generator of problems.
`check` runs once per object of the stream.  A problem names a field by its
path inside the object (`("spec", "template", "spec", "containers", 0,
"securityContext", "runAsUser")`) and, for container fields, the container;
`dslint.manifests.check` turns it into a `Finding` located at that field in
the manifest, or at the values that control it when the manifests come from a
render of the DeepSpeed chart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.findings import Severity

if TYPE_CHECKING:
    from dslint.manifests.documents import ManifestDocument
    from dslint.manifests.objects import ContainerRef, KubeObject, PodTemplate

Path = tuple[str | int, ...]

IGNORE_ANNOTATION = "dslint.io/ignore"


class ManifestObject:
    """One document of the stream, read into its view."""

    __slots__ = ("document", "ignored", "model", "parse_error", "pod")

    def __init__(self, document: ManifestDocument, model: KubeObject | None, parse_error: str = "",
                 pod: PodTemplate | None = None, ignored: tuple[str, ...] = ()) -> None:
        self.document = document
        self.model = model
        # Why the object could not be read (a wrong type DS901 reports); "" when it was.
        self.parse_error = parse_error
        self.pod = pod
        # Codes (or prefixes, or "*") from the object's `dslint.io/ignore` annotation.
        self.ignored = ignored

    @property
    def data(self) -> Any:
        return self.document.data

    @property
    def kind(self) -> str:
        return self.document.kind

    @property
    def name(self) -> str:
        return self.document.name

    @property
    def namespace(self) -> str:
        return self.document.namespace

    @property
    def api_version(self) -> str:
        return str(self.data.get("apiVersion", "")) if isinstance(self.data, dict) else ""

    def label(self, key: str) -> str:
        meta = self.data.get("metadata") if isinstance(self.data, dict) else None
        labels = meta.get("labels") if isinstance(meta, dict) else None
        value = labels.get(key) if isinstance(labels, dict) else None
        return str(value) if value is not None else ""


class ManifestProblem(NamedTuple):
    """What a manifest check yields."""

    field: Path  # inside the object; () for the object as a whole
    message: str
    fix: str = ""
    container: ContainerRef | None = None
    # Overrides the rule's default severity (e.g. DS901's info for unknown kinds).
    severity: Severity | None = None


class ManifestContext:
    """Everything a manifest rule may look at, for one object."""

    __slots__ = (
        "api_versions",
        "kube_minor",
        "kube_version",
        "notices",
        "obj",
        "platform",
        "profile",
        "pss_level",
        "pss_minor",
    )

    def __init__(self, obj: ManifestObject, kube_version: str, pss_level: str = "restricted",
                 platform: str = "kubernetes", profile: str = "production", api_versions: tuple[str, ...] = (),
                 notices: list[str] | None = None, pss_minor: int | None = None) -> None:
        self.obj = obj
        self.kube_version = kube_version  # "1.33": major.minor of the target cluster
        self.pss_level = pss_level
        self.platform = platform
        self.profile = profile
        # Extra group/versions the target cluster serves (--api-versions).
        self.api_versions = api_versions
        # Messages for the user that are not findings (shared by the whole run).
        self.notices = notices if notices is not None else []
        self.kube_minor = kube_minor(kube_version)
        # The Pod Security Standards policy version (--pss-version): the cluster's by default.
        self.pss_minor = self.kube_minor if pss_minor is None else pss_minor

    @property
    def openshift(self) -> bool:
        return self.platform == "openshift"

    @property
    def pod(self) -> PodTemplate | None:
        return self.obj.pod

    def containers(self) -> Iterator[ContainerRef]:
        return self.obj.pod.containers() if self.obj.pod is not None else iter(())

    def problem(self, field: Path, message: str, fix: str = "", *, container: ContainerRef | None = None,
                severity: Severity | None = None) -> ManifestProblem:
        return ManifestProblem(tuple(field), message, fix, container, severity)

    def notice(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)


def kube_minor(version: str) -> int:
    """`1.33` -> 33 (every Kubernetes 1.x version compares by its minor)."""
    return int(version.split(".")[1])
