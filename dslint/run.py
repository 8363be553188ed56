"""The run core every lane shares: what a run checks (`Target`), what it found (`Report`),
the one way a finding is made (`new_finding`) and the one way a run's findings are finished
(`finish`: de-duplication, per-file ignores, suppressions, DS100 for the stale ones).

Nothing here knows a lane: the values lane (`dslint.values_lane`), the manifest lane
(`dslint.manifests.check`) and the render pipeline build on it, and the formatters read
only this and `dslint.findings`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol

from dslint import secrets
from dslint.findings import Finding, Location, ManifestRef, Severity

if TYPE_CHECKING:
    from dslint.config import Settings
    from dslint.fix.edits import Edit
    from dslint.load.errors import InputError
    from dslint.load.files import ValuesFile
    from dslint.load.layers import SetArgument
    from dslint.registry import Rule
    from dslint.suppress import Suppression

UNUSED_SUPPRESSION = "DS100"


class Progress(Protocol):
    """What a lane tells the progress line the CLI draws (`dslint.formats.text.Progress`)."""

    def advance(self, n: int = 1) -> None: ...

    def close(self) -> None: ...


class Target:
    """One lint target: the files Helm would stack, then the flags."""

    __slots__ = ("files", "set_arguments")

    def __init__(self, files: list[ValuesFile], set_arguments: list[SetArgument] | None = None) -> None:
        self.files = files
        self.set_arguments = [] if set_arguments is None else set_arguments

    @property
    def name(self) -> str:
        return self.files[-1].name if self.files else "--set"


class Report:
    """What a run found: findings to print, and inputs it could not read."""

    __slots__ = (
        "charts",
        "checks",
        "config",
        "config_outside",
        "fail_level",
        "files",
        "findings",
        "input_errors",
        "notices",
    )

    def __init__(self, findings: list[Finding] | None = None, files: list[str] | None = None,
                 input_errors: list[InputError] | None = None, notices: list[str] | None = None,
                 charts: list[str] | None = None) -> None:
        self.findings = [] if findings is None else findings
        self.files = [] if files is None else files
        self.input_errors = [] if input_errors is None else input_errors
        # Notices for the user that are not findings (e.g. a skipped lane).
        self.notices = [] if notices is None else notices
        # The config file that shaped the run (as shown), and whether it was found outside the repository.
        self.config: str | None = None
        self.config_outside = False
        # The chart versions the values were checked as, and why ("chart 2.2.5 (from Chart.lock)").
        self.charts = [] if charts is None else charts
        # What fails the run (--fail-on; None: nothing): reports that grade (JUnit) read it.
        self.fail_level: Severity | None = Severity.ERROR
        # How many sets of values were checked (targets); 0 when the run does not count them.
        self.checks = 0

    def add_chart(self, described: str) -> None:
        if described not in self.charts:
            self.charts.append(described)

    def add_files(self, names: Iterable[str]) -> None:
        """List the files a lane read, each once, in the order first seen."""
        for name in names:
            if name not in self.files:
                self.files.append(name)

    def note(self, text: str) -> None:
        """A notice, once."""
        if text not in self.notices:
            self.notices.append(text)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def new_finding(meta: Rule, settings: Settings, message: str, location: Location, *, values_path: str = "",
                fix: str = "", severity: Severity | None = None, manifest: ManifestRef | None = None,
                related: tuple[Location, ...] = (), edit: Edit | None = None) -> Finding:
    """The one way every lane makes a finding: one policy for severity, fixes and secrets.

    - A finding may grade below its rule's severity, never above (the render gate
      relies on it: a rule below --fail-on cannot stop a render); the user's
      per-code setting has the last word.
    - An edit is never offered as safer than the rule's metadata says.
    - Messages quote values and --set locations their argument: no secret may pass.
    """
    graded = meta.severity if severity is None else min(severity, meta.severity)
    finding = Finding(
        code=meta.code,
        name=meta.name,
        severity=settings.severity_of(meta.code, graded),
        message=message,
        values_path=values_path,
        location=location,
        fix=fix or meta.fix,
        profile=settings.profile,
        manifest=manifest,
        related=related,
        edit=_offered(meta, edit),
    )
    return secrets.current().finding(finding)


def _offered(meta: Rule, edit: Edit | None) -> Edit | None:
    """A problem's edit, never safer than its rule's metadata says."""
    if edit is None or meta.fix_safety == "none":
        return None
    return edit._replace(safe=False) if meta.fix_safety == "unsafe" and edit.safe else edit


class UnusedAnnotation(NamedTuple):
    """A manifest object's `dslint.io/ignore` annotation whose codes silenced nothing, placed by its lane."""

    codes: tuple[str, ...]
    annotation: str  # the annotation's key
    subject: str  # "Deployment/x"
    location: Location
    values_path: str = ""
    manifest: ManifestRef | None = None


