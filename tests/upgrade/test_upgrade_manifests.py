"""The manifest comparison's units: normalising what differs between any two renders, and field differences."""

from __future__ import annotations

from dslint.render.generated import MASK
from dslint.upgrade.manifests import differences, normalise


def _deployment(tag: str, checksum: str, chart: str) -> dict:
    labels = {"app.kubernetes.io/name": "deepspeed", "helm.sh/chart": chart, "app.kubernetes.io/version": tag}
    return {
        "kind": "Deployment",
        "metadata": {"name": "train-deepspeed-client", "labels": dict(labels)},
        "spec": {"template": {
            "metadata": {"labels": dict(labels), "annotations": {"checksum/config": checksum, "team": "ml"}},
            "spec": {"containers": [{"name": "deepspeed", "image": f"bitnami/deepspeed:{tag}"}]},
        }},
    }


def test_checksums_and_the_charts_version_labels_do_not_count():
    old = normalise(_deployment("0.14.2", "aaa", "deepspeed-2.1.1"))
    new = normalise(_deployment("0.14.2", "bbb", "deepspeed-2.2.5"))
    assert differences(old, new) == []
    assert old["spec"]["template"]["metadata"]["annotations"] == {"checksum/config": MASK, "team": "ml"}
    assert "helm.sh/chart" not in old["metadata"]["labels"]


def test_a_changed_image_is_the_one_field_that_differs():
    old = normalise(_deployment("0.14.2", "aaa", "deepspeed-2.1.1"))
    new = normalise(_deployment("0.14.3", "bbb", "deepspeed-2.2.5"))
    assert differences(old, new) == [("spec", "template", "spec", "containers", 0, "image")]


def test_a_generated_key_is_masked_only_in_the_secret_that_holds_it():
    secret = {"kind": "Secret", "metadata": {"name": "k"}, "data": {"id_rsa": "LS0tLS1CRUdJTi4uLg=="}}
    assert normalise(secret, generated_key=True)["data"] == {"id_rsa": MASK}
    assert normalise(secret)["data"] == secret["data"]


def test_keys_that_appear_or_go_and_lists_of_another_length_differ_whole():
    old = {"spec": {"a": 1, "ports": [1, 2]}}
    new = {"spec": {"b": 1, "ports": [1, 2, 3]}}
    assert sorted(differences(old, new), key=str) == [("spec", "a"), ("spec", "b"), ("spec", "ports")]
