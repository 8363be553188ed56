"""DS101 unknown-key: a key the chart does not have."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.model.validate import UNKNOWN_KEY
from dslint.rules import Problem, Rule, ValuesContext

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
    fix_safety="safe",
    fix_note=(
        "Safe when the key differs from the chart's only in case or separators (`replica_count`); "
        "unsafe (a guess) when it renames a near spelling (`replicas` -> `replicaCount`), or moves a key "
        "that exists at exactly one other path (`client.launchCommand` -> `source.launchCommand`) or one "
        "or two levels up (a mis-indented key). No fix when several places fit."
    ),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for problem in ctx.values.problems:
        if problem.kind == UNKNOWN_KEY:
            yield ctx.problem(problem.path, problem.message, problem.fix, at_key=True, edit=problem.edit)
