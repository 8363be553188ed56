"""Running the values lane: targets -> chart values -> rules -> findings.

A *target* is one set of values Helm would receive: the `-f` files stacked in
order, one positional file on top (each positional file is its own target, as
every linter treats the files it is given), then the `--set` flags.  Findings
from all targets are merged, de-duplicated, filtered by the settings and the
inline suppressions, and sorted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from dslint import secrets
from dslint.config import Settings
from dslint.findings import Finding, ValuesPath, format_path
from dslint.load.errors import InputError
from dslint.load.files import ValuesFile, decode, read_bytes
from dslint.load.layers import SET_FLAG_ORDER, SetArgument, UserValues, add_file, add_set_argument
from dslint.model.view import ChartValues, build_chart_values
from dslint.registry import VALUES_LANE, RegisteredRule, Rule, lane_rules, rule_enabled
from dslint.rules import Problem, ValuesContext
from dslint.run import UNUSED_SUPPRESSION, Report, Target, blocks, comment_suppressions, finish, new_finding

if TYPE_CHECKING:
    from dslint.knowledge.detect import ChartChoice
    from dslint.run import Progress


def stack_values(target: Target, settings: Settings) -> UserValues:
    redactor = secrets.current()
    user = UserValues()
    for values_file in target.files:
        add_file(user, values_file)
    ordered = sorted(target.set_arguments, key=lambda a: SET_FLAG_ORDER.index(a.flag))
    for argument in ordered:
        # Before parsing: a syntax error quotes the argument.
        redactor.add_set_argument(argument.flag, argument.text)
    if ordered:
        # Only runs with --set flags pay for Helm's strvals parser.
        from dslint.load.helm_set import ItemBudget

        budget = ItemBudget(settings.limits.max_values)
    for argument in ordered:
        add_set_argument(user, argument, _file_reader(settings), budget=budget, max_depth=settings.limits.max_depth)
    redactor.add_values(user.data)
    return user


def _file_reader(settings: Settings) -> Callable[[str], str]:
    def read(path: str) -> str:
        name, data = read_bytes(path, settings.limits)
        return decode(data, name)

    return read


def run_rules(values: ChartValues, settings: Settings, rules: Iterable[RegisteredRule] | None = None) -> list[Finding]:
    """Every enabled values rule over one target's chart values."""
    ctx = ValuesContext(
        values,
        platform=settings.platform,
        profile=settings.profile,
        offline=settings.offline,
        release_name=settings.release_name,
        namespace=settings.namespace,
        api_versions=settings.api_versions,
    )
    findings = []
    for rule in rules if rules is not None else values_rules(settings):
        if rule.check is None or not rule_enabled(rule.meta, settings) or not rule.meta.applies_to(values.version):
            continue
        schema_rule = rule.meta.family == "DS1"
        # The rule's problems are read before the next rule's options are set.
        ctx.use_options(settings.options_of(rule.meta))
        for problem in rule.check(ctx):
            # A value DS1xx refused was replaced by the chart default; a verdict
            # other rules reach on that stand-in would point at the user's
            # line and talk about a value they did not write.
            if not schema_rule and problem.path in values.rejected:
                continue
            findings.append(make_finding(rule.meta, problem, values, settings))
    return findings


def values_rules(settings: Settings) -> tuple[RegisteredRule, ...]:
    """The values lane's rules, and the team's values policies (dslint.policies) when there are any."""
    if not settings.policies:
        return lane_rules(VALUES_LANE)
    from dslint.policies.values import policy_rules

    return lane_rules(VALUES_LANE) + policy_rules(settings)


def gate_rules(settings: Settings) -> tuple[list[RegisteredRule], list[RegisteredRule]]:
    """The values rules that can report at or above --fail-on (the gate waits for these), and the rest.

    A rule's findings never outrank its severity (after the user's per-code
    setting), so a rule below the fail level cannot stop a render.
    """
    level = settings.fail_level
    can_fail, cannot = [], []
    for rule in values_rules(settings):
        if level is not None and settings.severity_of(rule.meta.code, rule.meta.severity) >= level:
            can_fail.append(rule)
        else:
            cannot.append(rule)
    return can_fail, cannot


