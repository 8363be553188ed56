"""The version data: every published version, loaded compactly, with a schema each."""

from __future__ import annotations

import json
import os

import pytest

from dslint.knowledge import versions
from dslint.schema import schema_text


def test_every_published_version_and_latest():
    known = versions.supported_versions()
    assert known[0] == "0.1.0" and known[-1] == "2.3.51" and len(known) == 131
    assert versions.resolve("latest") == "2.3.51"
    with pytest.raises(KeyError):
        versions.resolve("2.4.0")
    assert versions.supported_range() == "every published version, 0.1.0 to 2.3.51"


@pytest.mark.parametrize("asked, version", [("2.2.0", "2.2.0"), ("v2.2.0", "2.2.0"), (" 2.3.51 ", "2.3.51"),
                                            ("latest", "2.3.51")])
def test_check_version(asked, version):
    assert versions.check_version(asked) == version


@pytest.mark.parametrize("asked", ["vlatest", "2.4.0", "V2.2.0", "v"])
def test_check_version_refuses_what_is_not_published(asked):
    with pytest.raises(ValueError) as refused:
        versions.check_version(asked)
    assert str(refused.value) == (f"{asked.strip()!r} is not a published DeepSpeed chart version (dslint knows "
                                  "every published version, 0.1.0 to 2.3.51, and `latest`)")


def test_parameter_sets_name_every_version_once():
    sets = versions.parameter_sets()
    listed = [v for members in sets.values() for v in members]
    assert sorted(listed, key=versions.version_key) == list(versions.supported_versions())
    assert "2.3.40" in sets["2.3.0"] and "2.1.1" not in sets["2.3.0"]


def test_few_parameter_sets_and_small_data():
    sets = versions.parameter_sets()
    assert len(sets) < 15
    files = os.listdir(versions.DATA_DIR)
    assert sum(f.startswith("params-") for f in files) == len(sets)
    size = sum(os.path.getsize(os.path.join(versions.DATA_DIR, f)) for f in files)
    assert size < 500_000


def test_a_release_that_changed_only_image_tags_is_a_delta():
    facts = versions.load("2.3.40")
    index = versions._index()["versions"]["2.3.40"]
    assert index["params"] == "2.3.0" and index["defaults"] == "2.3.0"
    with open(os.path.join(versions.DATA_DIR, "defaults-2.3.0.json"), encoding="utf-8") as handle:
        delta = json.load(handle)["delta"]["2.3.40"]
    assert {tuple(p) for p, _ in delta} >= {("image", "tag")}
    assert facts["defaults"]["image"]["tag"] != versions.load("2.3.0")["defaults"]["image"]["tag"]


def test_presets_follow_the_pinned_common_library():
    assert versions.common_version("2.1.1") == "2.19.3"
    assert versions.presets("2.1.1")["xlarge"]["limits"]["ephemeral-storage"] == "1024Mi"
    assert versions.presets("2.3.51")["xlarge"]["requests"]["cpu"] == "1.0"
    assert versions.presets("0.1.0") == {}


def test_a_schema_for_a_version_without_a_model():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_text("2.2.10"))
    validator = jsonschema.Draft7Validator(schema)
    jsonschema.Draft7Validator.check_schema(schema)
    assert not list(validator.iter_errors({"worker": {"pdb": {"create": False}}}))
    assert list(validator.iter_errors({"global": {"security": {"allowInsecureImages": True}}}))
    assert list(validator.iter_errors({"worker": {"replicaCount": "3"}}))


def test_a_key_no_model_knows_is_typed_from_the_chart():
    from dslint.knowledge.join import ChartFacts, join

    model = {"k": "map", "f": {"worker": {"k": "map", "f": {"replicaCount": {"k": "scalar", "t": ["integer"]}}}}}
    facts = ChartFacts({"worker": {"replicaCount": 3, "topologyHints": "", "extra": {"a": 1}}},
                       schema_types={"worker.topologyHints": ["boolean", "string"]})
    spec = join(model, facts)["f"]["worker"]["f"]
    assert spec["topologyHints"] == {"k": "scalar", "t": ["boolean", "string"]}  # the schema's word
    assert spec["extra"] == {"k": "map", "f": {"a": {"k": "scalar", "t": ["integer"]}}}  # from the default
    assert sorted(facts.inferred) == ["worker.extra", "worker.topologyHints"]


def test_a_key_the_chart_lacks_is_dropped_and_deprecation_follows_the_chart():
    from dslint.knowledge.join import ChartFacts, join

    model = {"k": "map", "f": {"global": {"k": "map", "f": {
        "storageClass": {"k": "scalar", "t": ["string"], "deprecated": "use defaultStorageClass"},
        "security": {"k": "map", "f": {}}}}}}
    old = join(model, ChartFacts({"global": {"storageClass": ""}}))
    assert old["f"]["global"]["f"] == {"storageClass": {"k": "scalar", "t": ["string"]}}
    new = join(model, ChartFacts({"global": {"storageClass": ""}}, deprecated=["global.storageClass"]))
    assert new["f"]["global"]["f"]["storageClass"]["deprecated"] == "use defaultStorageClass"
