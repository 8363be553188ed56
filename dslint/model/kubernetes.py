"""Kubernetes API objects that appear inside the chart's values.

Only the objects the chart exposes field by field are modelled here (security
contexts and resources); everything else the chart passes through (affinity,
tolerations, containers...) is `AnyObject` in the chart model and is checked
after rendering, by the manifest rules.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from dslint.model.base import KubernetesMap
from dslint.model.types import AnyObject, Integer, Quantity


class SELinuxOptions(KubernetesMap):
    level: str | None = Field(None, description="SELinux level (MCS categories such as s0:c123,c456) of the container's processes.")
    role: str | None = Field(None, description="SELinux role of the container's processes.")
    type: str | None = Field(None, description="SELinux type of the container's processes; the restricted policy allows only container_t, container_init_t, container_kvm_t and container_engine_t.")
    user: str | None = Field(None, description="SELinux user of the container's processes.")


class SeccompProfile(KubernetesMap):
    type: Literal["RuntimeDefault", "Localhost", "Unconfined"] = Field(
        "RuntimeDefault", description="Which seccomp filter confines the processes: the runtime's own, a file on the node, or none."
    )
    localhostProfile: str | None = Field(None, description="Profile file on the node (relative to the kubelet's seccomp folder); only with type Localhost.")


class AppArmorProfile(KubernetesMap):
    type: Literal["RuntimeDefault", "Localhost", "Unconfined"] = Field(
        "RuntimeDefault", description="Which AppArmor profile confines the processes: the runtime's own, one loaded on the node, or none."
    )
    localhostProfile: str | None = Field(None, description="Name of the profile loaded on the node; only with type Localhost.")


class Capabilities(KubernetesMap):
    add: list[str] | None = Field(None, description="Linux capabilities to grant on top of the runtime's set (NET_BIND_SERVICE...).")
    drop: list[str] | None = Field(None, description="Linux capabilities to remove; ALL removes every one.")


class WindowsOptions(KubernetesMap):
    gmsaCredentialSpec: str | None = Field(None, description="Windows only: the GMSA credential spec itself, inlined.")
    gmsaCredentialSpecName: str | None = Field(None, description="Windows only: name of the GMSACredentialSpec object to use.")
    hostProcess: bool | None = Field(None, description="Windows only: run as a host process (privileged; restricted policies refuse it).")
    runAsUserName: str | None = Field(None, description="Windows only: user name the entrypoint runs as.")


class Sysctl(KubernetesMap):
    name: str = Field(description="Kernel parameter to set for the pod (net.ipv4.ip_unprivileged_port_start...).")
    # Kubernetes takes sysctl values as strings only: `value: 1` is refused.
    value: str = Field(description="Value to set, as a string (quote numbers).")


class EnvVar(KubernetesMap):
    name: str = Field(description="Name of the environment variable.")
    # Kubernetes takes env values as strings only: `value: 1` is refused on apply (quote it).
    value: str | None = Field(None, description="Its value, as a string (quote numbers and booleans).")
    valueFrom: AnyObject | None = Field(None, description="Where to read the value instead: a Secret or ConfigMap key, a pod field or a resource.")


class Resources(KubernetesMap):
    limits: dict[str, Quantity] | None = Field(None, description="Most the container may use, by resource (cpu, memory, nvidia.com/gpu...).")
    requests: dict[str, Quantity] | None = Field(None, description="What the scheduler reserves for the container, by resource.")
    claims: list[dict[str, str]] | None = Field(None, description="Dynamic resource claims of the pod the container uses, by name.")


PullPolicy = Literal["Always", "IfNotPresent", "Never"]
AccessMode = Literal["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]
ServiceType = Literal["ClusterIP", "NodePort", "LoadBalancer"]
UserId = Integer
