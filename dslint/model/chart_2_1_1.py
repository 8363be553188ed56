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
    name: str = Field(description="Name of a docker-registry Secret in the release's namespace.")


class Image(ChartMap):
    """A container image: `registry/repository:tag`, or `@digest` when a digest is set."""

    # Every image has the chart's registry and repository as defaults; a
    # partial override (only `tag` or `digest`) merges with them.
    registry: str = Field(
        "docker.io", description="Registry the image is pulled from; global.imageRegistry replaces it."
    )
    repository: str = Field("", description="Repository of the image in that registry.")
    tag: str = Field("", description="Tag of the image; ignored when digest is set.")
    digest: str = Field("", description="Image digest (sha256:...). When set it replaces the tag.")
    pullPolicy: PullPolicy = Field(
        "IfNotPresent", description="When the kubelet pulls the image: Always, IfNotPresent (only if missing) or Never."
    )
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
    openshift: OpenShiftCompatibility = Field(
        OpenShiftCompatibility(), description="How the rendered security contexts adapt to OpenShift."
    )


class Global(ChartMap):
    imageRegistry: str = Field("", description="Registry that replaces every image's registry.")
    imagePullSecrets: list[str | PullSecretRef] = Field(
        default_factory=list, description="docker-registry Secrets added to every pod the chart creates."
    )
    storageClass: DnsSubdomain = Field("", description="StorageClass of every PVC the chart creates; beats each persistence.storageClass.")
    compatibility: Compatibility = Field(
        Compatibility(), description="Adaptations of the rendered manifests to particular platforms."
    )


class DiagnosticMode(ChartMap):
    enabled: bool = Field(False, description="Replace every command with `command`/`args` and turn probes off.")
    command: list[str] = Field(
        default_factory=lambda: ["sleep"], description="Command every container runs instead of its own in diagnostic mode."
    )
    args: list[str] = Field(
        default_factory=lambda: ["infinity"], description="Arguments of that command in diagnostic mode."
    )


# --- source and configuration -------------------------------------------------


class GitSource(ChartMap):
    repository: str = Field("", description="Git URL cloned into /app by an init container.")
    revision: str = Field("", description="Branch or tag to check out (default branch when empty).")
    extraVolumeMounts: AnyList = Field(
        default_factory=list, description="Extra volume mounts of the init container that clones the repository (credentials, SSH keys...)."
    )


class Source(ChartMap):
    """Where the training code comes from: an existing ConfigMap beats inline files, which beat git."""

    type: Literal["configmap", "git", "custom"] = Field(
        "configmap", description="Where the training code comes from: configmap (a ConfigMap mounted at /app), git (cloned into /app by an init container) or custom (volumes you mount yourself)."
    )
    launchCommand: str = Field("", description="Command the client runs (for example `deepspeed train.py`).")
    configMap: StringMap = Field(default_factory=dict, description="Files of the project, by file name.")
    existingConfigMap: DnsSubdomain = Field("", description="ConfigMap holding the project files.")
    git: GitSource = Field(GitSource(), description="The git repository cloned when type is git.")


# The chart's defaults for these three are Helm templates that generate the
# host file and SSH settings from the worker count.  dslint never renders them
# itself (Helm does), so the model records only that a template is there.
CHART_TEMPLATE = "<template in the chart>"


class Config(ChartMap):
    """Host file and SSH settings: an `existing*` object beats `override*`, which beats `default*`."""

    defaultHostFile: str = Field(CHART_TEMPLATE, description="Host file template the chart ships; edit overrideHostFile instead.")
    overrideHostFile: str = Field("", description="Host file content used instead of the generated one.")
    existingHostFileConfigMap: DnsSubdomain = Field(
        "", description="ConfigMap holding the host file; beats overrideHostFile and the generated one."
    )
    defaultSSHClient: str = Field(CHART_TEMPLATE, description="SSH client template the chart ships; edit overrideSSHClient instead.")
    overrideSSHClient: str = Field("", description="SSH client configuration used instead of the generated one.")
    existingSSHClientConfigMap: DnsSubdomain = Field(
        "", description="ConfigMap holding the SSH client configuration; beats overrideSSHClient."
    )
    defaultSSHServer: str = Field(CHART_TEMPLATE, description="SSH server template the chart ships; edit overrideSSHServer instead.")
    overrideSSHServer: str = Field("", description="SSH server configuration used instead of the generated one.")
    existingSSHServerConfigMap: DnsSubdomain = Field(
        "", description="ConfigMap holding the SSH server configuration; beats overrideSSHServer."
    )
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
    enabled: bool = Field(True, description="Run this probe.")
    initialDelaySeconds: NonNegative = Field(
        5, description="Seconds after the container starts before the first check."
    )
    periodSeconds: Positive = Field(30, description="Seconds between two checks.")
    timeoutSeconds: Positive = Field(5, description="Seconds a check may take before it counts as failed.")
    failureThreshold: Positive = Field(
        5, description="Failed checks in a row before the probe fails (a failed liveness probe restarts the container)."
    )
    successThreshold: Positive = Field(
        1, description="Passed checks in a row before the probe passes again (Kubernetes requires 1 for liveness and startup probes)."
    )
    # No published values.yaml lists it, so the generator's join drops it from every
    # version and no schema shows it: it has no hover text to give.
    terminationGracePeriodSeconds: NonNegative | None = None


