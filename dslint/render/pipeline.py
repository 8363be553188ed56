"""The render lane: gate on the values, render with Helm, load the objects, check them.

For each target (one set of values Helm would receive):

1. the values lane runs first; an error at or above `--fail-on` stops here,
   before Helm sees anything, with positions in the values files;
2. Helm renders the chart with the user's values only (the stacked files and
   flags), never dslint's copy of the chart defaults; its refusals become
   DS950/DS952 findings;
3. the output is split as `helm template` prints it and parsed into objects
   (text that is not YAML: DS951); a key the chart generated: DS953;
4. the manifest lane checks the objects, mapping findings back to values.

`dslint check --chart` stops there; `dslint render` then writes the manifests
(`dslint.render.write`) when nothing at or above the fail level remains.
"""

from __future__ import annotations

import tarfile
from typing import TYPE_CHECKING, NamedTuple

from dslint.config import Settings
from dslint.findings import Finding, ManifestRef
from dslint.knowledge.chart import CHART_KINDS, CHART_NAME
from dslint.knowledge.detect import FROM_CHART
from dslint.knowledge.kubernetes import OPENSHIFT_API
from dslint.knowledge.versions import is_known, supported_range
from dslint.load.errors import InputError
from dslint.model.view import ChartValues
from dslint.render.chart import ChartSource, resolve_chart
from dslint.render.failures import failure_findings, make, one_line
from dslint.render.generated import generated_key_documents
from dslint.render.helm import Engine, RenderFailure, RenderRequest, find_engine, start_render
from dslint.render.limits import too_many_objects, too_many_values
from dslint.render.merge import merge_root_causes
from dslint.render.origins import set_template_origins
from dslint.render.parse import RenderedObject, parse_rendering
from dslint.render.stream import RenderedDocument, header, helm_documents, stream_text
from dslint.run import Report, Target, comment_suppressions, finish
from dslint.values_lane import ValuesStage

if TYPE_CHECKING:
    from dslint.load.yaml_tree import Limits
    from dslint.render.parse import InvalidDocument
    from dslint.run import Progress, UnusedAnnotation

DEFAULT_RELEASE_NAME = "release-name"  # helm template's name when none is given
DEFAULT_NAMESPACE = "default"
RENDERED_LABEL = "<rendered manifests>"

# The values rule that already reports a missing SSH key at the same line: DS953
# reports the generated key only when it did not (another profile, no model).
VALUES_RULE_FOR_GENERATED_KEY = "DS213"

# Report order: the values, then what Helm said, then the manifests (the pipeline's order).
VALUES_STAGE, HELM_STAGE, MANIFEST_STAGE = 0, 1, 2


class Rendering(NamedTuple):
    """What Helm rendered for one target, as dslint prints it."""

    chart: ChartSource
    release_name: str
    namespace: str
    documents: list[RenderedDocument]
    objects: list[RenderedObject]
    # The Secrets holding a key the chart generated in this render (not reproducible).
    generated: list[RenderedDocument]
    text: str  # header + the stream `helm template` prints


class TargetRender:
    __slots__ = ("findings", "refused", "rendering", "target", "unused_annotations")

    def __init__(self, target: Target, rendering: Rendering | None = None) -> None:
        self.target = target
        self.rendering = rendering
        self.findings: dict[Finding, int] = {}  # finding -> stage
        # Why there is no rendering: "values" (the gate), "helm" (Helm refused), "yaml" (not YAML).
        self.refused = ""
        # The manifests' ignore annotations that silenced nothing (the run's `finish` reports them).
        self.unused_annotations: list[UnusedAnnotation] = []

    def add(self, findings: list[Finding], stage: int) -> None:
        for finding in findings:
            self.findings.setdefault(finding, stage)


def check_with_chart(targets: list[Target], chart_ref: str, chart_ref_version: str | None, settings: Settings,
                     report: Report, progress: Progress | None = None) -> None:
    """`dslint check --chart`: the whole pipeline, writing nothing."""
    render_targets(targets, chart_ref, chart_ref_version, settings, report, progress=progress)


def render_targets(targets: list[Target], chart_ref: str, chart_ref_version: str | None, settings: Settings,
                   report: Report, label: str = RENDERED_LABEL,
                   progress: Progress | None = None) -> tuple[list[TargetRender], Settings]:
    """Run the pipeline over every target into `report`; the renders and the settings the chart implied."""
    engine = find_engine(settings.chart_limits)
    chart = resolve_chart(chart_ref, chart_ref_version, engine, settings.chart_limits)
    _note_helm_log(report, engine.pull_log)
    settings, has_model = settings_for_chart(settings, chart, report.notices)
    if has_model:
        report.add_chart(f"chart {settings.chart_version} ({FROM_CHART})")
    # The values rules judge the render Helm is about to do: with --platform openshift it
    # sees security.openshift.io/v1, so `auto` adapts (DS303 must know).
    settings = settings._replace(api_versions=_api_versions(settings))
    if not settings.offline:
        report.notices.append("the render itself is offline, like helm template: `lookup` finds nothing and the "
                              "capabilities are Helm's defaults plus --kube-version/--api-versions (and "
                              f"{OPENSHIFT_API} with --platform openshift)")
    values_stage = ValuesStage(settings)
    renders = []
    for target in targets:
        result = _render_target(target, chart, has_model, engine, values_stage, report, label)
        if result is not None:
            renders.append(result)
        if progress is not None:
            progress.advance()
    _report(renders, targets, settings, report)
    return renders, settings


