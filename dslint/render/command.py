"""`dslint render`: the render pipeline, then the manifests written (or, with --check, compared).

Stdout carries the manifests (or the `--check` diff) and nothing else, so the
findings go to stderr, or to `--report FILE`.
"""

from __future__ import annotations

from typing import NamedTuple

from dslint.config import Settings
from dslint.load.errors import InputError
from dslint.printing import safe_lines, safe_report
from dslint.render.pipeline import RENDERED_LABEL, render_targets
from dslint.render.write import FILE, STDOUT, destination, stale_diff, write
from dslint.run import Report, Target, blocks

RENDERED, NOT_RENDERED = 0, 1


class RenderOutcome(NamedTuple):
    code: int  # RENDERED (written, or fresh with --check) or NOT_RENDERED (refused, failed or stale)
    stdout: str = ""


def run_render(targets: list[Target], chart_ref: str, chart_ref_version: str | None, settings: Settings,
               report: Report, output: str | None, check_only: bool) -> RenderOutcome:
    dest = destination(output)
    if check_only and dest.kind == STDOUT:
        raise InputError("--check compares the render with what is at -o PATH: give that file or directory")
    if not targets:  # a values file could not be read: the report says which
        return RenderOutcome(NOT_RENDERED)
    label = dest.path if dest.kind == FILE else RENDERED_LABEL
    renders, settings = render_targets(targets, chart_ref, chart_ref_version, settings, report, label)
    rendering = renders[0].rendering if renders else None
    if rendering is None:
        refused = renders[0].refused if renders else ""
        if refused in ("helm", "yaml"):
            report.notices.append("nothing written: Helm did not produce manifests (see the findings)")
        return RenderOutcome(NOT_RENDERED)
    if blocks(report.findings, settings):
        report.notices.append(f"nothing written: findings at or above --fail-on {settings.fail_on} "
                              "(fix them, or use --fail-on never to write anyway)")
        return RenderOutcome(NOT_RENDERED)
    if check_only:
        from dslint.render.staleness import why_not_comparable

        reason = why_not_comparable(rendering, dest)
        if reason:
            report.notices.append(reason)
            return RenderOutcome(NOT_RENDERED)
        diff = stale_diff(rendering, dest, settings.limits)
        if diff:
            report.notices.append(f"{dest.describe()} is not what the render gives: re-render with dslint render")
            # The diff is printed (a CI log): redacted and escaped line by line, old Secrets included.
            return RenderOutcome(NOT_RENDERED, safe_lines(diff))
        return RenderOutcome(RENDERED)
    return RenderOutcome(RENDERED, write(rendering, dest))


def emit_report(report: Report, output_format: str, report_path: str | None) -> None:
    """The findings to stderr (stdout is the manifests'), or to `--report FILE` ('-' is stdout)."""
    from dslint.formats import renderer
    from dslint.printing import echo_report, print_notes, run_messages

    run_messages(report)
    from dslint.formats import split_summary

    text = safe_report(renderer(output_format)(report))
    if report_path and report_path != "-":
        from dslint.atomic_write import write_report

        write_report(report_path, text, "--report")
        print_notes(report)
    else:
        # Notes explain the findings ("nothing written: ..."): after them, before the summary.
        body, last = split_summary(text, output_format)
        echo_report(body, err=report_path != "-")
        print_notes(report)
        echo_report(last, err=report_path != "-")
