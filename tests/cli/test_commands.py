"""The smaller commands: rules, explain, schema, --version."""

from __future__ import annotations

import json

from dslint import __version__
from dslint.registry import all_rules


def test_rules_lists_every_rule(run_cli):
    result = run_cli("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "LANE", "PROFILES", "FIX", "SUMMARY"]
    assert len(lines) == len(all_rules()) + 1
    assert any(line.startswith("DS101  unknown-key") for line in lines)


def test_rules_json(run_cli):
    rules = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {r["code"] for r in rules} == {r.meta.code for r in all_rules()}


def test_explain_by_code_and_by_name(run_cli):
    by_code = run_cli("explain", "DS101")
    assert by_code.exit_code == 0
    assert by_code.stdout.startswith("# DS101 unknown-key")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "Use instead:", "## How to fix"):
        assert heading in by_code.stdout
    assert run_cli("explain", "unknown-key").stdout == by_code.stdout
    assert run_cli("explain", "ds101").stdout == by_code.stdout


def test_explain_unknown_rule(run_cli):
    result = run_cli("explain", "DS999")
    assert result.exit_code == 2 and "dslint rules" in result.stderr


def test_schema_command(run_cli):
    schema = json.loads(run_cli("schema").stdout)
    assert schema["properties"]["worker"]
    assert "2.3.51" in run_cli("schema", "--chart-version", "2.3.51").stdout


def test_version(run_cli):
    assert __version__ in run_cli("--version").stdout