def comment_suppressions(files: Iterable[ValuesFile]) -> list[Suppression]:
    """The `# dslint: ignore` comments of some values files, each file read once."""
    from dslint.suppress import find_suppressions

    found: list[Suppression] = []
    seen: set[str] = set()
    for values_file in files:
        if values_file.name not in seen:
            seen.add(values_file.name)
            found.extend(find_suppressions(values_file))
    return found


def finish(findings: Iterable[Finding], settings: Settings, comments: list[Suppression] | None = None,
           annotations: Iterable[UnusedAnnotation] = ()) -> list[Finding]:
    """The one end of every run: de-duplicate, per-file ignores, suppressions, DS100 for stale ones, sort.

    `comments`: the `# dslint: ignore` comments of the files read (values or manifests);
    `annotations`: the manifest objects' ignore annotations that silenced nothing (the
    manifest lane applies those per object, where it knows the object).
    """
    # The first of equal findings wins (a -f file shared by targets reports once).
    unique = list({f.identity: f for f in reversed(list(findings))}.values())[::-1]
    kept = [f for f in unique if not settings.ignored_for_file(f.code, f.location.source)]
    if comments:
        kept = _apply_comments(kept, comments, settings)
    annotations = list(annotations)
    if annotations:
        kept.extend(_stale_annotations(annotations, settings))
    return sorted(kept, key=Finding.sort_key)


def _apply_comments(findings: list[Finding], comments: list[Suppression], settings: Settings) -> list[Finding]:
    """The findings no comment matches, plus DS100 for comments that match none.

    Helm's refusals are never silenced (nothing was rendered, so nothing may pass): a
    comment naming only those is a DS100 that says so.
    """
    from dslint.suppress import apply_suppressions, unused_suppression_locations

    locked = unsuppressible_codes()
    kept = apply_suppressions([f for f in findings if f.code not in locked], comments)
    kept.extend(f for f in findings if f.code in locked)
    stale = _stale_rule(settings)
    if stale is None:
        return kept
    for location, codes, whole_file, written in unused_suppression_locations(comments):
        codes = _still_wanted(codes, settings)
        if not codes:
            continue
        what = "ignore-file" if whole_file else "ignore"
        listed = "" if codes == ("*",) else f"[{', '.join(codes)}]"
        refusals = [c for c in codes if c in locked]
        message = f"`# dslint: {what}{listed}` suppresses nothing here"
        if refusals and len(refusals) == len(codes):
            message = (f"`# dslint: {what}{listed}` cannot silence {', '.join(refusals)}: Helm refused to render, "
                       "so it is always reported")
        kept.append(new_finding(stale, settings, message, location,
                                edit=_drop_comment(location, whole_file, written, codes)))
    return kept


def _stale_annotations(annotations: list[UnusedAnnotation], settings: Settings) -> list[Finding]:
    stale = _stale_rule(settings)
    if stale is None:
        return []
    out = []
    for unused in annotations:
        codes = _still_wanted(unused.codes, settings)
        if codes:
            message = f"annotation `{unused.annotation}: {','.join(codes)}` suppresses nothing on {unused.subject}"
            out.append(new_finding(stale, settings, message, unused.location, values_path=unused.values_path,
                                   fix="Remove the annotation (or the codes that no longer fire).",
                                   manifest=unused.manifest))
    return out


def _stale_rule(settings: Settings) -> Rule | None:
    """DS100's metadata when it runs (imported only when there is a suppression to judge)."""
    from dslint.registry import rule_enabled
    from dslint.rules.ds100_unused_suppression import RULE

    return RULE if rule_enabled(RULE, settings) else None


def _still_wanted(codes: tuple[str, ...], settings: Settings) -> tuple[str, ...]:
    # A code whose rule is switched off cannot match: not stale, just idle.
    return tuple(c for c in codes if c == "*" or settings.is_selected(c))


def _drop_comment(location: Location, whole_file: bool, written: tuple[str, ...], unused: tuple[str, ...]) -> Edit:
    from dslint.fix.edits import drop_suppression

    # `ignore[DS101, DS102]` with DS102 stale keeps DS101; with nothing left the directive goes.
    keep = tuple(c for c in written if c not in unused)
    return drop_suppression(location.line, location.column, keep, whole_file=whole_file)


def blocks(findings: Iterable[Finding], settings: Settings) -> bool:
    """Whether any finding reaches --fail-on (None: nothing fails the run)."""
    level = settings.fail_level
    return level is not None and any(f.severity >= level for f in findings)


def unsuppressible_codes() -> frozenset[str]:
    """Codes no comment silences (Helm's refusals: nothing was rendered, so nothing may pass)."""
    from dslint.registry import RENDER_LANE, VALUES_LANE, lane_rules

    return frozenset(r.meta.code for lane in (VALUES_LANE, RENDER_LANE) for r in lane_rules(lane)
                     if not r.meta.suppressible)
