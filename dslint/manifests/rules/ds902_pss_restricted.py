"""DS902 pod-security-restricted: a pod fails a control the Restricted Pod Security Standard adds to Baseline."""

from __future__ import annotations

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.manifests.context import ManifestContext, ManifestProblem
from dslint.rules import MANIFESTS_LANE, Rule

RULE = Rule(
    code="DS902",
    name="pod-security-restricted",
    severity=Severity.ERROR,
    summary="A pod template fails a Restricted Pod Security Standard control (non-root, privilege escalation, seccomp, capabilities, volume types).",
    rationale=(
        "A namespace labelled `pod-security.kubernetes.io/enforce: restricted` refuses such pods: the "
        "Deployment or StatefulSet is created but its pods never start. The controls checked are those "
        "Restricted adds to Baseline: Volume Types, Privilege Escalation, Running as Non-root, Running as "
        "Non-root user, Seccomp and Capabilities (drop ALL, add at most NET_BIND_SERVICE), and /proc Mount "
        "Type for user-namespaced pods, for every container including init containers and sidecars, as "
        "the policy version (`--pss-version`, default the `--kube-version`) defines them. Baseline's own "
        "controls are DS903, so a pod meets Restricted when neither fires. With `--pss-level baseline` "
        "these findings are info: advice that does not fail the run."
    ),
    bad=(
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: trainer\n"
        "spec:\n"
        "  containers:\n"
        "    - name: trainer\n"
        "      image: docker.io/bitnami/deepspeed:0.14.2-debian-12-r3\n"
        "      securityContext:\n"
        "        runAsUser: 0\n"
    ),
    good=(
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: trainer\n"
        "spec:\n"
        "  securityContext:\n"
        "    runAsNonRoot: true\n"
        "    seccompProfile: {type: RuntimeDefault}\n"
        "  containers:\n"
        "    - name: trainer\n"
        "      image: docker.io/bitnami/deepspeed:0.14.2-debian-12-r3\n"
        "      securityContext:\n"
        "        runAsUser: 1001\n"
        "        allowPrivilegeEscalation: false\n"
        "        capabilities: {drop: [ALL]}\n"
    ),
    fix=(
        "Set, per container or for the pod: runAsNonRoot: true, a non-zero runAsUser, "
        "allowPrivilegeEscalation: false, capabilities.drop: [ALL], seccompProfile.type: RuntimeDefault. "
        "For the DeepSpeed chart these are `<component>.containerSecurityContext` / `.podSecurityContext`."
    ),
    lane=MANIFESTS_LANE,
    security=True,
)


def check(ctx: ManifestContext) -> Iterator[ManifestProblem]:
    if ctx.pod is None:
        return
    from dslint.manifests.pss import restricted

    # A namespace enforcing Baseline admits these pods: Restricted's extra controls are advice
    # there (info: they never fail a run at the usual --fail-on error or warning).
    severity = Severity.INFO if ctx.pss_level == "baseline" else None
    for violation in restricted(ctx.pod, ctx.pss_minor):
        yield ctx.problem(violation.field, f"{violation.control}: {violation.message}", violation.fix,
                          container=violation.container, severity=severity)
