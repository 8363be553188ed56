"""Kubernetes API objects that appear inside the chart's values.

Only the objects the chart exposes field by field are modelled here (security
contexts and resources); everything else the chart passes through (affinity,
tolerations, containers...) is `AnyObject` in the chart model and is checked
after rendering, by the manifest rules.
"""

from __future__ import annotations

from typing import Literal

from dslint.model.base import KubernetesMap
from dslint.model.types import AnyObject, Integer, Quantity


class SELinuxOptions(KubernetesMap):
    level: str | None = None
    role: str | None = None
    type: str | None = None
    user: str | None = None


class SeccompProfile(KubernetesMap):
    type: Literal["RuntimeDefault", "Localhost", "Unconfined"] = "RuntimeDefault"
    localhostProfile: str | None = None


class AppArmorProfile(KubernetesMap):
    type: Literal["RuntimeDefault", "Localhost", "Unconfined"] = "RuntimeDefault"
    localhostProfile: str | None = None


class Capabilities(KubernetesMap):
    add: list[str] | None = None
    drop: list[str] | None = None


class WindowsOptions(KubernetesMap):
    gmsaCredentialSpec: str | None = None
    gmsaCredentialSpecName: str | None = None
    hostProcess: bool | None = None
    runAsUserName: str | None = None


class Sysctl(KubernetesMap):
    name: str
    # Kubernetes takes sysctl values as strings only: `value: 1` is refused.
    value: str


class EnvVar(KubernetesMap):
    name: str
    # Kubernetes takes env values as strings only: `value: 1` is refused on apply (quote it).
    value: str | None = None
    valueFrom: AnyObject | None = None


class Resources(KubernetesMap):
    limits: dict[str, Quantity] | None = None
    requests: dict[str, Quantity] | None = None
    claims: list[dict[str, str]] | None = None


PullPolicy = Literal["Always", "IfNotPresent", "Never"]
AccessMode = Literal["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]
ServiceType = Literal["ClusterIP", "NodePort", "LoadBalancer"]
UserId = Integer
