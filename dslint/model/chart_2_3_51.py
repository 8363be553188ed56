"""The values of the Bitnami DeepSpeed chart 2.3.51: what changed since 2.1.1.

New keys: `global.defaultStorageClass` (replacing the deprecated
`global.storageClass`), `global.security.allowInsecureImages` (2.3.0 refuses
images outside the Bitnami catalogue unless it is true) and `client.pdb` /
`worker.pdb`.  New defaults: newer image tags, the `medium` resources preset
and longer client probe timeouts.
"""

from __future__ import annotations

from pydantic import Field

from dslint.model import chart_2_1_1 as v211
from dslint.model.base import ChartMap
from dslint.model.types import DnsSubdomain, NonNegative

CHART_VERSION = "2.3.51"

# An integer or a percentage ("50%"); empty leaves the choice to the chart.
PdbBound = NonNegative | str


class Security(ChartMap):
    allowInsecureImages: bool = Field(
        False, description="Let the chart deploy images it does not recognise (anything but its own tags)."
    )


class Compatibility(v211.Compatibility):
    # Read by the common library 2.31 this chart ships, though its values.yaml
    # does not list it.
    omitEmptySeLinuxOptions: bool | None = Field(
        None, description="Drop an empty seLinuxOptions from rendered security contexts (OpenShift refuses `{}`)."
    )


class Global(v211.Global):
    compatibility: Compatibility = Compatibility()
    defaultStorageClass: DnsSubdomain = Field(
        "", description="StorageClass of the PVCs whose persistence.storageClass is empty (global.storageClass beats both)."
    )
    # The meaning stays 2.1.1's; the note names the replacement (DS107 offers the move).
    storageClass: DnsSubdomain = Field("", deprecated="use global.defaultStorageClass.")
    security: Security = Field(Security(), description="Checks the chart makes on the images it deploys.")


class PodDisruptionBudget(ChartMap):
    create: bool = Field(True, description="Create a PodDisruptionBudget for these pods.")
    minAvailable: PdbBound = Field(
        "", description="Pods that must stay up during voluntary disruptions such as node drains (a number or a percentage)."
    )
    maxUnavailable: PdbBound = Field(
        "", description="Pods that may be down during voluntary disruptions (a number or a percentage); the chart uses 1 when both bounds are empty."
    )


class Client(v211.Client):
    resourcesPreset: v211.ResourcesPreset = "medium"
    livenessProbe: v211.Probe = v211.Probe(timeoutSeconds=60)
    readinessProbe: v211.Probe = v211.Probe(timeoutSeconds=90)
    pdb: PodDisruptionBudget = Field(PodDisruptionBudget(), description="PodDisruptionBudget of the client pod.")


class Worker(v211.Worker):
    resourcesPreset: v211.ResourcesPreset = "medium"
    pdb: PodDisruptionBudget = Field(PodDisruptionBudget(), description="PodDisruptionBudget of the worker pods.")


class VolumePermissions(v211.VolumePermissions):
    image: v211.Image = v211.Image(registry="docker.io", repository="bitnami/os-shell", tag="12-debian-12-r51")


class Values(v211.Values):
    global_: Global = Field(Global(), alias="global")
    image: v211.Image = v211.Image(registry="docker.io", repository="bitnami/deepspeed", tag="0.17.5-debian-12-r0")
    client: Client = Client()
    worker: Worker = Worker()
    gitImage: v211.Image = v211.Image(registry="docker.io", repository="bitnami/git", tag="2.51.0-debian-12-r0")
    volumePermissions: VolumePermissions = VolumePermissions()
