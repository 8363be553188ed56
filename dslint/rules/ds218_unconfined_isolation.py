"""DS218 unconfined-isolation: AppArmor, SELinux, /proc or Windows settings that lift isolation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from dslint.findings import Severity
from dslint.knowledge.chart import active_components, context_path, security_context
from dslint.knowledge.kubernetes import selinux_types
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import user_subjects

if TYPE_CHECKING:
    from dslint.model.view import Path


RULE = Rule(
    code="DS218",
    name="unconfined-isolation",
    severity=Severity.ERROR,
    summary="An `Unconfined` AppArmor profile, an unmasked /proc, a custom SELinux user, role or type, or a Windows host process.",
    rationale=(
        "The chart passes the whole securityContext through, including the fields that switch "
        "kernel isolation off: `appArmorProfile.type: Unconfined`, `procMount: Unmasked`, "
        "`seLinuxOptions` with a `user`, a `role` or a type such as `spc_t` (\"super privileged "
        "container\"), and `windowsOptions.hostProcess`. Each one is forbidden by the baseline Pod "
        "Security Standard, the least strict policy a shared cluster enforces."
    ),
    bad="""\
worker:
  containerSecurityContext:
    seLinuxOptions:
      type: spc_t
""",
    good="""\
worker:
  containerSecurityContext:
    seLinuxOptions: {}
    appArmorProfile:
      type: RuntimeDefault
""",
    fix="Remove the field (set it to `null`) so the runtime's default confinement applies.",
    security=True,
)



def _issues(path: Path, sc: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    armor = sc.get("appArmorProfile")
    if isinstance(armor, dict) and armor.get("type") == "Unconfined":
        yield path + ("appArmorProfile", "type"), "`appArmorProfile.type: Unconfined` turns AppArmor off"
    if sc.get("procMount") == "Unmasked":
        yield path + ("procMount",), "`procMount: Unmasked` exposes the host's /proc paths the runtime hides"
    selinux = sc.get("seLinuxOptions")
    if isinstance(selinux, dict):
        for field in ("user", "role"):
            if selinux.get(field):
                yield path + ("seLinuxOptions", field), f"`seLinuxOptions.{field}` replaces the SELinux {field} containers run with"
        if isinstance(selinux.get("type"), str) and selinux["type"] not in selinux_types():
            yield path + ("seLinuxOptions", "type"), f"`seLinuxOptions.type: {selinux['type']}` runs it outside the container SELinux domain"
    windows = sc.get("windowsOptions")
    if isinstance(windows, dict) and windows.get("hostProcess") is True:
        yield path + ("windowsOptions", "hostProcess"), "`windowsOptions.hostProcess: true` runs it as a process on the Windows node"


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for component in active_components(values):
        for kind in ("pod", "container"):
            sc = security_context(values, component, kind)
            if sc is not None:
                for path, text in _issues(context_path(component, kind), sc):
                    yield ctx.problem(path, f"{text} ({component} {kind} securityContext)")
        for subject, _ in user_subjects(ctx, component):
            if subject.sc is not None:
                for path, text in _issues(subject.sc_path, subject.sc):
                    yield ctx.problem(path, f"{subject.label}: {text}")