class PodSecurityContext(PassThrough):
    """The pod's securityContext; every field but `enabled` goes to Kubernetes."""

    enabled: bool = Field(True, description="Render this securityContext into the pods; false leaves all of it out.")
    fsGroupChangePolicy: Literal["Always", "OnRootMismatch"] = Field(
        "Always", description="When Kubernetes re-owns volumes to fsGroup: Always on mount, or OnRootMismatch (faster on large volumes)."
    )
    sysctls: list[Sysctl] = Field(default_factory=list, description="Namespaced kernel parameters set for the pods.")
    supplementalGroups: list[UserId] = Field(
        default_factory=list, description="Extra group ids every process of the pods belongs to."
    )
    fsGroup: UserId | None = Field(
        1001, description="Group id that owns the mounted volumes and that every process of the pods belongs to."
    )
    # Kubernetes PodSecurityContext fields the chart passes through.
    runAsUser: UserId | None = Field(
        None, description="User id of the pods' containers, unless a container sets its own."
    )
    runAsGroup: UserId | None = Field(
        None, description="Primary group id of the pods' containers, unless a container sets its own."
    )
    runAsNonRoot: bool | None = Field(
        None, description="Refuse to start any container of the pods that would run as root (uid 0)."
    )
    seccompProfile: SeccompProfile | None = Field(
        None, description="Seccomp filter of the pods' containers, unless a container sets its own."
    )
    seLinuxOptions: SELinuxOptions | None = Field(
        None, description="SELinux labels of the pods' containers, unless a container sets its own."
    )
    appArmorProfile: AppArmorProfile | None = Field(
        None, description="AppArmor profile of the pods' containers, unless a container sets its own."
    )
    supplementalGroupsPolicy: Literal["Merge", "Strict"] | None = Field(
        None, description="Merge also adds the groups the image's /etc/group gives the user; Strict uses only the groups listed here."
    )
    seLinuxChangePolicy: Literal["MountOption", "Recursive"] | None = Field(
        None, description="How volumes get their SELinux label: MountOption (at mount, fast) or Recursive (relabel every file)."
    )
    windowsOptions: WindowsOptions | None = Field(None, description="Windows settings of the pods' containers.")


class ContainerSecurityContext(PassThrough):
    """The main container's securityContext (also used by the chart's own init containers)."""

    enabled: bool = Field(
        True, description="Render this securityContext into the main container (and the chart's own init containers); false leaves all of it out."
    )
    seLinuxOptions: SELinuxOptions | None = Field(SELinuxOptions(), description="SELinux labels of the container.")
    runAsUser: UserId | None = Field(
        1001, description="User id the container runs as (the Bitnami images expect 1001)."
    )
    runAsGroup: UserId | None = Field(1001, description="Primary group id of the container's processes.")
    runAsNonRoot: bool | None = Field(
        True, description="Refuse to start the container if it would run as root (uid 0)."
    )
    privileged: bool | None = Field(
        False, description="Run with every host device and capability (restricted and baseline policies refuse it)."
    )
    readOnlyRootFilesystem: bool | None = Field(
        True, description="Mount the image's filesystem read-only; the container writes to volumes only."
    )
    allowPrivilegeEscalation: bool | None = Field(
        False, description="Let a process gain more privileges than its parent (setuid binaries)."
    )
    capabilities: Capabilities | None = Field(
        Capabilities(drop=["ALL"]), description="Linux capabilities added to or dropped from the container."
    )
    seccompProfile: SeccompProfile | None = Field(
        SeccompProfile(type="RuntimeDefault"), description="Seccomp filter of the container."
    )
    # Kubernetes SecurityContext fields the chart passes through.
    procMount: Literal["Default", "Unmasked"] | None = Field(
        None, description="Unmasked shows /proc without the runtime's masks (needs a user namespace); Default keeps them."
    )
    appArmorProfile: AppArmorProfile | None = Field(None, description="AppArmor profile of the container.")
    windowsOptions: WindowsOptions | None = Field(None, description="Windows settings of the container.")


