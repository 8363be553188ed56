"""DS106 invalid-name: names Kubernetes refuses, or that the chart truncates into collisions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dslint.findings import Severity
from dslint.knowledge.chart import NAME_LIMIT, component_name, fullname, object_names, trunc_name
from dslint.model.validate import INVALID_NAME
from dslint.rules import Problem, Rule, ValuesContext

if TYPE_CHECKING:
    from dslint.findings import ValuesPath as Path


RULE = Rule(
    code="DS106",
    name="invalid-name",
    severity=Severity.ERROR,
    summary="An object name Kubernetes refuses, or one the chart's 63-character truncation breaks.",
    rationale=(
        "Object names must be DNS-1123 names. The chart builds names from the release name and "
        "`fullnameOverride` and cuts them at 63 characters, but its host file and SSH settings use "
        "the uncut `<worker>-headless` name, and worker pods are named `<worker>-<N>`, which must "
        "fit in a 63-character label. A long name therefore gives workers that never start, hosts "
        "that do not resolve, or two objects with one name."
    ),
    bad="""\
fullnameOverride: deepspeed-training-cluster-for-the-large-language-model-team
""",
    good="""\
fullnameOverride: llm-training
""",
    fix="Shorten `fullnameOverride` (or the release name) so that `<fullname>-worker-headless` fits in 63 characters.",
)

def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    for problem in values.problems:
        if problem.kind == INVALID_NAME:
            yield ctx.problem(problem.path, problem.message, problem.fix)

    override = values.get("fullnameOverride") or ""
    name_override = values.get("nameOverride") or ""
    if "{{" in override or "{{" in name_override:
        return
    # Point at the key that shaped the name; a release name comes from the
    # command line, so its findings sit at the top of the values file.
    anchor = "fullnameOverride" if override else ("nameOverride" if name_override else ())
    # The release name itself was checked where it was read (--release-name, the config's
    # release-name): Helm's rules refuse it before any rule runs.
    release = ctx.release_name
    full = fullname(release, name_override, override)
    if full is None:
        return
    origin = f"`fullnameOverride` {override!r}" if override else f"release {release!r}"
    if full[:1].isdigit():
        yield ctx.problem(
            anchor,
            f"fullname {full!r} (from {origin}) starts with a digit: Kubernetes refuses it as a Service name",
            "start the name with a letter",
        )
    worker = component_name(full, "worker")
    replicas = values.get("worker.replicaCount")
    if values.get("worker.enabled") and isinstance(replicas, int) and replicas > 0:
        last_pod = f"{worker}-{replicas - 1}"
        if len(last_pod) > NAME_LIMIT:
            yield ctx.problem(
                anchor,
                f"worker pod name {last_pod!r} (from {origin}) has {len(last_pod)} characters; "
                f"the StatefulSet cannot create pods whose names exceed {NAME_LIMIT}",
            )
        headless = f"{worker}-headless"
        if len(headless) > NAME_LIMIT:
            yield ctx.problem(
                anchor,
                f"the headless Service is cut to {trunc_name(headless)!r} but the host file and SSH settings "
                f"use {headless!r}: the client cannot resolve any worker",
            )
    yield from _collisions(ctx, anchor, origin, full)


_PLURAL = {"NetworkPolicy": "NetworkPolicies"}


def _collisions(ctx: ValuesContext, anchor: str | Path, origin: str, full: str) -> Iterator[Problem]:
    by_kind = object_names(ctx.values, full)
    for kind, named in by_kind.items():
        seen: dict[str, str] = {}
        for role, name in named:
            if name in seen:
                yield ctx.problem(
                    anchor,
                    f"the {seen[name]} and {role} {_PLURAL.get(kind, kind + 's')} are both named {name!r} after the chart cuts "
                    f"names to {NAME_LIMIT} characters (from {origin}); the install fails",
                )
                break
            seen[name] = role
