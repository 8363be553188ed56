"""Stacking values files and flags as Helm does, keeping where every value came from."""

from __future__ import annotations

from dslint.findings import Location
from dslint.load.files import ValuesFile
from dslint.load.layers import SetArgument, UserValues, add_file, add_set_argument
from dslint.load.yaml_tree import parse_yaml
from dslint.model.view import build_chart_values


def _file(name: str, text: str) -> ValuesFile:
    return ValuesFile(name, text, parse_yaml(text, name))


def stack(*layers) -> UserValues:
    user = UserValues()
    for layer in layers:
        if isinstance(layer, ValuesFile):
            add_file(user, layer)
        else:
            add_set_argument(user, layer, None)
    return user


def test_maps_merge_and_later_files_win():
    a = _file("a.yaml", "worker:\n  replicaCount: 2\n  slotsPerNode: 4\n")
    b = _file("b.yaml", "worker:\n  replicaCount: 8\n")
    user = stack(a, b)
    assert user.data == {"worker": {"replicaCount": 8, "slotsPerNode": 4}}
    assert user.location(("worker", "replicaCount")) == Location("b.yaml", 2, 17)
    assert user.location(("worker", "slotsPerNode")) == Location("a.yaml", 3, 17)


def test_lists_and_scalars_replace_with_their_origins():
    a = _file("a.yaml", "worker:\n  args: [x, y, z]\n")
    b = _file("b.yaml", "worker:\n  args: [q]\n")
    user = stack(a, b)
    assert user.data["worker"]["args"] == ["q"]
    assert user.location(("worker", "args", 0)).source == "b.yaml"
    assert user.location(("worker", "args", 2)) is None


def test_a_scalar_replacing_a_map_forgets_the_maps_origins():
    a = _file("a.yaml", "client:\n  resources:\n    limits: {cpu: 1}\n")
    b = _file("b.yaml", "client:\n  resources: null\n")
    user = stack(a, b)
    assert user.data["client"]["resources"] is None
    assert user.location(("client", "resources", "limits", "cpu")) is None


def test_set_flags_apply_after_files_and_point_at_the_argument():
    a = _file("a.yaml", "worker:\n  replicaCount: 2\n")
    user = stack(a, SetArgument("set", "worker.replicaCount=5,client.useJob=true"))
    assert user.data == {"worker": {"replicaCount": 5}, "client": {"useJob": True}}
    loc = user.location(("worker", "replicaCount"))
    assert loc.source == "--set" and loc.argument == "worker.replicaCount=5,client.useJob=true"
    assert user.location(("client", "useJob")).column == 23
    # The key `worker` was written in the file, so it keeps the file's line.
    assert user.location(("worker",), key=True) == Location("a.yaml", 1, 1)


def test_set_json_children_come_from_the_argument():
    user = stack(SetArgument("set-json", 'worker.resources={"limits": {"memory": "1Gi"}}'))
    loc = user.location(("worker", "resources", "limits", "memory"))
    assert loc.source == "--set-json"


def test_null_deletes_a_chart_default():
    user = stack(_file("a.yaml", "client:\n  resources: null\n  podAnnotations: {a: 'x', b: null}\n"))
    values = build_chart_values(user, "2.1.1")
    assert not values.has("client.resources")
    assert values.get("client.podAnnotations") == {"a": "x"}
    assert values.get("client.resourcesPreset") == "small"


def test_wrong_types_give_way_to_the_default_for_rules():
    user = stack(_file("a.yaml", "worker:\n  replicaCount: '3'\n"))
    values = build_chart_values(user, "2.1.1")
    assert values.get("worker.replicaCount") == 3  # the chart default
    assert [p.kind for p in values.problems] == ["wrong-type"]


def test_location_of_a_default_is_the_nearest_key_the_user_wrote():
    user = stack(_file("a.yaml", "top: 1\nclient:\n  useJob: false\n"))
    values = build_chart_values(user, "2.1.1")
    assert values.location("client.resourcesPreset") == Location("a.yaml", 2, 1)
    assert not values.is_set("client.resourcesPreset")
    assert values.location("worker.replicaCount") == Location("a.yaml", 1, 1)
