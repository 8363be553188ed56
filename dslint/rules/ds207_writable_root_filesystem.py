"""DS207 writable-root-filesystem: client or worker containers that may write to their image."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext
from dslint.rules._security import chart_hardening_problems, read_only_issues

RULE = Rule(
    code="DS207",
    name="writable-root-filesystem",
    severity=Severity.WARNING,
    summary="`readOnlyRootFilesystem` is false, or removed, in the client's or the workers' security context.",
    rationale=(
        "The chart mounts writable emptyDir volumes everywhere DeepSpeed, pip and sshd write "
        "(/tmp, the home directory's .cache, .local and .ssh, /run, the SSH configuration), so the "
        "image itself can stay read-only. A writable root filesystem lets a compromised process "
        "replace binaries or libraries for the life of the container."
    ),
    bad="""\
worker:
  containerSecurityContext:
    readOnlyRootFilesystem: false
""",
    good="""\
worker:
  containerSecurityContext:
    readOnlyRootFilesystem: true
  extraVolumes:
    - name: scratch
      emptyDir: {}
  extraVolumeMounts:
    - name: scratch
      mountPath: /scratch
""",
    fix="Keep `readOnlyRootFilesystem: true`; give paths that must be writable an emptyDir through `extraVolumes` and `extraVolumeMounts`.",
    profiles=frozenset({PRODUCTION}),
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    yield from chart_hardening_problems(ctx, read_only_issues)
