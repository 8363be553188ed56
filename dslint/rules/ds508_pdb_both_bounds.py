"""DS508 pdb-both-bounds: `minAvailable` and `maxUnavailable` together, which Kubernetes refuses."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import budgets
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS508",
    name="pdb-both-bounds",
    severity=Severity.ERROR,
    summary="A `pdb` (charts 2.2.0 and later) with both `minAvailable` and `maxUnavailable` set.",
    rationale=(
        "The chart writes every non-empty bound into the PodDisruptionBudget, and Kubernetes "
        "refuses a budget that has both (\"minAvailable and maxUnavailable cannot be both set\"), "
        "so `helm install` fails."
    ),
    bad="""\
worker:
  pdb:
    minAvailable: 1
    maxUnavailable: 1
""",
    good="""\
worker:
  pdb:
    maxUnavailable: 1
""",
    fix="Keep one of the two bounds and empty the other (`\"\"`).",
    example_options={"chart_version": "2.3.51"},
    # The chart renders PodDisruptionBudgets from 2.2.0 on.
    chart_versions=">=2.2.0",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for budget in budgets(ctx.values):
        if budget.min_available is not None and budget.max_unavailable is not None:
            base = f"{budget.component}.pdb"
            yield ctx.problem(
                f"{base}.maxUnavailable",
                f"`{base}` sets both `minAvailable` and `maxUnavailable`: Kubernetes refuses the PodDisruptionBudget",
                "keep one bound and set the other to \"\"",
                related=[f"{base}.minAvailable"],
            )
