"""The shape of dslint's own configuration (`.dslint.yaml` or `[tool.dslint]`).

Like the chart models, this is compiled into `model/facts/config.json` so that
reading a config file costs no pydantic import; a typo in the config is then
reported with its line, as any values typo is.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from dslint.model.types import Integer
from dslint.policies.definition_model import PolicyDefinition

Level = Literal["error", "warning", "info"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Limits(_Strict):
    max_file_size: Optional[Integer] = Field(None, alias="max-file-size", description="Bytes; default 16 MiB.")
    max_values: Optional[Integer] = Field(None, alias="max-values", description="Values after alias expansion.")
    max_depth: Optional[Integer] = Field(None, alias="max-depth", description="Nesting depth.")


class ConfigFile(_Strict):
    chart_version: Optional[Literal["2.1.1", "2.3.51"]] = Field(None, alias="chart-version")
    platform: Optional[Literal["kubernetes", "openshift"]] = None
    profile: Optional[Literal["production", "development"]] = None
    fail_on: Optional[Literal["error", "warning", "info", "never"]] = Field(None, alias="fail-on")
    select: Optional[list[str]] = Field(None, description="Codes or prefixes to run (default: all).")
    ignore: Optional[list[str]] = Field(None, description="Codes or prefixes to skip.")
    severity: Optional[dict[str, Level]] = Field(None, description="Severity per code, e.g. {DS401: error}.")
    per_file_ignores: Optional[dict[str, list[str]]] = Field(None, alias="per-file-ignores")
    allowed_registries: Optional[list[str]] = Field(None, alias="allowed-registries")
    release_name: Optional[str] = Field(None, alias="release-name")
    namespace: Optional[str] = None
    offline: Optional[bool] = Field(None, description="Renders happen without a cluster (helm template, GitOps).")
    kube_version: Optional[str] = Field(None, alias="kube-version")
    api_versions: Optional[list[str]] = Field(None, alias="api-versions")
    pss_level: Optional[Literal["restricted", "baseline"]] = Field(None, alias="pss-level")
    limits: Optional[Limits] = None
    policies: Optional[list[PolicyDefinition]] = Field(None, description="Team policies in CEL (docs/policies.md).")
    policy_files: Optional[list[str]] = Field(None, alias="policy-files", description="Files of team policies.")
    admission_policies: Optional[list[str]] = Field(None, alias="admission-policies",
                                                    description="ValidatingAdmissionPolicy files or directories.")