class NodeAffinityPreset(ChartMap):
    type: AffinityPreset = Field(
        "", description="soft prefers, hard requires nodes whose label key has one of values; empty for neither. Ignored when affinity is set."
    )
    key: str = Field("", description="Node label key the preset matches.")
    values: list[str] = Field(default_factory=list, description="Label values the preset accepts.")


class UpdateStrategy(ChartMap):
    type: str = Field(
        "RollingUpdate", description="How pods are replaced on upgrade: RollingUpdate, or Recreate (Deployment) / OnDelete (StatefulSet)."
    )
    rollingUpdate: AnyObject = Field(
        default_factory=dict, description="Settings of a rolling update (maxSurge and maxUnavailable, or a StatefulSet's partition)."
    )


class DeploymentStrategy(UpdateStrategy):
    type: Literal["RollingUpdate", "Recreate"] = "RollingUpdate"


class StatefulSetUpdateStrategy(UpdateStrategy):
    type: Literal["RollingUpdate", "OnDelete"] = "RollingUpdate"


class ServiceAccount(ChartMap):
    create: bool = Field(True, description="Create a ServiceAccount for these pods.")
    name: DnsSubdomain = Field("", description="Name to use (or create); generated from the fullname when empty.")
    automountServiceAccountToken: bool = Field(
        False, description="Let pods of this ServiceAccount mount its API token unless the pod says otherwise."
    )
    annotations: StringMap = Field(
        default_factory=dict, description="Annotations of the ServiceAccount (cloud IAM roles...)."
    )


class Persistence(ChartMap):
    enabled: bool = Field(
        False, description="Keep the data on a PersistentVolumeClaim mounted at mountPath (an emptyDir, lost with the pod, otherwise)."
    )
    storageClass: DnsSubdomain = Field(
        "", description="StorageClass of the claim: empty uses the cluster's default, \"-\" none; global.storageClass beats it."
    )
    existingClaim: DnsSubdomain = Field("", description="Use this PVC; size, storageClass and the rest are then ignored.")
    mountPath: str = Field("/bitnami/deepspeed/data", description="Where the data volume is mounted in the containers.")
    accessModes: list[AccessMode] = Field(
        default_factory=lambda: list[AccessMode](["ReadWriteOnce"]), description="Access modes of the claim (ReadWriteOnce: one node at a time)."
    )
    dataSource: AnyObject = Field(
        default_factory=dict, description="A VolumeSnapshot or another claim the new volume is filled from."
    )
    selector: AnyObject = Field(
        default_factory=dict, description="Label selector that binds the claim to a matching PersistentVolume."
    )
    size: Quantity = Field("8Gi", description="Storage the claim requests (a Kubernetes quantity such as 8Gi).")
    labels: StringMap = Field(default_factory=dict, description="Labels of the claim.")
    annotations: StringMap = Field(default_factory=dict, description="Annotations of the claim.")


class ClientNetworkPolicy(ChartMap):
    enabled: bool = Field(True, description="Create a NetworkPolicy for these pods.")
    allowExternalEgress: bool = Field(
        True, description="Let these pods connect anywhere; false allows only DNS, the chart's own pods and extraEgress."
    )
    extraIngress: AnyList = Field(
        default_factory=list, description="Extra ingress rules of the policy (NetworkPolicyIngressRule objects)."
    )
    extraEgress: AnyList = Field(
        default_factory=list, description="Extra egress rules of the policy (NetworkPolicyEgressRule objects)."
    )


class WorkerNetworkPolicy(ClientNetworkPolicy):
    allowExternal: bool = Field(True, description="Accept SSH from any pod, not only the client.")
    ingressNSMatchLabels: StringMap = Field(
        default_factory=dict, description="With allowExternal false, also accept SSH from namespaces with these labels."
    )
    ingressNSPodMatchLabels: StringMap = Field(
        default_factory=dict, description="With ingressNSMatchLabels, accept SSH only from pods with these labels in those namespaces."
    )


