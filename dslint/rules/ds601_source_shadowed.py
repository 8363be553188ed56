"""DS601 source-shadowed: a source of training code that loses to a higher-priority one."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS601",
    name="source-shadowed",
    severity=Severity.WARNING,
    summary="Training code given in more than one place, where the chart uses only one of them.",
    rationale=(
        "The chart mounts one source of code at `/app`. An existing ConfigMap "
        "(`source.existingConfigMap`) beats the files written in the values (`source.configMap`), "
        "which the chart creates only for `source.type: configmap`; the git repository is cloned "
        "only for `source.type: git`. Whatever else is given is silently ignored, so editing it "
        "changes nothing in the pods, and reviewers read code that is not the code that runs."
    ),
    bad="""\
source:
  existingConfigMap: training-code
  configMap:
    train.py: |
      print("never mounted")
""",
    good="""\
source:
  existingConfigMap: training-code
""",
    fix="Keep only the source the chart uses (the message names it) and delete the others.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    kind = values.get("source.type")
    existing = values.get("source.existingConfigMap")
    inline = values.get("source.configMap")
    repository = values.get("source.git.repository")
    if existing:
        winner = f"the existing ConfigMap {existing!r} (`source.existingConfigMap`)"
        if inline:
            yield _shadowed(ctx, "source.configMap", "the files in `source.configMap`", winner, "source.existingConfigMap")
        # git + existingConfigMap breaks the clone: DS602.
        if repository and kind != "git":
            yield _shadowed(ctx, "source.git.repository", "the git repository", winner, "source.existingConfigMap")
    elif kind == "configmap":
        if inline and repository:
            yield _shadowed(ctx, "source.git.repository", "the git repository",
                            "the files in `source.configMap` (`source.type: configmap`)", "source.type")
    elif kind == "git":
        if inline:
            yield _shadowed(ctx, "source.configMap", "the files in `source.configMap`",
                            "the git repository (`source.type: git`)", "source.type")
    elif kind == "custom":
        why = "your own volumes (`source.type: custom`)"
        if inline:
            yield _shadowed(ctx, "source.configMap", "the files in `source.configMap`", why, "source.type")
        if repository:
            yield _shadowed(ctx, "source.git.repository", "the git repository", why, "source.type")


def _shadowed(ctx: ValuesContext, path: str, what: str, winner: str, winner_path: str) -> Problem:
    return ctx.problem(
        path,
        f"{what} are ignored: the pods get {winner}" if what.startswith("the files")
        else f"{what} is ignored: the pods get {winner}",
        f"delete `{path}`, or remove the source that wins",
        at_key=True,
        related=[winner_path],
    )
