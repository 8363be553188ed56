"""What the type checker relies on is declared, and declared right.

mypy (strict, `pyproject.toml`) checks the rules only as far as they are
annotated, and reads the manifest views through annotations that sit beside
the `FIELDS` that really drive them.  These tests fail when a rule module's
`check` (or a helper's function) loses its annotations, or when a view's
annotations and its `FIELDS` drift apart, so a checked tree stays a true one.
"""

from __future__ import annotations

import importlib
import inspect
import os
import typing
from collections.abc import Iterator
from types import ModuleType

import pytest

from dslint.manifests import objects
from dslint.manifests.context import ManifestContext, ManifestProblem
from dslint.rules import Problem, ValuesContext

# package -> (what its checks take, what they yield)
RULE_PACKAGES = {
    "dslint.rules": (ValuesContext, Problem),
    "dslint.manifests.rules": (ManifestContext, ManifestProblem),
}


def _modules(package: str, prefix: str) -> list[ModuleType]:
    directory = os.path.dirname(importlib.import_module(package).__file__ or "")
    names = sorted(name[:-3] for name in os.listdir(directory) if name.startswith(prefix) and name.endswith(".py"))
    return [importlib.import_module(f"{package}.{name}") for name in names]


@pytest.mark.parametrize("package", sorted(RULE_PACKAGES))
def test_every_check_declares_its_context_and_problems(package: str) -> None:
    context, problem = RULE_PACKAGES[package]
    checked = []
    for module in _modules(package, "ds"):
        check = getattr(module, "check", None)
        if check is None:
            # Only rules the lanes report themselves (DS100, DS960's policies) have no check.
            assert module.RULE.engine, f"{module.__name__} has no check and is not an engine rule"
            continue
        hints = typing.get_type_hints(check)
        assert hints == {"ctx": context, "return": Iterator[problem]}, (
            f"{module.__name__}.check must be `def check(ctx: {context.__name__}) -> Iterator[{problem.__name__}]`, "
            f"not {hints}")
        checked.append(module.__name__)
    assert len(checked) >= (70 if package == "dslint.rules" else 6)


@pytest.mark.parametrize("package", sorted(RULE_PACKAGES))
def test_rule_helpers_are_fully_annotated(package: str) -> None:
    """Rule modules and their shared helpers (`_security.py`...): every function says what it takes and gives."""
    missing = []
    for module in _modules(package, "ds") + _modules(package, "_"):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__:
                continue  # imported, checked where it is defined
            signature = inspect.signature(function)
            unannotated = [p.name for p in signature.parameters.values() if p.annotation is inspect.Parameter.empty]
            if unannotated or signature.return_annotation is inspect.Signature.empty:
                missing.append(f"{module.__name__}.{name} ({', '.join(unannotated) or 'return'})")
    assert not missing, "unannotated: " + "; ".join(missing)


def _declared(kind: objects.Kind, item: bool = False) -> str:
    """The annotation a field of this kind must have (list items are never None: views refuse null items)."""
    simple = {objects.STR: "str", objects.INT: "int", objects.BOOL: "bool", objects.DICT: "dict[str, Any]"}
    if kind is objects.ANY:
        return "Any"
    if kind in simple:
        text = simple[kind]
    elif isinstance(kind, objects._Nested):
        text = kind.view.__name__
    else:
        assert isinstance(kind, objects._List), kind
        text = f"list[{_declared(kind.item, item=True)}]"
    return text if item else f"{text} | None"


VIEWS = sorted((c for c in vars(objects).values()
                if isinstance(c, type) and issubclass(c, objects.View) and c is not objects.View),
               key=lambda c: c.__name__)


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.__name__)
def test_view_annotations_match_its_fields(view: type[objects.View]) -> None:
    inherited = {name for base in view.__mro__[1:] for name in getattr(base, "FIELDS", {})}
    own = {name: kind for name, kind in view.FIELDS.items() if name not in inherited}
    annotations = {name: text for name, text in inspect.get_annotations(view).items() if name != "FIELDS"}
    assert annotations == {name: _declared(kind) for name, kind in own.items()}
    # The property that reads each field is in place (an annotation must not shadow it).
    for name in own:
        assert isinstance(view.__dict__[name], property), name


def test_views_are_all_found() -> None:
    names = {v.__name__ for v in VIEWS}
    assert {"Container", "PodSpec", "SecurityContext", "Workload", "Secret"} <= names
