"""The upgrade report's formats, one module each with `render(report, **options) -> str`."""

from __future__ import annotations

import importlib
from collections.abc import Callable

FORMATS = {
    "text": "dslint.upgrade.formats.text",
    "json": "dslint.upgrade.formats.json_format",
    "sarif": "dslint.upgrade.formats.sarif",
}


def renderer(name: str) -> Callable[..., str]:
    render: Callable[..., str] = importlib.import_module(FORMATS[name]).render
    return render
