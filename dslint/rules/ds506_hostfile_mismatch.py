"""DS506 hostfile-mismatch: an overriding host file that does not list the release's workers."""

import re
from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import fullname, is_template, trunc_name, worker_replicas
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._workload import hostfile_entries

# How the chart names worker N (its default host file, the StatefulSet and its
# headless Service): `<fullname>-worker-N.<fullname>-worker-headless`, maybe
# followed by the namespace and the cluster domain.
_WORKER_HOST = re.compile(r"^(?P<worker>.+)-(?P<index>\d+)\.(?P=worker)-headless(\.[^\s]*)?$")

RULE = Rule(
    code="DS506",
    name="hostfile-mismatch",
    severity=Severity.WARNING,
    summary="`config.overrideHostFile` lists a different number of hosts than `worker.replicaCount`, or "
            "hosts that are not the release's workers.",
    rationale=(
        "The client's DeepSpeed launcher trains on the hosts of `/job/hostfile`, which is "
        "`config.overrideHostFile` when it is set. The chart still creates "
        "`worker.replicaCount` workers and waits for all of them. More hosts than workers makes the "
        "launcher reach for machines that do not exist and fail; fewer leaves workers, and the "
        "GPUs they reserve, idle for the whole run. The workers are reachable only by their names, "
        "`<fullname>-worker-N.<fullname>-worker-headless` (N from 0 to `worker.replicaCount` - 1, "
        "`<fullname>` from the release name, `nameOverride` or `fullnameOverride`): a host file that "
        "names anything else sends the launcher to hosts that do not resolve."
    ),
    bad="""\
worker:
  replicaCount: 3
config:
  overrideHostFile: |
    ds-deepspeed-worker-0.ds-deepspeed-worker-headless slots=1
    ds-deepspeed-worker-1.ds-deepspeed-worker-headless slots=1
""",
    good="""\
worker:
  replicaCount: 2
config:
  overrideHostFile: |
    ds-deepspeed-worker-0.ds-deepspeed-worker-headless slots=1
    ds-deepspeed-worker-1.ds-deepspeed-worker-headless slots=1
""",
    fix=("List one host per worker in `config.overrideHostFile` by its name "
         "(`<fullname>-worker-N.<fullname>-worker-headless`), or change `worker.replicaCount` to match."),
)


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    text = values.get("config.overrideHostFile")
    # An existing ConfigMap replaces the override (DS604); templates cannot be counted.
    if not text or not isinstance(text, str) or is_template(text) or values.get("config.existingHostFileConfigMap"):
        return
    if not values.get("client.enabled") or not values.get("worker.enabled"):
        return
    hosts = len(hostfile_entries(text))
    replicas = worker_replicas(values)
    if hosts != replicas:
        effect = "the launcher fails on the hosts that do not exist" if hosts > replicas else (
            f"{replicas - hosts} worker{'s stay' if replicas - hosts != 1 else ' stays'} idle")
        yield ctx.problem(
            "config.overrideHostFile",
            f"the host file lists {hosts} host{'s' if hosts != 1 else ''} but the chart runs {replicas} "
            f"worker{'s' if replicas != 1 else ''}: {effect}",
            f"list {replicas} host{'s' if replicas != 1 else ''} or set `worker.replicaCount: {hosts}`",
            related=["worker.replicaCount"],
        )
    unknown = _not_workers(ctx, [host for host, _ in hostfile_entries(text)], replicas)
    if unknown:
        hosts_text, expected = unknown
        yield ctx.problem(
            "config.overrideHostFile",
            f"the host file names {hosts_text}, which {'is' if ', ' not in hosts_text else 'are'} not "
            f"{'a worker' if ', ' not in hosts_text else 'workers'} of this release: the launcher cannot reach "
            f"{'it' if ', ' not in hosts_text else 'them'} (the workers are {expected})",
            f"name the workers {expected}",
            related=["worker.replicaCount"],
        )


def _not_workers(ctx: ValuesContext, hosts: list[str], replicas: int) -> tuple[str, str] | None:
    """The hosts that name no worker of this release, and how the workers are named; None when all do."""
    values = ctx.values
    # Strings: a value of another type was refused (DS102) and the chart's default stands in.
    override = values.get("fullnameOverride") or ""
    name_override = values.get("nameOverride") or ""
    if "{{" in override + name_override:
        return None
    full = fullname(ctx.release_name, name_override, override)
    # Without a release name (and no fullnameOverride) any consistent <x>-worker name may be right.
    worker = trunc_name(f"{full}-worker") if full is not None else None
    wrong = []
    for host in hosts:
        found = _WORKER_HOST.match(host)
        ok = (found is not None and int(found.group("index")) < replicas
              and (found.group("worker") == worker if worker else found.group("worker").endswith("-worker")))
        if not ok and host not in wrong:
            wrong.append(host)
    if not wrong:
        return None
    shown = worker or "<fullname>-worker"
    last = f"{shown}-{replicas - 1}.{shown}-headless"
    expected = f"{shown}-0.{shown}-headless" + ("" if replicas <= 1 else f" to {last}")
    listed = ", ".join(wrong[:3]) + (f" and {len(wrong) - 3} more" if len(wrong) > 3 else "")
    return listed, expected
