#!/usr/bin/env python3
"""`helm dslint ...`: dslint with Helm's conventions.

Helm runs this script with the plugin's arguments and its own settings in the
environment (HELM_NAMESPACE, HELM_PLUGIN_DIR, ...).  It maps them onto
dslint's command line and replaces itself with `dslint`:

    helm -n team dslint check values.yaml
        -> dslint check values.yaml --namespace team
    helm dslint render train ./deepspeed -f values.yaml --output-dir out
        -> dslint render --chart ./deepspeed --release-name train -f values.yaml --output out --namespace default

`render` takes `[NAME] CHART` as `helm template` does; everything else is
passed through, so every dslint option works.  Standard library only: this
runs with whatever `python3` Helm finds, which need not be dslint's.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys

# dslint's options that take a value (so that, for `render`, the word after
# them is not taken for NAME or CHART), and helm template's spellings dslint
# does not share.  tests/integrations/test_helm_plugin.py keeps it complete.
VALUE_OPTIONS = frozenset({
    "-f", "--values", "--set", "--set-string", "--set-json", "--set-file", "--set-literal",
    "--config", "--chart-version", "--platform", "--profile", "--select", "--ignore", "--severity",
    "--fail-on", "--release-name", "--namespace", "--max-file-size", "--max-values", "--max-depth",
    "--chart", "--pull-version", "--version", "--kube-version", "--api-versions", "--pss-level", "--pss-version",
    "--timeout", "--max-chart-size", "--max-chart-files", "--max-chart-file-size", "--max-render-size", "--max-render-objects", "--max-render-values",
    "--max-render-memory",
    "--format", "-o", "--output", "--color", "--report", "--allowed-registry", "-j", "--jobs",
    "--policy", "--admission-policies",
    # helm template
    "-n", "-a", "--output-dir", "--name-template",
})
# helm template's names -> dslint's (helm's `--version` of a chart is dslint's --pull-version).
RENAMED = {"-n": "--namespace", "-a": "--api-versions", "--output-dir": "--output", "--version": "--pull-version"}
# helm template flags that mean nothing to dslint.
DROPPED = frozenset({"-g", "--generate-name"})

USAGE = """\
Usage:
  helm dslint check [FILE]... [-f FILE] [--set KEY=VAL] [options]
  helm dslint render [NAME] CHART [-f FILE] [--set KEY=VAL] [-o DIR] [--check] [options]
  helm dslint COMMAND ...        (any dslint command: rules, explain, schema...)

The namespace is Helm's (helm -n NAMESPACE dslint ...).  dslint must be
installed: its `dslint` command on PATH, or set HELM_DSLINT_COMMAND.
Options: helm dslint check --help, helm dslint render --help.
"""


class UsageError(Exception):
    pass


def _split(args: list[str]) -> tuple[list[str], list[str]]:
    """(positional arguments, options with their values), in order, with helm's names mapped."""
    positionals: list[str] = []
    options: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            positionals.extend(words)
            break
        if not word.startswith("-") or word == "-":
            positionals.append(word)
            continue
        name, equals, value = word.partition("=")
        if name in DROPPED:
            continue
        name = RENAMED.get(name, name)
        if equals:
            options.append(f"{name}={value}")
        elif name in VALUE_OPTIONS or word in VALUE_OPTIONS:
            options.append(name)
            following = next(words, None)
            if following is None:
                raise UsageError(f"option {word} needs a value")
            options.append(following)
        else:
            options.append(name)
    return positionals, options


def _renamed(args: list[str]) -> list[str]:
    """helm's option names mapped, everything else in place (no need to tell values from files)."""
    out: list[str] = []
    for i, word in enumerate(args):
        if word == "--":
            return out + args[i:]
        name, equals, value = word.partition("=")
        if word.startswith("-") and name in DROPPED:
            continue
        if word.startswith("-") and name in RENAMED:
            word = RENAMED[name] + (f"={value}" if equals else "")
        out.append(word)
    return out


def _has(options: list[str], name: str) -> bool:
    return any(o == name or o.startswith(name + "=") for o in options)


def _with_namespace(options: list[str], env: dict[str, str]) -> list[str]:
    namespace = env.get("HELM_NAMESPACE")
    end = options.index("--") if "--" in options else len(options)
    before = options[:end]
    if namespace and not _has(before, "--namespace") and "--help" not in before and "-h" not in before:
        return [*before, "--namespace", namespace, *options[end:]]
    return options


def map_arguments(argv: list[str], env: dict[str, str]) -> list[str]:
    """The dslint arguments for `helm dslint ARGV...` (without the command itself)."""
    if not argv:
        raise UsageError("give a command")
    command, rest = argv[0], argv[1:]
    if command == "render":
        positionals, options = _split(rest)
        if "--help" in options or "-h" in options:
            return ["render", *options]
        if _has(options, "--chart"):
            chart_args: list[str] = []
        elif len(positionals) == 1:
            chart_args = ["--chart", positionals[0]]
            positionals = []
        elif len(positionals) == 2:
            chart_args = ["--chart", positionals[1], "--release-name", positionals[0]]
            positionals = []
        elif not positionals:
            raise UsageError("render needs a chart: helm dslint render [NAME] CHART -f values.yaml")
        else:
            raise UsageError(f"render takes [NAME] CHART, got {len(positionals)} arguments: {' '.join(positionals)}")
        return ["render", *chart_args, *_with_namespace(options, env), *positionals]
    if command == "check":
        return ["check", *_with_namespace(_renamed(rest), env)]
    return argv


def dslint_command(env: dict[str, str]) -> list[str]:
    """How to run dslint: HELM_DSLINT_COMMAND, else `dslint` on PATH."""
    configured = env.get("HELM_DSLINT_COMMAND")
    if configured:
        return shlex.split(configured)
    found = shutil.which("dslint", path=env.get("PATH"))
    if found:
        return [found]
    raise UsageError(
        "dslint is not installed where Helm can see it: install it (pip install ...) so `dslint` is on PATH, "
        "or set HELM_DSLINT_COMMAND to the command that runs it"
    )


def main(argv: list[str] | None = None, env: dict[str, str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    env = dict(os.environ) if env is None else env
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    try:
        command = dslint_command(env) + map_arguments(argv, env)
    except UsageError as err:
        sys.stderr.write(f"helm dslint: error: {err}\n")
        return 2
    sys.stdout.flush()
    os.execvpe(command[0], command, env)
    return 0  # pragma: no cover - exec does not return


if __name__ == "__main__":
    sys.exit(main())
