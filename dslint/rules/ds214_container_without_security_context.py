"""DS214 container-without-security-context: sidecars and init containers the user adds, unhardened."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import active_components
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext
from dslint.rules._security import HARDENING_CHECKS, user_subjects

RULE = Rule(
    code="DS214",
    name="container-without-security-context",
    severity=Severity.WARNING,
    summary="A `sidecars` or `initContainers` entry with no securityContext, or one that DS203-DS208 would flag.",
    rationale=(
        "The chart hardens its own containers, but passes `sidecars` and `initContainers` to "
        "Kubernetes exactly as written: nothing from `containerSecurityContext` reaches them. An "
        "added container without a securityContext runs as its image's user (often root), may "
        "escalate privileges, keeps the default capabilities and a writable filesystem, and makes "
        "the whole pod fail the restricted Pod Security Standard. Only pod-level fields "
        "(`podSecurityContext`) are inherited, and they are taken into account."
    ),
    bad="""\
client:
  sidecars:
    - name: metrics
      image: docker.io/prom/statsd-exporter:v0.26.0
""",
    good="""\
client:
  sidecars:
    - name: metrics
      image: docker.io/prom/statsd-exporter:v0.26.0
      securityContext:
        runAsNonRoot: true
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: [ALL]
        seccompProfile:
          type: RuntimeDefault
""",
    fix=(
        "Give each added container a securityContext like the chart's own: `runAsNonRoot: true`, "
        "`allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`, `capabilities.drop: [ALL]`, "
        "`seccompProfile.type: RuntimeDefault`."
    ),
    profiles=frozenset({PRODUCTION}),
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for component in active_components(ctx.values):
        for subject, _ in user_subjects(ctx, component):
            if subject.sc is None:
                yield ctx.problem(
                    subject.sc_path[:-1],
                    f"{subject.label} has no securityContext: it runs as its image's user (often root), may "
                    "escalate privileges and keeps the default capabilities and a writable filesystem",
                )
                continue
            missing = []
            for check_subject in HARDENING_CHECKS:
                for issue in check_subject(subject):
                    if issue.explicit:
                        yield ctx.problem(issue.path, f"{subject.label}: {issue.text}")
                    else:
                        missing.append(issue.text)
            if missing:
                yield ctx.problem(subject.sc_path, f"{subject.label}: " + "; ".join(missing))
