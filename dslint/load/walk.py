"""`dslint check DIR`: the values files inside a directory, as ruff and yamllint walk theirs.

A directory argument stands for the files in it (recursively) that the
pre-commit hook would check: the same `files`/`exclude` patterns, so
`dslint check deploy/` and a pre-commit run over deploy/ agree.  Hidden
directories (.git, .venv...) are not entered; a chart kept under `charts/`
holds its own defaults, not the user's values, and is skipped like the hook
skips it.  With --manifests every YAML file is a manifest.
"""

from __future__ import annotations

import os
import re

from dslint.load.errors import InputError

# Kept equal to `.pre-commit-hooks.yaml` by tests/cli/test_first_run.py.
VALUES_FILES = r"(^|/)((values|[^/]*[-_.]values)([-_.][^/]*)?|values/[^/]+)\.ya?ml$"
EXCLUDED = r"(^|/)charts/"
_YAML = r"\.ya?ml$"


def expand_directories(paths: tuple[str, ...] | list[str], *, manifests: bool = False) -> list[str]:
    """`paths` with each directory replaced by the files it holds (sorted); files and '-' unchanged."""
    out: list[str] = []
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            out.append(path)
            continue
        found = _walk(path, _YAML if manifests else VALUES_FILES)
        if not found:
            what = "YAML files" if manifests else "values files (values.yaml, *-values.yaml, values/*.yaml...)"
            raise InputError(f"is a directory with no {what}", path)
        out.extend(found)
    return out


def _walk(root: str, pattern: str) -> list[str]:
    wanted, excluded = re.compile(pattern), re.compile(EXCLUDED)
    found = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(directory, name)
            inside = os.path.relpath(path, root).replace(os.sep, "/")
            if wanted.search(path.replace(os.sep, "/")) and not excluded.search(inside):
                found.append(path)
    return found
