"""DS304 needs-privileged-scc: containers OpenShift's restricted-v2 SCC does not admit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dslint.findings import Severity
from dslint.knowledge.chart import active_components, volume_permissions_rendered
from dslint.knowledge.kubernetes import RESTRICTED_CAPABILITIES, capability_name
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import added_capabilities, chart_subject, user_subjects

if TYPE_CHECKING:
    from dslint.model.view import Path
    from dslint.rules._security import Subject


RULE = Rule(
    code="DS304",
    name="needs-privileged-scc",
    severity=Severity.ERROR,
    summary="On OpenShift, root, privileged, escalating, capability-adding, unconfined or hostPath containers that restricted-v2 rejects.",
    rationale=(
        "Every service account on OpenShift gets the restricted-v2 SCC: ids from the namespace's range, "
        "no privileged containers, no privilege escalation, no added capability but NET_BIND_SERVICE, "
        "the runtime/default seccomp profile, and no hostPath volumes. A pod that asks for more is "
        "refused unless an administrator grants its service account a wider SCC (anyuid for root, "
        "hostmount-anyuid for hostPath, privileged for the rest), which widens it for every pod using "
        "that account. The chart's own volume-permissions init container always runs as root."
    ),
    bad="""\
worker:
  containerSecurityContext:
    privileged: true
    allowPrivilegeEscalation: true
""",
    good="""\
worker:
  containerSecurityContext:
    privileged: false
    allowPrivilegeEscalation: false
""",
    fix=(
        "Keep the containers within restricted-v2 (drop the setting the message names); if the workload "
        "truly needs it, have an administrator bind the narrowest SCC to a dedicated service account "
        "(`serviceAccount.name`)."
    ),
    security=True,
    example_options={"platform": "openshift"},
)


def _demands(subject: Subject) -> Iterator[tuple[Path, str, str]]:
    """(path, what it asks for, SCC that allows it) for one container securityContext."""
    sc = subject.sc or {}
    if sc.get("privileged") is True:
        yield subject.sc_path + ("privileged",), "a privileged container", "privileged"
    if sc.get("allowPrivilegeEscalation") is True:
        yield subject.sc_path + ("allowPrivilegeEscalation",), "privilege escalation", "privileged"
    if sc.get("runAsUser") == 0 and not subject.sc_adapted:
        yield subject.sc_path + ("runAsUser",), "running as root", "anyuid"
    for index, cap in enumerate(added_capabilities(sc)):
        name = capability_name(cap)
        if name not in RESTRICTED_CAPABILITIES:
            yield subject.sc_path + ("capabilities", "add", index), f"the capability {name}", "privileged"
    seccomp = sc.get("seccompProfile")
    if isinstance(seccomp, dict) and seccomp.get("type") in ("Unconfined", "Localhost"):
        yield subject.sc_path + ("seccompProfile", "type"), f"the {seccomp['type']} seccomp profile", "privileged"


def check(ctx: ValuesContext) -> Iterator[Problem]:
    if not ctx.openshift:
        return
    values = ctx.values
    for component in active_components(values):
        subjects = [chart_subject(ctx, component)] + [s for s, _ in user_subjects(ctx, component)]
        pod = subjects[0].pod_sc or {}
        if pod.get("runAsUser") == 0 and not subjects[0].pod_adapted:
            yield ctx.problem((component, "podSecurityContext", "runAsUser"), _message("running as root", "anyuid", component))
        for subject in subjects:
            if subject.sc is None:
                continue
            for path, what, scc in _demands(subject):
                yield ctx.problem(path, _message(what, scc, component) + f" (applies to {subject.label})")
        volumes = values.get(f"{component}.extraVolumes")
        for index, volume in enumerate(volumes if isinstance(volumes, list) else []):
            if isinstance(volume, dict) and isinstance(volume.get("hostPath"), dict):
                yield ctx.problem((component, "extraVolumes", index, "hostPath"), _message("a hostPath volume", "hostmount-anyuid", component))
    for component in volume_permissions_rendered(values):
        yield ctx.problem(
            "volumePermissions.enabled",
            _message("the root volume-permissions init container", "anyuid", component),
        )


def _message(what: str, scc: str, component: str) -> str:
    return f"{what} needs an SCC beyond restricted-v2 (such as {scc}): OpenShift refuses the {component} pods otherwise"
