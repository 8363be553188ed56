"""Evaluating a team policy: its precondition, its rule, its message.

A policy that fails while evaluating (a missing key without `has()`, a value
of another type than it expects) is a finding of its own - "could not be
evaluated", with the runtime's reason - never a crash and never a pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dslint.policies.cel import EvaluationError

if TYPE_CHECKING:
    from dslint.policies.load import Policy

DEFAULT_RELEASE_NAME = "release-name"  # helm template's, when none is given
DEFAULT_NAMESPACE = "default"


def activation_base(chart_version: str, release_name: str | None, namespace: str | None, platform: str,
                    profile: str) -> dict[str, Any]:
    """The variables every policy sees, besides `values` and `object`."""
    return {
        "chart": {"version": chart_version},
        "release": {"name": release_name or DEFAULT_RELEASE_NAME, "namespace": namespace or DEFAULT_NAMESPACE},
        "platform": platform,
        "profile": profile,
    }


def verdict(policy: Policy, data: Any) -> tuple[str, str] | None:
    """None when the policy holds (or does not apply); else the finding's message and fix.

    `data`: the variables, as a dict or bound once (`cel.bind`).
    """
    try:
        if policy.when is not None and not _boolean(policy.when.evaluate(data), "when"):
            return None
        if _boolean(policy.rule.evaluate(data), "rule"):
            return None
    except EvaluationError as err:
        return (f"policy {policy.code} could not be evaluated: {err}",
                "Fix the policy: guard optional values with has(), or a `when` precondition.")
    return message(policy.message, policy.message_expression, data), policy.meta.fix


def message(text: str, expression: Any, data: Any) -> str:
    """The message expression's result; the plain message when it fails or gives nothing (Kubernetes' rule)."""
    if expression is None:
        return text
    try:
        result = expression.evaluate(data)
    except EvaluationError:
        return text
    return " ".join(result.split()) if isinstance(result, str) and result.strip() else text


def _boolean(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise EvaluationError(f"`{what}` gave {type(value).__name__} {value!r}, not a bool")
    return value
