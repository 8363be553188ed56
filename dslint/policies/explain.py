"""`dslint explain ORG101`: a team policy's documentation, from the config and policy files."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dslint.policies.load import Policy


def policy_markdown(code: str, config_path: str | None, policy_files: tuple[str, ...]) -> str | None:
    from dslint.config import load_settings

    settings = load_settings(config_path, {"policy_files": policy_files})
    wanted = code.strip()
    for policy in settings.policies:
        if policy.code == wanted.upper() or policy.meta.name == wanted.lower():
            return markdown(policy)
    return None


def markdown(policy: Policy) -> str:
    meta = policy.meta
    target = "the effective values" if policy.on_values else "each rendered object"
    lines = [
        f"# {meta.code} {meta.name}",
        "",
        f"Team policy · Severity: **{meta.severity.label}** · Lane: {meta.lane} · "
        f"Profiles: {', '.join(sorted(meta.profiles))}{' · Security' if meta.security else ''}",
        f"Defined at {policy.source.display()}",
        "",
        "## What it does",
        "",
        f"{meta.summary}",
        "",
        f"Checks {target}: `{policy.rule.text.strip()}`" + (f", when `{policy.when.text.strip()}`" if policy.when else ""),
        "",
    ]
    if meta.rationale != meta.summary:
        lines += ["## Why", "", meta.rationale, ""]
    if meta.fix:
        lines += ["## How to fix", "", meta.fix, ""]
    lines.append(f"Suppress one occurrence with `# dslint: ignore[{meta.code}]` on the line (or the line above).")
    return "\n".join(lines) + "\n"