class Component(ChartMap):
    """What the client and the workers have in common."""

    enabled: bool = Field(True, description="Deploy this part (the client or the workers); false renders none of its objects.")
    extraEnvVars: list[EnvVar] = Field(default_factory=list, description="Extra `env` entries (Kubernetes EnvVar objects).")
    extraEnvVarsCM: DnsSubdomain = Field(
        "", description="ConfigMap whose keys become environment variables of the main container."
    )
    extraEnvVarsSecret: DnsSubdomain = Field(
        "", description="Secret whose keys become environment variables of the main container."
    )
    command: list[str] = Field(
        default_factory=list, description="Command of the main container instead of the image's entrypoint."
    )
    args: list[str] = Field(default_factory=list, description="Arguments of the main container instead of the image's.")
    terminationGracePeriodSeconds: SecondsString = Field(
        "", description="Seconds the pods get to stop before they are killed, written as digits in a string; empty keeps Kubernetes' 30."
    )
    customLivenessProbe: AnyObject = Field(
        default_factory=dict, description="A liveness probe of your own (a Kubernetes Probe); replaces livenessProbe."
    )
    customReadinessProbe: AnyObject = Field(
        default_factory=dict, description="A readiness probe of your own (a Kubernetes Probe); replaces readinessProbe."
    )
    customStartupProbe: AnyObject = Field(
        default_factory=dict, description="A startup probe of your own (a Kubernetes Probe); replaces startupProbe."
    )
    resourcesPreset: ResourcesPreset = Field(
        "small", description="Sized requests/limits from the common chart; ignored when `resources` is set. Not for production."
    )
    resources: Resources = Field(
        Resources(), description="Requests and limits of the main container (cpu, memory, GPUs); when set, resourcesPreset is ignored."
    )
    podSecurityContext: PodSecurityContext = Field(PodSecurityContext(), description="Security settings of the pods.")
    containerSecurityContext: ContainerSecurityContext = Field(
        ContainerSecurityContext(), description="Security settings of the main container."
    )
    lifecycleHooks: AnyObject = Field(
        default_factory=dict, description="postStart and preStop hooks of the main container."
    )
    runtimeClassName: DnsSubdomain = Field(
        "", description="RuntimeClass the pods run with (gVisor, Kata, the NVIDIA runtime...)."
    )
    automountServiceAccountToken: bool = Field(False, description="Mount the ServiceAccount's API token into the pods.")
    hostAliases: AnyList = Field(
        default_factory=list, description="Extra /etc/hosts entries of the pods (HostAlias objects)."
    )
    labels: StringMap = Field(default_factory=dict, description="Extra labels of the Deployment, Job or StatefulSet.")
    podLabels: StringMap = Field(default_factory=dict, description="Extra labels of the pods.")
    podAnnotations: StringMap = Field(default_factory=dict, description="Extra annotations of the pods.")
    podAffinityPreset: AffinityPreset = Field("", description="Put these pods on the same nodes: soft prefers it, hard requires it, empty does neither. Ignored when affinity is set.")
    podAntiAffinityPreset: AffinityPreset = Field("soft", description="Spread these pods over different nodes: soft prefers it, hard requires it, empty does neither. Ignored when affinity is set.")
    nodeAffinityPreset: NodeAffinityPreset = Field(
        NodeAffinityPreset(), description="Schedule the pods on nodes with a given label."
    )
    affinity: AnyObject = Field(default_factory=dict, description="Kubernetes affinity of the pods; replaces all three affinity presets.")
    nodeSelector: StringMap = Field(default_factory=dict, description="Labels a node must have to run the pods.")
    tolerations: AnyList = Field(
        default_factory=list, description="Node taints the pods tolerate (Toleration objects)."
    )
    topologySpreadConstraints: AnyList = Field(
        default_factory=list, description="How the pods spread over zones or nodes (TopologySpreadConstraint objects)."
    )
    priorityClassName: DnsSubdomain = Field(
        "", description="PriorityClass of the pods: their order for scheduling and eviction."
    )
    schedulerName: str = Field("", description="Scheduler that places the pods; empty for the cluster's default.")
    extraVolumes: AnyList = Field(default_factory=list, description="Extra volumes of the pods (Volume objects).")
    extraVolumeMounts: AnyList = Field(
        default_factory=list, description="Extra mounts of the main container (VolumeMount objects)."
    )
    sidecars: AnyList = Field(default_factory=list, description="Extra containers (Kubernetes Container objects).")
    enableDefaultInitContainers: bool = Field(
        True, description="Run the chart's SSH set-up init container (on the client also the wait for the workers, the git clone and volume permissions)."
    )
    initContainers: AnyList = Field(
        default_factory=list, description="Extra init containers of the pods (Container objects)."
    )
    serviceAccount: ServiceAccount = Field(ServiceAccount(), description="The ServiceAccount the pods run as.")


