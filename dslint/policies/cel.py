"""The CEL runtime behind policies, with the Kubernetes functions it lacks.

dslint uses `cel-expr-python`, the Python binding of Google's C++ CEL (the
implementation Kubernetes' Go one is conformance-tested against).  Measured
on the CI machine: importing it costs 2 ms, an environment 1 ms, compiling an
expression about 1 ms (with type checking), evaluating 10-15 µs; the pure
Python `cel-python` took 230 ms to import and 1.2 ms per evaluation, and the
Rust binding `common-expression-language` 200 ms to import.  It is imported
only by runs that have policies.

The standard library, the `strings` extension (`lowerAscii`, `split`, `join`,
`replace`, `indexOf`, `substring`, `trim`, `format`...), optional fields
(`obj.?field.orValue(x)`), `cel.bind` and `math.*` come with the runtime.
Kubernetes adds libraries of its own; dslint provides the ones a policy on a
Helm release needs, with Kubernetes' names and meaning:

* quantities: `quantity(s)` and `isQuantity(s)`, and on a quantity
  `isGreaterThan`, `isLessThan`, `compareTo`, `add`, `sub`, `asInteger`,
  `asApproximateFloat`, `isInteger`, `sign`.  The runtime has no opaque
  types, so a quantity is its value as a double (bytes, cores): `==`, `<`
  and `>` compare quantities correctly too (`quantity('1Gi') ==
  quantity('1024Mi')`), and printing one shows the number.
* lists: `sum()`, `min()`, `max()`, `isSorted()` (not `indexOf`/`lastIndexOf` on lists: the
  runtime's strings extension owns those names).
* regular expressions: `s.find(re)`, `s.findAll(re)`, `s.findAll(re, n)`.

Not provided (an expression using them fails to compile, with its position):
`url()`, `ip()`, `cidr()`, `format.*` named formats, `authorizer` (dslint
reports admission policies that need it as a note).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from dslint.load.errors import InputError

RUNTIME = "cel-expr-python"
INSTALL_HINT = "pip install 'dslint[policies]' (the CEL runtime, cel-expr-python, needs Python 3.11 or later)"

# "ERROR: <input>:1:5: found no matching overload..." (one per problem, the first is reported)
_COMPILE_ERROR = re.compile(r"ERROR: <input>:(\d+):(\d+): ([^\n]*)")


class CompileError(Exception):
    """An expression that does not parse or type-check; line and column inside the expression."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class EvaluationError(Exception):
    """An expression that failed while evaluating (a missing key, a division by zero...)."""


def _module() -> Any:  # cel_expr_python's `cel` module (it ships no type information)
    try:
        from cel_expr_python import cel
    except ImportError:
        raise InputError(f"policies need the CEL runtime: {INSTALL_HINT}") from None
    return cel


class Expression:
    """A compiled expression and what it returns."""

    __slots__ = ("program", "returns", "text")

    def __init__(self, text: str, program: Any, returns: str) -> None:
        self.text = text
        self.program = program
        self.returns = returns  # the checker's type name: BOOL, STRING, DYN...

    def evaluate(self, data: Any) -> Any:
        """The value for `data`: a dict of the variables, or `bind(...)` of one (much faster, for many expressions)."""
        cel = _module()
        try:
            value = self.program.eval(data=data) if isinstance(data, dict) else self.program.eval(data)
        except (RuntimeError, ValueError, TypeError) as err:  # the runtime refused the input itself
            raise EvaluationError(_one_line(str(err))) from None
        if value.type() == cel.Type.ERROR:
            raise EvaluationError(_clean(str(value.value())))
        return value.plain_value()


def bind(variables: Iterable[str], data: dict[str, Any]) -> Any:
    """The variables made ready once for every expression over them.

    Handing the runtime a dict converts it at each evaluation (85 µs for the chart's
    values); an activation built once (2 µs) makes an evaluation cost about 1.5 µs.
    """
    return environment(tuple(sorted(variables))).Activation(data=data)


def compile_expression(text: str, variables: Iterable[str], returns: str | None = None, *,
                       type_check: bool = True) -> Expression:
    """Parse and type-check `text` with these variables (all of dynamic type).

    `returns`: "bool" or "string" when the expression must give that type; an
    expression whose type is known to be another is a type error.
    `type_check=False` only parses (for expressions on libraries dslint does not
    have, like `authorizer`, which are reported and never evaluated).
    """
    if not isinstance(text, str) or not text.strip():
        raise CompileError("the expression is empty")
    env = environment(tuple(sorted(variables)))
    try:
        program = env.compile(text) if type_check else env.compile(text, disable_check=True)
    except RuntimeError as err:
        match = _COMPILE_ERROR.search(str(err))
        if match:
            raise CompileError(_clean(match.group(3)), int(match.group(1)), int(match.group(2))) from None
        raise CompileError(_one_line(str(err))) from None
    kind = program.return_type().name() if type_check else "DYN"
    if returns is not None and kind not in (returns.upper(), "DYN"):
        raise CompileError(f"the expression gives {kind.lower()}, a {returns} is needed")
    return Expression(text, program, kind)


