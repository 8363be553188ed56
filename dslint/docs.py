"""Rule documentation, made from each rule's metadata.

`dslint explain CODE` prints it; `python -m dslint.docs --write` regenerates
`rules/*.md`, and a test fails when the committed pages drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dslint.registry import Rule, all_rules
from dslint.wording import sentence


def rule_markdown(meta: Rule) -> str:
    profiles = ", ".join(sorted(meta.profiles))
    options = ""
    if meta.example_options:
        settings = ", ".join(f"`{k.replace('_', '-')}: {v}`" for k, v in sorted(meta.example_options.items()))
        options = f"\nThe examples assume {settings}.\n"
    return (
        f"# {meta.code} {meta.name}\n\n"
        f"Severity: **{meta.severity.label}** · Lane: {meta.lane} · Profiles: {profiles}"
        f"{' · Security' if meta.security else ''} · Fix: {meta.fix_safety}\n\n"
        f"{_versions_line(meta)}"
        f"## What it does\n\n{meta.summary}\n\n"
        f"## Why is this bad?\n\n{meta.rationale}\n\n"
        f"## Example\n{options}\n```yaml\n{meta.bad}```\n\nUse instead:\n\n```yaml\n{meta.good}```\n\n"
        f"## How to fix\n\n{sentence(meta.fix)}\n\n"
        f"{_options_section(meta)}"
        f"## Fix safety\n\n{fix_safety_text(meta)}\n\n"
        + (f"Suppress one occurrence with `# dslint: ignore[{meta.code}]` on the line (or the line above).\n"
           if meta.suppressible else
           "It cannot be suppressed: nothing was rendered, so a `# dslint: ignore` comment is reported "
           "(DS100) rather than obeyed.\n")
    )


def _options_section(meta: Rule) -> str:
    """The rule's declared options, as the config's `rules:` table sets them."""
    if not meta.options:
        return ""
    lines = ["## Options", "", f"Set in the configuration: `rules: {{{meta.code}: {{name: value}}}}`.", "",
             "| Option | Type | Default | Description |", "| --- | --- | --- | --- |"]
    for option in meta.options:
        default = "[]" if option.default == () else f"`{option.default}`"
        lines.append(f"| `{option.name}` | {option.type} | {default} | {option.description} |")
    return "\n".join(lines) + "\n\n"


def _versions_line(meta: Rule) -> str:
    if not meta.chart_versions:
        return ""
    return f"Chart versions: `{meta.chart_versions}` (the rule does not run for other versions of the chart).\n\n"


def fix_safety_text(meta: Rule) -> str:
    """What `dslint check --fix` does for the rule, in ruff's terms."""
    if meta.fix_safety == "none":
        return "Fix: none. `dslint check --fix` leaves these findings to you."
    how = ("`dslint check --fix` applies safe fixes (unsafe ones only with `--unsafe-fixes`)"
           if meta.fix_safety == "safe"
           else "`dslint check --fix --unsafe-fixes` applies it (plain `--fix` does not)")
    text = f"Fix: {meta.fix_safety}. {how}; `--diff` shows the change first."
    return text + (f" {meta.fix_note}" if meta.fix_note else "")


def index_markdown() -> str:
    lines = ["# dslint rules", "", "Generated from the rules' metadata by `python -m dslint.docs --write`.", "",
             "Fix: what `dslint check --fix` does (safe: applied by `--fix`; unsafe: only with `--unsafe-fixes`).", "",
             "| Code | Name | Severity | Fix | Summary |", "| --- | --- | --- | --- | --- |"]
    for rule in all_rules():
        meta = rule.meta
        lines.append(f"| [{meta.code}]({meta.code}.md) | {meta.name} | {meta.severity.label} | {meta.fix_safety} | {meta.summary} |")
    return "\n".join(lines) + "\n"


def expected_pages() -> dict[str, str]:
    pages = {f"{rule.meta.code}.md": rule_markdown(rule.meta) for rule in all_rules()}
    pages["README.md"] = index_markdown()
    return pages


def main(argv: list[str]) -> int:
    root = Path(argv[argv.index("--root") + 1]) if "--root" in argv else Path.cwd()
    folder = root / "rules"
    pages = expected_pages()
    stale = [name for name, text in pages.items() if not (folder / name).is_file() or (folder / name).read_text("utf-8") != text]
    extra = [p.name for p in folder.glob("*.md") if p.name not in pages] if folder.is_dir() else []
    from dslint.config_docs import PAGE, configuration_markdown

    config_page, config_text = root / PAGE, configuration_markdown()
    config_stale = not config_page.is_file() or config_page.read_text("utf-8") != config_text
    if "--write" in argv and config_stale:
        config_page.write_text(config_text, "utf-8")
    elif config_stale:
        print(f"stale: {PAGE}")
    if "--write" in argv:
        folder.mkdir(exist_ok=True)
        for name in stale:
            (folder / name).write_text(pages[name], "utf-8")
        for name in extra:
            (folder / name).unlink()
        return 0
    for name in stale + extra:
        print(f"stale: rules/{name}")
    return 1 if stale or extra or config_stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
