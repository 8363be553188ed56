"""Completing the settings with the run's policies (called by `config.load_settings` when there are any)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dslint.load.errors import InputError
from dslint.policies import register
from dslint.policies.load import Policy, read_policy_file

if TYPE_CHECKING:
    from dslint.config import Settings


def complete(settings: Settings) -> Settings:
    policies = list(settings.policies)
    for path in settings.policy_files:
        policies.extend(read_policy_file(path))
    seen: dict[str, Policy] = {}
    for policy in policies:
        for key in (policy.code, policy.meta.name):
            if key in seen:
                where = seen[key].source.display()
                raise InputError(f"two policies are called {key} (the other one: {where})", policy.source.source,
                                 policy.source.line, policy.source.column)
            seen[key] = policy
    _check_codes(settings, [p.code for p in policies])
    admission = None
    if settings.admission_policies:
        from dslint.policies.admission import load_admission

        admission = load_admission(settings.admission_policies, settings.limits)
    register(p.meta for p in policies)
    return settings._replace(policies=tuple(policies), admission=admission)


def _check_codes(settings: Settings, codes: list[str]) -> None:
    """A non-DS code in select, ignore, severity or per-file-ignores must name (a prefix of) a policy's code."""
    used = {"select": settings.select, "ignore": settings.ignore, "severity": tuple(settings.severity),
            "per-file-ignores": tuple(c for cs in settings.per_file_ignores.values() for c in cs)}
    for where, prefixes in used.items():
        for prefix in prefixes:
            if prefix and not prefix.startswith("DS") and not any(code.startswith(prefix) for code in codes):
                known = f" (the policies are {', '.join(sorted(codes))})" if codes else " (no policies are loaded)"
                raise InputError(f"{where}: {prefix!r} is neither a rule code or prefix (like DS101 or DS2) "
                                 f"nor a policy's code{known}")


def idle_policies(settings: Settings, *, values: bool, manifests: bool) -> list[str]:
    """Notes for policies the run has no input for (manifest policies without a render, and so on).

    A team config usually holds both kinds, and a pre-commit run checks values only: the
    team's policies are noted only when none of them applies, the --admission-policies always.
    """
    notes = []
    values_codes = [p.code for p in settings.policies if p.on_values]
    if not manifests:
        codes = [p.code for p in settings.policies if not p.on_values]
        if codes and not values_codes:
            notes.append(f"manifest policies {', '.join(codes)} not applied: they check rendered objects "
                         "(add --chart, or check rendered manifests with --manifests)")
        if settings.admission is not None:
            notes.append("--admission-policies not applied: they check rendered objects (add --chart, or check "
                         "rendered manifests with --manifests)")
    if not values and values_codes and all(p.on_values for p in settings.policies) and settings.admission is None:
        notes.append(f"values policies {', '.join(values_codes)} not applied: --manifests checks no values")
    return notes
