"""The base every chart-owned map derives from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ChartMap(BaseModel):
    """A map whose keys the chart owns: an unknown key is a typo Helm ignores.

    Strict: the chart's schema and templates do not coerce "3" into 3, so
    neither does the model.
    """

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=True)


class KubernetesMap(ChartMap):
    """A map the chart hands to Kubernetes unchanged but whose fields dslint knows.

    Kubernetes rejects unknown fields on apply, so these stay closed too; they
    are modelled with only the fields the API has.
    """


class PassThrough(ChartMap):
    """A chart map the templates hand to Kubernetes whole (all but `enabled`).

    Every field Kubernetes has is a valid key in every chart version, whether
    or not that version's values.yaml lists it (the security contexts).
    """
