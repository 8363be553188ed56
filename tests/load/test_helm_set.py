"""Tests for dslint.load.helm_set: Helm's --set parsing, checked against Helm itself.

The tables pin down each behaviour; the differential tests replay the same
arguments, plus hypothesis-generated ones, through Helm's own parser (via
helm-python-sdk) and skip cleanly when that package is not installed.
"""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import scaled_examples

from dslint.load.helm_set import (
    MAX_DEPTH,
    MAX_INDEX,
    MAX_NAME_NESTING,
    Assignment,
    SetSyntaxError,
    apply_set_argument,
)

# Go's unicode.IsSpace, which Helm uses to trim a --set-json argument.
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"


def _deep(depth: int) -> dict:
    value: dict = {"a": 1}
    for _ in range(depth):
        value = {"a": value}
    return value


# (flag, argument, resulting values from an empty map)
VALUE_CASES = [
    # structure
    ("set", "a.b=c,d=e", {"a": {"b": "c"}, "d": "e"}),
    ("set", "a.b[0].c=x", {"a": {"b": [{"c": "x"}]}}),
    ("set", "a[2]=x", {"a": [None, None, "x"]}),
    ("set", "a[2]=1,a[0]=2", {"a": [2, None, 1]}),
    ("set", "a[0]=1,a[0]=2", {"a": [2]}),
    ("set", "a[+1]=x", {"a": [None, "x"]}),
    ("set", "a[0][1]=x", {"a": [[None, "x"]]}),
    ("set", "a.b.c=1,a.b.d=2,a.e[1]=3", {"a": {"b": {"c": 1, "d": 2}, "e": [None, 3]}}),
    ("set", "name={a,b}", {"name": ["a", "b"]}),
    ("set", "a[0]={x,y}", {"a": [["x", "y"]]}),
    ("set", "a={1,true,null,012}", {"a": [1, True, None, "012"]}),
    ("set", "a={}", {"a": [""]}),
    ("set", "a={,}", {"a": ["", ""]}),
    ("set", "a={x},b=1", {"a": ["x"], "b": 1}),
    ("set", "a={x}.b=1", {"a": ["x"]}),
    ("set", "a=1=2", {"a": "1=2"}),
    ("set", "a=b c", {"a": "b c"}),
    ("set", " a = b ", {" a ": " b "}),
    ("set", "a=", {"a": ""}),
    ("set", "a=,b=2", {"a": "", "b": 2}),
    ("set", "a[0]=,b=2", {"a": [""], "b": 2}),
    ("set", "a[0]=", {"a": [""]}),
    ("set", "a.b=1,a=2", {"a": 2}),
    ("set", "a[0]=x,a[0].b=y", {"a": [{"b": "y"}]}),
    ("set", "a[65536]=1", {"a": [None] * MAX_INDEX + [1]}),
    ("set", "a." * MAX_NAME_NESTING + "a=1", _deep(MAX_NAME_NESTING)),
    # escapes
    ("set", "g.h\\.i=x", {"g": {"h.i": "x"}}),
    ("set", "a=x\\,y", {"a": "x,y"}),
    ("set", "a\\=b=c", {"a=b": "c"}),
    ("set", "a\\,b=c", {"a,b": "c"}),
    ("set", "a=\\{x}", {"a": "{x}"}),
    ("set", "a={x\\,y,z\\}}", {"a": ["x,y", "z}"]}),
    ("set", "a[\\1]=x", {"a": [None, "x"]}),
    ("set", "a=\\u00e9", {"a": "u00e9"}),
    ("set", "a=x\\", {"a": "x"}),
    ("set", "\\", {}),
    # typedVal
    (
        "set",
        "a=true,b=FALSE,c=True,d=null,e=NULL,f=0,g=12,h=-5,i=+7,j=012,k=-012,l=1.5,m=1e3,"
        "n=0x1f,o=9223372036854775807,p=9223372036854775808,q=-9223372036854775808,r=00,"
        "s=-0,t=fal\u017fe,u=,v= 1,w=1_000,x=\u0661\u0662,y=+,z=-",
        {
            "a": True, "b": False, "c": True, "d": None, "e": None, "f": 0, "g": 12, "h": -5,
            "i": 7, "j": "012", "k": -12, "l": "1.5", "m": "1e3", "n": "0x1f",
            "o": 9223372036854775807, "p": "9223372036854775808", "q": -9223372036854775808,
            "r": "00", "s": 0, "t": False, "u": "", "v": " 1", "w": "1_000",
            "x": "\u0661\u0662", "y": "+", "z": "-",
        },
    ),
    # what is left when the input runs out (Helm stops without error)
    ("set", "a[1", {}),
    ("set", "b=1,a[1", {"b": 1}),
    ("set", "a[0]", {"a": []}),
    ("set", "a[70000]", {"a": []}),
    ("set", "a[0][1", {"a": []}),
    ("set", "a.", {}),
    ("set", "a.b[", {}),
    ("set", "a[0].b[", {"a": []}),
    ("set", "x[0].a[0]", {"x": []}),
    ("set", "", {}),
    # empty names are skipped
    ("set", "=x", {}),
    ("set", "=x,b=1", {"b": 1}),
    ("set", ".b=x", {}),
    ("set", "[0]=x", {}),
    ("set", "a[0].=x", {"a": [{}]}),
    ("set", "a[0].[1]=x", {"a": [{}]}),
    # --set-string
    ("set-string", "a=1,b=true,c=null,d={1,2},e=012", {"a": "1", "b": "true", "c": "null", "d": ["1", "2"], "e": "012"}),
    ("set-string", "a.b[1]=", {"a": {"b": [None, ""]}}),
    # --set-json
    ("set-json", 'a.b={"x":1}', {"a": {"b": {"x": 1}}}),
    ("set-json", "a=[1,2]", {"a": [1, 2]}),
    ("set-json", 'a=1.5,b=true,c=null,d="s,t"', {"a": 1.5, "b": True, "c": None, "d": "s,t"}),
    ("set-json", 'a[1]={"k":[true]}', {"a": [None, {"k": [True]}]}),
    ("set-json", "a=", {"a": None}),
    ("set-json", "a=  ,b=1", {"a": None, "b": 1}),
    ("set-json", "a=1 b=2", {"a": 1, "b": 2}),
    ("set-json", 'a="x"b=2', {"a": "x", "b": 2}),
    ("set-json", "a=1e5.", {"a": 100000}),
    ("set-json", "a=1e3", {"a": 1000}),
    ("set-json", 'a="\\ud800"', {"a": "\ufffd"}),
    ("set-json", 'a={"\\udc00":"\\ud83d\\ude00"}', {"a": {"\ufffd": "\U0001f600"}}),
    ("set-json", "a=12345678901234567890", {"a": 12345678901234567168}),
    ("set-json", "a=\xa0 1 \xa0, b=2", {"a": 1, " b": 2}),
    ("set-json", "a=\v1", {"a": 1}),
    ("set-json", 'a={"a":1,"a":2}', {"a": {"a": 2}}),
    ("set-json", "a[0]=", {"a": [None]}),
    # --set-literal
    ("set-literal", "a=1,b.c=two", {"a": "1,b.c=two"}),
    ("set-literal", "a.b[0].c=x,g.h\\.i=x", {"a": {"b": [{"c": "x,g.h\\.i=x"}]}}),
    ("set-literal", "a,b=x", {"a,b": "x"}),
    ("set-literal", "a\\.b=x", {"a\\": {"b": "x"}}),
    ("set-literal", "a={x,y}", {"a": "{x,y}"}),
    ("set-literal", "a=", {"a": ""}),
    ("set-literal", "a[1]=x,y", {"a": [None, "x,y"]}),
    ("set-literal", "a=true", {"a": "true"}),
    ("set-literal", "a[0]", {"a": []}),
]


