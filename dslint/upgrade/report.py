"""What `dslint upgrade` found, and the exit code it means."""

from __future__ import annotations

from typing import Any

from dslint.findings import Finding, Severity
from dslint.upgrade.changes import Change

EXIT_OK, EXIT_ACT, EXIT_INPUT = 0, 1, 2


class UpgradeReport:
    """The two versions, the changes, the findings that appear and go, and what the user should know."""

    __slots__ = ("changes", "fail_level", "files", "from_version", "gone", "input_errors", "new", "notices",
                 "refused", "to_version")

    def __init__(self, from_version: str = "", to_version: str = "") -> None:
        self.from_version = from_version
        self.to_version = to_version
        self.changes: list[Change] = []
        self.new: list[Finding] = []
        self.gone: list[Finding] = []
        # Why Helm refused to render each version ("" when it rendered, or no chart was given).
        self.refused: dict[str, str] = {"from": "", "to": ""}
        self.notices: list[str] = []
        self.input_errors: list[Any] = []
        self.files: list[str] = []
        # A new finding at or above this fails the run (--fail-on; None: none does).
        self.fail_level: Severity | None = Severity.ERROR

    def must_act(self) -> list[str]:
        """Why the upgrade needs the user's attention (empty: nothing the user must act on)."""
        reasons = [f"`{c.path}` is set but chart {self.to_version} {'renames' if c.kind == 'key-renamed' else 'removes'} it"
                   for c in self.changes if c.must_act]
        level = self.fail_level
        reasons += [f"new {f.severity.label} {f.code} {f.name}" for f in self.new if level is not None and f.severity >= level]
        if self.refused["to"]:
            reasons.append(f"Helm refuses to render chart {self.to_version} with these values")
        return reasons

    def exit_code(self) -> int:
        if self.input_errors:
            return EXIT_INPUT
        return EXIT_ACT if self.must_act() else EXIT_OK
