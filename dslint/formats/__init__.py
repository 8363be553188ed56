"""Output formats: each module turns a `Report` into text with one function, `render`.

Modules are imported only when chosen, so the default text output never pays
for JSON or SARIF machinery.
"""

from __future__ import annotations

import importlib
from typing import Callable

FORMATS = {
    "text": "dslint.formats.text",
    "json": "dslint.formats.json_format",
    "sarif": "dslint.formats.sarif",
    "github": "dslint.formats.github",
    "gitlab": "dslint.formats.gitlab",
    "junit": "dslint.formats.junit",
}


def renderer(name: str) -> Callable[..., str]:
    render = importlib.import_module(FORMATS[name]).render

    def render_redacted(report, **options) -> str:
        # The last net for secrets: findings from any lane pass through here.
        from dslint.secrets import current

        return render(current().report(report), **options)

    return render_redacted