def settings_for_chart(settings: Settings, chart: ChartSource, notices: list[str]) -> tuple[Settings, bool]:
    """The chart's own version selects the values model; say when the user asked for another."""
    if chart.name != CHART_NAME:
        notices.append(f"the chart is {chart.name!r}, not {CHART_NAME!r}: values rules skipped "
                       "(dslint's values models describe the DeepSpeed chart); Helm and manifest checks still run")
        return settings, False
    if not is_known(chart.version):
        from dslint.knowledge.derive import derive

        try:
            notices.append(derive(chart.path, chart.version))
        except (InputError, OSError, tarfile.TarError) as err:
            notices.append(f"dslint has no facts for chart {chart.describe()} (it knows {supported_range()}) and "
                           f"could not read them from the chart ({err}): values rules skipped; "
                           "Helm and manifest checks still run")
            return settings, False
    if "chart_version" in settings.explicit and settings.chart_version != chart.version:
        notices.append(f"the chart is version {chart.version}: checking its values with that model, "
                       f"not the {settings.chart_version} asked for")
    return settings._replace(chart_version=chart.version), True


def _render_target(target: Target, chart: ChartSource, has_model: bool, engine: Engine, stage: ValuesStage,
                   report: Report, label: str) -> TargetRender | None:
    settings = stage.settings
    try:
        user = stage.user_values(target)
    except InputError as err:
        report.input_errors.append(err)
        return None
    result = TargetRender(target)
    request = RenderRequest(
        values=user.data,
        release_name=settings.release_name or DEFAULT_RELEASE_NAME,
        namespace=settings.namespace or DEFAULT_NAMESPACE,
        kube_version=settings.kube_version,
        api_versions=_api_versions(settings),
    )
    # Helm renders in another thread, without the GIL, while dslint does its own work here.  With
    # a gate (--fail-on other than never) Helm starts once the values have passed it, so values
    # with findings at or above the level never reach Helm; the gate waits only for the rules
    # that can report at that level, the others run while Helm renders.  Without a gate, Helm
    # starts at once.
    pending = start_render(engine, chart.path, request) if settings.fail_level is None else None
    values = stage.chart_values(user) if has_model else None
    # Without a model, still locate Helm's messages in the user's own values.
    where = values if values is not None else ChartValues(chart.version, user, user.data, {})

    result.add(stage.gate(values), VALUES_STAGE)
    if pending is None and stage.passes(result.findings, target):
        pending = start_render(engine, chart.path, request)
    result.add(stage.rest(values), VALUES_STAGE)  # refused or not, the report has every values finding
    if pending is None:
        result.refused = "values"
        return result
    # The manifest lane gets ready (its rules, the schema validators) while Helm works.
    from dslint.manifests.check import ManifestStage

    manifests = ManifestStage(settings, values, report.notices)
    manifests.prepare(CHART_KINDS if chart.name == CHART_NAME else ())
    try:
        output = pending.result()
    except RenderFailure as failure:
        _note_helm_log(report, failure.notes)
        result.add(failure_findings(failure, where, chart.name, settings), HELM_STAGE)
        result.refused = "helm"
        return result
    if output.ignored_capabilities:
        report.note(_capabilities_notice(engine, settings))
    _note_helm_log(report, output.notes)

    documents = helm_documents(output.files)
    if len(documents) > settings.chart_limits.max_render_objects:  # before any is parsed
        raise too_many_objects(len(documents), settings.chart_limits, chart.path)
    generated = generated_key_documents(documents, user.data)
    text = stream_text(documents, header(chart.describe(), request.release_name, request.namespace, bool(generated)))
    objects, invalid = parse_rendering(documents, text, label, render_parse_limits(text, settings, chart.path))
    if invalid:
        from dslint.render.rules.ds951_invalid_rendered_yaml import RULE

        result.add([make(RULE, _invalid_message(bad), where.location(()), settings, manifest=_object_ref(bad))
                    for bad in invalid], HELM_STAGE)
        result.refused = "yaml"
        return result
    if label.startswith("<"):
        set_template_origins(objects, chart.path)
    if generated and not any(f.code == VALUES_RULE_FOR_GENERATED_KEY for f in result.findings):
        result.add(_generated_key_findings(generated, where, settings), HELM_STAGE)
    found, unused = manifests.check([o.manifest for o in objects])
    result.add(found, MANIFEST_STAGE)
    result.unused_annotations.extend(unused)
    result.rendering = Rendering(chart, request.release_name, request.namespace, documents, objects, generated, text)
    return result


