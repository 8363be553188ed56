"""The `dslint` command line.

Exit codes: 0 nothing at or above `--fail-on`; 1 findings at or above it;
2 usage or input errors (a file that cannot be read, invalid YAML...).
Heavy modules are imported inside the commands that need them: a pre-commit
run of `dslint check` should cost little more than starting Python.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from dslint import __version__, completion
from dslint.knowledge.versions import DEFAULT_VERSION

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 100


# Values may nest as deep as --max-depth allows (900), and reading, stacking
# and checking them takes two or three Python frames a level: Python's default
# limit of 1000 frames is not enough.
_RECURSION_LIMIT = 5000


class _Group(click.Group):
    """Turns any unexpected exception into one line and exit 2, never a traceback.

    Each invocation is one run for `dslint.secrets`: secrets in what it loads
    are never printed, in findings or in errors.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from dslint import interrupts, secrets

        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
        restore_signals = interrupts.install()
        try:
            with secrets.run():
                return self._invoke_guarded(ctx)
        finally:
            restore_signals()
            sys.setrecursionlimit(limit)

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as err:
            from dslint.cli_errors import one_line

            raise one_line(err)

    def _invoke_guarded(self, ctx: click.Context) -> Any:
        from dslint.interrupts import Terminated
        from dslint.printing import echo_line, error
        from dslint.secrets import redact

        try:
            return super().invoke(ctx)
        except click.ClickException as err:
            from dslint.cli_errors import one_line

            # Click prints it later, outside the run: redact it now.
            err.message = redact(err.message)
            raise one_line(err)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Terminated:
            echo_line("dslint: terminated", err=True)
            sys.exit(143)
        except KeyboardInterrupt:
            echo_line("dslint: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(EXIT_FINDINGS)
        except RecursionError:
            # A reader without its own depth limit (tomllib, for pyproject.toml) met absurd nesting.
            error("input nested too deeply to read (values: --max-depth)")
            sys.exit(EXIT_INPUT)
        except OSError as err:
            # The machine's doing, not dslint's (a full disk, a permission): say which file and why.
            where = f"{err.filename}: " if err.filename else ""
            error(where + (err.strerror or str(err)))
            sys.exit(EXIT_INPUT)
        except Exception as err:  # noqa: BLE001 - the last line of defence
            from dslint.load.errors import InputError

            if isinstance(err, InputError):
                error(str(err))
            else:
                text = " ".join(str(err).split())  # one line
                echo_line(f"dslint: internal error: {type(err).__name__}: {text} (please report it)", err=True)
            sys.exit(EXIT_INPUT)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="dslint")
def main() -> None:
    """Lint values for the Bitnami DeepSpeed Helm chart, and render approved manifests."""


