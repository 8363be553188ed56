"""DS217 host-path-volume: extra volumes that mount the node's filesystem."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import active_components
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext

RULE = Rule(
    code="DS217",
    name="host-path-volume",
    severity=Severity.WARNING,
    summary="A `hostPath` volume in `client.extraVolumes` or `worker.extraVolumes`.",
    rationale=(
        "The chart adds `extraVolumes` to the pods as written. A hostPath volume reaches past the "
        "container into the node: the data outlives the pod, is shared with whatever else runs on "
        "the node, and paths such as /, /etc, /var/lib/kubelet or a container runtime socket hand "
        "over the node itself. The baseline Pod Security Standard and OpenShift's restricted-v2 "
        "SCC reject hostPath volumes."
    ),
    bad="""\
worker:
  extraVolumes:
    - name: shm
      hostPath:
        path: /dev/shm
""",
    good="""\
worker:
  extraVolumes:
    - name: shm
      emptyDir:
        medium: Memory
        sizeLimit: 8Gi
""",
    fix=(
        "Use an emptyDir (`medium: Memory` for /dev/shm), a PersistentVolumeClaim, or a CSI volume "
        "instead; for node-local disks, use a local PersistentVolume."
    ),
    profiles=frozenset({PRODUCTION}),
    security=True,
)

# Mounting these (or anything below them) gives the pod the node.
SENSITIVE_TREES = ("/etc", "/root", "/boot", "/proc", "/sys", "/var/lib/kubelet", "/var/lib/docker",
                   "/var/lib/containerd", "/var/run", "/run", "/var/log", "/home")
SENSITIVE_EXACT = frozenset({"/", "/dev", "/var", "/usr"})


def _sensitive(path: str) -> bool:
    clean = "/" + path.strip().strip("/")
    if clean in SENSITIVE_EXACT or clean.endswith(".sock"):
        return True
    return any(clean == tree or clean.startswith(tree + "/") for tree in SENSITIVE_TREES)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for component in active_components(values):
        volumes = values.get(f"{component}.extraVolumes")
        if not isinstance(volumes, list):
            continue
        for index, volume in enumerate(volumes):
            if not isinstance(volume, dict) or not isinstance(volume.get("hostPath"), dict):
                continue
            host_path = volume["hostPath"].get("path")
            name = volume.get("name", f"#{index + 1}")
            message = f"the {component} volume {name!r} mounts the node's filesystem"
            if isinstance(host_path, str):
                message += f" at {host_path!r}"
                if _sensitive(host_path):
                    message += ", a path that gives the pod control over the node"
            yield ctx.problem((component, "extraVolumes", index, "hostPath"), message)
