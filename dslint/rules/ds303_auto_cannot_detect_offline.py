"""DS303 auto-cannot-detect-offline: `auto` adaptation in a render that cannot see the cluster."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import ADAPT_PATH, adaptation_mode, sees_openshift_api
from dslint.knowledge.kubernetes import OPENSHIFT_API
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._security import fixed_ids_phrase, refused_ids

RULE = Rule(
    code="DS303",
    name="auto-cannot-detect-offline",
    severity=Severity.WARNING,
    summary="On OpenShift, `adaptSecurityContext: auto` (the default) adapts nothing when the chart is rendered offline.",
    rationale=(
        f"`auto` adapts only when Helm's capabilities list `{OPENSHIFT_API}`. A render without cluster "
        "access (`helm template`, kustomize's helmCharts, CI pipelines that apply the output) does not "
        "see it unless it is given `--api-versions`, so the fixed ids of the chart's defaults stay in "
        "the pods and restricted-v2 rejects them (ids inside OpenShift's project range are left to the "
        "cluster). dslint assumes offline renders; set `offline: false` in its configuration when Helm "
        "itself installs into the cluster (`helm install`, Flux). `dslint render --platform openshift` "
        "passes the API to Helm itself, so there `auto` adapts and nothing is reported."
    ),
    bad="""\
global:
  compatibility:
    openshift:
      adaptSecurityContext: auto
""",
    good="""\
global:
  compatibility:
    openshift:
      adaptSecurityContext: force
""",
    fix=(
        "Set `global.compatibility.openshift.adaptSecurityContext: force` for OpenShift installs, or "
        f"render with `--api-versions {OPENSHIFT_API}`."
    ),
    example_options={"platform": "openshift"},
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    if not ctx.openshift or adaptation_mode(ctx.values) != "auto" or sees_openshift_api(ctx):
        return
    ids = refused_ids(ctx.values)
    if ids:
        yield ctx.problem(
            ADAPT_PATH,
            f"`auto` cannot detect OpenShift in an offline render, so nothing is adapted and restricted-v2 "
            f"rejects the pods for their fixed ids: {fixed_ids_phrase(ids)}",
            related=[path for path, _ in ids],
        )