class ValuesStage:
    """The values lane as one stage of a pipeline (`dslint.render.pipeline`).

    `gate()` runs the rules that can report at or above --fail-on, `passes()` says
    whether their findings (after suppressions) let the render go on, `rest()` runs
    the others, while Helm renders.
    """

    __slots__ = ("gating", "later", "settings")

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.gating, self.later = gate_rules(settings)

    def user_values(self, target: Target) -> UserValues:
        """The target's values as Helm receives them (files stacked, then flags)."""
        return stack_values(target, self.settings)

    def chart_values(self, user: UserValues) -> ChartValues:
        return build_chart_values(user, self.settings.chart_version)

    def gate(self, values: ChartValues | None) -> list[Finding]:
        return run_rules(values, self.settings, self.gating) if values is not None and self.gating else []

    def passes(self, findings: Iterable[Finding], target: Target) -> bool:
        """Nothing at or above --fail-on left once the target's comments have had their say (DS100 aside)."""
        kept = finish(findings, self.settings, comment_suppressions(target.files))
        return not blocks([f for f in kept if f.code != UNUSED_SUPPRESSION], self.settings)

    def rest(self, values: ChartValues | None) -> list[Finding]:
        return run_rules(values, self.settings, self.later) if values is not None and self.later else []


def make_finding(meta: Rule, problem: Problem, values: ChartValues, settings: Settings) -> Finding:
    """A values rule's problem as a finding, located where the user set (or would set) its path."""
    location = problem.location
    message = problem.message
    if location is None:
        location = values.location(problem.path, key=problem.at_key)
        if problem.path and not values.is_set(problem.path):
            message += " (chart default)"
    return new_finding(
        meta, settings, message, location,
        values_path=format_path(_as_written(problem.path, values.scope)),
        fix=problem.fix, severity=problem.severity,
        related=tuple(values.location(p) for p in problem.related),
        # An edit names paths of the DeepSpeed values; in an umbrella they sit under its key: no fix there yet.
        edit=None if values.scope else problem.edit,
    )


def chart_values_for(target: Target, settings: Settings, choice: ChartChoice | None = None) -> ChartValues:
    """The target's values as the chart version it is checked as receives them."""
    from dslint.knowledge.detect import ChartChoice

    user = stack_values(target, settings)
    choice = choice or ChartChoice(settings.chart_version, "")
    if choice.scope:
        from dslint.load.subchart import subchart_values

        user = subchart_values(user, choice.scope)
    values = build_chart_values(user, choice.version)
    values.scope = choice.scope
    return values


def choose_chart(target: Target, settings: Settings) -> ChartChoice:
    """Which chart version checks this target, and why (`dslint.knowledge.detect`)."""
    from dslint.knowledge.detect import choose

    return choose(settings, target.files[-1].name if target.files else None)


def _as_written(path: ValuesPath, scope: str | None) -> ValuesPath:
    """The path as the user's file spells it: under the umbrella's key, except `global`, which is shared."""
    if not scope or not path or path[0] == "global":
        return path
    return (scope, *path)


def check_target(target: Target, settings: Settings, charts: list[ChartChoice] | None = None) -> list[Finding]:
    choice = choose_chart(target, settings)
    refuse_wrong_kind(target, choice)
    if charts is not None:
        charts.append(choice)
    values = chart_values_for(target, settings, choice)
    return [f._replace(target=target.name) for f in run_rules(values, settings)]


def name_shared_targets(findings: list[Finding], targets: list[str]) -> list[Finding]:
    """A finding in a shared -f file that holds for only some FILEs says which ("for b.yaml").

    The same finding from every target is printed once (de-duplication); when
    only some targets produce it, it is not a fact about the shared file alone.
    """
    if len(targets) < 2:
        return findings
    holders: dict[tuple[Any, ...], list[str]] = {}
    for finding in findings:
        if finding.location.source != finding.target and finding.target:
            names = holders.setdefault(finding.identity, [])
            if finding.target not in names:
                names.append(finding.target)
    out = []
    for finding in findings:
        holding = holders.get(finding.identity)
        if holding and len(holding) < len(set(targets)):
            finding = finding._replace(message=f"{finding.message} (for {', '.join(holding)})")
        out.append(finding)
    return out


def refuse_wrong_kind(target: Target, choice: ChartChoice) -> None:
    """A manifest, a Chart.yaml or another chart's values: one input error, not a DS101 per key.

    In an umbrella chart's values only the DeepSpeed dependency's section is judged: the
    umbrella's own keys belong to other charts.
    """
    from dslint.load.input_kind import values_kind_problem
    from dslint.model.facts import load_facts

    known = load_facts(choice.version)["spec"]["f"]
    for values_file in target.files:
        data: Any = values_file.data
        prefix: ValuesPath = ()
        if choice.scope:
            data, prefix = data.get(choice.scope) if isinstance(data, dict) else None, (choice.scope,)
            if not isinstance(data, dict):
                continue
        problem = values_kind_problem(data, known)
        if problem:
            message, key = problem
            where = values_file.tree.keys_at.get((*prefix, key))
            raise InputError(message, values_file.name, where.line if where else 1, where.column if where else 1)


