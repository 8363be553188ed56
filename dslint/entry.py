"""The `dslint` console command's first module: what must happen before anything else is imported.

`dslint render` (and `check --chart`) wait on Helm's Go SDK, whose loading is
the longest single step of a render: a 85 MB shared library to map and
relocate, and a Go runtime to start.  That runs in a thread (without the GIL)
from the very start, while `dslint.cli`, click and the values lane load here.

One lock cannot be shared that way: the dynamic loader's.  While the SDK's
library loads, any other `dlopen` waits, and every C extension Python imports
(`_json`, `math`, `_datetime`...) is one.  So the ones dslint's own imports
need are loaded first, which takes well under a millisecond each.
"""

import gc
import sys

# A cold `dslint check` spends most of its time importing: click, PyYAML, the
# rules (one module each) create tens of thousands of objects that live until
# exit.  With CPython's default threshold (a young-generation collection every
# 700 allocations) the collector walks them again and again for nothing
# (about 4 ms, 5 % of a check).  A higher threshold keeps cyclic garbage
# collected in long runs (batches, renders) while start-up pays for none.
YOUNG_GENERATION_THRESHOLD = 100_000

# The C extensions the render path imports (through click, PyYAML's callers,
# the values and manifest lanes); one missing from this list only waits.
_C_EXTENSIONS = ("_json", "_typing", "_opcode", "_uuid", "math", "_datetime", "_struct", "binascii",
                 "_contextvars", "_bisect", "_ctypes", "_decimal")


def run() -> None:
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD)
    if will_render(sys.argv[1:]):
        _start_loading_helm()
    from dslint.cli import run as run_cli

    run_cli()


def will_render(args: list[str]) -> bool:
    """`dslint render ...` or `dslint check --chart ...`, judged before parsing: a hint, never a decision."""
    command = next((a for a in args if not a.startswith("-")), "")
    return command == "render" or (command == "check" and any(a == "--chart" or a.startswith("--chart=")
                                                              for a in args))


def _start_loading_helm() -> None:
    import contextlib
    import importlib

    for name in _C_EXTENSIONS:
        # A Python built without one: it is loaded when needed, or never.
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    from dslint.render.helm import prefetch_engine

    prefetch_engine()
