"""Values policies: a team policy as a rule of the values lane.

The engine runs these like the built-in rules (`engine.values_rules`): the
finding is located where the user set `path`, or at the nearest key they
wrote with "(chart default)" when the value is the chart's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from dslint.policies.cel import bind
from dslint.policies.evaluate import activation_base, verdict
from dslint.policies.load import VALUES_VARIABLES
from dslint.rules import Check, Problem, RegisteredRule, RuleContext

if TYPE_CHECKING:
    from dslint.config import Settings
    from dslint.policies.load import Policy


def policy_rules(settings: Settings) -> tuple[RegisteredRule, ...]:
    return tuple(RegisteredRule(p.meta, _check(p)) for p in settings.policies if p.on_values)


_ACTIVATION: dict[int, tuple[Any, Any]] = {}


def _activation(ctx: RuleContext) -> Any:
    # Every policy of one target sees the same variables: built once per target.
    cached = _ACTIVATION.get(id(ctx))
    if cached is not None and cached[0] is ctx:
        return cached[1]
    data = activation_base(ctx.values.version, ctx.release_name, ctx.namespace, ctx.platform, ctx.profile)
    data["values"] = ctx.values.data
    data = bind(VALUES_VARIABLES, data)
    _ACTIVATION.clear()
    _ACTIVATION[id(ctx)] = (ctx, data)
    return data


def _check(policy: Policy) -> Check:
    def check(ctx: RuleContext) -> Iterator[Problem]:
        outcome = verdict(policy, _activation(ctx))
        if outcome is not None:
            message, fix = outcome
            yield ctx.problem(policy.path, message, fix)

    return check
