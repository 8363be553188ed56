"""The typed views (dslint.manifests.objects) read documents exactly as the pydantic models did.

The manifest lane used to load objects into pydantic models; it now uses
plain views over the parsed dicts (no pydantic on its path).  These tests
generate documents shaped like Kubernetes objects, with every declared field
holding either the right shape or a hostile value (numbers as text, `yes`,
floats, lists where scalars belong...), and check that the views and the
reference models (`pydantic_reference.py`, the old module) agree on:

* whether the object can be read at all, and the message when it cannot
  (the "pod checks skipped" notice quotes it);
* the value of every declared field, at every depth (what the rules read);
* the pod template, its paths, and the containers in kubelet order.
"""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pydantic_reference as reference
from dslint.manifests import objects as views

# Values a field may hold: what YAML gives for numbers, booleans and text, and the odd forms of each.
TRICKY = [
    0, 1, -1, 2, 1001, 2**63 - 1, 2**64, -(2**63), 0.0, 1.0, -0.0, 2.0, 0.5, 1e16, 1e19, -9.3e18, 2.0**63,
    float("inf"), float("nan"), True, False, None,
    "", "1", " 1 ", "+1", "-1", "1.0", "1.", ".0", "1.5", "1_000", "1__0", "_1", "1_", "010", "0x10", "1e3",
    "-1.00", "1_0.0", "\t7\n", "\x0b1", "\x1c1", "1\x1f", "1\xa0", "\u20031", "\u0661", "99999999999999999999",
    "true", "True", "TRUE", "yes", "Yes", "y", "Y", "on", "oN", "t", "T", "false", "no", "n", "off", "f", "0",
    " true", "2", "-0", "0.000", "RuntimeDefault", "Unconfined", "Localhost", "ALL", "NET_ADMIN", "windows",
    "container_t", "spc_t", "Default", "Unmasked", "nginx:latest", "docker.io/bitnami/deepspeed:0.14.2",
]
GOOD = {
    "str": ["a", "deepspeed", "RuntimeDefault", "Unconfined", "ALL", "windows", "container_t", "Default", "TCP"],
    "int": [0, 1, 1001, 65535, "1001", 2.0, True],
    "bool": [True, False, "true", "no", 0, 1],
    "any": [80, "http", None, [1], {"a": 1}],
}
EXTRA_KEYS = ["hostPath", "emptyDir", "nfs", "configMap", "unknown", "x-extra"]


def _junk(rnd):
    choice = rnd.random()
    if choice < 0.8:
        return rnd.choice(TRICKY)
    if choice < 0.9:
        return [rnd.choice(TRICKY) for _ in range(rnd.randint(0, 2))]
    return {rnd.choice(["a", "b", "name"]): rnd.choice(TRICKY) for _ in range(rnd.randint(0, 2))}


def _value(kind, rnd, depth, junk):
    """A value for a field: its right shape, and with probability `junk` anything at all."""
    if rnd.random() >= 1 - junk:
        return _junk(rnd)
    if isinstance(kind, views._Scalar):
        name = {views.read_str: "str", views.read_int: "int", views.read_bool: "bool"}.get(kind.reader, "any")
        return rnd.choice(GOOD[name])
    if isinstance(kind, views._Dict):
        return {rnd.choice(["app", "team", "cpu", "memory", "container.apparmor.security.beta.kubernetes.io/c",
                            "dslint.io/ignore"]): rnd.choice(["1", "2Gi", "unconfined", "runtime/default", 3])
                for _ in range(rnd.randint(0, 3))}
    if isinstance(kind, views._List):
        return [_value(kind.item, rnd, depth, junk) for _ in range(rnd.randint(0, 3))]
    if isinstance(kind, views._Nested):
        return _view(kind.view, rnd, depth + 1, junk) if depth < 8 else {}
    raise AssertionError(kind)


def _view(view, rnd, depth, junk):
    data = {}
    for name, kind in view.FIELDS.items():
        if rnd.random() < 0.6:
            data[name] = _value(kind, rnd, depth, junk)
    for _ in range(rnd.randint(0, 1) if view is not views.Volume else rnd.randint(0, 2)):
        data[rnd.choice(EXTRA_KEYS)] = rnd.choice([None, {}, {"path": "/x"}, "x"])
    return data


KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "Pod",
         "Service", "ConfigMap", "Secret", "ServiceAccount"]