def _values_options(func):
    """The values inputs Helm has: -f files and the --set family."""
    options = [
        click.option("-f", "--values", "values_files", multiple=True, metavar="FILE", type=click.Path(allow_dash=True),
                     help="Values file stacked under every FILE argument, in order (like helm -f). '-' reads stdin."),
        click.option("--set", "set_values", multiple=True, metavar="KEY=VAL", help="Set a value (Helm's --set syntax)."),
        click.option("--set-string", multiple=True, metavar="KEY=VAL", help="Set a string value."),
        click.option("--set-json", multiple=True, metavar="KEY=JSON", help="Set a JSON value."),
        click.option("--set-file", multiple=True, metavar="KEY=PATH", help="Set a value to the content of a file."),
        click.option("--set-literal", multiple=True, metavar="KEY=VAL", help="Set a literal string value."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _chart_version(_ctx, _param, value: str | None) -> str | None:
    from dslint.knowledge.versions import check_version

    if value is None:
        return None
    try:
        return check_version(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def _settings_options(func):
    options = [
        click.option("--config", "config_path", metavar="PATH", type=click.Path(dir_okay=False), help="Config file (default: nearest .dslint.yaml or pyproject.toml)."),
        click.option("--isolated", is_flag=True, help="Ignore configuration files."),
        click.option("--chart-version", callback=_chart_version, metavar="VERSION", shell_complete=completion.chart_versions,
                     help="Chart version whose values to check: any published version or `latest` "
                          "(default: detected from --chart or an umbrella Chart.yaml, else 2.1.1)."),
        click.option("--platform", type=click.Choice(["kubernetes", "openshift"]), help="Target platform (default kubernetes)."),
        click.option("--profile", type=click.Choice(["production", "development"]), help="Policy profile (default production)."),
        click.option("--select", multiple=True, metavar="CODES", shell_complete=completion.rule_codes,
                     help="Only these codes or prefixes (comma-separated)."),
        click.option("--ignore", multiple=True, metavar="CODES", shell_complete=completion.rule_codes,
                     help="Skip these codes or prefixes (comma-separated)."),
        click.option("--severity", multiple=True, metavar="CODE=LEVEL", shell_complete=completion.severity_overrides,
                     help="Change a rule's severity (error, warning, info)."),
        click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), help="Lowest severity that fails the run (default error)."),
        click.option("--allowed-registry", "allowed_registries", multiple=True, metavar="REGISTRY",
                     help="A registry images may come from (repeatable; globs allowed); adds to the config's list."),
        click.option("--offline/--online", "offline", default=None,
                     help="Whether renders happen without a cluster (helm template, GitOps; the default) or with one (helm install)."),
        click.option("--release-name", metavar="NAME", help="Release name (as helm install NAME)."),
        click.option("--namespace", metavar="NAME", help="Release namespace."),
        click.option("--max-file-size", "max_bytes", type=click.IntRange(1), metavar="BYTES", help="Refuse larger files (default 16 MiB)."),
        click.option("--max-values", type=click.IntRange(1), metavar="N", help="Refuse files with more values, aliases expanded (default 50000)."),
        click.option("--max-depth", type=click.IntRange(1, 900), metavar="N",  # yaml_tree.MAX_DEPTH_CAP
                     help="Refuse deeper nesting (default 100, at most 900)."),
        click.option("--policy", "policy_files", multiple=True, metavar="FILE",
                     help="A file of team policies in CEL (repeatable; adds to the config's policy-files)."),
        click.option("--admission-policies", multiple=True, metavar="PATH",
                     help="ValidatingAdmissionPolicy/Binding YAML (a file or a directory, repeatable) to evaluate "
                          "against the rendered manifests."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class _Timeout(click.ParamType):
    """Seconds, or a duration as Helm writes one (`--timeout 90s`, from `helm dslint`)."""

    name = "seconds"

    def convert(self, value, param, ctx):
        from dslint.render.limits import parse_timeout

        seconds = parse_timeout(str(value))
        if seconds is None or not 0 < seconds <= 86_400:
            self.fail(f"{value!r} is not a number of seconds from above 0 to 86400 (or a duration like 90s)", param, ctx)
        return seconds


_TIMEOUT = _Timeout()


def _deprecated_version(ctx: click.Context, _param, value: str | None) -> str | None:
    if value is not None:
        from dslint.printing import note

        note(f"`{ctx.info_name} --version` is deprecated (it read as dslint's own --version): use --pull-version")
        ctx.meta["dslint.pull_version"] = value
    return value


def _pull_version(chart_ref_version: str | None) -> str | None:
    """--pull-version, or the deprecated --version it replaces."""
    ctx = click.get_current_context()
    return chart_ref_version or ctx.meta.get("dslint.pull_version")


def _lane_options(command: str):
    """The second lane: rendering with the real chart (check and render), or checking rendered manifests (check)."""
    chart_help = {
        "check": "Also render with this chart (directory, .tgz or oci:// reference) and check the manifests.",
        "render": "The chart to render: a directory, a .tgz or an oci:// reference (with --pull-version).",
    }[command]
    options = [
        click.option("--chart", "chart_ref", metavar="CHART", type=click.Path(), help=chart_help),
        click.option("--pull-version", "chart_ref_version", metavar="VERSION", shell_complete=completion.chart_versions,
                     help="Chart version to pull for an oci:// CHART."),
        # The old spelling, which read as dslint's own `--version`: still works, with a note.
        click.option("--version", "deprecated_version", metavar="VERSION", hidden=True, expose_value=False,
                     callback=_deprecated_version, is_eager=False),
        # `render` takes values only; the option stays (hidden) to say so in a sentence.
        click.option("--manifests", "manifests", is_flag=True, hidden=command != "check",
                     help="FILE arguments are rendered manifests (helm template output), not values; '-' reads stdin."),
        click.option("--kube-version", metavar="VERSION", help="Kubernetes version to render and validate for."),
        click.option("--api-versions", multiple=True, metavar="GROUP/VERSION", help="Extra API versions the cluster serves (as helm template -a)."),
        click.option("--pss-level", type=click.Choice(["restricted", "baseline"]), help="Pod Security Standard level whose failures are errors."),
        # Bounds on the chart and its render (dslint.render.limits; docs/guarantees.md).
        click.option("--timeout", type=_TIMEOUT, metavar="SECONDS",
                     help="Stop a Helm render or oci:// pull after SECONDS (or a duration like 90s; default 5)."),
        click.option("--max-chart-size", type=click.IntRange(1), metavar="BYTES", help="Refuse charts larger unpacked (default 32 MiB)."),
        click.option("--max-chart-files", type=click.IntRange(1), metavar="N", help="Refuse charts with more files (default 10000)."),
        click.option("--max-chart-file-size", type=click.IntRange(1), metavar="BYTES", help="Refuse charts with a larger file (default 5 MiB)."),
        click.option("--max-render-size", type=click.IntRange(1), metavar="BYTES", help="Refuse renders larger than this (default 4 MiB)."),
        click.option("--max-render-objects", type=click.IntRange(1), metavar="N", help="Refuse renders of more objects (default 2000)."),
        click.option("--max-render-values", type=click.IntRange(1), metavar="N", help="Refuse renders holding more values (default 50000)."),
        click.option("--max-render-memory", type=click.IntRange(1), metavar="BYTES",
                     help="Stop a render once dslint uses this much memory (default 768 MiB)."),
        click.option("--pss-version", metavar="VERSION",
                     help="Pod Security Standards policy version (v1.30, latest; default: the --kube-version), "
                          "as a namespace's enforce-version label."),
    ]

    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _remember_color(ctx: click.Context, _param, value: str) -> str:
    ctx.meta["dslint.color"] = value
    return value


def _output_options(func):
    from dslint.formats import FORMATS

    options = [
        click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text",
                     show_default=True, help="Output format."),
        click.option("-o", "--output", "output_path", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True),
                     help="Write the report to FILE instead of stdout (the summary still goes to the terminal)."),
        click.option("-j", "--jobs", type=click.IntRange(0), default=None, metavar="N",
                     help=f"Check files in N processes (0: one per core; default: one per core from "
                          f"{PARALLEL_MIN_FILES} files on, else 1)."),
        # Not a parameter of the commands: _emit reads it from the context.
        click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                     expose_value=False, callback=_remember_color,
                     help="Colour the text output (auto: on a terminal, unless NO_COLOR is set)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _fix_options(func):
    """ruff's autofix flags (dslint.fix): FILE arguments only, never -f files or flags."""
    options = [
        click.option("--fix", is_flag=True, help="Apply the safe fixes to the FILE arguments, then report what remains."),
        click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply the unsafe fixes (likely guesses) too."),
        click.option("--diff", "fix_diff", is_flag=True,
                     help="Print the fixes as a unified diff and change nothing; exit 1 when a fix applies."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command()
@click.argument("files", nargs=-1, metavar="[FILE]...", type=click.Path(allow_dash=True))
@_values_options
@_settings_options
@_lane_options("check")
@_output_options
@_fix_options
def check(files, values_files, set_values, set_string, set_json, set_file, set_literal, config_path, isolated,
          chart_ref, chart_ref_version, manifests, output_format, output_path, jobs, fix, unsafe_fixes, fix_diff,
          **cli_settings) -> None:
    """Check values files (or, with --manifests, rendered manifests).

    A directory FILE stands for the values files in it (the pre-commit hook's
    patterns).  Each FILE is checked on its own, on top of the -f files, with the --set
    flags applied last (Helm's order).  Without FILE arguments, the -f files
    and flags form one set of values.  With --chart, the values are also
    rendered by Helm and the manifests checked; nothing is written.
    """
    from dslint.config import load_settings
    from dslint.engine import Report, check_values
    from dslint.load.walk import expand_directories

    settings = load_settings(config_path, cli_settings, isolated=isolated)
    files = expand_directories(files, manifests=manifests)
    if [*files, *values_files].count("-") > 1:
        raise click.UsageError("stdin can be read once: give '-' once (as FILE or -f)")
    if output_path:  # the guard (and its import) only where there is an output to guard
        from dslint.output_guard import guard_outputs

        guard_outputs({"-o": output_path}, (*values_files, *files), set_file, settings, chart_ref,
                      what="the manifests file" if manifests else "the values file")
    report = Report()
    report.config, report.config_outside = settings.config_path, settings.config_outside
    report.fail_level = settings.fail_level
    if settings.policies or settings.admission is not None:  # say which policies this run cannot apply
        from dslint.policies.settings import idle_policies

        report.notices.extend(idle_policies(settings, values=not manifests, manifests=manifests or bool(chart_ref)))
    if manifests:
        if fix or fix_diff or unsafe_fixes:
            raise click.UsageError("--fix and --diff fix values files; rendered manifests come from the chart")
        if not files:
            raise click.UsageError("give the manifest files to check ('-' for stdin)")
        from dslint.manifests.check import check_manifest_files

        check_manifest_files(list(files), settings, report)
        _emit(report, output_format, output_path)
        sys.exit(_exit_code(report, settings))
    arguments = _set_arguments(set_values, set_string, set_json, set_file, set_literal)
    if not files and not values_files and not arguments:
        raise click.UsageError("give at least one values file (or -f FILE, or --set)")
    if fix or fix_diff or unsafe_fixes:
        _fix(files, values_files, arguments, settings, report, fix, unsafe_fixes, fix_diff)
    from dslint.formats.text import tracked

    workers = _workers(jobs, len(files))
    if workers > 1 and not chart_ref and "-" not in files:
        _check_in_parallel(files, values_files, arguments, settings, report, workers)
        _attach_fixes(report, files, settings)
        _emit(report, output_format, output_path)
        sys.exit(_exit_code(report, settings))
    if chart_ref:
        from dslint.render.engine import prefetch_engine

        prefetch_engine()
    targets = tracked(_targets(files, values_files, arguments, settings, report))
    if chart_ref:
        from dslint.render.pipeline import check_with_chart

        check_with_chart(targets, chart_ref, _pull_version(chart_ref_version), settings, report)
    else:
        check_values(targets, settings, report)
    _attach_fixes(report, files, settings)
    _emit(report, output_format, output_path)
    sys.exit(_exit_code(report, settings))


def _fix(files, values_files, arguments, settings, report, fix, unsafe_fixes, fix_diff) -> None:
    """--fix rewrites the FILE arguments before the check; --diff prints the fixes and exits."""
    if not fix and not fix_diff:
        raise click.UsageError("--unsafe-fixes goes with --fix or --diff")
    if not files or list(files) == ["-"]:
        raise click.UsageError("--fix and --diff change FILE arguments only (never -f files, --set or stdin): give a FILE")
    from dslint.fix.run import run

    changed, notes = run(files, values_files, arguments, settings, unsafe=unsafe_fixes, diff=fix_diff,
                         echo=lambda text: click.echo(text, nl=False))
    if fix_diff:
        for note in notes:
            click.echo(f"dslint: note: {note}", err=True)
        sys.exit(EXIT_FINDINGS if changed else EXIT_OK)
    report.notices.extend(notes)


def _attach_fixes(report, files, settings) -> None:
    if any(f.edit is not None for f in report.findings):
        from dslint.fix.run import attach_fixes

        attach_fixes(report, files, settings)


def _workers(jobs: int | None, files: int) -> int:

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs is None:
        return cores if files >= PARALLEL_MIN_FILES else 1
    return min(cores if jobs == 0 else jobs, max(files, 1))


def _check_in_parallel(files, values_files, arguments, settings, report, workers) -> None:
    from dslint.engine import check_values_in_parallel
    from dslint.formats.text import Progress, progress_wanted

    base = _targets((), values_files, [], settings, report)
    if report.input_errors:
        return
    progress = Progress(len(files), sys.stderr) if progress_wanted(len(files)) else None
    check_values_in_parallel(list(files), base[0].files if base else [], arguments, settings, report, workers,
                             progress)


def _set_arguments(set_values, set_string, set_json, set_file, set_literal):
    from dslint.load.layers import SetArgument

    flags = (("set", set_values), ("set-string", set_string), ("set-json", set_json),
             ("set-file", set_file), ("set-literal", set_literal))
    return [SetArgument(flag, text) for flag, texts in flags for text in texts]


def _targets(files, values_files, arguments, settings, report):
    """One target per FILE (each on top of the -f files), or one for the -f files alone.

    Files that cannot be read become input errors in the report; the others
    are still checked, so one bad file does not hide the findings of the rest.
    """
    from dslint.engine import Target
    from dslint.load.errors import InputError
    from dslint.load.files import load_values_file

    def load(path):
        try:
            return load_values_file(path, settings.limits)
        except InputError as err:
            report.input_errors.append(err)
            return None

    base = [load(path) for path in values_files]
    if any(b is None for b in base):
        return []
    if not files:
        return [Target(base, arguments)]
    tops = [load(path) for path in files]
    return [Target([*base, top], arguments) for top in tops if top is not None]


def _emit(report, output_format: str, output_path: str | None) -> None:
    from dslint.formats import TEXT_FORMATS, renderer, split_summary
    from dslint.printing import echo_report, print_notes, run_messages, safe_report

    run_messages(report)
    from dslint.formats.text import summary, use_color

    ctx = click.get_current_context(silent=True)
    choice = ctx.meta.get("dslint.color", "auto") if ctx is not None else "auto"
    if output_path:
        from dslint.output import write_report

        write_report(output_path, safe_report(renderer(output_format)(report)), "-o")
        print_notes(report)
        color = use_color(choice, sys.stderr)
        echo_report(summary(report, color=color) + "\n", err=True, color=color or None)
    else:
        color = output_format in TEXT_FORMATS and use_color(choice, sys.stdout)
        options = {"color": True} if color else {}
        # Notes explain the findings ("not rendered: ..."): after them, before the summary.
        body, last = split_summary(renderer(output_format)(report, **options), output_format)
        echo_report(body, color=color or None)
        print_notes(report)
        echo_report(last, color=color or None)


def _exit_code(report, settings) -> int:
    if report.input_errors:
        return EXIT_INPUT
    level = settings.fail_level
    if level is not None and any(f.severity >= level for f in report.findings):
        return EXIT_FINDINGS
    return EXIT_OK


@main.command("rules", short_help="List the rules (all, or a family: dslint rules DS2).")
@click.argument("prefixes", nargs=-1, metavar="[CODE]...", shell_complete=completion.rule_codes)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(prefixes: tuple[str, ...], output_format: str) -> None:
    """List the rules (all, or those of the CODEs or prefixes given, e.g. DS2)."""
    from dslint.printing import echo
    from dslint.rule_listing import select, table, terminal_width
    from dslint.rules import all_rules

    rules = select(all_rules(), prefixes)
    if not rules:
        raise click.UsageError(f"no rule matches {' '.join(prefixes)}")
    if output_format == "json":
        import json

        echo(json.dumps([
            {"code": r.meta.code, "name": r.meta.name, "severity": r.meta.severity.label, "summary": r.meta.summary,
             "lane": r.meta.lane, "profiles": sorted(r.meta.profiles), "fix": r.meta.fix_safety} for r in rules],
            indent=2))
        return
    # A terminal gets rows that fit it; a pipe gets whole summaries (for grep).
    width = terminal_width() if sys.stdout.isatty() else None
    echo(table(rules, width), nl=False)


@main.command(short_help="Print a rule's or a team policy's documentation (by code or name).")
@click.argument("code", shell_complete=completion.rule_codes)
@click.option("--config", "config_path", metavar="PATH", type=click.Path(dir_okay=False),
              help="Config file whose policies to search too.")
@click.option("--policy", "policy_files", multiple=True, metavar="FILE", type=click.Path(dir_okay=False),
              help="A file of team policies to search too.")
def explain(code: str, config_path: str | None, policy_files: tuple[str, ...]) -> None:
    """Print a rule's documentation, by code (DS101) or name (unknown-key), or a team policy's (ORG101).

    A prefix that names several rules (DS10) lists them.  On a terminal the
    page is shown as text; piped, it is the rule page's Markdown.
    """
    from dslint.docs import rule_markdown
    from dslint.printing import echo, echo_report
    from dslint.rule_listing import render_markdown, select, suggestions, table
    from dslint.rules import all_rules, rule_by_code

    rule = rule_by_code(code)
    if rule is None:
        family = select(all_rules(), (code,)) if code.upper().startswith("DS") else []
        if family:
            echo(table(family), nl=False)
            return
        if not code.upper().startswith("DS"):
            from dslint.policies.explain import policy_markdown

            text = policy_markdown(code, config_path, policy_files)
            if text is not None:
                echo(text, nl=False)
                return
        close = suggestions(code, all_rules())
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise click.UsageError(f"no rule or policy {code!r}{hint}; `dslint rules` lists the rules")
    page = rule_markdown(rule.meta)
    if sys.stdout.isatty():
        from dslint.formats.text import use_color

        color = use_color("auto", sys.stdout)
        echo_report(render_markdown(page, color=color), color=color or None)
        return
    echo(page, nl=False)


@main.command()
@click.option("--chart-version", callback=_chart_version, default=DEFAULT_VERSION, show_default=True, metavar="VERSION",
              help="Any published chart version, or `latest`.")
def schema(chart_version: str) -> None:
    """Print the JSON Schema of the chart's values (for editors and CI)."""
    from dslint.printing import echo
    from dslint.schema import schema_text

    echo(schema_text(chart_version), nl=False)


@main.command(short_help="Render the manifests Helm would deploy, once the values pass the checks.")
@click.argument("files", nargs=-1, metavar="[FILE]...", type=click.Path(allow_dash=True))
@_values_options
@_settings_options
@_lane_options("render")
@click.option("-o", "--output", "output", metavar="PATH", type=click.Path(allow_dash=True),
              help="Write the manifests to PATH: a directory (one file per object) or a .yaml file (default: stdout).")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 with a diff when PATH is not what the render gives (for CI, pre-commit).")
@click.option("--format", "output_format", type=click.Choice(list(__import__("dslint.formats", fromlist=["_"]).FORMATS)),
              default="text", show_default=True, help="Format of the findings.")
@click.option("--report", "report_path", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True), help="Write the findings to FILE (default: stderr; '-': stdout).")
def render(files, values_files, set_values, set_string, set_json, set_file, set_literal, config_path, isolated,
           chart_ref, chart_ref_version, manifests, output, check_only, output_format, report_path,
           **cli_settings) -> None:
    """Render the manifests Helm would deploy, once the values pass the checks.

    The chart (--chart: a directory, a .tgz, or oci://... with --pull-version) is
    rendered by Helm itself with the values FILEs stacked in order (like
    helm template -f), after the -f files, with the --set flags last.  Values
    with findings at or above --fail-on are refused before rendering, and
    nothing is written unless the manifests pass their checks too.
    """
    from dslint.render.engine import prefetch_engine

    # Loading Helm's engine overlaps the values checks (it releases the GIL).
    prefetch_engine()
    from dslint.config import load_settings
    from dslint.engine import Report
    from dslint.render.command import emit_report, run_render

    if manifests:
        raise click.UsageError("--manifests is for dslint check; dslint render takes values")
    if not chart_ref:
        raise click.UsageError("give the chart to render: --chart DIR, --chart CHART.tgz or --chart oci://... --pull-version V")
    if report_path == "-" and (check_only or output in (None, "-")):
        raise click.UsageError("stdout carries the manifests (or the --check diff): give --report a file")
    settings = load_settings(config_path, cli_settings, isolated=isolated)
    if [*files, *values_files].count("-") > 1:
        raise click.UsageError("stdin can be read once: give '-' once (as FILE or -f)")
    from dslint.output_guard import guard_outputs

    guard_outputs({"-o": output, "--report": report_path}, (*values_files, *files), set_file, settings, chart_ref)
    report = Report()
    report.config, report.config_outside = settings.config_path, settings.config_outside
    report.fail_level = settings.fail_level
    arguments = _set_arguments(set_values, set_string, set_json, set_file, set_literal)
    targets = _targets((), (*values_files, *files), arguments, settings, report)
    outcome = run_render(targets, chart_ref, _pull_version(chart_ref_version), settings, report, output, check_only)
    _attach_fixes(report, files, settings)
    emit_report(report, output_format, report_path)
    if outcome.stdout:
        # The manifests are the command's data, printed as Helm rendered them; a --check diff is
        # made safe line by line where it is made (dslint.render.command).
        click.echo(outcome.stdout, nl=False)
    sys.exit(_exit_code(report, settings) or outcome.code)


@main.command(short_help="What upgrading the chart changes for your values (parameters, defaults, findings, manifests).")
@click.argument("files", nargs=-1, metavar="[FILE]...", type=click.Path(allow_dash=True))
@_values_options
@_settings_options
@click.option("--from", "from_version", callback=_chart_version, metavar="VERSION", shell_complete=completion.chart_versions,
              help="The chart version you run now (default: detected as `check` does).")
@click.option("--to", "to_version", callback=_chart_version, metavar="VERSION", shell_complete=completion.chart_versions,
              help="The chart version to upgrade to (any published version, or `latest`).")
@click.option("--chart", "chart_ref", metavar="CHART", help="The chart you run now (directory, .tgz or oci://): renders are compared.")
@click.option("--pull-version", "chart_ref_version", metavar="VERSION", help="Version to pull for an oci:// --chart.")
@click.option("--to-chart", "to_chart_ref", metavar="CHART", help="The chart to upgrade to (directory, .tgz or oci://).")
@click.option("--to-pull-version", "to_chart_ref_version", metavar="VERSION", help="Version to pull for an oci:// --to-chart.")
@click.option("--timeout", type=_TIMEOUT, metavar="SECONDS", help="Stop each Helm render or oci:// pull after SECONDS (default 5).")
@click.option("--kube-version", metavar="VERSION", help="Kubernetes version to render and validate for.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True,
              help="Output format.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              expose_value=False, callback=_remember_color, help="Colour the text output.")
def upgrade(files: tuple[str, ...], values_files: tuple[str, ...], set_values: tuple[str, ...],
            set_string: tuple[str, ...], set_json: tuple[str, ...], set_file: tuple[str, ...],
            set_literal: tuple[str, ...], config_path: str | None, isolated: bool, from_version: str | None,
            to_version: str | None, chart_ref: str | None, chart_ref_version: str | None, to_chart_ref: str | None,
            to_chart_ref_version: str | None, output_format: str, **cli_settings: Any) -> None:
    """What upgrading the chart changes for your values (dslint.upgrade; docs/upgrade.md).

    The values are stacked as Helm receives them: the -f files, the FILEs in order, then the
    --set flags.  Exit 0: nothing to act on; 1: a key you set is removed or renamed, a new
    finding at or above --fail-on (default error) appears, or the new chart refuses to render;
    2: usage or input errors.  --chart-version is another spelling of --from.
    """
    from dslint.config import load_settings
    from dslint.upgrade.command import run_upgrade
    from dslint.upgrade.run import Charts

    if bool(chart_ref) != bool(to_chart_ref):
        raise click.UsageError("--chart and --to-chart go together: the renders of both charts are compared")
    if not (to_version or to_chart_ref):
        raise click.UsageError("give the version to upgrade to: --to VERSION (or --to-chart CHART)")
    if [*files, *values_files].count("-") > 1:
        raise click.UsageError("stdin can be read once: give '-' once (as FILE or -f)")
    arguments = _set_arguments(set_values, set_string, set_json, set_file, set_literal)
    if not files and not values_files and not arguments:
        raise click.UsageError("give at least one values file (or -f FILE, or --set)")
    settings = load_settings(config_path, cli_settings, isolated=isolated)
    charts = Charts(chart_ref, chart_ref_version, to_chart_ref, to_chart_ref_version)
    color_choice = click.get_current_context().meta.get("dslint.color", "auto")
    sys.exit(run_upgrade((*values_files, *files), arguments, settings, from_version, to_version, charts,
                         output_format, color_choice))


def run() -> None:
    """The `dslint` console command: `main`, then a quick exit.

    At exit the interpreter's last garbage collection walks every object
    dslint made; frozen objects are skipped, which saves more time than a
    small check takes.  (Only here: in-process callers keep a normal heap.)
    """
    import gc

    try:
        main()
    except SystemExit as done:
        bounded = sys.modules.get("dslint.render.bounded")
        if bounded is not None:  # Helm work stopped at a limit must not hold the exit (dslint.render.bounded)
            bounded.exit_if_abandoned(done.code)
        raise
    finally:
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    run()
