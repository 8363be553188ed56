"""The chart models, their compiled facts, and the agreement between the two."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOLDEN, ROOT, SHARED, golden_scenarios, needs_shared, scaled_examples
from dslint.model.chart_2_1_1 import CHART_TEMPLATE
from dslint.knowledge.versions import MODELLED_VERSIONS as SUPPORTED_VERSIONS
from dslint.model.facts import CONFIG, compile_facts, facts_path, load_facts, model_for
from dslint.model.validate import (
    INVALID_QUANTITY,
    INVALID_VALUE,
    UNKNOWN_KEY,
    WRONG_TYPE,
    validate,
)
from dslint.model.view import coalesce


def test_committed_config_facts_match_the_model():
    """`python -m dslint.model.facts --write` was run after the last config model change."""
    committed = json.loads(Path(facts_path(CONFIG)).read_text("utf-8"))
    assert committed == compile_facts(CONFIG)


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_defaults_are_the_charts_defaults(version):
    """Every parameter, with the chart's default: the model equals the upstream values.yaml."""
    upstream_file = needs_shared(SHARED / "chart-reference" / version / "values.yaml")
    upstream = yaml.safe_load(upstream_file.read_text())
    ours = copy.deepcopy(load_facts(version)["defaults"])
    # The three templated defaults are recorded as "a template is there".
    for key in ("defaultHostFile", "defaultSSHClient", "defaultSSHServer"):
        assert ours["config"][key] == CHART_TEMPLATE
        assert "{{" in upstream["config"][key]
        ours["config"][key] = upstream["config"][key]
    assert ours == upstream


def _parameters_in_readme(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        if line.startswith("| `") and "`" in line[3:]:
            names.add(line[3 : line.index("`", 3)])
    return names


def _spec_has(spec: dict, dotted: str) -> bool:
    node = spec
    for part in dotted.split("."):
        if node["k"] != "map" or part not in node["f"]:
            return False
        node = node["f"][part]
    return True


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_every_documented_parameter_is_modelled(version):
    readme = needs_shared(SHARED / "chart-reference" / version / "README.md")
    spec = load_facts(version)["spec"]
    missing = sorted(p for p in _parameters_in_readme(readme) if not _spec_has(spec, p))
    assert not missing


def test_seed_parameters_match_chart_2_1_1():
    readme = needs_shared(SHARED / "seed" / "deepspeed-chart-README.md")
    spec = load_facts("2.1.1")["spec"]
    assert not sorted(p for p in _parameters_in_readme(readme) if not _spec_has(spec, p))


# --- the compiled facts and pydantic agree ------------------------------------------

CHECKED_KINDS = {UNKNOWN_KEY, WRONG_TYPE, INVALID_VALUE, INVALID_QUANTITY}


def _data_path(loc: tuple, data) -> tuple:
    """A pydantic error location, cut where it stops naming data (union tags...)."""
    out = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break
        out.append(part)
    return tuple(out)


def _pydantic_paths(version: str, user: dict) -> set[tuple]:
    from pydantic import ValidationError

    effective = coalesce(load_facts(version)["defaults"], user, set())
    try:
        model_for(version).model_validate(effective)
    except ValidationError as err:
        # `key: null` deletes a chart default in Helm, which pydantic then
        # misses; that is a user's right, not an error (inside lists it is).
        return {
            _data_path(e["loc"], effective)
            for e in err.errors()
            if e["type"] != "missing" or any(isinstance(p, int) for p in e["loc"])
        }
    return set()


def _fact_paths(version: str, user: dict) -> set[tuple]:
    problems, _ = validate(load_facts(version)["spec"], user)
    return {p.path for p in problems if p.kind in CHECKED_KINDS}


def _covers(ours: set[tuple], theirs: set[tuple]) -> bool:
    """Every problem one side finds lies on a path the other side flags (or above/below it)."""
    def related(a, b):
        n = min(len(a), len(b))
        return a[:n] == b[:n]

    return all(any(related(a, b) for b in theirs) for a in ours) and all(
        any(related(b, a) for a in ours) for b in theirs
    )


def _golden_values():
    if not GOLDEN.is_dir():
        return []
    return [yaml.safe_load((GOLDEN / name / "values.yaml").read_text()) or {} for name in golden_scenarios()]


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_goldens_agree_with_pydantic(version):
    for user in _golden_values() or pytest.skip("no goldens"):
        ours, theirs = _fact_paths(version, user), _pydantic_paths(version, user)
        assert _covers(ours, theirs), (user, ours, theirs)


def _mutations(defaults: dict):
    """Chart-shaped values: real paths with values of random types."""
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                paths.append(path + (key,))
                walk(value, path + (key,))

    walk(defaults, ())
    leaf = st.one_of(
        st.none(), st.booleans(), st.integers(-5, 70000), st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.sampled_from(["", "small", "soft", "Parallel", "8Gi", "8 GB", "100m", "abc", "3", "true", "ALL"]),
        st.lists(st.sampled_from(["a", 1, True]), max_size=3),
        st.dictionaries(st.sampled_from(["name", "value", "cpu", "memory", "x"]), st.sampled_from(["1", 2, "1Gi"]), max_size=2),
    )
    return st.lists(st.tuples(st.sampled_from(paths), leaf), min_size=1, max_size=6)


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
@settings(max_examples=scaled_examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_values_agree_with_pydantic(version, data):
    defaults = load_facts(version)["defaults"]
    user: dict = {}
    for path, value in data.draw(_mutations(defaults)):
        node = user
        for part in path[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        node[path[-1]] = value
    ours, theirs = _fact_paths(version, user), _pydantic_paths(version, user)
    assert _covers(ours, theirs), (user, ours, theirs)
