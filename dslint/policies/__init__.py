"""Organization policies: the team's own rules in CEL, and the cluster's ValidatingAdmissionPolicies.

* `load`: policy definitions from `.dslint.yaml` (`policies:`) and policy files
  (`--policy`, `policy-files:`), validated and compiled into `Policy` objects;
* `values` / `manifests`: each policy as a rule of its lane (the engine runs
  it like a built-in rule: selection, severities, suppressions, profiles);
* `admission`: ValidatingAdmissionPolicy + Binding objects evaluated offline
  against rendered manifests (DS960);
* `cel`: the CEL runtime, imported only by runs that have policies.

Nothing here is imported by a run without policies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dslint.rules import Rule

# The rule metadata of the policies the current run loaded (code -> Rule): what
# `dslint explain` and the SARIF rule descriptors read, like the built-in rules'.
_LOADED: dict[str, Rule] = {}


def loaded_rules() -> dict[str, Rule]:
    return dict(_LOADED)


def register(metas: Iterable[Rule]) -> None:
    _LOADED.clear()
    _LOADED.update((meta.code, meta) for meta in metas)
