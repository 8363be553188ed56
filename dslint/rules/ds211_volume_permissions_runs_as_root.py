"""DS211 volume-permissions-runs-as-root: the volume-permissions init container runs as root."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import volume_permissions_rendered
from dslint.rules import PRODUCTION, Problem, Rule, ValuesContext

RULE = Rule(
    code="DS211",
    name="volume-permissions-runs-as-root",
    severity=Severity.WARNING,
    summary="`volumePermissions.enabled` adds an init container that runs as root with no other restriction.",
    rationale=(
        "The chart gives the volume-permissions init container a securityContext of `runAsUser: 0` and "
        "nothing else: it ignores `containerSecurityContext`, so it runs as root with privilege "
        "escalation allowed, the runtime's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER...), a "
        "writable root filesystem and no seccomp profile, in the client pod and in every worker. "
        "The restricted Pod Security Standard rejects it. The pod's `fsGroup` (1001 by default) "
        "already makes most volumes writable for the DeepSpeed user without a root container."
    ),
    bad="""\
volumePermissions:
  enabled: true
client:
  persistence:
    enabled: true
""",
    good="""\
client:
  persistence:
    enabled: true
  podSecurityContext:
    fsGroup: 1001
    fsGroupChangePolicy: OnRootMismatch
""",
    fix=(
        "Leave `volumePermissions.enabled: false` and rely on `podSecurityContext.fsGroup` "
        "(with `fsGroupChangePolicy: OnRootMismatch` for large volumes); fix ownership on the storage "
        "side where fsGroup is not supported."
    ),
    profiles=frozenset({PRODUCTION}),
    security=True,
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    pods = volume_permissions_rendered(ctx.values)
    if pods:
        where = " and ".join(f"the {c} pod" for c in pods)
        yield ctx.problem(
            "volumePermissions.enabled",
            f"the volume-permissions init container in {where} runs as root (`runAsUser: 0`) without any other "
            "restriction: privilege escalation, default capabilities, writable root filesystem, no seccomp",
        )
