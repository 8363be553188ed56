"""Reading YAML the way Helm does (go-yaml v2, then JSON), with positions."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import scaled_examples

from dslint.load.errors import InputError
from dslint.load.yaml_tree import Limits, Position, parse_yaml, resolve_plain

# (YAML text, what Helm's values contain) — each checked against Helm itself
# when helm-python-sdk is installed (test_helm_agrees).
CASES = [
    ("a: yes", {"a": True}),
    ("a: y", {"a": True}),
    ("a: On", {"a": True}),
    ("a: NO", {"a": False}),
    ("a: off", {"a": False}),
    ("a: ~", {"a": None}),
    ("a: 1:30", {"a": "1:30"}),
    ("a: 0777", {"a": 511}),
    ("a: 08", {"a": 8}),
    ("a: 00", {"a": 0}),
    ("a: 0x1F", {"a": 31}),
    ("a: 0o17", {"a": 15}),
    ("a: 0b101", {"a": 5}),
    ("a: 1_000", {"a": 1000}),
    ("a: -012", {"a": -10}),
    ("a: +0x10", {"a": 16}),
    ("a: 1e3", {"a": 1000}),
    ("a: .5", {"a": 0.5}),
    ("a: 3.", {"a": 3}),
    ("a: 1e400", {"a": "1e400"}),
    ("a: 2001-12-14", {"a": "2001-12-14"}),
    ("a: !!str 12", {"a": "12"}),
    ('a: !!int "12"', {"a": 12}),
    ("a: !!float 1", {"a": 1}),
    ("a: !!binary aGVsbG8=", {"a": "hello"}),
    ("a: !!python/object:os.system {b: 1}", {"a": {"b": 1}}),
    ("a: !custom x", {"a": "x"}),
    ("y: 1", {"true": 1}),
    ("n: 1", {"false": 1}),
    ("1: a", {"1": "a"}),
    ("1.5: a", {"1.5": "a"}),
    ("a: {x: 1, <<: {x: 2, y: 3}}", {"a": {"x": 2, "true": 3}}),
    ("a: {<<: {x: 2, z: 3}, x: 1}", {"a": {"x": 1, "z": 3}}),
    ("a: {<<: [{x: 2}, {x: 3, z: 1}]}", {"a": {"x": 2, "z": 1}}),
    ("a: &x {b: 1}\nc: *x", {"a": {"b": 1}, "c": {"b": 1}}),
    ("a: 1\na: 2", {"a": 2}),
    ("a: 1\n---\nb: 2", {"a": 1}),
    ("a: 'it''s'", {"a": "it's"}),
    ('a: "tab\\there"', {"a": "tab\there"}),
    ("a: |\n  line1\n  line2\n", {"a": "line1\nline2\n"}),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_values_as_helm_reads_them(text, expected):
    assert parse_yaml(text, "t.yaml").data == expected


@pytest.mark.parametrize("text,expected", CASES)
def test_helm_agrees(text, expected):
    helm = pytest.importorskip("helm_python")
    assert helm.values_from_yaml(text) == expected


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("a: [1, 2", "invalid YAML"),
        ("a: .inf", "not a number Helm can use"),
        ("~: 1", "mapping key is null"),
        ("? [a]\n: 1", "must be a scalar"),
        ("a: *nope", "invalid YAML"),
        ("a: !!int abc", "cannot read 'abc' as int"),
        ("a:\n\tb: 1", "invalid YAML"),
    ],
)
def test_refused_with_position(text, fragment):
    with pytest.raises(InputError) as info:
        parse_yaml(text, "t.yaml")
    assert fragment in str(info.value)
    assert str(info.value).startswith("t.yaml:")
    assert "\n" not in str(info.value)


def test_positions_of_keys_and_values():
    tree = parse_yaml("worker:\n  replicaCount: 3\n  args: [a, b]\n", "t.yaml")
    assert tree.keys_at[("worker", "replicaCount")] == Position(2, 3)
    assert tree.values_at[("worker", "replicaCount")] == Position(2, 17)
    assert tree.values_at[("worker", "args", 1)] == Position(3, 13)


def test_duplicates_are_recorded_and_the_last_wins():
    tree = parse_yaml("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert tree.data == {"a": 3, "b": 2}
    (dup,) = tree.duplicates
    assert dup.path == ("a",) and dup.first == Position(1, 1) and dup.second == Position(3, 1)


def test_ignored_documents_point_at_the_separator():
    tree = parse_yaml("a: 1\n---\n\nb: 2\n", "t.yaml")
    assert tree.ignored_documents == [Position(2, 1)]


def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(InputError, match="more than"):
        parse_yaml("\n".join(lines), "bomb.yaml", Limits(max_values=10_000))


def test_recursive_alias_is_refused():
    with pytest.raises(InputError):
        parse_yaml("a: &a [*a]", "t.yaml")


def test_depth_limit():
    text = "a: " + "[" * 50 + "]" * 50
    with pytest.raises(InputError, match="nested deeper than 20"):
        parse_yaml(text, "t.yaml", Limits(max_depth=20))


@pytest.mark.parametrize("text", ["true", "y", "0x1F", "0777", "1_0", "+.5", "-0b1", "9223372036854775807", "abc", "1e5"])
def test_resolve_plain_matches_go_yaml_kinds(text):
    kind, value = resolve_plain(text)
    assert kind in {"bool", "int", "float", "str"}
    if kind == "float":
        assert not math.isnan(value)


# --- differential: random YAML read by dslint and by Helm ------------------------------

_plain_scalars = st.one_of(
    st.sampled_from(["yes", "no", "y", "n", "on", "off", "true", "False", "null", "~", "0", "00", "07", "08", "0x1f",
                     "0o7", "0b11", "1_000", "1e3", ".5", "-.5", "3.", "1:30", "2001-12-14", "+12", "-0", "1.0e+3"]),
    st.from_regex(r"[a-z][a-z0-9_.-]{0,8}", fullmatch=True),
    st.integers(-(2**63), 2**63 - 1).map(str),
)
_keys = st.one_of(st.from_regex(r"[a-zA-Z][a-zA-Z0-9]{0,6}", fullmatch=True), st.sampled_from(["1", "y", "on", "no"]))


def _render(value, indent=0) -> str:
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "\n" + "\n".join(f"{pad}{k}: {_render(v, indent + 1)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(_render(v, indent) for v in value) + "]"
    return value


_trees = st.recursive(
    _plain_scalars,
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(_keys, children, min_size=1, max_size=3)),
    max_leaves=12,
)


@settings(max_examples=scaled_examples(300), deadline=None)
@given(tree=st.dictionaries(_keys, _trees, min_size=1, max_size=4))
def test_random_documents_read_like_helm(tree):
    helm = pytest.importorskip("helm_python")
    text = "\n".join(f"{k}: {_render(v, 1)}" for k, v in tree.items()) + "\n"
    try:
        expected = helm.values_from_yaml(text)
    except Exception:  # noqa: BLE001 - Helm refuses; so must dslint
        with pytest.raises(InputError):
            parse_yaml(text, "t.yaml")
        return
    ours = json.loads(json.dumps(parse_yaml(text, "t.yaml").data))
    assert _same(ours, expected), text


def _same(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        # Helm's numbers are float64: large integers lose precision there.
        return float(a) == float(b)
    return a == b and type(a) is type(b)
