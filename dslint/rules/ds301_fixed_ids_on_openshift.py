"""DS301 fixed-ids-on-openshift: fixed user and group ids that OpenShift's restricted-v2 SCC rejects."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import ADAPT_PATH, adaptation_mode
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import fixed_ids_phrase, refused_ids

RULE = Rule(
    code="DS301",
    name="fixed-ids-on-openshift",
    severity=Severity.ERROR,
    summary="On OpenShift with `adaptSecurityContext: disabled`, the pods keep fixed `runAsUser`/`fsGroup` ids.",
    rationale=(
        "OpenShift's default restricted-v2 SCC only admits the user and fsGroup ids of the namespace's "
        "own block (10000 ids inside the cluster's range 1000000000-1999999999, different per project). "
        "The chart's defaults pin `runAsUser: 1001`, `runAsGroup: 1001` and `fsGroup: 1001`; with the "
        "adaptation disabled they reach the cluster as they are, and OpenShift refuses to create any "
        "client or worker pod. An id inside the range (taken from the project's "
        "`openshift.io/sa.scc.uid-range`) is left to the cluster, as DS904 leaves it in the manifests."
    ),
    bad="""\
global:
  compatibility:
    openshift:
      adaptSecurityContext: disabled
""",
    good="""\
global:
  compatibility:
    openshift:
      adaptSecurityContext: force
""",
    fix=(
        "Set `global.compatibility.openshift.adaptSecurityContext: force` (it also removes the empty "
        "`seLinuxOptions` restricted-v2 refuses), or set `runAsUser`, `runAsGroup`, `fsGroup` and "
        "`seLinuxOptions` to `null` in the client and worker security contexts."
    ),
    security=True,
    example_options={"platform": "openshift"},
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    if not ctx.openshift or adaptation_mode(ctx.values) != "disabled":
        return
    ids = refused_ids(ctx.values)
    if ids:
        yield ctx.problem(
            ADAPT_PATH,
            f"with the adaptation disabled, OpenShift's restricted-v2 SCC rejects the pods for their fixed ids: {fixed_ids_phrase(ids)}",
            related=[path for path, _ in ids],
        )
