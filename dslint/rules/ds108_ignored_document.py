"""DS108 ignored-document: YAML documents after the first, which Helm never reads."""

from collections.abc import Iterator

from dslint.findings import Location, Severity
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS108",
    name="ignored-document",
    severity=Severity.ERROR,
    summary="A second YAML document in a values file; Helm reads only the first.",
    rationale=(
        "A `---` line starts a new YAML document. Helm reads the first document of a values file "
        "and drops the rest without a word, so everything after the separator has no effect."
    ),
    bad="""\
worker:
  replicaCount: 2
---
client:
  useJob: true
""",
    good="""\
worker:
  replicaCount: 2
client:
  useJob: false
""",
    fix="Merge the documents into one mapping, or split them into separate values files passed with -f.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    for values_file, position in ctx.values.user.ignored_documents:
        yield ctx.problem(
            (),
            "Helm reads only the first YAML document of a values file; this one and any after it are ignored",
            location=Location(values_file.name, position.line, position.column),
        )
