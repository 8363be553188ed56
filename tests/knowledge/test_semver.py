"""Version constraints, read as Helm's Masterminds/semver v3 reads them.

Each row states a constraint and, by hand from the semver rules Helm documents, the versions just
inside and just outside each of its bounds: an off-by-one in a bound, an inclusive bound made
exclusive or an operator read as another moves one of those versions to the wrong side.
"""

from __future__ import annotations

import pytest

from dslint.knowledge.semver import ConstraintError, constraint, newest_matching, parse_version, satisfies

ROWS = [
    # constraint, versions it allows, versions it refuses
    ("2.2.5", ["2.2.5"], ["2.2.4", "2.2.6", "2.3.5"]),
    ("=2.2.5", ["2.2.5"], ["2.2.4", "2.2.6"]),
    ("v2.2.5", ["2.2.5"], ["2.2.6"]),
    ("2.2", ["2.2.0", "2.2.99"], ["2.1.99", "2.3.0"]),
    ("2", ["2.0.0", "2.99.9"], ["1.99.9", "3.0.0"]),
    ("2.2.x", ["2.2.0", "2.2.7"], ["2.1.9", "2.3.0"]),
    ("2.X", ["2.0.0", "2.9.0"], ["1.9.9", "3.0.0"]),
    ("2.*.5", ["2.0.0", "2.9.9"], ["1.9.9", "3.0.0"]),  # everything after a wildcard is wild
    ("*", ["0.0.0", "0.1.0", "2.3.51"], []),
    ("!=2.2.5", ["2.2.4", "2.2.6"], ["2.2.5"]),
    ("!=2.2", ["2.1.9", "2.3.0"], ["2.2.0", "2.2.9"]),
    (">=2.2.5", ["2.2.5", "3.0.0"], ["2.2.4"]),
    ("=>2.2.5", ["2.2.5", "3.0.0"], ["2.2.4"]),
    (">=2.2", ["2.2.0"], ["2.1.99"]),
    (">2.2.5", ["2.2.6", "2.3.0"], ["2.2.5", "2.2.4"]),
    (">2.2", ["2.3.0"], ["2.2.0", "2.2.99"]),
    (">2", ["3.0.0"], ["2.99.0"]),
    ("<2.2.5", ["2.2.4", "0.1.0"], ["2.2.5", "2.2.6"]),
    ("<2.2", ["2.1.99"], ["2.2.0"]),
    ("<=2.2.5", ["2.2.5", "2.2.4"], ["2.2.6"]),
    ("=<2.2.5", ["2.2.5"], ["2.2.6"]),
    ("<=2.2", ["2.2.99"], ["2.3.0"]),
    ("<=2", ["2.99.0"], ["3.0.0"]),
    ("~2.2.5", ["2.2.5", "2.2.9"], ["2.2.4", "2.3.0"]),
    ("~>2.2.5", ["2.2.5"], ["2.3.0"]),
    ("~2.2", ["2.2.0", "2.2.9"], ["2.1.9", "2.3.0"]),
    ("~2", ["2.0.0", "2.9.9"], ["1.9.9", "3.0.0"]),
    ("^2.2.5", ["2.2.5", "2.9.0"], ["2.2.4", "3.0.0"]),
    ("^2", ["2.0.0", "2.9.9"], ["1.9.9", "3.0.0"]),
    ("^0.2.3", ["0.2.3", "0.2.9"], ["0.2.2", "0.3.0"]),
    ("^0.0.3", ["0.0.3"], ["0.0.2", "0.0.4"]),
    ("^0.0", ["0.0.0", "0.0.9"], ["0.1.0"]),
    ("^0", ["0.0.0", "0.9.9"], ["1.0.0"]),
    ("^0.x", ["0.9.9"], ["1.0.0"]),
    ("^1.x", ["1.0.0", "1.9.9"], ["2.0.0"]),
    ("^0.2", ["0.2.0", "0.2.9"], ["0.1.9", "0.3.0"]),
    ("^0.1.3", ["0.1.3", "0.1.9"], ["0.1.2", "0.2.0"]),
    ("2.1 - 2.3", ["2.1.0", "2.3.99"], ["2.0.99", "2.4.0"]),
    ("2.1.5 - 2.3.1", ["2.1.5", "2.3.1"], ["2.1.4", "2.3.2"]),
    (">= 2.2, < 2.3", ["2.2.0", "2.2.9"], ["2.1.9", "2.3.0"]),
    (">=2.2 <2.3", ["2.2.5"], ["2.3.0", "2.1.0"]),
    ("~2.1.0 || ^2.3.0", ["2.1.9", "2.3.0", "2.9.0"], ["2.2.0", "2.0.9", "3.0.0"]),
    (" >=1.0.0-rc.1+build ", ["1.0.0"], ["0.9.9"]),
]


