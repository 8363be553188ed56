"""DS104 duplicate-key: a key given twice in one mapping."""

from collections.abc import Iterator

from dslint.findings import Location, Severity
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS104",
    name="duplicate-key",
    severity=Severity.ERROR,
    summary="A key given twice in one mapping.",
    rationale=(
        "YAML forbids duplicate keys. Helm's parser keeps the last value without a word, so the "
        "first one (often the one a reviewer reads) has no effect; stricter tools such as "
        "kubectl, yamllint and most editors refuse the file outright."
    ),
    bad="""\
worker:
  replicaCount: 4
  slotsPerNode: 8
  replicaCount: 2
""",
    good="""\
worker:
  replicaCount: 4
  slotsPerNode: 8
""",
    fix="Keep one occurrence of the key, with the value you mean.",
    fix_safety="unsafe",
    fix_note=(
        "Unsafe: the earlier occurrence is deleted and the last kept, as Helm reads it (no value "
        "changes), but the user may have meant the first."
    ),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    if not ctx.values.user.duplicates:
        return
    from dslint.fix.edits import delete_duplicate  # only when there is a duplicate

    for values_file, duplicate in ctx.values.user.duplicates:
        dotted = ".".join(str(p) for p in duplicate.path)
        yield ctx.problem(
            duplicate.path,
            f"key `{dotted}` is given twice in this mapping (first on line {duplicate.first.line}); "
            "Helm silently keeps only this last value",
            "delete one of the two",
            location=Location(values_file.name, duplicate.second.line, duplicate.second.column),
            edit=delete_duplicate(duplicate.path, duplicate.first.line),
        )
