"""Running the manifest lane: documents -> objects -> manifest rules -> findings.

Two entry points:

* `check_manifest_files(paths, settings, report)`: `dslint check --manifests
  FILE...` (or `-` for stdin), for whatever `helm template` or another tool
  produced.  Findings are located in the manifest files.
* `check_manifests(documents, settings, values=None)`: the same checks over
  documents already split (`dslint render` calls it before emitting).  With
  the chart values the documents were rendered from, every finding is located
  at the value that controls the field, and the manifest field becomes the
  finding's `manifest` reference (SARIF: a related location).

The rules run once per object.  Findings pass through the settings
(select/ignore, per-code severity, per-file ignores) and the objects'
`dslint.io/ignore` annotations; an annotation that suppresses nothing is
reported as DS100, like a stale `# dslint: ignore` comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from dslint.config import Settings
from dslint.findings import FieldPath, Finding, Location, ManifestRef, Severity, format_path
from dslint.knowledge.pss_controls import policy_minor
from dslint.load.errors import InputError
from dslint.load.files import STDIN_NAME, decode, read_bytes
from dslint.manifests.context import IGNORE_ANNOTATION, ManifestContext, ManifestObject, ManifestProblem, kube_minor
from dslint.manifests.documents import ManifestDocument, split_manifests
from dslint.manifests.kube_versions import normalize_kube_version
from dslint.manifests.objects import POD_KINDS, ContainerRef, parse_object, pod_template
from dslint.registry import MANIFESTS_LANE, RegisteredRule, Rule, lane_rules, rule_enabled
from dslint.run import Report, UnusedAnnotation, finish, new_finding
from dslint.suppress import Suppression, find_suppressions_in

if TYPE_CHECKING:
    from dslint.load.yaml_tree import Position
    from dslint.model.view import ChartValues

SCHEMA_RULE = "DS901"  # the rule whose validators prepare_checks builds ahead


def check_manifest_files(paths: list[str], settings: Settings, report: Report) -> None:
    """`dslint check --manifests`: read every file (or stdin), check all their objects together."""
    documents: list[ManifestDocument] = []
    suppressions: list[Suppression] = []
    for path in paths:
        spans: list[tuple[Position, Position]] = []
        try:
            name, data = read_bytes(path, settings.limits)
            text = decode(data, name)
            found = split_manifests(text, name, settings.limits, spans)
        except InputError as err:
            report.input_errors.append(err)
            continue
        suppressions.extend(find_suppressions_in(name, text, spans))
        report.add_files([name])
        if not found:
            report.notices.append(f"{name}: no Kubernetes objects found")
        wrong = _values_given(found, settings)
        if wrong:
            first = found[0]
            report.input_errors.append(InputError(wrong, name, first.line or 1, 1))
            continue
        documents.extend(found)
    findings, unused = ManifestStage(settings, notices=report.notices).check(documents)
    # `# dslint: ignore[...]` comments work in manifest files as in values files (DS100 when stale).
    report.findings.extend(finish(findings, settings, suppressions, unused))


def _values_given(found: list[ManifestDocument], settings: Settings) -> str | None:
    from dslint.load.input_kind import manifest_kind_problem
    from dslint.model.facts import load_facts

    return manifest_kind_problem([d.data for d in found], load_facts(settings.chart_version)["spec"]["f"])


def check_manifests(documents: Iterable[ManifestDocument], settings: Settings, values: ChartValues | None = None,
                    *, notices: list[str] | None = None) -> list[Finding]:
    """Every enabled manifest rule over every object, finished: sorted, annotations and per-file ignores applied.

    `values`: the chart values the documents were rendered from (DeepSpeed chart),
    to locate findings at the values that control each field.  `notices`
    collects messages that are not findings (e.g. kubernetes-validate missing).
    """
    findings, unused = ManifestStage(settings, values, notices).check(documents)
    return finish(findings, settings, annotations=unused)


class ManifestStage:
    """The manifest lane as one stage: its rules over documents, unfinished (the run's `finish` ends it).

    The render pipeline holds one per target: `prepare()` while Helm renders, `check()` on what it rendered.
    """

    __slots__ = ("notices", "settings", "values")

    def __init__(self, settings: Settings, values: ChartValues | None = None, notices: list[str] | None = None) -> None:
        self.settings = settings
        self.values = values
        self.notices = notices if notices is not None else []

    def prepare(self, expected: Iterable[tuple[str, str]] = ()) -> None:
        prepare_checks(self.settings, expected)

    def rules(self) -> list[RegisteredRule]:
        settings = self.settings
        rules = [r for r in lane_rules(MANIFESTS_LANE) if r.check is not None and rule_enabled(r.meta, settings)]
        if settings.policies or settings.admission is not None:  # the team's and the cluster's policies
            from dslint.policies.manifests import policy_rules

            rules += [r for r in policy_rules(settings, self.values) if rule_enabled(r.meta, settings)]
        return rules

    def check(self, documents: Iterable[ManifestDocument]) -> tuple[list[Finding], list[UnusedAnnotation]]:
        """The findings, and the ignore annotations that silenced nothing."""
        settings, values, notices = self.settings, self.values, self.notices
        kube_version = normalize_kube_version(settings.kube_version)
        pss_minor = policy_minor(settings.pss_version, kube_version)
        rules = self.rules()
        findings: list[Finding] = []
        unused: list[UnusedAnnotation] = []
        for document in documents:
            obj = read_object(document)
            if obj.parse_error and obj.kind in POD_KINDS:
                notices.append(f"{document.file}:{document.line}: {obj.kind}/{obj.name or '?'}: pod checks "
                               f"skipped, the object cannot be read ({obj.parse_error})")
            ctx = ManifestContext(obj, kube_version, settings.pss_level, settings.platform, settings.profile,
                                  tuple(settings.api_versions), notices, pss_minor)
            suppression = _Suppression(obj.ignored)
            for rule in rules:
                assert rule.check is not None  # rules() keeps only rules with a check
                findings.extend(make_finding(rule.meta, problem, obj, settings, values) for problem in rule.check(ctx)
                                if not suppression.covers(rule.meta.code))
            if suppression.unused():
                unused.append(_unused_annotation(obj, suppression, values))
        return findings, unused


def manifest_field_location(document: ManifestDocument, field: FieldPath) -> Location:
    """Where a field of a document is, in a place the user can open."""
    if document.file.startswith("<") and document.file != STDIN_NAME and (document.origin or document.template):
        # An in-memory render: lines of a stream nobody can open; the render lane names the chart
        # template (at the object's line) as its origin.
        return document.origin or Location(document.template, 1, 1)
    position = document.position_of(field)
    return Location(document.file, position.line, position.column)


def _container_at(obj: ManifestObject, field: FieldPath) -> ContainerRef | None:
    if obj.pod is None:
        return None
    for ref in obj.pod.containers():
        if field[: len(ref.path)] == ref.path:
            return ref
    return None


def chart_owned_is_advice(meta: Rule) -> bool:
    """Whether a finding about a chart field no value controls is only advice (info).

    Hygiene warnings (DS905's missing resources) are: the user cannot act on them.
    Errors and security findings stay what they are: the cluster refuses the pod
    whoever owns the field, and the user must know before deploying.
    """
    return not meta.security and meta.severity <= Severity.WARNING


def prepare_checks(settings: Settings | None = None, expected: Iterable[tuple[str, str]] = ()) -> None:
    """Load what the checks need before there are documents: the rules, the schema library, its validator.

    `expected`: (apiVersion, kind) of objects likely to come, whose schema validators
    are built now from the schema cache (`settings` gives the Kubernetes version).
    The render pipeline calls it while Helm renders in another thread.
    """
    rules = lane_rules(MANIFESTS_LANE)
    from dslint.manifests.kube_schema import SchemaUnavailable, schema_library

    try:
        library = schema_library()
        library.load_engine()
    except SchemaUnavailable:
        return  # DS901 says so when it runs
    if settings is None or not any(r.meta.code == SCHEMA_RULE and rule_enabled(r.meta, settings) for r in rules):
        return
    try:
        minor = kube_minor(normalize_kube_version(settings.kube_version))
    except InputError:
        return  # the checks report it
    version = library.version_for(minor)
    for api_version, kind in expected:
        library.warm(version, kind, api_version)


def read_object(document: ManifestDocument) -> ManifestObject:
    """A document read into its model, with its pod and its suppression annotation."""
    model, error = parse_object(document.data)
    pod = pod_template(model)
    annotations = [model.metadata.annotations if model is not None and model.metadata else None]
    if pod is not None:
        annotations.append(pod.metadata.annotations)
    ignored: list[str] = []
    for mapping in annotations:
        if isinstance(mapping, dict) and mapping.get(IGNORE_ANNOTATION) is not None:
            ignored.extend(parse_ignore_annotation(str(mapping[IGNORE_ANNOTATION])))
    return ManifestObject(document, model, error, pod, tuple(dict.fromkeys(ignored)))


def parse_ignore_annotation(text: str) -> list[str]:
    """`DS902, DS905` -> ["DS902", "DS905"]; `*`, `all` or an empty value ignore every code."""
    codes = [c.upper() for c in re.split(r"[\s,]+", text.strip()) if c]
    if not codes or any(c in ("*", "ALL") for c in codes):
        return ["*"]
    return codes


@dataclass
class _Suppression:
    codes: tuple[str, ...]
    used: set[str] = field(default_factory=set)

    def covers(self, code: str) -> bool:
        hits = [c for c in self.codes if c == "*" or code.startswith(c)]
        self.used.update(hits)
        return bool(hits)

    def unused(self) -> tuple[str, ...]:
        return tuple(c for c in self.codes if c not in self.used)


def _unused_annotation(obj: ManifestObject, suppression: _Suppression, values: ChartValues | None) -> UnusedAnnotation:
    """The object's ignore annotation, placed like a finding on it (at the value that sets it, when one does)."""
    field = ("metadata", "annotations", IGNORE_ANNOTATION)
    place = _place(obj, ManifestProblem(field, ""), values, advice=False)
    return UnusedAnnotation(suppression.unused(), IGNORE_ANNOTATION, f"{obj.kind}/{obj.name}", place.location,
                            place.values_path, place.manifest)


class _Place(NamedTuple):
    location: Location
    values_path: str
    manifest: ManifestRef
    note: str  # appended to the message
    owned_by_chart: bool  # a field the chart renders and no value reaches


def make_finding(meta: Rule, problem: ManifestProblem, obj: ManifestObject, settings: Settings,
                 values: ChartValues | None) -> Finding:
    place = _place(obj, problem, values, advice=chart_owned_is_advice(meta))
    if place.owned_by_chart and values is not None:
        # The chart renders this field and no value reaches it (its own init containers'
        # resources): the chart's maintainers own it, not the user.
        fix = (f"Nothing to change in your values: chart deepspeed {values.version} renders this field itself. "
               "A LimitRange in the namespace can supply default resources.")
        return new_finding(meta, settings, problem.message + place.note, place.location, fix=fix,
                           severity=Severity.INFO, manifest=place.manifest)
    return new_finding(meta, settings, problem.message + place.note, place.location, values_path=place.values_path,
                       fix=problem.fix, severity=problem.severity, manifest=place.manifest)


def _place(obj: ManifestObject, problem: ManifestProblem, values: ChartValues | None, *, advice: bool) -> _Place:
    """Where a problem on an object is shown: at the value that controls its field, else in the manifest."""
    document = obj.document
    if problem.container is None and obj.pod is not None:
        # A field inside a container (a schema finding) belongs to that container: named, and mapped
        # to the values that render it.
        problem = problem._replace(container=_container_at(obj, problem.field))
    manifest_location = manifest_field_location(document, problem.field)
    manifest = ManifestRef(
        kind=obj.kind or "?",
        name=obj.name or "?",
        namespace=obj.namespace,
        field_path=format_path(problem.field),
        container=problem.container.name if problem.container is not None else "",
        source=manifest_location.source,
        line=manifest_location.line,
        template=document.template,
    )
    if values is None:
        return _Place(manifest_location, "", manifest, "", False)
    from dslint.manifests.values_map import component_of
    from dslint.manifests.values_map import values_path as controlling_value

    path = controlling_value(obj, problem, values)
    if not path:
        owned = component_of(obj) is not None and advice
        note = f" (owned by chart deepspeed {values.version}: no value reaches it)" if owned else ""
        return _Place(manifest_location, "", manifest, note, owned)
    # With no values file (flags only) a chart default has no line: the manifest place is better.
    location = manifest_location if values.location(path).is_default else values.location(path)
    note = " (chart default)" if not values.is_set(path) and values.default(path) is not None else ""
    return _Place(location, format_path(path), manifest, note, False)
