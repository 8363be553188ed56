"""How the chart turns security values into pods: shared by the DS2xx, DS3xx and DS7xx rules.

The chart renders `<component>.podSecurityContext` and
`<component>.containerSecurityContext` through the common library's
`renderSecurityContext`: everything but `enabled` goes to Kubernetes as it is,
except that the OpenShift adaptation (`force`, or `auto` when Helm sees the
`security.openshift.io/v1` API) drops `runAsUser`, `runAsGroup` and `fsGroup`
and an empty `seLinuxOptions`.  The component's container context also goes,
unchanged, to the chart's own init containers (SSH set-up, wait-for-workers,
git clone).  Sidecars and init containers the user adds keep exactly the
securityContext they were written with, inheriting only pod-level fields.

A `Subject` is one securityContext as a container will run with it; the
checks below return `Issue`s that the rules turn into findings, so DS203-DS208
and DS214 judge chart and user containers with the same code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.findings import Location
from dslint.knowledge.chart import (
    active_components,
    adaptation_active,
    chart_init_containers,
    context_path,
    security_context,
    user_containers,
)
from dslint.knowledge.kubernetes import RESTRICTED_CAPABILITIES, capability_name, in_project_range
from dslint.rules import Problem, ValuesContext

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from dslint.model.view import ChartValues

# A values path: keys and list indices.
from dslint.findings import ValuesPath as Path

# --- what the chart renders -----------------------------------------------------


def chart_containers_phrase(values: ChartValues, component: str) -> str:
    """`the worker container and its init container ssh-server-configure`."""
    inits = chart_init_containers(values, component)
    text = f"the {component} container"
    if len(inits) == 1:
        text += f" and its init container {inits[0]}"
    elif inits:
        text += f" and its init containers {', '.join(inits)}"
    return text


def fixed_ids(values: ChartValues) -> list[tuple[Path, Any]]:
    """runAsUser/fsGroup values the chart renders (before any adaptation), with their paths."""
    out: list[tuple[Path, Any]] = []
    for component in active_components(values):
        for kind, fields in (("pod", ("runAsUser", "fsGroup")), ("container", ("runAsUser",))):
            found = security_context(values, component, kind)
            if found is not None:
                out.extend((context_path(component, kind) + (field,), found[field])
                           for field in fields if isinstance(found.get(field), int))
    return out


def refused_ids(values: ChartValues) -> list[tuple[Path, Any]]:
    """The fixed ids restricted-v2 refuses in any project: those outside OpenShift's project range."""
    return [(path, value) for path, value in fixed_ids(values) if not in_project_range(value)]


def fixed_ids_phrase(ids: Iterable[tuple[Path, Any]]) -> str:
    """`runAsUser 1001 (client, worker), fsGroup 1001 (client, worker)`."""
    grouped: dict[tuple[str | int, Any], list[str]] = {}
    for path, value in ids:
        components = grouped.setdefault((path[-1], value), [])
        if str(path[0]) not in components:
            components.append(str(path[0]))
    return ", ".join(f"{field} {value} ({', '.join(components)})" for (field, value), components in grouped.items())


def hide_argument(location: Location) -> Location:
    """A `--set` location without its argument text (which may hold a secret)."""
    if location.argument is None or location.source == "--set-file":
        return location
    return Location(location.source, location.line, location.column)


# --- one container's effective securityContext ----------------------------------


class Subject(NamedTuple):
    """A securityContext as one container (or the chart's group of containers) runs with it."""

    label: str
    sc_path: Path
    sc: dict[str, Any] | None
    pod_path: Path | None = None
    pod_sc: dict[str, Any] | None = None
    # renderSecurityContext removed the ids from the container / pod context.
    sc_adapted: bool = False
    pod_adapted: bool = False
    # A user container: missing fields count, since nothing fills them in.
    user: bool = False


class Issue(NamedTuple):
    path: Path
    text: str
    # The user wrote a bad value (rather than leaving a field out).
    explicit: bool = True


def chart_subject(ctx: ValuesContext, component: str) -> Subject:
    values = ctx.values
    adapted = adaptation_active(ctx)
    return Subject(
        label=chart_containers_phrase(values, component),
        sc_path=context_path(component, "container"),
        sc=security_context(values, component, "container"),
        pod_path=context_path(component, "pod"),
        pod_sc=security_context(values, component, "pod"),
        sc_adapted=adapted,
        pod_adapted=adapted,
    )


def user_subjects(ctx: ValuesContext, component: str) -> Iterator[tuple[Subject, dict[str, Any]]]:
    values = ctx.values
    adapted = adaptation_active(ctx)
    for path, container, described in user_containers(values, component):
        sc = container.get("securityContext")
        yield Subject(
            label=f"the {described}",
            sc_path=path + ("securityContext",),
            sc=sc if isinstance(sc, dict) else None,
            pod_path=context_path(component, "pod"),
            pod_sc=security_context(values, component, "pod"),
            pod_adapted=adapted,
            user=True,
        ), container


def _inherited(subject: Subject, field: str, *, adapted_field: bool = False) -> tuple[Path, Any]:
    """(path, value) of a field the container sets, or inherits from the pod.

    Neither: the container's path (where the user would add it) and None.
    """
    sc = subject.sc or {}
    if sc.get(field) is not None and not (adapted_field and subject.sc_adapted):
        return subject.sc_path + (field,), sc[field]
    pod = subject.pod_sc or {}
    if subject.pod_path is not None and pod.get(field) is not None and not (adapted_field and subject.pod_adapted):
        return subject.pod_path + (field,), pod[field]
    return subject.sc_path + (field,), None


