"""DS602 source-type-mismatch: `source.type` and the source settings do not fit together."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import client_runs, workers_run
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS602",
    name="source-type-mismatch",
    severity=Severity.ERROR,
    summary="`source.type` that cannot work with the source settings: git without a repository, git into "
            "an existing ConfigMap, or a repository that is never cloned.",
    rationale=(
        "For `source.type: git` the chart adds a `git-clone-repository` init container that runs "
        "`git clone <source.git.repository> /app`: with no repository the clone fails and no pod "
        "starts. When `source.existingConfigMap` is also set, `/app` is that ConfigMap, which "
        "Kubernetes mounts read-only, so the clone fails again. The other way round, a repository "
        "with `source.type: configmap` and no files is never cloned: the pods start with an empty "
        "`/app` and the launch command finds no code."
    ),
    bad="""\
source:
  type: git
  launchCommand: deepspeed train.py
""",
    good="""\
source:
  type: git
  git:
    repository: https://github.com/example/training.git
  launchCommand: deepspeed train.py
""",
    fix="Give `source.git.repository` with `source.type: git`, and no `source.existingConfigMap`; "
        "or set `source.type` to the source you really use.",
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not (client_runs(values) or workers_run(values)):
        return
    kind = values.get("source.type")
    existing = values.get("source.existingConfigMap")
    repository = values.get("source.git.repository")
    if kind == "git":
        if not repository:
            yield ctx.problem(
                "source.type",
                "`source.type` is git but no repository is given: the `git clone` init container fails "
                "and the pods never start",
                "set `source.git.repository`",
            )
        elif existing:
            yield ctx.problem(
                "source.existingConfigMap",
                f"`source.type` is git, but `/app` is the ConfigMap {existing!r}, mounted read-only: "
                "the `git clone` init container fails and the pods never start",
                "remove `source.existingConfigMap`, or set `source.type: configmap` and drop the git settings",
                related=["source.type"],
            )
    elif kind == "configmap" and repository and not existing and not values.get("source.configMap"):
        yield ctx.problem(
            "source.type",
            "a git repository is given but `source.type` is configmap, so it is never cloned and "
            "the pods start with an empty `/app`",
            "set `source.type: git`",
            related=["source.git.repository"],
        )
