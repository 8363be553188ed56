"""The one thing every lane produces: a finding, located where the user can fix it."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from dslint.fix.edits import Edit

# A values path (`worker.sidecars[0]`): keys (str) and list indices (int); one spelling for every module.
ValuesPath = tuple[str | int, ...]
# A field inside a Kubernetes object (`spec.containers[0].image`), spelled the same way.
FieldPath = tuple[str | int, ...]


class Severity(IntEnum):
    """Ordered so that `severity >= fail_on` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


class Location(NamedTuple):
    """Where a value came from.

    `source` is a file path as the user gave it, ``<stdin>``, a command-line flag
    (``--set``) or ``chart default``.  `line`/`column` are 1-based; 0 means the
    source has no lines (a flag) or the value was not set by the user.
    """

    source: str
    line: int = 0
    column: int = 0
    # The command-line argument that set the value (for --set and friends).
    argument: str | None = None

    @property
    def is_file(self) -> bool:
        return self.line > 0 and self.argument is None

    @property
    def is_default(self) -> bool:
        return self.source == CHART_DEFAULT

    def display(self) -> str:
        if self.argument is not None:
            return f"{self.source} {self.argument}"
        if self.line:
            return f"{self.source}:{self.line}:{self.column}"
        return self.source


CHART_DEFAULT = "chart default"
DEFAULT_LOCATION = Location(CHART_DEFAULT)


def format_path(path: ValuesPath) -> str:
    """`("worker", "externalAccess", "service", "nodePorts", 0)` -> `worker.externalAccess.service.nodePorts[0]`."""
    out = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            text = str(part)
            # Helm's own escape for a dot inside a key (`--set a\.b=c`), so the
            # path can be pasted back into --set.
            text = text.replace(".", "\\.")
            out.append(text if not out else "." + text)
    return "".join(out)


class Finding(NamedTuple):
    """A problem found, where to fix it, and how."""

    code: str
    name: str
    severity: Severity
    message: str
    values_path: str
    location: Location
    fix: str = ""
    # Which profile enabled the rule ("production", "development", "default").
    profile: str = ""
    # Manifest findings: the object and field they were found in (kind/name, field path).
    manifest: ManifestRef | None = None
    # Extra places worth showing (e.g. the manifest field behind a values finding).
    related: tuple[Location, ...] = ()
    # The fix `dslint check --fix` can apply (dslint.fix.edits.Edit), if any.
    edit: Edit | None = None
    # Where that fix changes the file: ((start line, start column, end line,
    # end column, new text), ...), 1-based, end exclusive; filled in by
    # dslint.fix for the formats that show fixes as text edits (SARIF, JSON).
    replacements: tuple[tuple[int, int, int, int, str], ...] = ()
    # The values file whose check produced it: where a report that needs a
    # file (SARIF for GitHub) puts a finding that came from a --set flag.
    # Last, and not part of `identity`, so findings from a -f file shared by
    # several targets de-duplicate.
    target: str = ""

    @property
    def identity(self) -> tuple[Any, ...]:
        return self[:-1]

    @property
    def applicability(self) -> str:
        """"safe", "unsafe" or "" (no fix): ruff's fix applicability."""
        return self.edit.applicability if self.edit is not None else ""

    @property
    def fix_command(self) -> str:
        """How to apply the fix, for formats that say it in words ("" when there is none)."""
        if self.edit is None:
            return ""
        flags = "--fix" if self.applicability == "safe" else "--fix --unsafe-fixes"
        return f"fixable with `dslint check {flags}`: {self.edit.description}"

    def file_location(self) -> Location | None:
        """A line of a file that shows this finding, for reports that need one (SARIF, GitHub).

        Its own location when that is a file line; else the values file it was
        checked with (a value set by a flag); else the manifest place (a field
        of a render from flags only); None when there is no file at all.
        """
        loc = self.location
        if loc.is_file and not loc.source.startswith("<"):
            return loc
        if self.target and not self.target.startswith(("<", "--")):
            return Location(self.target, 1, 1)
        manifest = self.manifest
        if manifest is not None and manifest.source and not manifest.source.startswith("<"):
            return Location(manifest.source, max(manifest.line, 1), 1)
        return None

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (loc.is_default, loc.source, loc.line, loc.column, self.code, self.values_path, self.message)


class ManifestRef(NamedTuple):
    """A field inside a rendered Kubernetes object."""

    kind: str
    name: str
    namespace: str = ""
    field_path: str = ""
    container: str = ""
    source: str = ""  # manifest file that holds the object (or the template, for in-memory renders)
    line: int = 0
    # Helm's `# Source:` template, when the object came from a chart.
    template: str = ""

    def display(self) -> str:
        obj = f"{self.kind}/{self.name}"
        if self.container:
            obj += f" container {self.container!r}"
        if self.field_path:
            obj += f" {self.field_path}"
        return obj
