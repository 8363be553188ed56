"""DS507 pdb-blocks-eviction: a PodDisruptionBudget that never allows a voluntary eviction."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import budgets
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._workload import percent

RULE = Rule(
    code="DS507",
    name="pdb-blocks-eviction",
    severity=Severity.WARNING,
    summary="A `pdb` (charts 2.2.0 and later) whose bounds allow no pod to be evicted.",
    rationale=(
        "From chart 2.2.0 on, the client and the workers get a PodDisruptionBudget. When "
        "`minAvailable` covers every pod (`worker.replicaCount` workers; the client Deployment "
        "has one pod) or `maxUnavailable` is `0`/`0%`, no voluntary eviction is ever allowed: "
        "`kubectl drain`, node upgrades and the cluster autoscaler wait on these pods forever, and "
        "cluster administrators end up deleting them by hand, which is the disruption the budget "
        "was meant to avoid."
    ),
    bad="""\
worker:
  replicaCount: 4
  pdb:
    minAvailable: 4
""",
    good="""\
worker:
  replicaCount: 4
  pdb:
    maxUnavailable: 1
""",
    fix="Allow at least one disruption: `maxUnavailable: 1`, or a `minAvailable` below the number of pods.",
    example_options={"chart_version": "2.3.51"},
    # The chart renders PodDisruptionBudgets from 2.2.0 on.
    chart_versions=">=2.2.0",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for budget in budgets(ctx.values):
        if budget.pods == 0:
            continue
        low, high = budget.min_available, budget.max_unavailable
        who = "client" if budget.component == "client" else "workers"
        # "block on them" for one client pod reads as if there were several
        them = "it" if budget.pods == 1 else "them"
        if low is not None and ((isinstance(low, int) and low >= budget.pods) or percent(low) == 100):
            yield ctx.problem(
                f"{budget.component}.pdb.minAvailable",
                f"`minAvailable: {low}` keeps {'the only pod' if budget.pods == 1 else f'all {budget.pods} pods'} of the {who} running: node drains "
                f"and upgrades block on {them}",
                f"use `{budget.component}.pdb.maxUnavailable: 1` instead",
            )
        elif high is not None and (high == 0 or percent(high) == 0):
            yield ctx.problem(
                f"{budget.component}.pdb.maxUnavailable",
                f"`maxUnavailable: {high}` allows no eviction of the {who}: node drains and "
                f"upgrades block on {them}",
                f"set `{budget.component}.pdb.maxUnavailable: 1`",
            )
