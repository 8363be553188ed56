"""The shape of a team policy, as written in `.dslint.yaml` (`policies:`) or a policy file.

Compiled into the config facts with the rest of dslint's configuration, so a
misspelled key in a policy is an input error with its line, like any typo in
`.dslint.yaml`.  What the keys mean: docs/policies.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["error", "warning", "info"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class PolicyMatch(_Strict):
    kinds: list[str] | None = Field(None, description="Object kinds (`Deployment`, `apps/v1/StatefulSet`, `*`).")
    namespaces: list[str] | None = Field(None, description="Only objects in these namespaces.")
    exclude_namespaces: list[str] | None = Field(None, alias="exclude-namespaces")


class PolicyDefinition(_Strict):
    code: str = Field(description="The policy's code in the team's namespace, e.g. ORG101 (never DS...).")
    name: str = Field(description="kebab-case name, in the user's words.")
    target: Literal["values", "manifests"] = Field(description="What it checks: the effective values, or each rendered object.")
    rule: str = Field(description="CEL expression that must be true.")
    message: str = Field(description="What the finding says when the rule is false.")
    message_expression: str | None = Field(None, alias="message-expression", description="CEL giving the message.")
    when: str | None = Field(None, description="CEL precondition: the rule is checked only when it is true.")
    path: str | None = Field(None, description="values policies: the value the finding points at.")
    field: str | None = Field(None, description="manifest policies: the object field the finding points at.")
    match: PolicyMatch | None = None
    severity: Level | None = None
    profiles: list[Literal["production", "development"]] | None = None
    fix: str | None = None
    documentation: str | None = None
    security: bool | None = None


class PolicyFile(_Strict):
    policies: list[PolicyDefinition]
