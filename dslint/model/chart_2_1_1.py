"""The values of the Bitnami DeepSpeed chart 2.1.1 (the same tree as 2.0.x).

Every parameter the chart documents, with its default, the type the chart's
`values.schema.json` enforces (or the templates need, where the schema is
silent) and the allowed values.  Written from the chart's documentation and
behaviour; field names are the chart's own keys so that a path in a finding
reads exactly like the user's values file.

Two kinds of maps appear:

* `ChartMap` subclasses: keys the chart owns.  Unknown keys are reported
  (DS101) because Helm silently ignores them.
* `AnyObject` / `AnyList`: objects the chart passes to Kubernetes as they are
  (affinity, tolerations, sidecars...).  They are checked after rendering.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from dslint.model.base import ChartMap, KubernetesMap, PassThrough
from dslint.model.kubernetes import (
    AccessMode,
    AppArmorProfile,
    Capabilities,
    EnvVar,
    PullPolicy,
    Resources,
    SeccompProfile,
    SELinuxOptions,
    ServiceType,
    Sysctl,
    UserId,
    WindowsOptions,
)
from dslint.model.types import (
    AnyList,
    AnyObject,
    DnsLabel,
    DnsSubdomain,
    NonNegative,
    Port,
    Positive,
    Quantity,
    SecondsString,
    StringMap,
)

CHART_VERSION = "2.1.1"

ResourcesPreset = Literal["none", "nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"]
AffinityPreset = Literal["", "soft", "hard"]


# --- images -----------------------------------------------------------------


class PullSecretRef(KubernetesMap):
    name: str


class Image(ChartMap):
    """A container image: `registry/repository:tag`, or `@digest` when a digest is set."""

    # Every image has the chart's registry and repository as defaults; a
    # partial override (only `tag` or `digest`) merges with them.
    registry: str = "docker.io"
    repository: str = ""
    tag: str = ""
    digest: str = Field("", description="Image digest (sha256:...). When set it replaces the tag.")
    pullPolicy: PullPolicy = "IfNotPresent"
    pullSecrets: list[str | PullSecretRef] = Field(
        default_factory=list, description="Names of docker-registry Secrets for this image."
    )


# --- global and common ------------------------------------------------------


class OpenShiftCompatibility(ChartMap):
    adaptSecurityContext: Literal["auto", "force", "disabled"] = Field(
        "auto",
        description=(
            "Drop runAsUser, runAsGroup and fsGroup so OpenShift's restricted-v2 SCC assigns its own ids: "
            "`force` always, `auto` only when the cluster advertises security.openshift.io/v1 "
            "(never in offline renders), `disabled` never."
        ),
    )


class Compatibility(ChartMap):
    openshift: OpenShiftCompatibility = OpenShiftCompatibility()


class Global(ChartMap):
    imageRegistry: str = Field("", description="Registry that replaces every image's registry.")
    imagePullSecrets: list[str | PullSecretRef] = Field(default_factory=list)
    storageClass: DnsSubdomain = Field("", description="StorageClass for every PVC the chart creates.")
    compatibility: Compatibility = Compatibility()


class DiagnosticMode(ChartMap):
    enabled: bool = Field(False, description="Replace every command with `command`/`args` and turn probes off.")
    command: list[str] = Field(default_factory=lambda: ["sleep"])
    args: list[str] = Field(default_factory=lambda: ["infinity"])


# --- source and configuration -------------------------------------------------


class GitSource(ChartMap):
    repository: str = Field("", description="Git URL cloned into /app by an init container.")
    revision: str = Field("", description="Branch or tag to check out (default branch when empty).")
    extraVolumeMounts: AnyList = Field(default_factory=list)


class Source(ChartMap):
    """Where the training code comes from: an existing ConfigMap beats inline files, which beat git."""

    type: Literal["configmap", "git", "custom"] = "configmap"
    launchCommand: str = Field("", description="Command the client runs (for example `deepspeed train.py`).")
    configMap: StringMap = Field(default_factory=dict, description="Files of the project, by file name.")
    existingConfigMap: DnsSubdomain = Field("", description="ConfigMap holding the project files.")
    git: GitSource = GitSource()


# The chart's defaults for these three are Helm templates that generate the
# host file and SSH settings from the worker count.  dslint never renders them
# itself (Helm does), so the model records only that a template is there.
CHART_TEMPLATE = "<template in the chart>"


class Config(ChartMap):
    """Host file and SSH settings: an `existing*` object beats `override*`, which beats `default*`."""

    defaultHostFile: str = Field(CHART_TEMPLATE, description="Host file template the chart ships; edit overrideHostFile instead.")
    overrideHostFile: str = Field("", description="Host file content used instead of the generated one.")
    existingHostFileConfigMap: DnsSubdomain = ""
    defaultSSHClient: str = Field(CHART_TEMPLATE, description="SSH client template the chart ships; edit overrideSSHClient instead.")
    overrideSSHClient: str = ""
    existingSSHClientConfigMap: DnsSubdomain = ""
    defaultSSHServer: str = Field(CHART_TEMPLATE, description="SSH server template the chart ships; edit overrideSSHServer instead.")
    overrideSSHServer: str = ""
    existingSSHServerConfigMap: DnsSubdomain = ""
    sshPrivateKey: str = Field(
        "",
        description=(
            "PEM private key the client uses to reach the workers. Keep it out of git: "
            "prefer existingSSHKeySecret. When both are empty the chart generates a new key on every render."
        ),
    )
    existingSSHKeySecret: DnsSubdomain = Field("", description="Secret whose `id_rsa` key holds the SSH private key.")


# --- pieces shared by client and worker ---------------------------------------


class Probe(ChartMap):
    enabled: bool = True
    initialDelaySeconds: NonNegative = 5
    periodSeconds: Positive = 30
    timeoutSeconds: Positive = 5
    failureThreshold: Positive = 5
    successThreshold: Positive = 1
    terminationGracePeriodSeconds: NonNegative | None = None


class PodSecurityContext(PassThrough):
    """The pod's securityContext; every field but `enabled` goes to Kubernetes."""

    enabled: bool = True
    fsGroupChangePolicy: Literal["Always", "OnRootMismatch"] = "Always"
    sysctls: list[Sysctl] = Field(default_factory=list)
    supplementalGroups: list[UserId] = Field(default_factory=list)
    fsGroup: UserId | None = 1001
    # Kubernetes PodSecurityContext fields the chart passes through.
    runAsUser: UserId | None = None
    runAsGroup: UserId | None = None
    runAsNonRoot: bool | None = None
    seccompProfile: SeccompProfile | None = None
    seLinuxOptions: SELinuxOptions | None = None
    appArmorProfile: AppArmorProfile | None = None
    supplementalGroupsPolicy: Literal["Merge", "Strict"] | None = None
    seLinuxChangePolicy: Literal["MountOption", "Recursive"] | None = None
    windowsOptions: WindowsOptions | None = None


