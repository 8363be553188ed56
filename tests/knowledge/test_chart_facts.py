"""What the chart renders from its values (dslint.knowledge.chart), with the answers written out.

The rule fixtures see these facts only through the one finding a rule makes of them; here each
function's whole answer is stated, so a name, a role or a bound that drifts is caught where it is.
"""

from __future__ import annotations

import pytest

from dslint.knowledge.chart import Budget, _truthy, budgets, object_names, registry_source, trunc_name
from dslint.load.layers import UserValues
from dslint.model.view import build_chart_values


def _values(data: dict, version: str = "2.3.51"):
    return build_chart_values(UserValues(data), version)


def test_object_names_by_kind():
    assert object_names(_values({}), "rel-deepspeed") == {
        "ConfigMap": [("host file", "rel-deepspeed-hosts"), ("SSH client", "rel-deepspeed-ssh-client"),
                      ("SSH server", "rel-deepspeed-ssh-server"), ("source", "rel-deepspeed-source")],
        "NetworkPolicy": [("client", "rel-deepspeed-client"), ("worker", "rel-deepspeed-worker")],
        "ServiceAccount": [("client", "rel-deepspeed-client"), ("worker", "rel-deepspeed-worker")],
        "Service": [("headless", "rel-deepspeed-worker-headless")],
    }


def test_object_names_of_service_accounts_and_external_services():
    values = _values({"client": {"serviceAccount": {"name": "mine"}},
                      "worker": {"serviceAccount": {"create": False}, "replicaCount": 2,
                                 "externalAccess": {"enabled": True}}})
    names = object_names(values, "x")
    assert names["ServiceAccount"] == []  # a named account is the user's; an uncreated one is nobody's
    assert names["Service"] == [("headless", "x-worker-headless"), ("worker 0 external", "x-worker-0-external"),
                                ("worker 1 external", "x-worker-1-external")]


def test_object_names_are_cut_as_the_chart_cuts_them():
    full = "a" * 54
    names = object_names(_values({"worker": {"replicaCount": 1, "externalAccess": {"enabled": True}}}), full)
    assert names["NetworkPolicy"] == [("client", full + "-client"), ("worker", full + "-worker")]
    assert names["Service"] == [("headless", full + "-worker-h"), ("worker 0 external", full + "-worker-0")]
    # A cut that ends on a dash loses it.
    assert object_names(_values({}), "a" * 55)["Service"] == [("headless", "a" * 55 + "-worker")]


def test_external_services_stop_at_a_thousand_workers():
    names = object_names(_values({"worker": {"replicaCount": 5000, "externalAccess": {"enabled": True}}}), "x")
    external = [role for role, _ in names["Service"] if role.endswith("external")]
    assert len(external) == 1000 and external[-1] == "worker 999 external"


@pytest.mark.parametrize("name, cut", [
    ("abc", "abc"), ("a" * 63, "a" * 63), ("a" * 64, "a" * 63), ("a" * 62 + "-b", "a" * 62),
    ("-abc-", "-abc"), ("a" * 61 + "--", "a" * 61 + "-"),
])
def test_trunc_name_cuts_at_63_and_trims_one_trailing_dash(name, cut):
    # `trunc 63 | trimSuffix "-"`: Go's TrimSuffix removes the suffix once.
    assert trunc_name(name) == cut


@pytest.mark.parametrize("value, truth", [
    (None, False), ("", False), (0, False), (False, False), (0.0, False),
    (True, True), ("0", True), (1, True), ("false", True), ([], True), ({}, True),
])
def test_truthy_as_go_templates_read_it(value, truth):
    assert _truthy(value) is truth


def test_registry_source():
    assert registry_source(_values({}), "worker.image") == "worker.image.registry"
    assert registry_source(_values({"global": {"imageRegistry": "mirror.example.com"}}), "worker.image") \
        == "global.imageRegistry"


@pytest.mark.parametrize("data, expected", [
    # Neither bound: the chart renders maxUnavailable 1.
    ({}, [Budget("client", 1, None, 1), Budget("worker", 3, None, 1)]),
    ({"worker": {"pdb": {"minAvailable": "2", "maxUnavailable": ""}}},
     [Budget("client", 1, None, 1), Budget("worker", 3, 2, None)]),
    ({"worker": {"pdb": {"minAvailable": 1, "maxUnavailable": "50%"}}},
     [Budget("client", 1, None, 1), Budget("worker", 3, 1, "50%")]),
    # No client budget (disabled, a Job, or no pdb): the worker's still counts.
    ({"client": {"enabled": False}}, [Budget("worker", 3, None, 1)]),
    ({"client": {"useJob": True}}, [Budget("worker", 3, None, 1)]),
    ({"client": {"pdb": {"create": False}}, "worker": {"pdb": {"create": False}}}, []),
    ({"worker": {"enabled": False}}, [Budget("client", 1, None, 1)]),
])
def test_budgets(data, expected):
    data = {**data, "worker": {"replicaCount": 3, **data.get("worker", {})}}  # a copy: the cases stay as written
    assert list(budgets(_values(data))) == expected


def test_no_budgets_before_the_chart_had_them():
    assert list(budgets(_values({"worker": {"replicaCount": 3}}, "2.1.1"))) == []
