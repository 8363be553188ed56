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

from dslint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 100


# Values may nest as deep as --max-depth allows (900), and reading, stacking
# and checking them takes two or three Python frames a level: Python's default
# limit of 1000 frames is not enough.
_RECURSION_LIMIT = 5000


class _Terminated(KeyboardInterrupt):
    """SIGTERM (a CI runner cancelling the job): unwind like Ctrl-C, so half-written outputs are removed."""


def _raise_terminated(signum, frame):
    raise _Terminated()


def _unwind_on_sigterm():
    """Make SIGTERM unwind the stack (Python's default kills at once); returns the undo."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        return lambda: None
    signal.signal(signal.SIGTERM, _raise_terminated)
    return lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL)


class _Group(click.Group):
    """Turns any unexpected exception into one line and exit 2, never a traceback.

    Each invocation is one run for `dslint.secrets`: secrets in what it loads
    are never printed, in findings or in errors.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from dslint import secrets

        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
        restore_sigterm = _unwind_on_sigterm()
        try:
            with secrets.run():
                return self._invoke_guarded(ctx)
        finally:
            restore_sigterm()
            sys.setrecursionlimit(limit)

    def _invoke_guarded(self, ctx: click.Context) -> Any:
        from dslint.secrets import redact

        try:
            return super().invoke(ctx)
        except click.ClickException as err:
            # Click prints it later, outside the run: redact it now.
            err.message = redact(err.message)
            raise
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except _Terminated:
            click.echo("dslint: terminated", err=True)
            sys.exit(143)
        except KeyboardInterrupt:
            click.echo("dslint: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(EXIT_FINDINGS)
        except RecursionError:
            # A reader without its own depth limit (tomllib, for pyproject.toml) met absurd nesting.
            click.echo("dslint: error: input nested too deeply to read (values: --max-depth)", err=True)
            sys.exit(EXIT_INPUT)
        except OSError as err:
            # The machine's doing, not dslint's (a full disk, a permission): say which file and why.
            where = f"{err.filename}: " if err.filename else ""
            click.echo(f"dslint: error: {redact(where + (err.strerror or str(err)))}", err=True)
            sys.exit(EXIT_INPUT)
        except Exception as err:  # noqa: BLE001 - the last line of defence
            from dslint.load.errors import InputError

            if isinstance(err, InputError):
                click.echo(f"dslint: error: {err}", err=True)
            else:
                text = " ".join(redact(str(err)).split())  # one line, and no secret it may quote
                click.echo(f"dslint: internal error: {type(err).__name__}: {text} (please report it)", err=True)
            sys.exit(EXIT_INPUT)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="dslint")
def main() -> None:
    """Lint values for the Bitnami DeepSpeed Helm chart, and render approved manifests."""


