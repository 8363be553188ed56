"""DS705 git-extra-volume-mounts-invalid-yaml: source.git.extraVolumeMounts breaks the manifests."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS705",
    name="git-extra-volume-mounts-invalid-yaml",
    severity=Severity.ERROR,
    summary="`source.git.extraVolumeMounts` with `source.type: git` renders invalid YAML.",
    rationale=(
        "The git-clone init container indents `source.git.extraVolumeMounts` twice (once inside its own "
        "template, once more where the pod includes it), so the extra mounts land eight spaces too deep, "
        "under the last built-in mount. The client Deployment (or Job) and the worker StatefulSet are "
        "no longer valid YAML, and `helm install` fails. Charts 2.1.1 and 2.3.51 both have the bug."
    ),
    bad="""\
source:
  type: git
  git:
    repository: git@github.com:example/train.git
    extraVolumeMounts:
      - name: git-ssh
        mountPath: /.ssh
""",
    good="""\
source:
  type: git
  git:
    repository: https://github.com/example/train.git
""",
    fix=(
        "Leave `source.git.extraVolumeMounts` empty. For a private repository, use `source.type: custom` "
        "and clone in your own `client.initContainers` / `worker.initContainers` that mount the chart's "
        "`source` volume at /app together with your credentials (with chart 2.1.1 only the worker part works, see DS703)."
    ),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if values.get("source.type") != "git" or not values.get("source.git.extraVolumeMounts"):
        return
    pods = []
    if values.get("client.enabled") and values.get("client.enableDefaultInitContainers"):
        pods.append("client")
    if values.get("worker.enabled"):
        pods.append("worker")
    if pods:
        yield ctx.problem(
            "source.git.extraVolumeMounts",
            f"chart {ctx.chart_version} indents these mounts too deep in the {' and '.join(pods)} git-clone init "
            "container, so the manifests are invalid YAML and the install fails (charts 2.1.1 and 2.3.51)",
        )