# (flag, argument, 1-based column, part of the message)
ERROR_CASES = [
    ("set", "a", 1, "has no value"),
    ("set", "x=1,abc", 5, "has no value"),
    ("set", "a,b=1", 1, 'before ","'),
    ("set", "a.b", 3, "has no value"),
    ("set", "a\\", 1, "has no value"),
    ("set", "a.=x", 1, 'nothing is set under "a."'),
    ("set", "a..b=x", 1, "nothing is set"),
    ("set", "a.[0]=x", 1, "nothing is set"),
    ("set", "a[x]=1", 3, "not an integer"),
    ("set", "a[]=1", 3, "not an integer"),
    ("set", "a[ 1]=1", 3, "not an integer"),
    ("set", "a[0x1]=1", 3, "not an integer"),
    ("set", "a[1_0]=1", 3, "not an integer"),
    ("set", "a[99999999999999999999]=1", 3, "not an integer"),
    ("set", "a[-1]=1", 3, "negative"),
    ("set", "x=1,a[0][-2]=1", 10, "negative"),
    ("set", "a[65537]=1", 3, "limit of 65536"),
    ("set", "b.a[70000][0]=1", 5, "limit"),
    ("set", "a[0]x=1", 5, "unexpected"),
    ("set", "a[0],b=1", 5, "unexpected"),
    ("set", "a=1,a.b=2", 5, "holds a number, not a map"),
    ("set", "a=1,a[0]=2", 5, "holds a number, not a list"),
    ("set", "a=null,a.b=1", 8, "holds a null"),
    ("set", "a=x,a.b.c=1", 5, "holds a string"),
    ("set", "a[0]=x,a[0][1]=y", 12, "not a list"),
    ("set", "a={x,y", 3, "never closed"),
    ("set", "a={x\\", 3, "never closed"),
    ("set", "a={x}y", 6, "has no value"),
    ("set", "a." * (MAX_NAME_NESTING + 1) + "a=1", 2 * (MAX_NAME_NESTING + 1), "nest"),
    ("set-string", "a", 1, "has no value"),
    ("set-string", "a=1,b", 5, "has no value"),
    ("set-json", "a=x", 3, "invalid JSON"),
    ("set-json", "a=1.", 4, "incomplete number"),
    ("set-json", "a=1.5e", 6, "incomplete number"),
    ("set-json", "a=[1.]", 5, "invalid JSON"),
    ("set-json", "a=01", 4, "has no value"),
    ("set-json", "a=1e400", 3, "64-bit"),
    ("set-json", "a=[1e400]", 3, "64-bit"),
    ("set-json", "a=NaN", 3, "invalid JSON"),
    ("set-json", "a=-Infinity", 3, "invalid JSON"),
    ("set-json", 'a="\t"', 4, "invalid JSON"),
    ("set-json", 'a={"x":1}}', 10, "has no value"),
    ("set-json", "a=[1,2", 7, "invalid JSON"),
    ("set-json", "a.b", 3, "has no value"),
    ("set-json", "a=1\x1c,b=2", 4, 'before ","'),
    ("set-json", "a=" + "[" * 5000 + "]" * 5000, 3, "nested too deeply"),
    ("set-literal", "a", 1, "has no value"),
    ("set-literal", "a.=x", 1, "nothing is set"),
    ("set-literal", "a[\\1]=x", 3, "not an integer"),
    ("set-literal", "a[-1]=x", 3, "negative"),
    ("set-literal", "a." * (MAX_NAME_NESTING + 1) + "a=1", 2 * (MAX_NAME_NESTING + 1), "nest"),
]

