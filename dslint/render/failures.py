"""Helm's refusals and unparseable output -> findings in the user's values.

Helm's messages are the chart's own words and are kept as they are.  Where a
message names a value (the schema's `at '/worker/replicaCount'`, a quoted
`'huge'` the user wrote, a `source.launchCommand` it asks for), the finding is
located at that value's line; otherwise at the top of the values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from dslint.config import Settings
from dslint.findings import Finding, Location, ManifestRef, ValuesPath, format_path
from dslint.lazy import LazyPattern
from dslint.model.view import ChartValues
from dslint.registry import Rule
from dslint.render.helm import RenderFailure
from dslint.run import new_finding

_EXECUTION = LazyPattern(r"^(?:execution|parse) error at \((?P<where>[^)]*)\):\s*(?P<message>.*)$", re.DOTALL)
_TEMPLATE_PREFIX = LazyPattern(r"^template: (?P<where>[^:\s]+(?::\d+){0,2}):\s*(?P<message>.*)$", re.DOTALL)
_SCHEMA_ITEM = LazyPattern(r"^\s*-\s*at '(?P<pointer>[^']*)':\s*(?P<detail>.+?)\s*$")
_SCHEMA_CHART = LazyPattern(r"^(?P<chart>[A-Za-z0-9_.-]+):\s*$")
_YAML_ON = LazyPattern(r"YAML parse error on (?P<template>\S+?):\s*(?P<message>.*)$", re.DOTALL)
_QUOTED = LazyPattern(r"'([^'\n]{1,200})'|\"([^\"\n]{1,200})\"")
_DOTTED = LazyPattern(r"(?:\.Values\.)?\b([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)+)\b")


def one_line(text: str) -> str:
    return " ".join(text.split())


def make(meta: Rule, message: str, location: Location, settings: Settings, *, path: ValuesPath = (),
         fix: str = "", manifest: ManifestRef | None = None) -> Finding:
    """A render-lane finding, through the run's one factory (Helm's messages can quote secrets)."""
    return new_finding(meta, settings, message, location, values_path=format_path(path), fix=fix, manifest=manifest)


def failure_findings(failure: RenderFailure, values: ChartValues, chart_name: str, settings: Settings) -> list[Finding]:
    if failure.kind == RenderFailure.SCHEMA:
        return _schema_findings(failure.message, values, chart_name, settings)
    if failure.kind == RenderFailure.YAML:
        from dslint.render.rules.ds951_invalid_rendered_yaml import RULE

        match = _YAML_ON.search(failure.message)
        template = match.group("template") if match else ""
        detail = one_line(match.group("message")) if match else one_line(failure.message)
        return [make(RULE, f"Helm rendered text that is not YAML in {template or 'the chart'}: {detail}",
                     values.location(()), settings)]
    return [_template_finding(failure.message, values, settings)]


def _template_finding(message: str, values: ChartValues, settings: Settings) -> Finding:
    from dslint.render.rules.ds950_helm_render_failed import RULE

    where, text = "", message
    for pattern in (_EXECUTION, _TEMPLATE_PREFIX):
        match = pattern.match(message.strip())
        if match:
            where, text = match.group("where"), match.group("message")
            break
    path = _named_value(text, values)
    location = values.location(path) if path is not None else values.location(())
    said = one_line(text) or "no message"
    suffix = f" ({where})" if where else ""
    return make(RULE, f"Helm refused to render: {said}{suffix}", location, settings, path=path or ())


def _named_value(text: str, values: ChartValues) -> ValuesPath | None:
    """The value a chart's message is about: a quoted value the user wrote, or a values path it names."""
    written = _user_scalars(values.user.data)
    for match in _QUOTED.finditer(text):
        token = match.group(1) if match.group(1) is not None else match.group(2)
        paths = [path for path, value in written if _same_scalar(value, token)]
        if len(paths) == 1:
            return paths[0]
    named = []
    for match in _DOTTED.finditer(text):
        path = tuple(match.group(1).split("."))
        if values.has(path) or values.is_set(path):
            named.append(path)
    for path in named:
        if values.is_set(path):
            return path
    return named[0] if named else None


def _user_scalars(data: Any, path: ValuesPath = ()) -> Iterable[tuple[ValuesPath, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _user_scalars(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _user_scalars(value, path + (index,))
    elif data is not None and path:
        yield path, data


def _same_scalar(value: Any, token: str) -> bool:
    if isinstance(value, bool):
        return token == ("true" if value else "false")
    return str(value) == token


def _schema_findings(message: str, values: ChartValues, chart_name: str, settings: Settings) -> list[Finding]:
    from dslint.render.rules.ds952_chart_schema_rejected import RULE

    findings = []
    chart = chart_name
    for line in message.splitlines():
        header = _SCHEMA_CHART.match(line)
        if header:
            chart = header.group("chart")
            continue
        item = _SCHEMA_ITEM.match(line)
        if not item:
            continue
        path = _pointer_path(item.group("pointer"), values.user.data)
        if chart != chart_name:
            # A subchart's values live under its name in the parent's values.
            path = (chart,) + path
        shown = format_path(path) or "the values"
        where = f"`{shown}`" if path else shown
        findings.append(make(RULE, f"the chart's values schema rejects {where}: {item.group('detail')}",
                             values.location(path), settings, path=path))
    if not findings:
        findings.append(make(RULE, f"the chart's values schema rejects the values: {one_line(message)}",
                             values.location(()), settings))
    return sorted(findings, key=Finding.sort_key)


def _pointer_path(pointer: str, data: Any) -> ValuesPath:
    """A JSON pointer ('/worker/sidecars/0/name') as a values path, indices as ints where lists are."""
    if not pointer or pointer == "/":
        return ()
    path: list[Any] = []
    node = data
    for raw in pointer.lstrip("/").split("/"):
        part: Any = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and part.isdigit():
            part = int(part)
            node = node[part] if part < len(node) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
        path.append(part)
    return tuple(path)
