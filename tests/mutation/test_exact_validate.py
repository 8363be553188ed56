"""The values checker: exact problems (kind, path, message, fix, at_key, whether an edit is offered) for a
hand-written spec that has every kind of node (issue #20: validate's mutants)."""

from __future__ import annotations

import pytest

from dslint.model import validate as v

S = lambda *t, **kw: {"k":"scalar","t":list(t), **kw}  # noqa: E731
SPEC = {"k":"map","f":{
  "name": S("string"),
  "count": S("integer", min=1, max=5),
  "ratio": S("number", "integer"),
  "flag": S("boolean"),
  "mode": S("string", enum=["Fast","slow",""]),
  "mem": S("string", format="quantity"),
  "secs": S("string","integer", format="digits"),
  "label": S("string", format="dns-label"),
  "old": {**S("string"), "deprecated": "Deprecated: use name"},
  "anything": {"k":"any"},
  "u": {"k":"union","o":[S("integer"), {"k":"list","i":S("string")}, {"k":"map","f":{}}]},
  "d": {"k":"dict","v":S("integer")},
  "items": {"k":"list","i":{"k":"map","r":["a"],"f":{"a":S("string"),"b":S("string", "null"), "c": {**S("string"), "null": True}}}},
  "nested": {"k":"map","f":{"inner": S("string")}},
}}



CASES = [({'name': 3,
   'count': 0,
   'ratio': '1.5',
   'flag': 'True',
   'mode': 'fast',
   'mem': '1GB',
   'secs': '3s',
   'label': 'Bad_Name',
   'old': 'x',
   'anything': [1],
   'u': 's',
   'd': {'a': '1'},
   'items': [{'b': None, 'c': None}, None, 'x'],
   'nested': 'str',
   'nmae': 1},
  [('wrong-type',
    ('name',),
    '`name` must be a string, got an integer (3); quote it: "3"',
    'quote it: "3"',
    False,
    True),
   ('invalid-value', ('count',), '`count` must be at least 1, got 0', '', False, False),
   ('wrong-type',
    ('ratio',),
    '`ratio` must be a number, got a string ("1.5"); remove the quotes: 1.5',
    'remove the quotes: 1.5',
    False,
    True),
   ('wrong-type',
    ('flag',),
    '`flag` must be a boolean, got a string ("True"); remove the quotes: true',
    'remove the quotes: true',
    False,
    True),
   ('invalid-value',
    ('mode',),
    '"fast" is not an allowed value for `mode`; allowed: Fast, slow, ""',
    "use 'Fast'",
    False,
    True),
   ('invalid-quantity',
    ('mem',),
    '"1GB" is not a Kubernetes quantity',
    'use 1Gi (binary) or 1G (decimal)',
    False,
    False),
   ('invalid-value',
    ('secs',),
    '"3s" is not a whole number of seconds; the chart prints it unquoted into the pod spec',
    'write the seconds as a quoted number, e.g. "30"',
    False,
    False),
   ('invalid-name',
    ('label',),
    '"Bad_Name" is not a valid name (lowercase letters, digits and \'-\', starting and ending with a letter or '
    'digit)',
    "use lowercase letters, digits and '-'",
    False,
    False),
   ('deprecated-key', ('old',), '`old` is deprecated: use name', '', True, True),
   ('wrong-type', ('u',), '`u` must be an integer or a list or a map, got a string ("s")', '', False, False),
   ('wrong-type',
    ('d', 'a'),
    '`d.a` must be an integer, got a string ("1"); remove the quotes: 1',
    'remove the quotes: 1',
    False,
    True),
   ('wrong-type', ('items', 0), '`items[0]` lacks the key `a`, which it must have', 'add `a`', False, False),
   ('wrong-type', ('items', 1), '`items[1]` must be a map, got null (null)', '', False, False),
   ('wrong-type', ('items', 2), '`items[2]` must be a map, got a string ("x")', '', False, False),
   ('wrong-type', ('nested',), '`nested` must be a map, got a string ("str")', '', False, False),
   ('unknown-key',
    ('nmae',),
    'unknown key `nmae` in the top level; Helm ignores it (did you mean `name`?)',
    'did you mean `name`?',
    True,
    True)],
  [('count',),
   ('d', 'a'),
   ('flag',),
   ('items', 1),
   ('items', 2),
   ('mode',),
   ('name',),
   ('nested',),
   ('ratio',),
   ('u',)]),
 ({'count': 9,
   'ratio': 2.0,
   'mode': 'zzz',
   'mem': '-1',
   'secs': '',
   'label': '',
   'u': [1],
   'nested': {'inner': {'x': 1}},
   'name': None,
   'flag': 1},
  [('invalid-value', ('count',), '`count` must be at most 5, got 9', '', False, False),
   ('invalid-value',
    ('mode',),
    '"zzz" is not an allowed value for `mode`; allowed: Fast, slow, ""',
    'use one of: Fast, slow, ""',
    False,
    False),
   ('invalid-quantity',
    ('mem',),
    '"-1" is not a Kubernetes quantity',
    'quantities cannot be negative',
    False,
    False),
   ('wrong-type',
    ('u', 0),
    '`u[0]` must be a string, got an integer (1); quote it: "1"',
    'quote it: "1"',
    False,
    True),
   ('wrong-type', ('nested', 'inner'), '`nested.inner` must be a string, got a map', '', False, False),
   ('wrong-type', ('flag',), '`flag` must be a boolean, got an integer (1)', '', False, False)],
  [('count',), ('flag',), ('mode',), ('nested', 'inner'), ('u', 0)]),
 ({'count': 3.0, 'mode': '', 'mem': '{{ .x }}', 'secs': 30, 'u': {'a': 1}, 'd': [1], 'items': {}, 'mem2': 1},
  [('unknown-key', ('u', 'a'), 'unknown key `a` in `u`; Helm ignores it', '', True, False),
   ('wrong-type', ('d',), '`d` must be a map, got a list', '', False, False),
   ('wrong-type', ('items',), '`items` must be a list, got a map', '', False, False),
   ('unknown-key',
    ('mem2',),
    'unknown key `mem2` in the top level; Helm ignores it (did you mean `mem`?)',
    'did you mean `mem`?',
    True,
    True)],
  [('d',), ('items',)]),
 ({'count': True, 'u': 2.5, 'name': 1.5, 'mode': 'slow', 'mem': '5x'},
  [('wrong-type', ('count',), '`count` must be an integer, got a boolean (true)', '', False, False),
   ('wrong-type', ('u',), '`u` must be an integer or a list or a map, got a number (2.5)', '', False, False),
   ('wrong-type',
    ('name',),
    '`name` must be a string, got a number (1.5); quote it: "1.5"',
    'quote it: "1.5"',
    False,
    False),
   ('invalid-quantity',
    ('mem',),
    '"5x" is not a Kubernetes quantity',
    'write it like 500m, 2, 512Mi or 8Gi',
    False,
    False)],
  [('count',), ('name',), ('u',)])]