def render_parse_limits(text: str, settings: Settings, source: str) -> Limits:
    """The values limits for reading the render: at most --max-render-values, counted before parsing.

    Reading a rendered value with its position and checking it costs tens of microseconds, so a
    render is held to far fewer values than a values file; one past it is an input error that says
    so, not a DS951 about YAML.
    """
    from dslint.load.yaml_tree import _refuse_too_many_nodes  # the values lane's event count, reused

    limit = settings.chart_limits.max_render_values
    limits = settings.limits._replace(max_values=min(settings.limits.max_values, limit))
    try:
        _refuse_too_many_nodes(text, source, limits)
    except InputError as err:
        if err.message.startswith(f"more than {limits.max_values} values"):
            raise too_many_values(settings.chart_limits, source) from None
    return limits


def _api_versions(settings: Settings) -> tuple[str, ...]:
    versions = tuple(settings.api_versions)
    if settings.platform == "openshift" and OPENSHIFT_API not in versions:
        versions += (OPENSHIFT_API,)
    return versions


def _capabilities_notice(engine: Engine, settings: Settings) -> str:
    text = (f"the {engine.name} here cannot pass --kube-version/--api-versions to the render, "
            "so Helm rendered with its default capabilities")
    if settings.platform == "openshift":
        text += (f": the chart does not see {OPENSHIFT_API}, and `adaptSecurityContext: auto` does not adapt "
                 "the security contexts; set global.compatibility.openshift.adaptSecurityContext: force")
    return text


def _note_helm_log(report: Report, lines: list[str]) -> None:
    """Helm's own log lines, printed as dslint's notes (never raw on stderr)."""
    for line in lines:
        report.note(f"Helm: {line}")


def _invalid_message(bad: InvalidDocument) -> str:
    where = f" (line {bad.line} of its output)" if bad.line else ""
    return (f"Helm rendered text that is not a Kubernetes manifest from {bad.document.template}{where}: "
            f"{one_line(bad.problem)}; helm install and kubectl apply would fail")


def _object_ref(bad: InvalidDocument) -> ManifestRef | None:
    kind, name = _kind_and_name(bad.document)
    return ManifestRef(kind, name, source=bad.document.template, line=bad.line) if kind and name else None


def _kind_and_name(document: RenderedDocument) -> tuple[str, str]:
    """Best effort for text that does not parse: the top-level kind and metadata name lines."""
    kind = name = ""
    in_metadata = False
    for line in document.text.splitlines():
        if line.startswith("kind:"):
            kind = line.split(":", 1)[1].strip().strip("'\"")
        elif line.startswith("metadata:"):
            in_metadata = True
        elif in_metadata and line.startswith("  name:") and not name:
            name = line.split(":", 1)[1].strip().strip("'\"")
        elif line and not line.startswith((" ", "#")):
            in_metadata = False
    return kind, name


def _generated_key_findings(generated: list[RenderedDocument], values: ChartValues,
                            settings: Settings) -> list[Finding]:
    from dslint.render.rules.ds953_generated_ssh_key import RULE

    path = ("config", "existingSSHKeySecret")
    out = []
    for document in generated:
        kind, name = _kind_and_name(document)
        out.append(make(RULE, f"no SSH key given: the chart generated a random private key into Secret {name} "
                              "for this render, so every render differs (and re-deploying rotates the key)",
                        values.location(path), settings, path=path,
                        manifest=ManifestRef(kind or "Secret", name, source=document.template)))
    return out


def _report(renders: list[TargetRender], targets: list[Target], settings: Settings, report: Report) -> None:
    """All findings through suppressions once (so a suppression used by any target is not stale), in stage order."""
    files = [values_file for target in targets for values_file in target.files]
    stages: dict[Finding, int] = {}
    for result in renders:
        for finding, stage in result.findings.items():
            stages.setdefault(finding, stage)
    unused = [annotation for result in renders for annotation in result.unused_annotations]
    kept = finish(stages, settings, comment_suppressions(files), unused)
    report.checks += len(targets)
    kept = merge_root_causes(kept, stages, VALUES_STAGE, HELM_STAGE)
    # DS100 for a stale annotation comes with the manifests' findings.
    report.findings.extend(sorted(kept, key=lambda f: stages.get(f, MANIFEST_STAGE if f.manifest else VALUES_STAGE)))
    report.add_files(f.name for f in files)
    for result in renders:
        if result.refused == "values":
            report.note(f"{result.target.name}: not rendered: the values have findings at or above "
                               f"--fail-on {settings.fail_on} (fix them, or use --fail-on never to render anyway)")
