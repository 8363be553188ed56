"""An output never lands on an input: `-o`/`--report` over a values file, the config or the chart is refused.

`dslint check -o values.yaml values.yaml` used to replace the values with the
report, and `dslint render -o chart/Chart.yaml` the chart with manifests.
Paths are compared as the filesystem sees them: an input by its resolved
path (reading follows symbolic links), an output by where the write lands (a
symbolic link at the output is replaced, not followed, so only its folder is
resolved), and by inode as well, so a hard link or a second spelling of the
same folder is caught.  Nothing is opened.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.load.errors import InputError

if TYPE_CHECKING:
    from dslint.config import Settings


class Input(NamedTuple):
    what: str  # in the user's words: "the values file", "the chart"...
    path: str


class Output(NamedTuple):
    flag: str  # "-o", "--report"
    path: str


def guard_outputs(outputs: dict[str, str | None], files: Iterable[str], set_file: Iterable[str], settings: Settings,
                  chart_ref: str | None, *, what: str = "the values file") -> None:
    """Before any work: refuse a command whose outputs (flag -> path) would land on one of its inputs."""
    if not any(path and path != "-" for path in outputs.values()):
        return
    from dslint.load.layers import SetArgument

    arguments = [SetArgument("set-file", text) for text in set_file]
    refuse_overwriting_inputs([Output(flag, path) for flag, path in outputs.items() if path],
                              inputs_of(files, arguments, settings.config_path, chart_ref, what=what,
                                        max_items=settings.limits.max_values))


def inputs_of(files: Iterable[str], set_arguments: Iterable[Any], config_path: str | None = None,
              chart_ref: str | None = None, *, what: str = "the values file", max_items: int = 200_000) -> list[Input]:
    """The files and folders a run reads: FILEs and -f files, --set-file files, the config, the chart."""
    found = [Input(what, path) for path in files if path != "-"]
    found += [Input("the --set-file file", path) for path in _set_file_paths(set_arguments, max_items)]
    if config_path:
        found.append(Input("the config file", config_path))
    if chart_ref and not chart_ref.startswith("oci://"):
        found.append(Input("the chart", chart_ref))
    return found


def _set_file_paths(set_arguments: Iterable[Any], max_items: int) -> list[str]:
    """The paths --set-file arguments name, found by Helm's own parser (errors are reported when values load)."""
    from dslint.load.helm_set import ItemBudget, apply_set_argument

    paths: list[str] = []

    def record(path: str) -> str:
        paths.append(path)
        return ""

    for argument in set_arguments:
        if argument.flag == "set-file":
            # A flag that does not parse names no file; the check reports it.
            with contextlib.suppress(ValueError):
                apply_set_argument({}, argument.text, flag="set-file", read_file=record, budget=ItemBudget(max_items))
    return [path for path in paths if path and path != "-"]


def refuse_overwriting_inputs(outputs: Iterable[Output], inputs: Iterable[Input]) -> None:
    """InputError when an output would replace an input, land inside the chart, or replace a folder holding one.

    Two outputs of one run are checked against each other too (`-o out.yaml
    --report out.yaml`, or a report inside the manifests' directory).
    """
    outputs = [o for o in outputs if o.path and o.path != "-"]
    inputs = list(inputs)
    for index, output in enumerate(outputs):
        landing = _landing(output.path)
        for source in inputs:
            problem = _clash(landing, _resolved(source.path))
            if problem:
                # Any file in a chart folder is part of the chart (.Files, helm package), not only the ones written over.
                why = ("Helm would read it as part of the chart; write it outside" if problem == "is inside"
                       else "dslint never overwrites its inputs")
                raise InputError(f"{problem} {source.what} {source.path}; {why}", f"{output.flag} {output.path}")
        for other in outputs[:index]:
            problem = _clash(landing, _landing(other.path))
            if problem:
                raise InputError(f"{problem} the {other.flag} output {other.path}; give them different places",
                                 f"{output.flag} {output.path}")


def _clash(landing: str, taken: str) -> str:
    """How writing at `landing` would damage what is at `taken`; '' when it would not."""
    if landing == taken or _same_file(landing, taken):
        return "is"
    if landing.startswith(_as_folder(taken)):
        return "is inside"
    if taken.startswith(_as_folder(landing)):
        return "would replace the folder holding"
    return ""


def _as_folder(path: str) -> str:
    return path if path.endswith(os.sep) else path + os.sep


def _landing(path: str) -> str:
    """Where a write to `path` lands: its folder resolved, its last part as given."""
    absolute = os.path.abspath(path)
    parent, name = os.path.split(absolute)
    if not name:  # the root
        return absolute
    return os.path.join(os.path.realpath(parent), name)


def _resolved(path: str) -> str:
    return os.path.realpath(path)


def _same_file(landing: str, taken: str) -> bool:
    try:
        here, there = os.lstat(landing), os.stat(taken)
    except (OSError, ValueError):
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)