class ContainerSecurityContext(PassThrough):
    """The main container's securityContext (also used by the chart's own init containers)."""

    enabled: bool = True
    seLinuxOptions: SELinuxOptions | None = SELinuxOptions()
    runAsUser: UserId | None = 1001
    runAsGroup: UserId | None = 1001
    runAsNonRoot: bool | None = True
    privileged: bool | None = False
    readOnlyRootFilesystem: bool | None = True
    allowPrivilegeEscalation: bool | None = False
    capabilities: Capabilities | None = Capabilities(drop=["ALL"])
    seccompProfile: SeccompProfile | None = SeccompProfile(type="RuntimeDefault")
    # Kubernetes SecurityContext fields the chart passes through.
    procMount: Literal["Default", "Unmasked"] | None = None
    appArmorProfile: AppArmorProfile | None = None
    windowsOptions: WindowsOptions | None = None


class NodeAffinityPreset(ChartMap):
    type: AffinityPreset = ""
    key: str = Field("", description="Node label key the preset matches.")
    values: list[str] = Field(default_factory=list)


class UpdateStrategy(ChartMap):
    type: str = "RollingUpdate"
    rollingUpdate: AnyObject = Field(default_factory=dict)


class DeploymentStrategy(UpdateStrategy):
    type: Literal["RollingUpdate", "Recreate"] = "RollingUpdate"


class StatefulSetUpdateStrategy(UpdateStrategy):
    type: Literal["RollingUpdate", "OnDelete"] = "RollingUpdate"