def _clean(text: str) -> str:
    # The runtime prefixes status codes ("INVALID_ARGUMENT: ..."): the user needs the rest.
    text = re.sub(r"^[A-Z_]+: ", "", _one_line(text))
    return re.sub(r" \[[A-Z_]+\]$", "", text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@cache
def environment(variables: tuple[str, ...]) -> Any:
    cel = _module()
    from cel_expr_python.ext import ext_bindings, ext_math, ext_optional, ext_strings

    return cel.NewEnv(
        variables={name: cel.Type.DYN for name in variables},
        extensions=[ext_strings.ExtStrings(), ext_optional.ExtOptional(), ext_bindings.ExtBindings(), ext_math.ExtMath()],
        functions=_kubernetes_functions(cel),
    )


# --- the Kubernetes libraries the runtime does not have --------------------------------


def _quantity(text: str) -> float:
    from dslint.knowledge.kubernetes import parse_quantity

    number = parse_quantity(text) if isinstance(text, str) else None
    if number is None:
        raise ValueError(f"quantities must match the regular expression of Kubernetes quantities: {text!r}")
    return float(number)


def _is_quantity(text: str) -> bool:
    from dslint.knowledge.kubernetes import parse_quantity

    return parse_quantity(text) is not None


def _as_integer(value: float) -> int:
    if value != int(value):
        raise ValueError(f"cannot convert value to integer: {value} is not a whole number")
    if abs(value) > 2 ** 63 - 1:
        raise ValueError("cannot convert value to integer: it overflows int64")
    return int(value)


def _compare(a: float, b: float) -> int:
    return (a > b) - (a < b)


def _list_sum(items: list[Any]) -> Any:
    if not all(isinstance(i, (int, float)) and not isinstance(i, bool) for i in items):
        raise ValueError("sum() needs a list of numbers")
    return sum(items)


def _list_extreme(pick: Callable[[list[Any]], Any]) -> Callable[[list[Any]], Any]:
    def extreme(items: list[Any]) -> Any:
        if not items:
            raise ValueError(f"{pick.__name__}() of an empty list")
        _same_kind(items, pick.__name__)
        return pick(items)

    return extreme


def _is_sorted(items: list[Any]) -> bool:
    _same_kind(items, "isSorted")
    return all(a <= b for a, b in itertools.pairwise(items))


def _same_kind(items: list[Any], what: str) -> None:
    numbers = all(isinstance(i, (int, float)) and not isinstance(i, bool) for i in items)
    strings = all(isinstance(i, str) for i in items)
    if not (numbers or strings):
        raise ValueError(f"{what}() needs a list of numbers or of strings")


def _find(text: str, pattern: str) -> str:
    match = re.search(pattern, text)
    return match.group(0) if match else ""


def _find_all(text: str, pattern: str, limit: int = -1) -> list[str]:
    found = [m.group(0) for m in re.finditer(pattern, text)]
    return found if limit < 0 else found[:limit]


def _kubernetes_functions(cel: Any) -> list[Any]:
    T = cel.Type
    Q, B, N, S, DYN = T.DOUBLE, T.BOOL, T.INT, T.STRING, T.DYN
    LIST = T.List(DYN)

    # Each overload: (returns, parameters, is a method, implementation).
    def function(name: str, *overloads: tuple[Any, list[Any], bool, Callable[..., Any]]) -> Any:
        return cel.FunctionDecl(name, [
            cel.Overload(f"{name}_{i}", returns, params, is_member=member, impl=impl)
            for i, (returns, params, member, impl) in enumerate(overloads)])

    return [
        function("quantity", (Q, [S], False, _quantity)),
        function("isQuantity", (B, [S], False, _is_quantity)),
        function("isGreaterThan", (B, [Q, Q], True, lambda a, b: a > b)),
        function("isLessThan", (B, [Q, Q], True, lambda a, b: a < b)),
        function("compareTo", (N, [Q, Q], True, _compare)),
        function("add", (Q, [Q, Q], True, lambda a, b: a + b), (Q, [Q, N], True, lambda a, b: a + b)),
        function("sub", (Q, [Q, Q], True, lambda a, b: a - b), (Q, [Q, N], True, lambda a, b: a - b)),
        function("asInteger", (N, [Q], True, _as_integer)),
        function("asApproximateFloat", (Q, [Q], True, float)),
        function("isInteger", (B, [Q], True, lambda v: v == int(v))),
        function("sign", (N, [Q], True, lambda v: _compare(v, 0))),
        function("sum", (DYN, [LIST], True, _list_sum)),
        function("min", (DYN, [LIST], True, _list_extreme(min))),
        function("max", (DYN, [LIST], True, _list_extreme(max))),
        function("isSorted", (B, [LIST], True, _is_sorted)),
        function("find", (S, [S, S], True, _find)),
        function("findAll", (T.List(S), [S, S], True, _find_all), (T.List(S), [S, S, N], True, _find_all)),
    ]
