"""DS101 unknown-key: a key the chart does not have."""

from dslint.findings import Severity
from dslint.model.validate import UNKNOWN_KEY
from dslint.rules import Rule

RULE = Rule(
    code="DS101",
    name="unknown-key",
    severity=Severity.ERROR,
    summary="A key the chart does not have.",
    rationale=(
        "Helm ignores values the chart's templates never read, without a warning. A misspelled key "
        "(`client.useJobs`, `worker.replicas`) leaves the chart default in place, and the mistake "
        "only shows when the cluster does something else than intended."
    ),
    bad="""\
worker:
  replicas: 4
""",
    good="""\
worker:
  replicaCount: 4
""",
    fix="Rename the key to the one the chart documents (the message suggests the closest), or delete it.",
)


def check(ctx):
    for problem in ctx.values.problems:
        if problem.kind == UNKNOWN_KEY:
            yield ctx.problem(problem.path, problem.message, problem.fix, at_key=True)
