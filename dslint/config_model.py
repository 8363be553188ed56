"""The shape of dslint's own configuration (`.dslint.yaml` or `[tool.dslint]`).

Like the chart models, this is compiled into `model/facts/config.json` so that
reading a config file costs no pydantic import; a typo in the config is then
reported with its line, as any values typo is.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from dslint.load.yaml_tree import MAX_DEPTH_CAP
from dslint.model.types import Integer, Number

Level = Literal["error", "warning", "info"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Limits(_Strict):
    # The same bounds as the command line's (--max-depth is at most 900: Python's stack).
    max_file_size: Optional[Integer] = Field(None, alias="max-file-size", ge=1, description="Bytes; default 16 MiB.")
    max_values: Optional[Integer] = Field(None, alias="max-values", ge=1, description="Values after alias expansion.")
    max_depth: Optional[Integer] = Field(None, alias="max-depth", ge=1, le=MAX_DEPTH_CAP,
                                         description=f"Nesting depth; default 100, at most {MAX_DEPTH_CAP}.")
    # The chart and its render (dslint.render.limits).
    max_chart_size: Optional[Integer] = Field(None, alias="max-chart-size", description="Bytes of the chart unpacked; default 32 MiB.")
    max_chart_files: Optional[Integer] = Field(None, alias="max-chart-files", description="Files in the chart; default 10000.")
    max_chart_file_size: Optional[Integer] = Field(None, alias="max-chart-file-size", description="Bytes of one chart file; default 5 MiB.")
    max_render_size: Optional[Integer] = Field(None, alias="max-render-size", description="Bytes Helm renders; default 4 MiB.")
    max_render_objects: Optional[Integer] = Field(None, alias="max-render-objects", description="Objects Helm renders; default 2000.")
    max_render_values: Optional[Integer] = Field(None, alias="max-render-values", description="Values in what Helm renders; default 50000.")
    max_render_memory: Optional[Integer] = Field(None, alias="max-render-memory", description="Bytes of memory while Helm renders; default 768 MiB.")
    timeout: Optional[Number] = Field(None, description="Seconds for one render or oci:// pull; default 5.")


class ConfigFile(_Strict):
    # Any published chart version or `latest`: checked against the version data when read.
    chart_version: Optional[str] = Field(None, alias="chart-version")
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
