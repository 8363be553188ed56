"""`dslint upgrade` from the command line's inputs to the printed report and the exit code."""

from __future__ import annotations

import sys
from typing import Any

from dslint.config import Settings
from dslint.load.errors import InputError
from dslint.upgrade.report import EXIT_INPUT, UpgradeReport
from dslint.upgrade.run import Charts, upgrade


def run_upgrade(paths: tuple[str, ...], arguments: list[Any], settings: Settings, from_version: str | None,
                to_version: str | None, charts: Charts, output_format: str, color_choice: str = "auto") -> int:
    from dslint.engine import Target
    from dslint.load.files import load_values_file
    from dslint.printing import error

    try:
        target = Target([load_values_file(path, settings.limits) for path in paths], arguments)
        report = upgrade(target, settings, from_version, to_version, charts)
    except InputError as refused:
        error(str(refused))
        return EXIT_INPUT
    for problem in report.input_errors:
        error(str(problem))
    if report.input_errors:
        return EXIT_INPUT
    _emit(redacted(report), output_format, color_choice)
    return report.exit_code()


def redacted(report: UpgradeReport) -> UpgradeReport:
    """The report as it may be printed: no secret of the run in a message or a value."""
    from dslint import secrets

    redactor = secrets.current()

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return redactor.redact(value)
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    shown = UpgradeReport(report.from_version, report.to_version)
    shown.changes = [c._replace(message=clean(c.message), old=clean(c.old), new=clean(c.new)) for c in report.changes]
    shown.new = [redactor.finding(f) for f in report.new]
    shown.gone = [redactor.finding(f) for f in report.gone]
    shown.refused = dict(report.refused)
    shown.notices = [clean(n) for n in report.notices]
    shown.files = list(report.files)
    shown.fail_level = report.fail_level
    return shown


def _emit(report: UpgradeReport, output_format: str, color_choice: str) -> None:
    from dslint.formats.text import use_color
    from dslint.printing import echo_report, note
    from dslint.upgrade.formats import renderer

    color = output_format == "text" and use_color(color_choice, sys.stdout)
    echo_report(renderer(output_format)(report, color=color), color=color or None)
    for notice in report.notices:
        note(notice)