@st.composite
def documents(draw):
    rnd = draw(st.randoms(use_true_random=False))
    kind = rnd.choice(KINDS)
    view = views._VIEWS.get(kind, views.KubeObject)
    # Mostly readable documents (deep fields get read), some with one odd value somewhere.
    data = _view(view, rnd, 0, rnd.choice([0.0, 0.01, 0.03, 0.1]))
    for name, kind_of in (("kind", kind), ("apiVersion", "v1")):
        if rnd.random() < 0.95:
            data[name] = kind_of
    return data


def dump(obj, kind=None, depth=0):
    """Every declared field of a view (or the same attributes of a model), recursively."""
    if obj is None:
        return None
    if isinstance(obj, list):
        return [dump(item, kind.item if isinstance(kind, views._List) else None, depth) for item in obj]
    view = kind.view if isinstance(kind, views._Nested) else kind
    if isinstance(view, type) and issubclass(view, views.View):
        out = {name: dump(getattr(obj, name), sub, depth + 1) for name, sub in view.FIELDS.items()}
        if view is views.Volume:
            out["source_types"] = list(obj.source_types)
        return out
    return _same(obj)


def _same(value):
    # NaN != NaN; compare it as a marker.
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, dict):
        return {k: _same(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same(v) for v in value]
    return (type(value).__name__, value)


def _pod_dump(pod):
    if pod is None:
        return None
    return {
        "path": pod.path, "metadata_path": pod.metadata_path, "windows": pod.is_windows,
        "security": dump(pod.security, views.PodSecurityContext),
        "containers": [(ref.name, ref.list_name, ref.index, ref.path, dump(ref.security, views.SecurityContext))
                       for ref in pod.containers()],
    }


@settings(max_examples=max(400, settings.default.max_examples), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_views_read_documents_as_the_pydantic_models_did(data):
    old, old_error = reference.parse_object(data)
    new, new_error = views.parse_object(data)
    assert new_error == old_error
    assert (new is None) == (old is None)
    if new is None:
        return
    view = views._VIEWS.get(str(data.get("kind", "")), views.KubeObject)
    assert type(new) is view
    assert dump(new, view) == dump(old, view)
    assert _pod_dump(views.pod_template(new)) == _pod_dump(reference.pod_template(old))


@pytest.mark.parametrize("value", [
    "1", " 1 ", "+1", "1_000", "1.0", "-1.00", "010", "1.5", "1e3", "", "\x1c1", "\u0661", 1.0, 1.5, 2.0**70, True,
    float("inf"), [1], {"a": 1}, "99999999999999999999",
])
def test_integer_fields_coerce_like_pydantic(value):
    data = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"securityContext": {"runAsUser": value}, "containers": [{"name": "c"}]}}
    old, old_error = reference.parse_object(data)
    new, new_error = views.parse_object(data)
    assert new_error == old_error
    if new is not None:
        assert new.spec.securityContext.runAsUser == old.spec.securityContext.runAsUser


@pytest.mark.parametrize("value", [True, 0, 1, 2, 0.0, 1.0, 2.0, 0.5, "yes", "On", "f", "2", " true", None, [True]])
def test_boolean_fields_coerce_like_pydantic(value):
    data = {"apiVersion": "v1", "kind": "Pod", "spec": {"hostNetwork": value}}
    old, old_error = reference.parse_object(data)
    new, new_error = views.parse_object(data)
    assert new_error == old_error
    if new is not None:
        assert new.spec.hostNetwork == old.spec.hostNetwork


def test_unreadable_object_message_names_the_field():
    data = {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a"}, {"ports": [{"hostPort": "x"}]}]}}
    model, error = views.parse_object(data)
    assert model is None
    assert error == "spec.containers.1.ports.0.hostPort: Input should be a valid integer, unable to parse string as an integer"


def test_secret_view_repr_never_shows_values():
    secret, _ = views.parse_object({"apiVersion": "v1", "kind": "Secret", "data": {"k": "aHVudGVyMg=="}})
    assert "aHVudGVyMg" not in repr(secret)


def test_importing_the_views_imports_no_pydantic():
    code = "import sys\nimport dslint.manifests.objects\nprint('pydantic' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("value", [2, -1, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64])
def test_booleans_from_integers_say_what_pydantic_says(value):
    """A hypothesis example found it: pydantic interprets only 64-bit integers as booleans."""
    from pydantic import BaseModel, ValidationError

    class Flag(BaseModel):
        flag: bool

    with pytest.raises(ValidationError) as refused:
        Flag(flag=value)
    assert views.read_bool(value) == (None, refused.value.errors()[0]["msg"])
