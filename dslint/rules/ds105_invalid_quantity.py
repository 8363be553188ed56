"""DS105 invalid-quantity: a CPU, memory or storage value Kubernetes cannot parse."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.model.validate import INVALID_QUANTITY
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS105",
    name="invalid-quantity",
    severity=Severity.ERROR,
    summary="A CPU, memory or storage size that is not a Kubernetes quantity.",
    rationale=(
        "Helm renders whatever string it is given; the API server then refuses the StatefulSet or "
        "PVC (`8GB` is not a quantity: Kubernetes wants `8G` or `8Gi`), and the install fails "
        "half-way."
    ),
    bad="""\
worker:
  resources:
    limits:
      memory: 16GB
  persistence:
    size: 100 Gi
""",
    good="""\
worker:
  resources:
    limits:
      memory: 16Gi
  persistence:
    size: 100Gi
""",
    fix="Write quantities like `500m`, `2`, `512Mi` or `8Gi` (binary suffixes end in `i`).",
    fix_safety="safe",
    fix_note=(
        "Safe where one reading is certain: spaces removed (`100 Gi` -> `100Gi`), a binary suffix "
        "spelled otherwise (`8gi`, `8GiB` -> `8Gi`). No fix for `8GB` or `8g`: decimal `8G` or the "
        "binary `8Gi` the user may have meant."
    ),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for problem in ctx.values.problems:
        if problem.kind == INVALID_QUANTITY:
            yield ctx.problem(problem.path, problem.message, problem.fix, edit=problem.edit)
