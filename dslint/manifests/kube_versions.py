"""The target Kubernetes version, and the API versions each release removed.

`--kube-version` accepts `1.33`, `v1.33` or `1.33.2`; dslint reasons about the
minor version only (every API removal and schema change happens on a minor).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from dslint.load.errors import InputError

# A recent release, fixed so that results do not move when a dependency updates.
DEFAULT_KUBE_VERSION = "1.35"

_VERSION = re.compile(r"^v?1\.(\d{1,3})(?:\.\d+)?(?:[-+][0-9A-Za-z.+-]*)?$")


def normalize_kube_version(text: str | None) -> str:
    """`v1.33.2` -> `1.33`; `InputError` for anything that is not a Kubernetes 1.x version."""
    if text is None or not str(text).strip():
        return DEFAULT_KUBE_VERSION
    match = _VERSION.match(str(text).strip())
    if match is None:
        raise InputError(f"--kube-version {text!r} is not a Kubernetes version (like 1.33 or v1.33.2)")
    return f"1.{int(match.group(1))}"


class RemovedApi(NamedTuple):
    group_version: str
    kinds: frozenset[str]  # empty: every kind of the group/version
    removed_in: int  # minor version of 1.x
    replacement: str

    def covers(self, api_version: str, kind: str) -> bool:
        return api_version == self.group_version and (not self.kinds or kind in self.kinds)


def _removed(group_version: str, kinds: str, removed_in: int, replacement: str) -> RemovedApi:
    return RemovedApi(group_version, frozenset(kinds.split()), removed_in, replacement)


# From the Kubernetes deprecated API migration guide: the served API versions
# each release stopped serving, and what to use instead.
REMOVED_APIS: tuple[RemovedApi, ...] = (
    _removed("extensions/v1beta1", "Deployment DaemonSet ReplicaSet", 16, "apps/v1"),
    _removed("extensions/v1beta1", "NetworkPolicy", 16, "networking.k8s.io/v1"),
    _removed("extensions/v1beta1", "PodSecurityPolicy", 16, "policy/v1beta1 (itself removed in 1.25: use Pod Security Admission)"),
    _removed("apps/v1beta1", "", 16, "apps/v1"),
    _removed("apps/v1beta2", "", 16, "apps/v1"),
    _removed("extensions/v1beta1", "Ingress", 22, "networking.k8s.io/v1"),
    _removed("networking.k8s.io/v1beta1", "Ingress IngressClass", 22, "networking.k8s.io/v1"),
    _removed("rbac.authorization.k8s.io/v1beta1", "", 22, "rbac.authorization.k8s.io/v1"),
    _removed("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration ValidatingWebhookConfiguration", 22,
             "admissionregistration.k8s.io/v1"),
    _removed("apiextensions.k8s.io/v1beta1", "", 22, "apiextensions.k8s.io/v1"),
    _removed("apiregistration.k8s.io/v1beta1", "", 22, "apiregistration.k8s.io/v1"),
    _removed("authentication.k8s.io/v1beta1", "", 22, "authentication.k8s.io/v1"),
    _removed("authorization.k8s.io/v1beta1", "", 22, "authorization.k8s.io/v1"),
    _removed("certificates.k8s.io/v1beta1", "", 22, "certificates.k8s.io/v1"),
    _removed("coordination.k8s.io/v1beta1", "", 22, "coordination.k8s.io/v1"),
    _removed("scheduling.k8s.io/v1beta1", "", 22, "scheduling.k8s.io/v1"),
    _removed("storage.k8s.io/v1beta1", "CSIDriver CSINode StorageClass VolumeAttachment", 22, "storage.k8s.io/v1"),
    _removed("batch/v1beta1", "CronJob", 25, "batch/v1"),
    _removed("discovery.k8s.io/v1beta1", "", 25, "discovery.k8s.io/v1"),
    _removed("events.k8s.io/v1beta1", "", 25, "events.k8s.io/v1"),
    _removed("autoscaling/v2beta1", "", 25, "autoscaling/v2"),
    _removed("policy/v1beta1", "PodDisruptionBudget", 25, "policy/v1"),
    _removed("policy/v1beta1", "PodSecurityPolicy", 25, "Pod Security Admission (namespace labels); the API is gone"),
    _removed("node.k8s.io/v1beta1", "", 25, "node.k8s.io/v1"),
    _removed("autoscaling/v2beta2", "", 26, "autoscaling/v2"),
    _removed("flowcontrol.apiserver.k8s.io/v1beta1", "", 26, "flowcontrol.apiserver.k8s.io/v1"),
    _removed("storage.k8s.io/v1beta1", "CSIStorageCapacity", 27, "storage.k8s.io/v1"),
    _removed("flowcontrol.apiserver.k8s.io/v1beta2", "", 29, "flowcontrol.apiserver.k8s.io/v1"),
    _removed("flowcontrol.apiserver.k8s.io/v1beta3", "", 32, "flowcontrol.apiserver.k8s.io/v1"),
)


def removed_api(api_version: str, kind: str, minor: int) -> RemovedApi | None:
    """The removal that makes `api_version` unavailable for `kind` in Kubernetes 1.`minor`, if any."""
    for removal in REMOVED_APIS:
        if removal.removed_in <= minor and removal.covers(api_version, kind):
            return removal
    return None
