"""DS215 privileged-with-escalation-disabled: a securityContext the API server refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dslint.findings import Severity
from dslint.knowledge.chart import active_components
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import added_capabilities, chart_subject, user_subjects

if TYPE_CHECKING:
    from dslint.model.view import Path
    from dslint.rules._security import Subject


RULE = Rule(
    code="DS215",
    name="privileged-with-escalation-disabled",
    severity=Severity.ERROR,
    summary="`privileged: true` (or the capability `CAP_SYS_ADMIN`) together with `allowPrivilegeEscalation: false`.",
    rationale=(
        "Kubernetes refuses a container that is privileged, or adds `CAP_SYS_ADMIN`, while forbidding "
        "privilege escalation (\"cannot set `allowPrivilegeEscalation` to false and `privileged` to "
        "true\"). The chart sets `allowPrivilegeEscalation: false` by default, so turning on "
        "`privileged` alone makes the StatefulSet or Deployment unable to create a single pod."
    ),
    bad="""\
worker:
  containerSecurityContext:
    privileged: true
""",
    good="""\
worker:
  containerSecurityContext:
    privileged: false
    allowPrivilegeEscalation: false
""",
    fix="Drop `privileged: true` (see DS204); if the container really must be privileged, also set `allowPrivilegeEscalation: true`.",
)


def _conflicts(subject: Subject) -> Iterator[tuple[Path, str, Path]]:
    sc = subject.sc or {}
    if sc.get("allowPrivilegeEscalation") is not False:
        return
    escalation = subject.sc_path + ("allowPrivilegeEscalation",)
    if sc.get("privileged") is True:
        yield subject.sc_path + ("privileged",), "`privileged: true`", escalation
    for index, cap in enumerate(added_capabilities(sc)):
        # The API server compares the exact string.
        if cap == "CAP_SYS_ADMIN":
            yield subject.sc_path + ("capabilities", "add", index), "adding `CAP_SYS_ADMIN`", escalation


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for component in active_components(ctx.values):
        subjects = [chart_subject(ctx, component)] + [s for s, _ in user_subjects(ctx, component)]
        for subject in subjects:
            for path, what, escalation in _conflicts(subject):
                default = "" if ctx.values.is_set(escalation) else " (the chart default)"
                yield ctx.problem(
                    path,
                    f"{what} with `allowPrivilegeEscalation: false`{default}: the API server refuses "
                    f"the {component} pods, so none is created (applies to {subject.label})",
                    related=(escalation,),
                )
