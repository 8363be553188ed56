"""Every CEL feature the policies and their docs use, on the runtime dslint ships with (and its helpers)."""

from __future__ import annotations

import pytest

pytest.importorskip("cel_expr_python", reason="the CEL runtime comes with dslint[policies] (Python 3.11+)")

from dslint.policies.cel import CompileError, EvaluationError, compile_expression  # noqa: E402

WORKER = {
    "replicaCount": 4,
    "nodeSelector": {"nvidia.com/gpu.product": "A100"},
    "resources": {"limits": {"memory": "64Gi", "nvidia.com/gpu": 8}},
    "sidecars": [{"name": "log", "image": "registry.example.com/log:1"}, {"name": "x", "image": "docker.io/x:2"}],
}
DATA = {"values": {"worker": WORKER, "client": {"useJob": True}}, "release": {"name": "train", "namespace": "ml-dev"}}


def run(text: str):
    return compile_expression(text, ("values", "release"), None).evaluate(DATA)


@pytest.mark.parametrize("text,expected", [
    # macros
    ("values.worker.sidecars.all(s, s.image.contains(':'))", True),
    ("values.worker.sidecars.all(s, s.image.startsWith('registry.example.com/'))", False),
    ("values.worker.sidecars.exists(s, s.name == 'log')", True),
    ("values.worker.sidecars.exists_one(s, s.name.size() == 1)", True),
    ("values.worker.sidecars.filter(s, s.name != 'log').map(s, s.image)", ["docker.io/x:2"]),
    ("has(values.worker.nodeSelector)", True),
    ("has(values.worker.affinity)", False),
    ("has(values.worker.resources.limits) && 'nvidia.com/gpu' in values.worker.resources.limits", True),
    ("cel.bind(n, values.worker.replicaCount, n * 2)", 8),
    ("values.worker.?affinity.orValue({}) == {}", True),
    # strings
    ("release.namespace.startsWith('ml-') && release.namespace.endsWith('dev')", True),
    ("release.name.upperAscii() + '/' + release.namespace.lowerAscii()", "TRAIN/ml-dev"),
    ("release.namespace.split('-')", ["ml", "dev"]),
    ("['a', 'b'].join(',')", "a,b"),
    ("release.namespace.replace('-', '_')", "ml_dev"),
    ("release.namespace.indexOf('-')", 2),
    ("release.namespace.substring(3)", "dev"),
    ("'  x '.trim()", "x"),
    ("release.namespace.matches('^ml-[a-z]+$')", True),
    ("'docker.io/x:2'.find('[0-9]+')", "2"),
    ("'a1b22c333'.findAll('[0-9]+')", ["1", "22", "333"]),
    ("'a1b22c333'.findAll('[0-9]+', 2)", ["1", "22"]),
    ("'%s has %d'.format(['worker', 4])", "worker has 4"),
    # lists
    ("size(values.worker.sidecars)", 2),
    ("'log' in values.worker.sidecars.map(s, s.name)", True),
    ("[3, 1, 2].sum()", 6),
    ("[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3", True),
    ("[1, 2, 3].isSorted() && !['b', 'a'].isSorted()", True),
    ("[].sum()", 0),
    # quantities (Kubernetes' library, dslint's helpers)
    ("quantity('1Gi') == quantity('1024Mi')", True),
    ("quantity(values.worker.resources.limits.memory).isGreaterThan(quantity('32Gi'))", True),
    ("quantity('500m').isLessThan(quantity('1'))", True),
    ("quantity('2').compareTo(quantity('2000m'))", 0),
    ("quantity('1Gi').add(quantity('1Gi')) == quantity('2Gi')", True),
    ("quantity('1').sub(1).sign()", 0),
    ("quantity('2k').asInteger()", 2000),
    ("quantity('1.5').isInteger()", False),
    ("quantity('250m').asApproximateFloat()", 0.25),
    ("isQuantity('8Gi') && !isQuantity('8 GB')", True),
    ("quantity(string(values.worker.resources.limits['nvidia.com/gpu'])) <= quantity('8')", True),
])
def test_feature(text, expected):
    assert run(text) == expected


@pytest.mark.parametrize("text,fails_with", [
    ("values.worker.affinity.nodeAffinity", "affinity"),
    ("quantity('eight')", "quantities must match"),
    ("quantity('1.5').asInteger()", "whole number"),
    ("[].min()", "empty list"),
    ("[1, 'a'].min()", "numbers or of strings"),
    ("['a', 'b'].sum()", "sum\\(\\) needs a list of numbers"),
    ("values.worker.replicaCount / 0 == 1", "divide by zero"),
])
def test_evaluation_errors_are_reported_not_raised_as_crashes(text, fails_with):
    with pytest.raises(EvaluationError, match=fails_with):
        run(text)


@pytest.mark.parametrize("text,line,column,says", [
    ("values.worker.replicaCount <= ", 1, 31, "Syntax error"),
    ("'a' + 1", 1, 5, "no matching overload"),
    ("size(1) > 0", 1, 5, "no matching overload"),
    ("values.x ==\n  'a' + 1", 2, 7, "no matching overload"),
    ("undeclared.x == 1", 1, 11, "undeclared reference"),
])
def test_compile_errors_have_positions(text, line, column, says):
    with pytest.raises(CompileError) as caught:
        compile_expression(text, ("values",), "bool")
    assert (caught.value.line, caught.value.column) == (line, column)
    assert says in caught.value.message


def test_a_rule_must_give_a_bool():
    with pytest.raises(CompileError, match="gives string, a bool is needed"):
        compile_expression("'yes'", ("values",), "bool")
    # Of dynamic type, it is checked when it runs (the policy reports it).
    assert compile_expression("values.x", ("values",), "bool").returns == "DYN"
