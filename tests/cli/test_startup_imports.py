"""The contract that keeps `dslint check` fast: start-up imports only what is listed.

`dslint check` runs in pre-commit hooks and editors on every save; each module
imported at start-up costs every one of those runs.  The list is
`startup_imports.txt` next to this file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = Path(__file__).with_name("startup_imports.txt")
# The interpreter's and the packaging tools' own modules, present in any process.
_RUNTIME = ("__main__", "__editable__", "_distutils_hack", "_cython_", "cython_runtime", "sitecustomize",
            "usercustomize", "_virtualenv")

_PROGRAM = """\
import sys
from dslint.entry import run
sys.argv = ["dslint", "check", "--isolated", sys.argv[1]]
try:
    run()
except SystemExit:
    pass
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


def _allowed() -> set[str]:
    lines = (line.strip() for line in ALLOWED.read_text("utf-8").splitlines())
    return {line for line in lines if line and not line.startswith("#")}


def _imported_by_check(values: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-c", _PROGRAM, str(values)], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    return result.stderr.split()


def _unlisted(modules: list[str], allowed: set[str]) -> list[str]:
    out = []
    for module in modules:
        top = module.split(".")[0]
        if module.startswith("dslint.rules.ds") or module.startswith(_RUNTIME) or top in sys.stdlib_module_names:
            continue
        name = module if top == "dslint" else top
        if name not in allowed and name not in out:
            out.append(name)
    return out


def test_check_imports_only_the_listed_modules_at_start_up():
    unlisted = _unlisted(_imported_by_check(ROOT / "examples" / "production-training.yaml"), _allowed())
    assert unlisted == [], (
        f"`dslint check` now imports {', '.join(unlisted)} at start-up. Every check pays for that import: "
        "move it into the function that needs it (a function-local import, as DEVELOPERS.md's "
        "'Contracts that keep it fast' says), or, if every check needs it, add it to "
        f"{ALLOWED.relative_to(ROOT)} and say why in the commit."
    )


def test_the_list_holds_nothing_check_no_longer_imports():
    """A stale entry would let a module come back unnoticed."""
    imported = _imported_by_check(ROOT / "examples" / "production-training.yaml")
    names = {m if m.startswith("dslint") else m.split(".")[0] for m in imported}
    assert sorted(_allowed() - names) == []


def test_the_check_finds_an_unlisted_module():
    """The guard itself: a module outside the list is named (a test that cannot fail would guard nothing)."""
    assert _unlisted(["dslint.cli", "dslint.manifests.objects", "pydantic.main", "json"],
                     {"dslint.cli"}) == ["dslint.manifests.objects", "pydantic"]
