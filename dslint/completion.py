"""Shell completion beyond click's own: rule codes and chart versions.

Paths complete through `click.Path` (the shell lists the files); these
callbacks give the words dslint knows: every rule code for `explain`,
`--select`, `--ignore` and `--severity` (after the last comma, since those
take lists), and the chart versions dslint knows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from click import Context, Parameter
    from click.shell_completion import CompletionItem


def rule_codes(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """`DS1` -> DS100...DS108; `DS101,DS2` -> `DS101,DS201`...: one code after the last comma."""
    from click.shell_completion import CompletionItem  # only while completing: not on every start

    from dslint.rule_codes import known_codes

    head, comma, last = incomplete.rpartition(",")
    prefix = head + comma
    last = last.upper()
    return [CompletionItem(prefix + code) for code in known_codes() if code.startswith(last)]


def severity_overrides(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """`DS401=` -> `DS401=error`...; before the `=`, a rule code."""
    from click.shell_completion import CompletionItem  # only while completing: not on every start

    code, equals, level = incomplete.partition("=")
    if not equals:
        return [CompletionItem(item.value + "=") for item in rule_codes(ctx, param, code)]
    return [CompletionItem(f"{code}={word}") for word in ("error", "warning", "info") if word.startswith(level)]


def chart_versions(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """Every published chart version dslint knows (newest first), and `latest`."""
    from click.shell_completion import CompletionItem  # only while completing: not on every start

    from dslint.knowledge.versions import LATEST, supported_versions

    words = (LATEST, *reversed(supported_versions()))
    return [CompletionItem(version) for version in words if version.startswith(incomplete)]