@pytest.mark.parametrize("data, problems, rejected", CASES)
def test_every_problem_is_exact(data, problems, rejected):
    found, refused = v.validate(SPEC, data)
    assert [(p.kind, p.path, p.message, p.fix, p.at_key, p.edit is not None) for p in found] == problems
    assert sorted(refused, key=str) == rejected


def test_type_names_and_shown_values():
    assert [v.type_name(x) for x in (None, True, 1, 1.0, "", {}, [], ())] == [
        "null", "boolean", "integer", "number", "string", "map", "list", "tuple"]
    assert [v._show(x) for x in ("a" * 40, "a" * 41, "a\nb", True, False, None, {}, [], 1.5)] == [
        '"' + "a" * 40 + '"', '"' + "a" * 37 + '..."', '"a\\nb"', "true", "false", "null", "a map", "a list", "1.5"]


def test_accepts_integral_numbers_as_integers():
    assert v._accepts(["integer"], 3.0) and v._accepts(["number"], 3)
    assert not v._accepts(["integer"], 3.5) and not v._accepts(["string"], 3) and not v._accepts(["integer"], "3")


def test_describe_every_kind():
    spec = {"k": "union", "o": [S("integer", "number", "null"), S("string"), {"k": "dict"}, {"k": "map"},
                                {"k": "list"}, {"k": "any"}]}
    assert v._describe(spec) == "a number or a string or a map or a list or any value"
    assert v._describe(S("integer", "null")) == "an integer"
    assert v._describe(S("boolean", "string")) == "a boolean or a string"


def test_closest_word():
    assert v._closest("FAST", ["fast", "x"]) == "fast"
    assert v._closest("slowr", ["slow"]) == "slow"
    assert v._closest("SLOWR", ["slow"]) == "slow"
    assert v._closest("xxxxxxxxxxxxxx", ["slow"]) is None
    assert v._closest("slowxxx", ["slow"]) is None  # 7 letters against 4: too long for a match
    assert v._closest("q", []) is None


def test_quantity_fixes():
    assert [v._quantity_fix(x) for x in ("1.5 kb", "2MiB", "3G", " 4 tB ", "-1", "x", 5)] == [
        "use 1.5Ki (binary) or 1.5K (decimal)", "use 2Mi (binary) or 2M (decimal)", "use 3Gi (binary) or 3G (decimal)",
        "use 4Ti (binary) or 4T (decimal)", "quantities cannot be negative", "write it like 500m, 2, 512Mi or 8Gi",
        "write it like 500m, 2, 512Mi or 8Gi"]


def test_dotted_paths_and_numbers():
    assert (v._dotted(("a", 0, "b", 1)), v._dotted((0, "a")), v._dotted(())) == ("a[0].b[1]", "[0].a", "")
    assert v._looks_numeric("1e3") and v._looks_numeric("-2") and not v._looks_numeric("x")


def test_suggestions_stop_after_the_budget():
    checker = v.Validator(SPEC)
    checker.suggestions_left = 1
    checker.run({"nmae": 1, "naem": 2})
    assert [p.fix for p in checker.problems] == ["did you mean `name`?", ""]
    assert checker.suggestions_left == 0
    assert v.Validator(SPEC).suggestions_left == v.MAX_SUGGESTIONS == 1000


def test_closest_word_edges():
    assert v._closest("Fast", ["fast", "Fasts"]) == "fast"  # the same word in another case beats a closer spelling
    assert v._closest("abcxy", ["abc"]) == "abc"  # 5:3 is the longest a match can be, and is allowed
    assert v._closest("ABCDX", ["ABCDY", "abcdx1"]) == "ABCDY"  # the exact-case match first
    assert v._closest("abcde", ["abcxy"]) is None  # 0.6 alike: below the 0.75 cutoff
    assert v._closest("ABCDE", ["abcxy"]) is None


def test_a_union_with_a_dict_takes_a_map():
    spec = {"k": "union", "o": [S("integer"), {"k": "dict", "v": S("integer")}]}
    assert v.validate({"k": "map", "f": {"u": spec}}, {"u": {"a": 1}}) == ([], set())
    found, _ = v.validate({"k": "map", "f": {"u": spec}}, {"u": {"a": "x"}})
    assert [p.message for p in found] == ['`u.a` must be an integer, got a string ("x")']
