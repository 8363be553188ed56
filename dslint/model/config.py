"""The shape of dslint's own configuration (`.dslint.yaml` or `[tool.dslint]`).

Like the chart models, this is compiled into `model/facts/config.json` so that
reading a config file costs no pydantic import; a typo in the config is then
reported with its line, as any values typo is.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dslint.load.yaml_tree import MAX_DEPTH_CAP
from dslint.model.types import Integer, Number
from dslint.policies.definition_model import PolicyDefinition

Level = Literal["error", "warning", "info"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Limits(_Strict):
    # The same bounds as the command line's (--max-depth is at most 900: Python's stack).
    max_file_size: Integer | None = Field(None, alias="max-file-size", ge=1,
                                             description="Refuse larger files, in bytes (default 16 MiB).")
    max_values: Integer | None = Field(None, alias="max-values", ge=1,
                                          description="Refuse files with more values, aliases expanded (default 50000).")
    max_depth: Integer | None = Field(None, alias="max-depth", ge=1, le=MAX_DEPTH_CAP,
                                         description=f"Refuse deeper nesting (default 100, at most {MAX_DEPTH_CAP}).")
    # The chart and its render (dslint.render.limits).
    max_chart_size: Integer | None = Field(None, alias="max-chart-size", description="Bytes of the chart unpacked; default 32 MiB.")
    max_chart_files: Integer | None = Field(None, alias="max-chart-files", description="Files in the chart; default 10000.")
    max_chart_file_size: Integer | None = Field(None, alias="max-chart-file-size", description="Bytes of one chart file; default 5 MiB.")
    max_render_size: Integer | None = Field(None, alias="max-render-size", description="Bytes Helm renders; default 4 MiB.")
    max_render_objects: Integer | None = Field(None, alias="max-render-objects", description="Objects Helm renders; default 2000.")
    max_render_values: Integer | None = Field(None, alias="max-render-values", description="Values in what Helm renders; default 50000.")
    max_render_memory: Integer | None = Field(None, alias="max-render-memory", description="Bytes of memory while Helm renders; default 768 MiB.")
    timeout: Number | None = Field(None, description="Seconds for one render or oci:// pull; default 5.")


class ConfigFile(_Strict):
    # Any published chart version or `latest`: checked against the version data when read.
    chart_version: str | None = Field(
        None, alias="chart-version",
        description="Chart version whose facts check the values: any published version or `latest` "
                    "(default: detected from --chart or an umbrella Chart.yaml, else 2.1.1).")
    platform: Literal["kubernetes", "openshift"] | None = Field(
        None, description="Target platform; `openshift` turns on the DS3xx rules and DS904 (default kubernetes).")
    profile: Literal["production", "development"] | None = Field(
        None, description="Policy profile; `development` drops rules that only matter in production (default production).")
    fail_on: Literal["error", "warning", "info", "never"] | None = Field(
        None, alias="fail-on", description="Lowest severity that fails the run, or `never` (default error).")
    select: list[str] | None = Field(None, description="Codes or prefixes to run (default: all).")
    ignore: list[str] | None = Field(None, description="Codes or prefixes to skip.")
    severity: dict[str, Level] | None = Field(None, description="Severity per code or prefix, e.g. {DS401: error}.")
    per_file_ignores: dict[str, list[str]] | None = Field(
        None, alias="per-file-ignores", description="Codes or prefixes to skip in the files matching a glob.")
    allowed_registries: list[str] | None = Field(
        None, alias="allowed-registries",
        description="Deprecated: DS802's option `rules: {DS802: {allowed-registries: [...]}}` says the same.")
    rules: dict[str, dict[str, Any]] | None = Field(
        None, description="Options of single rules, by code or name: {DS802: {allowed-registries: [...]}}; "
                          "each rule's page lists its options.")
    release_name: str | None = Field(None, alias="release-name", description="Release name, as helm install NAME.")
    namespace: str | None = Field(None, description="Release namespace.")
    offline: bool | None = Field(
        None, description="Renders happen without a cluster (helm template, GitOps; the default); false: helm install.")
    kube_version: str | None = Field(
        None, alias="kube-version", description="Kubernetes version to render and validate for.")
    api_versions: list[str] | None = Field(
        None, alias="api-versions", description="Extra API versions the cluster serves (as helm template -a).")
    pss_level: Literal["restricted", "baseline"] | None = Field(
        None, alias="pss-level", description="Pod Security Standard level whose failures are errors (default restricted).")
    pss_version: str | None = Field(None, alias="pss-version",
                                       description="Pod Security Standards policy version (v1.30, latest); default: kube-version.")
    limits: Limits | None = Field(None, description="Input limits (hostile input is refused within them).")
    policies: list[PolicyDefinition] | None = Field(None, description="Team policies in CEL (docs/policies.md).")
    policy_files: list[str] | None = Field(None, alias="policy-files", description="Files of team policies.")
    admission_policies: list[str] | None = Field(None, alias="admission-policies",
                                                    description="ValidatingAdmissionPolicy files or directories.")
