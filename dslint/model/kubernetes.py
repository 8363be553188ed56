"""Kubernetes API objects that appear inside the chart's values.

Only the objects the chart exposes field by field are modelled here (security
contexts and resources); everything else the chart passes through (affinity,
tolerations, containers...) is `AnyObject` in the chart model and is checked
after rendering, by the manifest rules.
"""

from __future__ import annotations

from typing import Literal, Optional

from dslint.model.base import KubernetesMap
from dslint.model.types import AnyObject, Integer, Quantity


class SELinuxOptions(KubernetesMap):
    level: Optional[str] = None
    role: Optional[str] = None
    type: Optional[str] = None
    user: Optional[str] = None


class SeccompProfile(KubernetesMap):
    type: Literal["RuntimeDefault", "Localhost", "Unconfined"] = "RuntimeDefault"
    localhostProfile: Optional[str] = None


class AppArmorProfile(KubernetesMap):
    type: Literal["RuntimeDefault", "Localhost", "Unconfined"] = "RuntimeDefault"
    localhostProfile: Optional[str] = None


class Capabilities(KubernetesMap):
    add: Optional[list[str]] = None
    drop: Optional[list[str]] = None


class WindowsOptions(KubernetesMap):
    gmsaCredentialSpec: Optional[str] = None
    gmsaCredentialSpecName: Optional[str] = None
    hostProcess: Optional[bool] = None
    runAsUserName: Optional[str] = None


class Sysctl(KubernetesMap):
    name: str
    # Kubernetes takes sysctl values as strings only: `value: 1` is refused.
    value: str


class EnvVar(KubernetesMap):
    name: str
    # Kubernetes takes env values as strings only: `value: 1` is refused on apply (quote it).
    value: Optional[str] = None
    valueFrom: Optional[AnyObject] = None


class Resources(KubernetesMap):
    limits: Optional[dict[str, Quantity]] = None
    requests: Optional[dict[str, Quantity]] = None
    claims: Optional[list[dict[str, str]]] = None


PullPolicy = Literal["Always", "IfNotPresent", "Never"]
AccessMode = Literal["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]
ServiceType = Literal["ClusterIP", "NodePort", "LoadBalancer"]
UserId = Integer
