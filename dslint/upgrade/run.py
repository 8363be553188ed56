"""The upgrade's steps in order: versions, parameters, defaults, findings, manifests."""

from __future__ import annotations

from typing import Any, NamedTuple

from dslint.config import Settings
from dslint.findings import Finding
from dslint.knowledge import versions
from dslint.knowledge.detect import DEFAULT, ChartChoice
from dslint.load.errors import InputError
from dslint.run import Report, Target, comment_suppressions, finish
from dslint.upgrade.compare_findings import compare_findings
from dslint.upgrade.defaults import compare_defaults
from dslint.upgrade.parameters import compare_parameters
from dslint.upgrade.report import UpgradeReport
from dslint.values_lane import chart_values_for, choose_chart, refuse_wrong_kind, run_rules, stack_values


class Charts(NamedTuple):
    """`--chart`/`--to-chart` and the versions to pull for oci:// references (all None without charts)."""

    old: str | None = None
    old_pull: str | None = None
    new: str | None = None
    new_pull: str | None = None


NO_CHARTS = Charts()


def upgrade(target: Target, settings: Settings, from_version: str | None, to_version: str | None,
            charts: Charts = NO_CHARTS) -> UpgradeReport:
    """Compare what `target`'s values get from one chart version and from another.

    `from_version`: `--from`, else detected as `check` does; `to_version`: `--to`, which the
    `--to-chart`'s own version replaces when a chart is given.
    """
    choice = choose_chart(target, settings)
    old_version = from_version or choice.version
    report = UpgradeReport(old_version, to_version or "")
    report.files = [f.name for f in target.files]
    report.fail_level = settings.fail_level
    if choice.note:
        report.notices.append(choice.note)
    if from_version is None and choice.reason == DEFAULT and not charts.old:
        report.notices.append(f"nothing says which chart version these values run with now: comparing from chart "
                              f"{old_version}, dslint's default (give --from VERSION)")
    # The comparison is of what Helm would do: render whatever the gate would say.
    settings = settings._replace(fail_on="never")
    old_findings: list[Finding] = []
    new_findings: list[Finding] = []
    renders = None
    if charts.old:
        renders = _render_both(target, settings, charts, report)
        if renders is None:
            return report
        (old_findings, old_render), (new_findings, new_render) = renders
    if not report.to_version:
        raise InputError("give the version to upgrade to: --to VERSION (or --to-chart CHART)", "--to")
    _say_direction(report)
    user = stack_values(target, settings)
    if choice.scope:
        from dslint.load.subchart import subchart_values

        user = subchart_values(user, choice.scope)
    old, new = versions.load(report.from_version), versions.load(report.to_version)
    new_values = chart_values_for(target, settings, ChartChoice(report.to_version, "--to", choice.scope))
    old_values = chart_values_for(target, settings, ChartChoice(report.from_version, "--from", choice.scope))
    report.changes.extend(compare_parameters(user.data, old, new, new_values))
    report.changes.extend(compare_defaults(user.data, old, new, new_values))
    if renders is None:
        old_findings = _values_findings(target, settings, ChartChoice(report.from_version, "--from", choice.scope))
        new_findings = _values_findings(target, settings, ChartChoice(report.to_version, "--to", choice.scope))
    else:
        _compare_renders(report, old_render, new_render, new_values, old_values)
    report.new, report.gone = compare_findings(old_findings, new_findings)
    _locate(report, old_values)
    return report


def _locate(report: UpgradeReport, values: Any) -> None:
    """Each change at the line the user wrote its path (or the enclosing key they wrote, or the file)."""
    from dslint.model.view import parse_path

    report.changes = [c._replace(location=values.location(parse_path(c.path))) if c.path else c
                      for c in report.changes]


def _say_direction(report: UpgradeReport) -> None:
    old, new = report.from_version, report.to_version
    if old == new:
        report.notices.append(f"--from and --to are both chart {old}: nothing changes")
    elif versions.version_key(new) < versions.version_key(old):
        report.notices.append(f"chart {new} is older than chart {old}: this is a downgrade, compared the same way")


def _values_findings(target: Target, settings: Settings, choice: ChartChoice) -> list[Finding]:
    refuse_wrong_kind(target, choice)
    values = chart_values_for(target, settings, choice)
    return finish([f._replace(target=target.name) for f in run_rules(values, settings)], settings,
                  comment_suppressions(target.files))


def _render_both(target: Target, settings: Settings, charts: Charts,
                 report: UpgradeReport) -> tuple[tuple[list[Finding], Any], tuple[list[Finding], Any]] | None:
    """Both charts through the render pipeline: ((findings, render) before, (findings, render) after)."""
    from dslint.render.helm import prefetch_engine
    from dslint.render.pipeline import render_targets

    if not charts.new:
        raise InputError("--chart needs --to-chart: the manifests are compared between two charts", "--chart")
    prefetch_engine()
    out = []
    for side, reference, pull in (("from", charts.old or "", charts.old_pull), ("to", charts.new, charts.new_pull)):
        _refuse_other_chart(reference, settings, "--chart" if side == "from" else "--to-chart")
        side_report = Report()
        renders, used = render_targets([target], reference, pull, settings, side_report)
        report.notices.extend(n for n in side_report.notices if n not in report.notices)
        if side_report.input_errors:
            report.input_errors.extend(side_report.input_errors)
            return None
        _take_version(report, side, used.chart_version)
        render = renders[0] if renders else None
        if render is not None and render.refused:
            report.refused[side] = render.refused
        out.append((side_report.findings, render))
    return out[0], out[1]


def _refuse_other_chart(reference: str, settings: Settings, flag: str) -> None:
    """The versions compared are DeepSpeed chart versions: another chart is an input error, not a comparison."""
    import os

    from dslint.knowledge.chart import CHART_NAME
    from dslint.render.chart import read_chart_metadata

    if "://" in reference or not os.path.exists(reference):
        return  # pulled (or missing) charts: the pipeline says what is wrong with them
    name, _ = read_chart_metadata(reference, settings.chart_limits)
    if name != CHART_NAME:
        raise InputError(f"{flag} is the chart {name!r}, not {CHART_NAME!r}: dslint upgrade compares DeepSpeed "
                         "chart versions", reference)


def _take_version(report: UpgradeReport, side: str, chart_version: str) -> None:
    """The chart's own version decides; a --from/--to that says otherwise gets a note."""
    asked = report.from_version if side == "from" else report.to_version
    flag = "--chart" if side == "from" else "--to-chart"
    if side == "to" and asked and asked != chart_version:
        report.notices.append(f"{flag} is chart {chart_version}: comparing with it, not the {asked} asked for")
    if side == "from" and asked != chart_version:
        report.notices.append(f"{flag} is chart {chart_version}: comparing from it, not from {asked}")
    if side == "from":
        report.from_version = chart_version
    else:
        report.to_version = chart_version


def _compare_renders(report: UpgradeReport, old_render: Any, new_render: Any, new_values: Any, old_values: Any) -> None:
    from dslint.upgrade.manifests import compare_renderings

    if old_render is None or new_render is None:
        return
    if old_render.rendering is None or new_render.rendering is None:
        if report.refused["to"] and not report.refused["from"]:
            report.notices.append(f"chart {report.to_version} refuses to render these values (chart "
                                  f"{report.from_version} renders them): no manifests to compare")
        return
    report.changes.extend(compare_renderings(old_render.rendering, new_render.rendering, new_values, old_values))