# --- client -------------------------------------------------------------------


class Client(Component):
    """The launcher pod: a Deployment, or a Job with `useJob`."""

    useJob: bool = Field(False, description="Run the client as a Job that executes `source.launchCommand` once.")
    backoffLimit: NonNegative = Field(
        10, description="Retries of the client Job before it counts as failed (with useJob)."
    )
    annotations: StringMap = Field(
        default_factory=dict, description="Extra annotations of the client Deployment or Job."
    )
    livenessProbe: Probe = Field(
        Probe(timeoutSeconds=20), description="Liveness probe of the client container: restarts it when its checks fail."
    )
    readinessProbe: Probe = Field(Probe(timeoutSeconds=30), description="Readiness probe of the client container.")
    startupProbe: Probe = Field(
        Probe(enabled=False), description="Startup probe of the client container: holds the other probes back until it passes."
    )
    updateStrategy: DeploymentStrategy = Field(
        DeploymentStrategy(), description="How the client Deployment replaces its pod on upgrade."
    )
    networkPolicy: ClientNetworkPolicy = Field(ClientNetworkPolicy(), description="NetworkPolicy of the client pod.")
    persistence: Persistence = Field(Persistence(), description="Data volume of the client.")


# --- workers ------------------------------------------------------------------


class ContainerPorts(ChartMap):
    ssh: Port = Field(2222, description="Port the workers' SSH server listens on.")


class ServicePorts(ChartMap):
    ssh: Port = Field(22, description="Port the per-worker Services expose SSH on.")


class ExternalService(ChartMap):
    """One Service per worker; the per-replica lists are indexed by pod ordinal."""

    type: ServiceType = Field(
        "ClusterIP", description="Type of the per-worker Services: ClusterIP, NodePort or LoadBalancer."
    )
    loadBalancerIPs: list[str] = Field(default_factory=list, description="One load balancer IP per worker, used only when it has exactly replicaCount entries.")
    externalIPs: list[str] = Field(default_factory=list, description="One external IP per worker, in ordinal order; used with type NodePort.")
    loadBalancerAnnotations: list[StringMap] = Field(default_factory=list, description="One annotation map per worker, used only when it has exactly replicaCount entries.")
    publishNotReadyAddresses: bool = Field(False, description="Publish a worker's address before it is ready.")
    ports: ServicePorts = Field(ServicePorts(), description="Ports of the per-worker Services.")
    nodePorts: list[Port] = Field(default_factory=list, description="One node port per worker, in ordinal order; a worker without one gets a random port.")
    sessionAffinityConfig: AnyObject = Field(
        default_factory=dict, description="Settings of the session affinity (the ClientIP timeout)."
    )
    sessionAffinity: Literal["None", "ClientIP"] = Field(
        "None", description="None, or ClientIP to send each client's connections to the same pod."
    )
    loadBalancerSourceRanges: list[str] = Field(
        default_factory=list, description="Client address ranges (CIDRs) a LoadBalancer accepts; empty accepts all."
    )
    externalTrafficPolicy: Literal["Cluster", "Local"] = Field(
        "Cluster", description="Local keeps the client's source address and only uses nodes running the worker; Cluster spreads over every node."
    )
    labels: StringMap = Field(default_factory=dict, description="Extra labels of the per-worker Services.")
    annotations: StringMap = Field(default_factory=dict, description="Extra annotations of the per-worker Services.")
    extraPorts: AnyList = Field(
        default_factory=list, description="Extra ports of the per-worker Services (ServicePort objects)."
    )


class ExternalAccess(ChartMap):
    enabled: bool = Field(
        False, description="Create one Service per worker so that SSH reaches each worker from outside the cluster."
    )
    service: ExternalService = Field(ExternalService(), description="The per-worker Services.")