def root_issues(subject: Subject) -> list[Issue]:
    out: list[Issue] = []
    uid_path, uid = _inherited(subject, "runAsUser", adapted_field=True)
    flag_path, non_root = _inherited(subject, "runAsNonRoot")
    if uid == 0:
        if non_root is True:
            out.append(Issue(uid_path, "`runAsUser: 0` with `runAsNonRoot: true`: the kubelet refuses to start it (CreateContainerConfigError)"))
        else:
            out.append(Issue(uid_path, "`runAsUser: 0` means root"))
    if non_root is False:
        out.append(Issue(flag_path, "`runAsNonRoot: false` turns off the kubelet's refusal to start a root process"))
    if subject.user and not out and non_root is not True and not (isinstance(uid, int) and uid > 0):
        out.append(Issue(subject.sc_path, "no `runAsNonRoot: true` or non-zero `runAsUser` (here or on the pod), so the image decides the user, often root", explicit=False))
    return out


def privileged(subject: Subject) -> bool:
    return (subject.sc or {}).get("privileged") is True


def privileged_issues(subject: Subject) -> list[Issue]:
    if privileged(subject):
        return [Issue(subject.sc_path + ("privileged",), "`privileged: true` grants every capability and the node's devices")]
    return []


def escalation_issues(subject: Subject) -> list[Issue]:
    value = (subject.sc or {}).get("allowPrivilegeEscalation")
    if value is True:
        return [Issue(subject.sc_path + ("allowPrivilegeEscalation",), "`allowPrivilegeEscalation: true` lets setuid programs gain privileges")]
    # A privileged container escalates anyway; DS204 speaks for it.
    if value is None and not privileged(subject):
        return [Issue(subject.sc_path + ("allowPrivilegeEscalation",), "`allowPrivilegeEscalation` is not set, and Kubernetes then allows escalation", explicit=False)]
    return []


def added_capabilities(sc: dict[str, Any]) -> list[Any]:
    """`capabilities.add` of a securityContext, when it is the list Kubernetes expects."""
    caps = sc.get("capabilities")
    added = caps.get("add") if isinstance(caps, dict) else None
    return added if isinstance(added, list) else []


def capability_issues(subject: Subject) -> list[Issue]:
    if privileged(subject):
        return []  # a privileged container has every capability; DS204 speaks for it
    sc = subject.sc or {}
    caps = sc.get("capabilities")
    caps_path = subject.sc_path + ("capabilities",)
    out: list[Issue] = []
    if not isinstance(caps, dict):
        return [Issue(caps_path, "no `capabilities.drop: [ALL]`, so the runtime's default capabilities stay", explicit=False)]
    drop = caps.get("drop")
    if not isinstance(drop, list):
        drop = []
    if "ALL" not in {capability_name(c) for c in drop}:
        where = caps_path + ("drop",) if "drop" in caps else caps_path
        out.append(Issue(where, "`capabilities.drop` lacks `ALL`, so the runtime's default capabilities stay", explicit=bool(drop) or "drop" in caps))
    for index, cap in enumerate(added_capabilities(sc)):
        if capability_name(cap) not in RESTRICTED_CAPABILITIES:
            out.append(Issue(caps_path + ("add", index), f"`capabilities.add` grants {capability_name(cap)}"))
    return out


def read_only_issues(subject: Subject) -> list[Issue]:
    value = (subject.sc or {}).get("readOnlyRootFilesystem")
    if value is True:
        return []
    text = "`readOnlyRootFilesystem: false` makes the image's filesystem writable" if value is False else (
        "`readOnlyRootFilesystem` is not set, so the image's filesystem is writable"
    )
    return [Issue(subject.sc_path + ("readOnlyRootFilesystem",), text, explicit=value is False)]


def seccomp_issues(subject: Subject) -> list[Issue]:
    path, profile = _inherited(subject, "seccompProfile")
    if isinstance(profile, dict):
        if profile.get("type") == "Unconfined":
            return [Issue(path + ("type",), "`seccompProfile.type: Unconfined` allows every system call")]
        return []
    return [Issue(subject.sc_path + ("seccompProfile",), "no `seccompProfile` here or on the pod, so system calls may go unfiltered", explicit=False)]


HARDENING_CHECKS = (root_issues, privileged_issues, escalation_issues, capability_issues, read_only_issues, seccomp_issues)


def chart_hardening_problems(ctx: ValuesContext, check: Callable[[Subject], list[Issue]]) -> Iterator[Problem]:
    """DS203-DS208: one hardening check over the chart's own containers of each component.

    A disabled container context is DS202's finding alone: its fields are not
    rendered, so only what the user wrote on the (rendered) pod context counts.
    """
    for component in active_components(ctx.values):
        subject = chart_subject(ctx, component)
        for issue in check(subject):
            # With the container context disabled, the issues come from the pod context alone.
            if subject.sc is None and not issue.explicit:
                continue
            yield ctx.problem(issue.path, f"{issue.text} (applies to {subject.label})")


# --- the SSH private key ------------------------------------------------------------
# Findings about `config.sshPrivateKey` never quote it: messages name what is
# wrong, never the text.


def key_placeholder(text: str) -> bool:
    """A reference another tool replaces before Helm runs (vals, argocd-vault-plugin, envsubst)."""
    stripped = text.strip()
    return (
        stripped.startswith(("ref+", "<path:", "${", "$(", "{{"))
        or (stripped.startswith("<") and stripped.endswith(">") and "\n" not in stripped)
    )


def key_material(text: str) -> bool:
    """Does the value look like private key text (rather than a reference to one)?"""
    return "PRIVATE KEY" in text or "PuTTY-User-Key-File" in text


def key_location(ctx: ValuesContext, path: Path) -> Location:
    return hide_argument(ctx.values.location(path))
