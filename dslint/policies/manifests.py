"""Manifest policies (and admission policies) as rules of the manifest lane.

`dslint.manifests.check` runs them with the built-in manifest rules, once per
object: the object's `dslint.io/ignore` annotation, selection and severities
apply, and when the manifests are a render of the chart the finding's field
is mapped back to the value that controls it, like every DS9xx finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from dslint.manifests.context import ManifestContext, ManifestObject, ManifestProblem
from dslint.policies.cel import bind
from dslint.policies.evaluate import DEFAULT_NAMESPACE, activation_base, verdict
from dslint.policies.load import MANIFEST_VARIABLES
from dslint.rules import RegisteredRule

if TYPE_CHECKING:
    from dslint.config import Settings
    from dslint.manifests.objects import ContainerRef
    from dslint.model.view import ChartValues
    from dslint.policies.load import Policy


def policy_rules(settings: Settings, values: ChartValues | None) -> list[RegisteredRule]:
    """The team's manifest policies and the cluster's admission policies, for one run of the lane."""
    base = activation_base(values.version if values is not None else settings.chart_version, settings.release_name,
                           settings.namespace, settings.platform, settings.profile)
    base["values"] = values.data if values is not None else {}
    rules = [RegisteredRule(p.meta, _check(p, base, settings)) for p in settings.policies if not p.on_values]
    if settings.admission is not None:
        from dslint.policies.admission import admission_rule

        rules.append(admission_rule(settings.admission, settings))
    return rules


def object_namespace(ctx: ManifestContext, settings: Settings) -> str:
    """The object's namespace: its own, else the release's (helm install -n), else `default`."""
    return ctx.obj.namespace or settings.namespace or DEFAULT_NAMESPACE


def container_at(ctx: ManifestContext, field: tuple[Any, ...]) -> ContainerRef | None:
    """The container a field belongs to, so the finding maps to that container's values."""
    for ref in ctx.containers():
        if field[: len(ref.path)] == ref.path:
            return ref
    return None


_LAST: list[Any] = [None, None]  # (object, activation): every policy of one object shares its variables


def _activation(obj: ManifestObject, base: dict[str, Any]) -> Any:
    if _LAST[0] is not obj:
        _LAST[:] = [obj, bind(MANIFEST_VARIABLES, dict(base, object=obj.data))]
    return _LAST[1]


def _check(policy: Policy, base: dict[str, Any], settings: Settings) -> Callable[[ManifestContext], Iterator[ManifestProblem]]:
    def check(ctx: ManifestContext) -> Iterator[ManifestProblem]:
        obj = ctx.obj
        if not isinstance(obj.data, dict):
            return
        if not policy.match.covers(obj.api_version, obj.kind, object_namespace(ctx, settings)):
            return
        outcome = verdict(policy, _activation(obj, base))
        if outcome is not None:
            message, fix = outcome
            yield ctx.problem(policy.field, f"{obj.kind}/{obj.name}: {message}", fix,
                              container=container_at(ctx, policy.field))

    return check
