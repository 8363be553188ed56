"""Output formats: each module turns a `Report` into text with one function, `render`.

Modules are imported only when chosen, so the default text output never pays
for JSON or SARIF machinery.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dslint.run import Report

FORMATS = {
    "text": "dslint.formats.text",
    "concise": "dslint.formats.concise",
    "json": "dslint.formats.json_format",
    "sarif": "dslint.formats.sarif",
    "github": "dslint.formats.github",
    "gitlab": "dslint.formats.gitlab",
    "junit": "dslint.formats.junit",
}


def renderer(name: str) -> Callable[..., str]:
    render = importlib.import_module(FORMATS[name]).render

    def render_redacted(report: Report, **options: Any) -> str:
        # The last net for secrets: findings from any lane pass through here.
        from dslint.secrets import current
        from dslint.wording import sentence

        shown = current().report(report)
        shown.fail_level = getattr(report, "fail_level", shown.fail_level)
        shown.checks = getattr(report, "checks", 0)
        # Fixes come from many rules and lanes: every format prints them as sentences.
        shown.findings = [f._replace(fix=sentence(f.fix)) if f.fix else f for f in shown.findings]
        return str(render(shown, **options))

    return render_redacted


# Formats written for people: coloured on a terminal, with notes before their summary line.
TEXT_FORMATS = ("text", "concise")


def split_summary(text: str, output_format: str) -> tuple[str, str]:
    """A people's report as (the findings, the summary line); other formats are all body."""
    if output_format not in TEXT_FORMATS or not text:
        return text, ""
    body, _, last = text.rstrip("\n").rpartition("\n")
    return (body + "\n" if body else ""), last + "\n"
