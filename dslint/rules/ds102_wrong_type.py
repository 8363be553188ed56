"""DS102 wrong-type: a value of the wrong type."""

from dslint.findings import Severity
from dslint.model.validate import WRONG_TYPE
from dslint.rules import Rule

RULE = Rule(
    code="DS102",
    name="wrong-type",
    severity=Severity.ERROR,
    summary="A value whose type the chart (or Kubernetes) does not accept.",
    rationale=(
        "The chart's values.schema.json makes Helm refuse the whole release when a value has the "
        "wrong type (`replicaCount: '3'`, `terminationGracePeriodSeconds: 30`, which the schema "
        "wants as a string). Where the schema is silent, the templates print the value into a "
        "manifest that Kubernetes rejects (an unquoted `true` in an annotation)."
    ),
    bad="""\
worker:
  replicaCount: "3"
  terminationGracePeriodSeconds: 60
""",
    good="""\
worker:
  replicaCount: 3
  terminationGracePeriodSeconds: "60"
""",
    fix="Write the value with the type the message names: quote strings, unquote numbers and booleans.",
)


def check(ctx):
    for problem in ctx.values.problems:
        if problem.kind == WRONG_TYPE:
            yield ctx.problem(problem.path, problem.message, problem.fix)