class Worker(Component):
    """The StatefulSet of SSH servers the client launches training on."""

    slotsPerNode: Positive = Field(1, description="Processes (usually GPUs) per worker, written to the host file.")
    replicaCount: NonNegative = Field(3, description="Number of worker pods: the nodes the training runs on.")
    containerPorts: ContainerPorts = Field(ContainerPorts(), description="Ports the worker container listens on.")
    livenessProbe: Probe = Field(
        Probe(), description="Liveness probe of each worker's SSH server: restarts it when its checks fail."
    )
    readinessProbe: Probe = Field(Probe(), description="Readiness probe of each worker's SSH server.")
    startupProbe: Probe = Field(
        Probe(enabled=False), description="Startup probe of each worker's SSH server: holds the other probes back until it passes."
    )
    annotations: StringMap = Field(default_factory=dict, description="Extra annotations of the worker StatefulSet.")
    podManagementPolicy: Literal["OrderedReady", "Parallel"] = Field(
        "Parallel", description="Start the workers all at once (Parallel) or one after another (OrderedReady); keep Parallel, the cluster forms only when every worker is up."
    )
    updateStrategy: StatefulSetUpdateStrategy = Field(
        StatefulSetUpdateStrategy(), description="How the StatefulSet replaces worker pods on upgrade."
    )
    headlessServiceAnnotations: StringMap = Field(
        default_factory=dict, description="Annotations of the headless Service that gives each worker its DNS name."
    )
    externalAccess: ExternalAccess = Field(
        ExternalAccess(), description="Reaching each worker from outside the cluster."
    )
    networkPolicy: WorkerNetworkPolicy = Field(WorkerNetworkPolicy(), description="NetworkPolicy of the worker pods.")
    persistence: Persistence = Field(Persistence(), description="Data volume of the workers (one claim per worker).")


# --- volume permissions ---------------------------------------------------------


class VolumePermissions(ChartMap):
    enabled: bool = Field(False, description="Run a root init container that chowns the data volume.")
    image: Image = Field(
        Image(registry="docker.io", repository="bitnami/os-shell", tag="12-debian-12-r21"), description="Image of that init container."
    )
    resourcesPreset: ResourcesPreset = Field(
        "nano", description="Sized requests and limits of that init container; ignored when resources is set."
    )
    resources: Resources = Field(Resources(), description="Requests and limits of that init container.")


# --- the whole tree ---------------------------------------------------------------


class Values(ChartMap):
    """The root of the chart's values."""

    global_: Global = Field(
        Global(), alias="global", description="Settings every chart of a release reads (registry, pull secrets, storage class...)."
    )
    kubeVersion: str = Field("", description="Kubernetes version the templates assume instead of the cluster's.")
    nameOverride: DnsLabel = Field("", description="Name used instead of the chart's in the names of the objects.")
    fullnameOverride: DnsLabel = Field("", description="Full name used instead of release-chart for the objects.")
    commonLabels: StringMap = Field(default_factory=dict, description="Labels added to every object the chart deploys.")
    commonAnnotations: StringMap = Field(
        default_factory=dict, description="Annotations added to every object the chart deploys."
    )
    clusterDomain: str = Field(
        "cluster.local", description="DNS domain of the cluster; the chart's templates do not read it."
    )
    extraDeploy: AnyList = Field(default_factory=list, description="Extra Kubernetes objects (templated) to deploy.")
    diagnosticMode: DiagnosticMode = Field(
        DiagnosticMode(), description="Start every container with diagnosticMode.command instead, to debug from inside."
    )
    image: Image = Field(
        Image(registry="docker.io", repository="bitnami/deepspeed", tag="0.14.2-debian-12-r3"), description="The DeepSpeed image the client and the workers run."
    )
    source: Source = Field(Source(), description="Where the training code comes from.")
    config: Config = Field(Config(), description="Host file and SSH configuration of the training cluster.")
    client: Client = Field(
        Client(), description="The client: the pod that launches the training on the workers over SSH."
    )
    worker: Worker = Field(Worker(), description="The workers: SSH servers that run the training processes.")
    gitImage: Image = Field(
        Image(registry="docker.io", repository="bitnami/git", tag="2.45.1-debian-12-r0"), description="Image of the init container that clones source.git."
    )
    volumePermissions: VolumePermissions = Field(
        VolumePermissions(), description="An init container that gives the data volume to the containers' user."
    )