class ServiceAccount(ChartMap):
    create: bool = True
    name: DnsSubdomain = Field("", description="Name to use (or create); generated from the fullname when empty.")
    automountServiceAccountToken: bool = False
    annotations: StringMap = Field(default_factory=dict)


class Persistence(ChartMap):
    enabled: bool = False
    storageClass: DnsSubdomain = ""
    existingClaim: DnsSubdomain = Field("", description="Use this PVC; size, storageClass and the rest are then ignored.")
    mountPath: str = "/bitnami/deepspeed/data"
    accessModes: list[AccessMode] = Field(default_factory=lambda: list[AccessMode](["ReadWriteOnce"]))
    dataSource: AnyObject = Field(default_factory=dict)
    selector: AnyObject = Field(default_factory=dict)
    size: Quantity = "8Gi"
    labels: StringMap = Field(default_factory=dict)
    annotations: StringMap = Field(default_factory=dict)


class ClientNetworkPolicy(ChartMap):
    enabled: bool = True
    allowExternalEgress: bool = True
    extraIngress: AnyList = Field(default_factory=list)
    extraEgress: AnyList = Field(default_factory=list)


class WorkerNetworkPolicy(ClientNetworkPolicy):
    allowExternal: bool = Field(True, description="Accept SSH from any pod, not only the client.")
    ingressNSMatchLabels: StringMap = Field(default_factory=dict)
    ingressNSPodMatchLabels: StringMap = Field(default_factory=dict)


class Component(ChartMap):
    """What the client and the workers have in common."""

    enabled: bool = True
    extraEnvVars: list[EnvVar] = Field(default_factory=list, description="Extra `env` entries (Kubernetes EnvVar objects).")
    extraEnvVarsCM: DnsSubdomain = ""
    extraEnvVarsSecret: DnsSubdomain = ""
    command: list[str] = Field(default_factory=list)
    args: list[str] = Field(default_factory=list)
    terminationGracePeriodSeconds: SecondsString = ""
    customLivenessProbe: AnyObject = Field(default_factory=dict)
    customReadinessProbe: AnyObject = Field(default_factory=dict)
    customStartupProbe: AnyObject = Field(default_factory=dict)
    resourcesPreset: ResourcesPreset = Field(
        "small", description="Sized requests/limits from the common chart; ignored when `resources` is set. Not for production."
    )
    resources: Resources = Resources()
    podSecurityContext: PodSecurityContext = PodSecurityContext()
    containerSecurityContext: ContainerSecurityContext = ContainerSecurityContext()
    lifecycleHooks: AnyObject = Field(default_factory=dict)
    runtimeClassName: DnsSubdomain = ""
    automountServiceAccountToken: bool = False
    hostAliases: AnyList = Field(default_factory=list)
    labels: StringMap = Field(default_factory=dict)
    podLabels: StringMap = Field(default_factory=dict)
    podAnnotations: StringMap = Field(default_factory=dict)
    podAffinityPreset: AffinityPreset = Field("", description="Ignored when `affinity` is set.")
    podAntiAffinityPreset: AffinityPreset = Field("soft", description="Ignored when `affinity` is set.")
    nodeAffinityPreset: NodeAffinityPreset = NodeAffinityPreset()
    affinity: AnyObject = Field(default_factory=dict, description="Replaces all three affinity presets.")
    nodeSelector: StringMap = Field(default_factory=dict)
    tolerations: AnyList = Field(default_factory=list)
    topologySpreadConstraints: AnyList = Field(default_factory=list)
    priorityClassName: DnsSubdomain = ""
    schedulerName: str = ""
    extraVolumes: AnyList = Field(default_factory=list)
    extraVolumeMounts: AnyList = Field(default_factory=list)
    sidecars: AnyList = Field(default_factory=list, description="Extra containers (Kubernetes Container objects).")
    enableDefaultInitContainers: bool = True
    initContainers: AnyList = Field(default_factory=list)
    serviceAccount: ServiceAccount = ServiceAccount()


# --- client -------------------------------------------------------------------