# --set-json '{...}': Helm's CLI merges a whole JSON object (no strvals involved).
# (argument, target before, target after, assigned paths, column)
JSON_OBJECT_CASES = [
    ('{"a":{"b":1}}', {"a": {"c": 2}, "d": 3}, {"a": {"c": 2, "b": 1}, "d": 3}, [("a", "b")], 1),
    (' {"a":[1]} ', {"a": {"c": 2}}, {"a": [1]}, [("a",)], 2),
    ('{"a":{"b":{}}}', {"a": {"b": {"x": 1}}}, {"a": {"b": {"x": 1}}}, [], 1),
    ('{"a":{"b":{}}}', {}, {"a": {"b": {}}}, [("a",)], 1),
    ('{"":1,"b":null}', {}, {"": 1, "b": None}, [("",), ("b",)], 1),
    ('\t{"a":1,"b":{"c":2}}', {"b": 5}, {"a": 1, "b": {"c": 2}}, [("a",), ("b",)], 2),
]
JSON_OBJECT_ERRORS = [
    ('{"a":1} x', 9),
    (' {"a":}', 7),
    ('{"a":1', 7),
    ('{"a":1}}', 8),
]

# (flag, argument, [(path, column)])
ASSIGNMENT_CASES = [
    ("set", "a.b=c,d=e", [(("a", "b"), 1), (("d",), 7)]),
    ("set", "a.b[0].c=x", [(("a", "b", 0, "c"), 1)]),
    ("set", "name={a,b}", [(("name",), 1)]),
    ("set", "a[0]={x,y}", [(("a", 0), 1)]),
    ("set", "a[0]", [(("a",), 1)]),
    ("set", "x[0].a[0]", [(("x",), 1)]),
    ("set", "a[0].=x", [(("a", 0), 1)]),
    ("set", "=x,b=1", [(("b",), 4)]),
    ("set", "a[1", []),
    ("set", "a.b=1,a=2", [(("a",), 7)]),  # a.b is gone by the end
    ("set", "a.b=1,a.b=2", [(("a", "b"), 1), (("a", "b"), 7)]),
    ("set", "a=", [(("a",), 1)]),
    ("set", "a\\.b.c=1", [(("a.b", "c"), 1)]),
    ("set-json", 'a={"x":1}', [(("a",), 1)]),
    ("set-json", "a=1 b=2", [(("a",), 1), (("b",), 5)]),
    ("set-json", "a=,b=[1]", [(("a",), 1), (("b",), 4)]),
    ("set-literal", "a.b=1,c=2", [(("a", "b"), 1)]),
    ("set-string", "x[1].y=2,z=3", [(("x", 1, "y"), 1), (("z",), 10)]),
]

