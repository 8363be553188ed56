"""Value types the chart's values use, as pydantic annotations.

Each type carries a `ValueFormat` marker so the compiled facts (see `facts.py`)
know which check applies without re-deriving it from pydantic internals.
Helm's values go through YAML -> JSON, so a YAML `3.0` reaches the templates as
the number 3: integer fields accept integral floats, as Helm's schema does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import BeforeValidator, PlainValidator, StringConstraints, WithJsonSchema

from dslint.knowledge.kubernetes import QUANTITY_PATTERN, is_quantity


@dataclass(frozen=True)
class ValueFormat:
    """A string format dslint checks itself (DS105/DS106 and friends)."""

    name: str


def _integral(value: Any) -> Any:
    # Helm stores every number as float64 after its YAML->JSON step; 3.0 is 3.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Integer = Annotated[int, BeforeValidator(_integral)]
# Bounds come before the validator that wraps the integer check, so that
# pydantic's JSON Schema says minimum/maximum (which editors enforce).
Port = Annotated[int, Ge(1), Le(65535), BeforeValidator(_integral)]
NonNegative = Annotated[int, Ge(0), BeforeValidator(_integral)]
Positive = Annotated[int, Ge(1), BeforeValidator(_integral)]
Number = int | float

def _check_quantity(value: Any) -> Any:
    if not is_quantity(value):
        raise ValueError(f"{value!r} is not a Kubernetes quantity")
    return value


Quantity = Annotated[
    int | float | str,
    PlainValidator(_check_quantity),
    ValueFormat("quantity"),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": QUANTITY_PATTERN}]}),
]

# terminationGracePeriodSeconds: the chart's schema wants a string, and the
# template prints it unquoted into an integer field, so it must hold digits.
DIGITS_PATTERN = r"^(\d+)?$"
SecondsString = Annotated[str, StringConstraints(pattern=DIGITS_PATTERN), ValueFormat("digits")]

# Names of Kubernetes objects the chart refers to or creates.  Values may be
# Helm templates (the chart runs them through `tpl`), which dslint cannot
# evaluate: those are left alone.
DnsSubdomain = Annotated[str, ValueFormat("dns-subdomain")]
DnsLabel = Annotated[str, ValueFormat("dns-label")]
# A string whose value is a Kubernetes label/annotation map entry.
StringMap = dict[str, str]
AnyObject = dict[str, Any]
AnyList = list[Any]