class Client(Component):
    """The launcher pod: a Deployment, or a Job with `useJob`."""

    useJob: bool = Field(False, description="Run the client as a Job that executes `source.launchCommand` once.")
    backoffLimit: NonNegative = 10
    annotations: StringMap = Field(default_factory=dict)
    livenessProbe: Probe = Probe(timeoutSeconds=20)
    readinessProbe: Probe = Probe(timeoutSeconds=30)
    startupProbe: Probe = Probe(enabled=False)
    updateStrategy: DeploymentStrategy = DeploymentStrategy()
    networkPolicy: ClientNetworkPolicy = ClientNetworkPolicy()
    persistence: Persistence = Persistence()


# --- workers ------------------------------------------------------------------


class ContainerPorts(ChartMap):
    ssh: Port = 2222


class ServicePorts(ChartMap):
    ssh: Port = 22


class ExternalService(ChartMap):
    """One Service per worker; the per-replica lists are indexed by pod ordinal."""

    type: ServiceType = "ClusterIP"
    loadBalancerIPs: list[str] = Field(default_factory=list, description="One IP per worker replica.")
    externalIPs: list[str] = Field(default_factory=list, description="One IP per worker replica.")
    loadBalancerAnnotations: list[StringMap] = Field(default_factory=list, description="One annotation map per worker replica.")
    publishNotReadyAddresses: bool = False
    ports: ServicePorts = ServicePorts()
    nodePorts: list[Port] = Field(default_factory=list, description="One node port per worker replica.")
    sessionAffinityConfig: AnyObject = Field(default_factory=dict)
    sessionAffinity: Literal["None", "ClientIP"] = "None"
    loadBalancerSourceRanges: list[str] = Field(default_factory=list)
    externalTrafficPolicy: Literal["Cluster", "Local"] = "Cluster"
    labels: StringMap = Field(default_factory=dict)
    annotations: StringMap = Field(default_factory=dict)
    extraPorts: AnyList = Field(default_factory=list)


class ExternalAccess(ChartMap):
    enabled: bool = False
    service: ExternalService = ExternalService()


class Worker(Component):
    """The StatefulSet of SSH servers the client launches training on."""

    slotsPerNode: Positive = Field(1, description="Processes (usually GPUs) per worker, written to the host file.")
    replicaCount: NonNegative = 3
    containerPorts: ContainerPorts = ContainerPorts()
    livenessProbe: Probe = Probe()
    readinessProbe: Probe = Probe()
    startupProbe: Probe = Probe(enabled=False)
    annotations: StringMap = Field(default_factory=dict)
    podManagementPolicy: Literal["OrderedReady", "Parallel"] = Field(
        "Parallel", description="Keep Parallel: workers must all start for the cluster to form."
    )
    updateStrategy: StatefulSetUpdateStrategy = StatefulSetUpdateStrategy()
    headlessServiceAnnotations: StringMap = Field(default_factory=dict)
    externalAccess: ExternalAccess = ExternalAccess()
    networkPolicy: WorkerNetworkPolicy = WorkerNetworkPolicy()
    persistence: Persistence = Persistence()


# --- volume permissions ---------------------------------------------------------


class VolumePermissions(ChartMap):
    enabled: bool = Field(False, description="Run a root init container that chowns the data volume.")
    image: Image = Image(registry="docker.io", repository="bitnami/os-shell", tag="12-debian-12-r21")
    resourcesPreset: ResourcesPreset = "nano"
    resources: Resources = Resources()


# --- the whole tree ---------------------------------------------------------------


class Values(ChartMap):
    """The root of the chart's values."""

    global_: Global = Field(Global(), alias="global")
    kubeVersion: str = Field("", description="Kubernetes version the templates assume instead of the cluster's.")
    nameOverride: DnsLabel = ""
    fullnameOverride: DnsLabel = ""
    commonLabels: StringMap = Field(default_factory=dict)
    commonAnnotations: StringMap = Field(default_factory=dict)
    clusterDomain: str = "cluster.local"
    extraDeploy: AnyList = Field(default_factory=list, description="Extra Kubernetes objects (templated) to deploy.")
    diagnosticMode: DiagnosticMode = DiagnosticMode()
    image: Image = Image(registry="docker.io", repository="bitnami/deepspeed", tag="0.14.2-debian-12-r3")
    source: Source = Source()
    config: Config = Config()
    client: Client = Client()
    worker: Worker = Worker()
    gitImage: Image = Image(registry="docker.io", repository="bitnami/git", tag="2.45.1-debian-12-r0")
    volumePermissions: VolumePermissions = VolumePermissions()