# Several arguments, in order, into one map.
MERGE_CASES = [
    ([("set", "a.b=1"), ("set", "a.c=2")], {"a": {"b": 1, "c": 2}}),
    ([("set", "a[1]=x"), ("set", "a[0]=y")], {"a": ["y", "x"]}),
    ([("set", "a[0].b=1"), ("set", "a[0].c=2")], {"a": [{"b": 1, "c": 2}]}),
    ([("set", "a={x,y,z}"), ("set", "a[1]=q")], {"a": ["x", "q", "z"]}),
    ([("set", "a={x,y,z}"), ("set", "a={q}")], {"a": ["q"]}),
    ([("set-json", 'a={"x":1}'), ("set", "a.y=2")], {"a": {"x": 1, "y": 2}}),
    ([("set-json", '{"a":{"x":1}}'), ("set-json", '{"a":{"y":2}}')], {"a": {"x": 1, "y": 2}}),
    ([("set", "a=1"), ("set-string", "a=1")], {"a": "1"}),
    ([("set", "a.b=1"), ("set-literal", "a.c=x,y")], {"a": {"b": 1, "c": "x,y"}}),
    ([("set", "a[0]=x"), ("set", "a[0].b=1")], {"a": [{"b": 1}]}),
]


# --------------------------------------------------------------------------
# helpers


def run(flag: str, argument: str, target: dict | None = None, read_file=None) -> dict:
    target = {} if target is None else target
    apply_set_argument(target, argument, flag=flag, read_file=read_file)
    return target