@pytest.mark.parametrize("text, allowed, refused", ROWS)
def test_constraint_bounds(text, allowed, refused):
    test = constraint(text)
    assert [v for v in allowed if not test(parse_version(v))] == []
    assert [v for v in refused if test(parse_version(v))] == []


@pytest.mark.parametrize("text", ["2.2.y", ">=", "", "  ", "1.2.3.4", "a||", "~", "2.2.5 ||", ">=2.2 foo",
                                  "a - b", "1.2.3.4 - 2"])
def test_constraints_helm_refuses(text):
    with pytest.raises(ConstraintError) as refused:
        constraint(text)
    assert "is not a version constraint Helm understands" in str(refused.value)


def test_the_refusal_names_the_part_it_could_not_read():
    with pytest.raises(ConstraintError) as refused:
        constraint(">=2.2, 2.y")
    assert str(refused.value) == "'2.y' is not a version constraint Helm understands"
    with pytest.raises(ConstraintError) as refused:
        constraint("")
    assert str(refused.value) == "'' is not a version constraint Helm understands"
    with pytest.raises(ConstraintError) as refused:
        constraint("a - 2.3")  # a hyphen range is refused whole
    assert str(refused.value) == "'a - 2.3' is not a version constraint Helm understands"
    with pytest.raises(ConstraintError) as refused:
        constraint("2.1 - x.y")
    assert str(refused.value) == "'2.1 - x.y' is not a version constraint Helm understands"


@pytest.mark.parametrize("text, version", [
    ("2.2.5", (2, 2, 5)), ("v2.2", (2, 2, 0)), ("V3", (3, 0, 0)), ("2.2.5+build.1", (2, 2, 5)),
    ("2.2.5-rc.1", (2, 2, 5)), ("2.2.5-rc-1", (2, 2, 5)), ("2.2.5+build+x", (2, 2, 5)), ("2.2.5-rc+b-1", (2, 2, 5)), (" 1.0.0 ", (1, 0, 0)), ("010.2.3", (10, 2, 3)),
    ("1.2.3.4", None), ("", None), ("a.b.c", None), ("1..2", None), ("latest", None), ("-1.2.3", None),
])
def test_parse_version(text, version):
    assert parse_version(text) == version


def test_newest_matching_picks_the_newest_not_the_last():
    versions = ["2.2.10", "2.2.9", "not-a-version", "2.3.0", "2.2.2"]
    assert newest_matching("~2.2.0", versions) == "2.2.10"
    assert newest_matching("<2.2.10", versions) == "2.2.9"
    assert newest_matching("^3", versions) is None
    assert newest_matching("*", []) is None
    assert newest_matching("*", ["2.2.0", "v2.2.0"]) == "2.2.0"  # the first of two spellings


def test_satisfies_lets_a_version_that_is_not_semantic_through():
    assert satisfies("2.2.5", "~2.2.0") is True
    assert satisfies("2.3.0", "~2.2.0") is False
    assert satisfies("main", "~2.2.0") is True
