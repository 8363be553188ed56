"""DS613 worker-env-not-forwarded: worker environment variables the training processes never see."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import diagnostic, workers_run
from dslint.rules import Problem, Rule, ValuesContext

RULE = Rule(
    code="DS613",
    name="worker-env-not-forwarded",
    severity=Severity.WARNING,
    summary="`worker.extraEnvVars`, `extraEnvVarsCM` or `extraEnvVarsSecret`: set on the SSH server, not on the training processes.",
    rationale=(
        "The worker container runs only the SSH server; the DeepSpeed launcher on the client starts "
        "the training processes through SSH sessions. sshd does not pass its own environment to "
        "sessions: they get what the chart's init container writes to `~/.ssh/environment` (PATH, "
        "LD_LIBRARY_PATH and the compiler flags) and the variables the launcher forwards from the "
        "client, which are those whose names start with NCCL, PYTHON, UCX, MV2 or MLFLOW, plus "
        "the lines of a `.deepspeed_env` file on the client. A `NCCL_SOCKET_IFNAME` or `HF_TOKEN` set only on "
        "the workers is therefore invisible to the training."
    ),
    bad="""\
worker:
  extraEnvVars:
    - name: NCCL_SOCKET_IFNAME
      value: eth0
""",
    good="""\
client:
  extraEnvVars:
    - name: NCCL_SOCKET_IFNAME
      value: eth0
""",
    fix="Set NCCL_*, PYTHON*, UCX_*, MV2_* and MLFLOW_* variables on the client (`client.extraEnvVars`), "
        "which the launcher forwards; list the others in a `.deepspeed_env` file (`NAME=value` lines) in the "
        "client's working directory or home directory, which the launcher reads and forwards.",
)

FORWARDED = ("NCCL", "PYTHON", "UCX", "MV2", "MLFLOW")


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if not workers_run(values) or diagnostic(values):
        return
    entries = values.get("worker.extraEnvVars")
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str) or not name:
                continue
            if name.startswith(FORWARDED):
                fix = f"set {name} in `client.extraEnvVars`: the launcher forwards it to every worker"
            else:
                fix = f"add a `{name}=...` line to a `.deepspeed_env` file the client's launcher reads"
            yield ctx.problem(
                ("worker", "extraEnvVars", index),
                f"{name} reaches the workers' SSH server but not the training processes it starts",
                fix,
            )
    for key, kind in (("extraEnvVarsCM", "ConfigMap"), ("extraEnvVarsSecret", "Secret")):
        name = values.get(f"worker.{key}")
        if name:
            yield ctx.problem(
                f"worker.{key}",
                f"the variables of the {kind} {name!r} reach the workers' SSH server but not the training processes",
                f"use `client.{key}` for NCCL_*/PYTHON*/UCX_* variables, and a `.deepspeed_env` file for the others",
            )