def check_values(targets: list[Target], settings: Settings, report: Report, progress: Progress | None = None) -> None:
    """Run the values lane over every target into `report`; `progress` hears of each target done."""
    findings: list[Finding] = []
    all_files: list[ValuesFile] = []
    charts: list[ChartChoice] = []
    for target in targets:
        all_files.extend(target.files)
        try:
            findings.extend(check_target(target, settings, charts))
        except InputError as err:
            report.input_errors.append(err)
        except RecursionError:
            # The limits keep nesting far below Python's stack; this is the net.
            report.input_errors.append(InputError(
                f"values nested too deeply to check (limit {settings.limits.max_depth} levels, --max-depth)",
                target.name))
        if progress is not None:
            progress.advance()
    report.findings.extend(finish(name_shared_targets(findings, [t.name for t in targets]), settings,
                                  comment_suppressions(all_files)))
    report.checks += len(targets)
    report.add_files(f.name for f in all_files)
    note_charts(report, charts)


def note_charts(report: Report, charts: list[ChartChoice]) -> None:
    for choice in charts:
        report.add_chart(choice.describe())
        if choice.note:
            report.note(choice.note)



# --- many files on many cores ----------------------------------------------------

# Files per task: small enough to balance the cores and move the progress
# line, large enough that handing out tasks costs little.
CHUNK = 25
_WORKER: dict[str, Any] = {}


def _start_worker(base: list[ValuesFile], arguments: list[SetArgument], settings: Settings) -> None:
    import signal

    # Forked workers inherit these without pickling (and the run's redactor).
    _WORKER.update(base=base, arguments=arguments, settings=settings)
    # The parent handles Ctrl-C and termination; a worker just stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# (chunk index, findings, input errors (message, file, line, column), files read (name, text, quoted spans),
#  the redactor's placeholders, the chart choices): what a worker sends back, all picklable.
_ChunkResult = tuple[int, list[Finding], list[tuple[str, str, int, int]], list[tuple[str, str, Any]], list[str],
                     list["ChartChoice"]]


def _check_chunk(task: tuple[int, list[str]]) -> _ChunkResult:
    """Load and check some files in a worker; return picklable results."""
    from dslint.load.files import load_values_file

    index, paths = task
    base, arguments, settings = _WORKER["base"], _WORKER["arguments"], _WORKER["settings"]
    findings: list[Finding] = []
    errors: list[tuple[str, str, int, int]] = []
    files: list[tuple[str, str, Any]] = []
    charts: list[ChartChoice] = []
    for path in paths:
        try:
            top = load_values_file(path, settings.limits)
            files.append((top.name, top.text, top.tree.quoted_spans))
            findings.extend(check_target(Target([*base, top], arguments), settings, charts))
        except InputError as err:
            # Redacted here: only this worker's redactor saw the file's secrets.
            errors.append((secrets.redact(err.message), err.source, err.line, err.column))
        except RecursionError:
            errors.append((f"values nested too deeply to check (limit {settings.limits.max_depth} levels, "
                           "--max-depth)", path, 0, 0))
    return index, findings, errors, files, secrets.written_placeholders(), charts


def check_values_in_parallel(paths: list[str], base: list[ValuesFile], arguments: list[SetArgument],
                             settings: Settings, report: Report, jobs: int, progress: Progress | None = None) -> None:
    """`check_values` for one target per path, spread over `jobs` processes.

    Workers are forked, so they share what the parent loaded (the -f files,
    the settings) and the compiled chart facts; each returns findings,
    errors and the texts suppressions need.  Results are put back in the
    order of `paths`, so the report is the same as a serial run's.
    """
    import multiprocessing

    from dslint.load.yaml_tree import YamlTree

    tasks = [(i, paths[start:start + CHUNK]) for i, start in enumerate(range(0, len(paths), CHUNK))]
    results = []
    context = multiprocessing.get_context("fork")
    pool = context.Pool(jobs, initializer=_start_worker, initargs=(base, arguments, settings))
    try:
        for result in pool.imap_unordered(_check_chunk, tasks):
            results.append(result)
            if progress is not None:
                progress.advance(len(tasks[result[0]][1]))
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        if progress is not None:
            progress.close()
    findings: list[Finding] = []
    files = list(base)
    charts: list[ChartChoice] = []
    for _, chunk_findings, errors, chunk_files, placeholders, chunk_charts in sorted(results, key=lambda r: r[0]):
        charts.extend(chunk_charts)
        # The workers' redactions are final: printing must not redact them again.
        secrets.adopt_placeholders(placeholders)
        findings.extend(chunk_findings)
        report.input_errors.extend(InputError(*error) for error in errors)
        files.extend(ValuesFile(name, text, YamlTree(None, quoted_spans=spans)) for name, text, spans in chunk_files)
    checked = [values_file.name for values_file in files[len(base):]]  # the paths that could be read
    report.findings.extend(finish(name_shared_targets(findings, checked), settings, comment_suppressions(files)))
    report.checks += len(checked)
    report.add_files(f.name for f in files)
    note_charts(report, charts)