def canon(value, json_numbers: bool = False):
    """A form where True != 1 and, for --set-json, numbers compare as Go's float64."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        if json_numbers:
            return ("number", float(value))
        return (type(value).__name__, value)
    if isinstance(value, dict):
        return ("map", {key: canon(item, json_numbers) for key, item in value.items()})
    if isinstance(value, list):
        return ("list", [canon(item, json_numbers) for item in value])
    return (type(value).__name__, value)


def same(a, b, flag: str) -> bool:
    json_numbers = flag == "set-json"
    return canon(a, json_numbers) == canon(b, json_numbers)


def reachable(data, path) -> bool:
    for part in path:
        if isinstance(part, str):
            if not isinstance(data, dict) or part not in data:
                return False
        elif not isinstance(data, list) or not 0 <= part < len(data):
            return False
        data = data[part]
    return True


def is_json_object_form(flag: str, argument: str) -> bool:
    return flag == "set-json" and argument.strip(GO_SPACE).startswith("{")


# --------------------------------------------------------------------------
# tables


@pytest.mark.parametrize(("flag", "argument", "expected"), VALUE_CASES)
def test_values(flag, argument, expected):
    assert same(run(flag, argument), expected, flag)


@pytest.mark.parametrize(("flag", "argument", "column", "fragment"), ERROR_CASES)
def test_errors(flag, argument, column, fragment):
    with pytest.raises(SetSyntaxError) as caught:
        run(flag, argument)
    assert fragment in str(caught.value)
    assert caught.value.column == column
    assert str(caught.value) == caught.value.message


@pytest.mark.parametrize(("argument", "before", "after", "paths", "column"), JSON_OBJECT_CASES)
def test_set_json_whole_object(argument, before, after, paths, column):
    before = copy.deepcopy(before)  # the case's own dict stays as written when the test runs twice in a process
    assignments = apply_set_argument(before, argument, flag="set-json")
    assert before == after
    assert assignments == [Assignment(path, column) for path in paths]


@pytest.mark.parametrize(("argument", "column"), JSON_OBJECT_ERRORS)
def test_set_json_whole_object_errors(argument, column):
    target = {"keep": 1}
    with pytest.raises(SetSyntaxError) as caught:
        apply_set_argument(target, argument, flag="set-json")
    assert caught.value.column == column
    assert target == {"keep": 1}


@pytest.mark.parametrize(("flag", "argument", "expected"), ASSIGNMENT_CASES)
def test_assignments(flag, argument, expected):
    target: dict = {}
    got = apply_set_argument(target, argument, flag=flag)
    assert [(a.path, a.column) for a in got] == expected


@pytest.mark.parametrize(("arguments", "expected"), MERGE_CASES)
def test_merging_arguments(arguments, expected):
    target: dict = {}
    for flag, argument in arguments:
        apply_set_argument(target, argument, flag=flag)
    assert canon(target) == canon(expected)


def test_merges_into_existing_values_in_place():
    inner = {"x": 1}
    items = [1, 2]
    target = {"a": inner, "l": items}
    apply_set_argument(target, "a.y=2,l[0]=9", flag="set")
    assert target == {"a": {"x": 1, "y": 2}, "l": [9, 2]}
    assert target["a"] is inner and target["l"] is items


def test_failed_argument_leaves_target_untouched():
    inner = {"x": 1}
    items = [1, 2]
    target = {"a": inner, "l": items, "m": [{"k": "v"}]}
    before = copy.deepcopy(target)
    argument = "a.y=2,l[0]=9,l[5]=1,m[0]=z,m[0].q=1,new=1,a=1,a.b=2"
    with pytest.raises(SetSyntaxError) as caught:
        apply_set_argument(target, argument, flag="set")
    assert caught.value.column == argument.index("a.b") + 1
    assert target == before
    assert target["a"] is inner and target["l"] is items
    assert list(target) == list(before)


def test_set_file_reads_through_the_injected_reader():
    files = {"f1": "hello\nworld", "f2": "x", "a,b": "comma"}
    seen: list[str] = []

    def read(path: str) -> str:
        seen.append(path)
        return files[path]

    target: dict = {}
    got = apply_set_argument(target, "a=f1,b={f1,f2},c[1]=f2,d=a\\,b,e=", flag="set-file", read_file=read)
    assert target == {"a": "hello\nworld", "b": ["hello\nworld", "x"], "c": [None, "x"], "d": "comma", "e": ""}
    assert seen == ["f1", "f1", "f2", "f2", "a,b"]
    assert [a.path for a in got] == [("a",), ("b",), ("c", 1), ("d",), ("e",)]


def test_set_file_errors():
    with pytest.raises(SetSyntaxError) as caught:
        apply_set_argument({}, "a=f", flag="set-file")
    assert caught.value.column == 3

    def missing(path: str) -> str:
        raise FileNotFoundError(2, "No such file", path)

    target = {"keep": 1}
    with pytest.raises(SetSyntaxError) as caught:
        apply_set_argument(target, "keep=2,a.b=nope", flag="set-file", read_file=lambda p: "ok" if p == "2" else missing(p))
    assert caught.value.column == 12
    assert "nope" in str(caught.value)
    assert target == {"keep": 1}
    # Syntax alone needs no reader: no value is read here.
    assert apply_set_argument({}, "a[0]", flag="set-file") == [Assignment(("a",), 1)]


def test_nesting_guard():
    deep = "a" + "[0]" * MAX_DEPTH + "=1"  # Helm would accept this
    with pytest.raises(SetSyntaxError) as caught:
        run("set", deep)
    assert "deeper" in str(caught.value)
    ok = "a" + "[0]" * (MAX_DEPTH - 1) + "=1"
    value = run("set", ok)
    for _ in range(MAX_DEPTH - 1):
        value = value["a"] if isinstance(value, dict) else value[0]
    assert value == [1]


def test_unknown_flag():
    with pytest.raises(ValueError) as caught:
        apply_set_argument({}, "a=1", flag="--set")
    assert not isinstance(caught.value, SetSyntaxError)


def test_error_pickles_with_its_column():
    err = SetSyntaxError("boom", 7)
    again = pickle.loads(pickle.dumps(err))
    assert (again.message, again.column, str(again)) == ("boom", 7, "boom")


# --------------------------------------------------------------------------
# differential: the same arguments through Helm's own parser


@pytest.fixture(scope="module")
def helm():
    return pytest.importorskip("helm_python")


HELM_FUNCTIONS = {
    "set": "parse_set_string",
    "set-string": "parse_set_string_values",
    "set-json": "parse_set_json",
    "set-literal": "parse_set_literal",
    "set-file": "parse_set_file",
}


class Refused:
    def __init__(self, why: str) -> None:
        self.why = why

    def __repr__(self) -> str:
        return f"Refused({self.why!r})"


def helm_result(helm, flag: str, argument: str):
    try:
        return getattr(helm, HELM_FUNCTIONS[flag])(argument)
    except helm.HelmValuesError as err:
        return Refused(str(err))


def our_result(flag: str, argument: str, read_file=None):
    target: dict = {}
    try:
        assignments = apply_set_argument(target, argument, flag=flag, read_file=read_file)
    except SetSyntaxError as err:
        assert 1 <= err.column <= len(argument) + 1, (argument, err.column)
        return Refused(str(err))
    for assignment in assignments:
        assert reachable(target, assignment.path), (argument, assignment)
        assert 1 <= assignment.column <= len(argument), (argument, assignment)
    return target


def assert_agrees(helm, flag: str, argument: str, read_file=None) -> None:
    theirs = helm_result(helm, flag, argument)
    ours = our_result(flag, argument, read_file)
    if isinstance(theirs, Refused) or isinstance(ours, Refused):
        assert isinstance(theirs, Refused) and isinstance(ours, Refused), (flag, argument, theirs, ours)
    else:
        assert same(ours, theirs, flag), (flag, argument, theirs, ours)


DIFFERENTIAL_CASES = sorted(
    {(flag, argument) for flag, argument, _ in VALUE_CASES}
    | {(flag, argument) for flag, argument, _, _ in ERROR_CASES}
    | {(flag, argument) for flag, argument, _ in ASSIGNMENT_CASES}
)
DIFFERENTIAL_CASES = [
    (flag, argument)
    for flag, argument in DIFFERENTIAL_CASES
    # Helm has no depth guard for lists and nests JSON 10000 deep: ours refuse sooner.
    if not is_json_object_form(flag, argument) and "[0][0][0]" not in argument and "[[[[" not in argument
]


@pytest.mark.parametrize(("flag", "argument"), DIFFERENTIAL_CASES)
def test_table_agrees_with_helm(helm, flag, argument):
    assert_agrees(helm, flag, argument)


@pytest.mark.parametrize("flag", ["set", "set-string"])
@pytest.mark.parametrize("arguments", [[a for _, a in args] for args, _ in MERGE_CASES if {f for f, _ in args} == {"set"}])
def test_merging_agrees_with_helm_on_one_line(helm, flag, arguments):
    # Helm's ParseInto over several arguments is parsing them joined by ","
    # when each ends cleanly, as these do.
    target: dict = {}
    for argument in arguments:
        apply_set_argument(target, argument, flag=flag)
    joined = helm_result(helm, flag, ",".join(arguments))
    assert not isinstance(joined, Refused)
    assert same(target, joined, flag)


@pytest.mark.parametrize(
    "argument",
    ["a=f1", "a={f1,f2}", "a[1]=f2", "a=", "a=,b=f1", "a=missing", "a={}", "a=f1,b", "a.b=f2,c[0]=f1", "x[0].y=f1"],
)
def test_set_file_agrees_with_helm(helm, tmp_path, monkeypatch, argument):
    (tmp_path / "f1").write_text("hello\nworld")
    (tmp_path / "f2").write_text("x")
    monkeypatch.chdir(tmp_path)  # Helm reads relative paths from the working directory
    assert_agrees(helm, "set-file", argument, read_file=lambda path: Path(path).read_text())


# Generated arguments: raw text over the characters that matter to the
# scanner, and assignment-shaped text built from tricky pieces.
SCANNER_ALPHABET = "ab01.[]\\,={}\"- \u017f"
SEGMENTS = st.one_of(
    st.text(alphabet="ab", max_size=2),
    st.sampled_from(["a\\.b", "a\\,", "\\=", "\\", "0", "{", "}", "a b", "\\]"]),
)
INDEXES = st.one_of(
    st.integers(min_value=-1, max_value=4).map(str),
    st.sampled_from(["", "x", "+1", "00", " 1", "65537", "\\1", "1"]),
)
VALUES = st.one_of(
    st.sampled_from(
        [
            "", "x", "true", "False", "NULL", "0", "012", "-5", "+3", "1.5", "1e3",
            "{x,y}", "{}", "{a\\,b}", "{x", "{1,true}", "\\", "x\\,y",
            '"s"', "[1,2]", '{"k":1}', "null", "1.", "01", " 1 ", "1e400", "[]", '"a,b"',
        ]
    ),
    st.text(alphabet=SCANNER_ALPHABET, max_size=8),
)


@st.composite
def assignments(draw) -> str:
    key = draw(SEGMENTS)
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        if draw(st.booleans()):
            key += "." + draw(SEGMENTS)
        else:
            key += "[" + draw(INDEXES) + "]"
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return key  # no "=" at all
    return key + "=" + draw(VALUES)


ARGUMENTS = st.one_of(
    st.text(alphabet=SCANNER_ALPHABET, max_size=30),
    st.lists(assignments(), min_size=1, max_size=4).map(",".join),
)


@settings(max_examples=scaled_examples(300), deadline=None)
@given(argument=ARGUMENTS)
def test_generated_arguments_agree_with_helm(helm, argument):
    for flag in ("set", "set-string", "set-json", "set-literal"):
        if is_json_object_form(flag, argument):
            continue
        assert_agrees(helm, flag, argument)


@settings(max_examples=scaled_examples(300), deadline=None)
@given(argument=ARGUMENTS, flag=st.sampled_from(["set", "set-string", "set-json", "set-literal"]))
def test_failures_never_touch_the_target(argument, flag):
    target = {"a": {"b": [1, {"c": "d"}]}, "b": [None, "x"], "x": "y"}
    before = copy.deepcopy(target)
    try:
        apply_set_argument(target, argument, flag=flag)
    except SetSyntaxError:
        assert target == before