def _values_options(func):
    """The values inputs Helm has: -f files and the --set family."""
    options = [
        click.option("-f", "--values", "values_files", multiple=True, metavar="FILE",
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


def _settings_options(func):
    options = [
        click.option("--config", "config_path", metavar="PATH", help="Config file (default: nearest .dslint.yaml or pyproject.toml)."),
        click.option("--isolated", is_flag=True, help="Ignore configuration files."),
        click.option("--chart-version", type=click.Choice(["2.1.1", "2.3.51"]), help="Chart version whose values to check (default 2.1.1)."),
        click.option("--platform", type=click.Choice(["kubernetes", "openshift"]), help="Target platform (default kubernetes)."),
        click.option("--profile", type=click.Choice(["production", "development"]), help="Policy profile (default production)."),
        click.option("--select", multiple=True, metavar="CODES", help="Only these codes or prefixes (comma-separated)."),
        click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes or prefixes (comma-separated)."),
        click.option("--severity", multiple=True, metavar="CODE=LEVEL", help="Change a rule's severity (error, warning, info)."),
        click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), help="Lowest severity that fails the run (default error)."),
        click.option("--allowed-registry", "allowed_registries", multiple=True, metavar="REGISTRY",
                     help="A registry images may come from (repeatable; globs allowed); adds to the config's list."),
        click.option("--offline/--online", "offline", default=None,
                     help="Whether renders happen without a cluster (helm template, GitOps; the default) or with one (helm install)."),
        click.option("--release-name", metavar="NAME", help="Release name (as helm install NAME)."),
        click.option("--namespace", metavar="NAME", help="Release namespace."),
        click.option("--max-file-size", "max_bytes", type=click.IntRange(1), metavar="BYTES", help="Refuse larger files (default 16 MiB)."),
        click.option("--max-values", type=click.IntRange(1), metavar="N", help="Refuse files with more values, aliases expanded (default 200000)."),
        click.option("--max-depth", type=click.IntRange(1, 900), metavar="N", help="Refuse deeper nesting (default 100)."),
        click.option("--policy", "policy_files", multiple=True, metavar="FILE",
                     help="A file of team policies in CEL (repeatable; adds to the config's policy-files)."),
        click.option("--admission-policies", multiple=True, metavar="PATH",
                     help="ValidatingAdmissionPolicy/Binding YAML (a file or a directory, repeatable) to evaluate "
                          "against the rendered manifests."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _lane_options(func):
    """The second lane: rendering with the real chart, or checking rendered manifests."""
    options = [
        click.option("--chart", "chart_ref", metavar="CHART",
                     help="Also render with this chart (directory, .tgz or oci:// reference) and check the manifests."),
        click.option("--version", "chart_ref_version", metavar="VERSION", help="Chart version to pull for an oci:// CHART."),
        click.option("--manifests", "manifests", is_flag=True,
                     help="FILE arguments are rendered manifests (helm template output), not values; '-' reads stdin."),
        click.option("--kube-version", metavar="VERSION", help="Kubernetes version to render and validate for."),
        click.option("--api-versions", multiple=True, metavar="GROUP/VERSION", help="Extra API versions the cluster serves (as helm template -a)."),
        click.option("--pss-level", type=click.Choice(["restricted", "baseline"]), help="Pod Security Standard level whose failures are errors."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _remember_color(ctx: click.Context, _param, value: str) -> str:
    ctx.meta["dslint.color"] = value
    return value


def _output_options(func):
    from dslint.formats import FORMATS

    options = [
        click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text",
                     show_default=True, help="Output format."),
        click.option("-o", "--output", "output_path", metavar="FILE",
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


@main.command()
@click.argument("files", nargs=-1, metavar="[FILE]...")
@_values_options
@_settings_options
@_lane_options
@_output_options
def check(files, values_files, set_values, set_string, set_json, set_file, set_literal, config_path, isolated,
          chart_ref, chart_ref_version, manifests, output_format, output_path, jobs, **cli_settings) -> None:
    """Check values files (or, with --manifests, rendered manifests).

    Each FILE is checked on its own, on top of the -f files, with the --set
    flags applied last (Helm's order).  Without FILE arguments, the -f files
    and flags form one set of values.  With --chart, the values are also
    rendered by Helm and the manifests checked; nothing is written.
    """
    from dslint.config import load_settings
    from dslint.engine import Report, check_values

    settings = load_settings(config_path, cli_settings, isolated=isolated)
    report = Report()
    if settings.policies or settings.admission is not None:  # say which policies this run cannot apply
        from dslint.policies.settings import idle_policies

        report.notices.extend(idle_policies(settings, values=not manifests, manifests=manifests or bool(chart_ref)))
    if manifests:
        if not files:
            raise click.UsageError("give the manifest files to check ('-' for stdin)")
        from dslint.manifests.check import check_manifest_files

        check_manifest_files(list(files), settings, report)
        _emit(report, output_format, output_path)
        sys.exit(_exit_code(report, settings))
    arguments = _set_arguments(set_values, set_string, set_json, set_file, set_literal)
    if not files and not values_files and not arguments:
        raise click.UsageError("give at least one values file (or -f FILE, or --set)")
    from dslint.formats.text import tracked

    workers = _workers(jobs, len(files))
    if workers > 1 and not chart_ref and "-" not in files:
        _check_in_parallel(files, values_files, arguments, settings, report, workers)
        _emit(report, output_format, output_path)
        sys.exit(_exit_code(report, settings))
    if chart_ref:
        from dslint.render.engine import prefetch_engine

        prefetch_engine()
    targets = tracked(_targets(files, values_files, arguments, settings, report))
    if chart_ref:
        from dslint.render.pipeline import check_with_chart

        check_with_chart(targets, chart_ref, chart_ref_version, settings, report)
    else:
        check_values(targets, settings, report)
    _emit(report, output_format, output_path)
    sys.exit(_exit_code(report, settings))


def _workers(jobs: int | None, files: int) -> int:
    import os

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
    from dslint.formats import renderer

    for err in report.input_errors:
        click.echo(f"dslint: error: {err}", err=True)
    from dslint.secrets import redact

    for notice in report.notices:
        click.echo(f"dslint: note: {redact(notice)}", err=True)
    from dslint.formats.text import summary, use_color

    ctx = click.get_current_context(silent=True)
    choice = ctx.meta.get("dslint.color", "auto") if ctx is not None else "auto"
    if output_path:
        from dslint.load.errors import InputError
        from dslint.output import write_atomic

        # A path that cannot be written is the user's to fix, not an internal error.
        if os.path.isdir(output_path):
            raise InputError("is a directory; -o takes the report's file name", output_path)
        try:
            write_atomic(output_path, renderer(output_format)(report))
        except OSError as err:
            raise InputError(f"cannot write the report: {err.strerror or err}", output_path) from None
        color = use_color(choice, sys.stderr)
        click.echo(summary(report, color=color), err=True, color=color or None)
    else:
        color = output_format == "text" and use_color(choice, sys.stdout)
        options = {"color": True} if color else {}
        click.echo(renderer(output_format)(report, **options), nl=False, color=color or None)


def _exit_code(report, settings) -> int:
    if report.input_errors:
        return EXIT_INPUT
    level = settings.fail_level
    if level is not None and any(f.severity >= level for f in report.findings):
        return EXIT_FINDINGS
    return EXIT_OK


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule: code, name, default severity and summary."""
    from dslint.rules import all_rules

    rules = all_rules()
    if output_format == "json":
        import json

        click.echo(json.dumps([
            {"code": r.meta.code, "name": r.meta.name, "severity": r.meta.severity.label, "summary": r.meta.summary,
             "lane": r.meta.lane, "profiles": sorted(r.meta.profiles)} for r in rules], indent=2))
        return
    for rule in rules:
        meta = rule.meta
        click.echo(f"{meta.code}  {meta.name:<40} {meta.severity.label:<8} {meta.summary}")


@main.command()
@click.argument("code")
@click.option("--config", "config_path", metavar="PATH", help="Config file whose policies to search too.")
@click.option("--policy", "policy_files", multiple=True, metavar="FILE", help="A file of team policies to search too.")
def explain(code: str, config_path: str | None, policy_files: tuple[str, ...]) -> None:
    """Print a rule's or a team policy's documentation (by code, e.g. DS101 or ORG101, or name)."""
    from dslint.docs import rule_markdown
    from dslint.rules import rule_by_code

    rule = rule_by_code(code)
    if rule is None:
        from dslint.policies.explain import policy_markdown

        text = policy_markdown(code, config_path, policy_files)
        if text is None:
            raise click.UsageError(f"no rule or policy {code!r}; `dslint rules` lists the rules")
        click.echo(text, nl=False)
        return
    click.echo(rule_markdown(rule.meta), nl=False)


@main.command()
@click.option("--chart-version", type=click.Choice(["2.1.1", "2.3.51"]), default="2.1.1", show_default=True)
def schema(chart_version: str) -> None:
    """Print the JSON Schema of the chart's values (for editors and CI)."""
    from dslint.schema import schema_text

    click.echo(schema_text(chart_version), nl=False)


@main.command()
@click.argument("files", nargs=-1, metavar="[FILE]...")
@_values_options
@_settings_options
@_lane_options
@click.option("-o", "--output", "output", metavar="PATH",
              help="Write the manifests to PATH: a directory (one file per object) or a .yaml file (default: stdout).")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 with a diff when PATH is not what the render gives (for CI, pre-commit).")
@click.option("--format", "output_format", type=click.Choice(list(__import__("dslint.formats", fromlist=["_"]).FORMATS)),
              default="text", show_default=True, help="Format of the findings.")
@click.option("--report", "report_path", metavar="FILE", help="Write the findings to FILE (default: stderr; '-': stdout).")
def render(files, values_files, set_values, set_string, set_json, set_file, set_literal, config_path, isolated,
           chart_ref, chart_ref_version, manifests, output, check_only, output_format, report_path,
           **cli_settings) -> None:
    """Render the manifests Helm would deploy, once the values pass the checks.

    The chart (--chart: a directory, a .tgz, or oci://... with --version) is
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
        raise click.UsageError("give the chart to render: --chart DIR, --chart CHART.tgz or --chart oci://... --version V")
    if report_path == "-" and (check_only or output in (None, "-")):
        raise click.UsageError("stdout carries the manifests (or the --check diff): give --report a file")
    settings = load_settings(config_path, cli_settings, isolated=isolated)
    report = Report()
    arguments = _set_arguments(set_values, set_string, set_json, set_file, set_literal)
    targets = _targets((), (*values_files, *files), arguments, settings, report)
    outcome = run_render(targets, chart_ref, chart_ref_version, settings, report, output, check_only)
    emit_report(report, output_format, report_path)
    if outcome.stdout:
        click.echo(outcome.stdout, nl=False)
    sys.exit(_exit_code(report, settings) or outcome.code)


def run() -> None:
    """The `dslint` console command: `main`, then a quick exit.

    At exit the interpreter's last garbage collection walks every object
    dslint made; frozen objects are skipped, which saves more time than a
    small check takes.  (Only here: in-process callers keep a normal heap.)
    """
    import gc

    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    run()
