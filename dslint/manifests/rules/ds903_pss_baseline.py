"""DS903 pod-security-baseline: a pod fails a Baseline Pod Security Standard control."""

from __future__ import annotations

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.manifests.context import ManifestContext, ManifestProblem
from dslint.rules import MANIFESTS_LANE, Rule

RULE = Rule(
    code="DS903",
    name="pod-security-baseline",
    severity=Severity.ERROR,
    summary="A pod template fails a Baseline Pod Security Standard control (privileged, host namespaces, hostPath, host ports, capabilities...).",
    rationale=(
        "Baseline is the floor of Pod Security Admission: namespaces enforcing `baseline` or `restricted` "
        "refuse these pods, and each control is a known way out of the container. Checked for every "
        "container, init containers and sidecars included: HostProcess, Host Namespaces, Privileged "
        "Containers, Capabilities (only the runtime's default set may be added), HostPath Volumes, Host "
        "Ports, Host Probes / Lifecycle Hooks (from 1.34), AppArmor, SELinux, /proc Mount Type, Seccomp "
        "(the alpha annotations before 1.19, the fields from 1.19) and Sysctls (the safe set of the "
        "policy version: `--pss-version`, default the `--kube-version`)."
    ),
    bad=(
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: trainer\n"
        "spec:\n"
        "  hostIPC: true\n"
        "  containers:\n"
        "    - name: trainer\n"
        "      image: docker.io/bitnami/deepspeed:0.14.2-debian-12-r3\n"
        "      securityContext:\n"
        "        privileged: true\n"
    ),
    good=(
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: trainer\n"
        "spec:\n"
        "  containers:\n"
        "    - name: trainer\n"
        "      image: docker.io/bitnami/deepspeed:0.14.2-debian-12-r3\n"
        "      securityContext:\n"
        "        privileged: false\n"
    ),
    fix=(
        "Remove the privilege named in the message. For the DeepSpeed chart, `privileged` and "
        "`capabilities` are in `<component>.containerSecurityContext`; host access usually comes from "
        "`extraVolumes`, `sidecars` or `extraDeploy`."
    ),
    lane=MANIFESTS_LANE,
    security=True,
)


def check(ctx: ManifestContext) -> Iterator[ManifestProblem]:
    if ctx.pod is None:
        return
    from dslint.manifests.pss import baseline

    for violation in baseline(ctx.pod, ctx.pss_minor):
        yield ctx.problem(violation.field, f"{violation.control}: {violation.message}", violation.fix,
                          container=violation.container)
