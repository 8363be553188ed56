"""Rule-declared options: `rules: {DS802: {allowed-registries: [...]}}`, checked with the config."""

from __future__ import annotations

import json

import pytest

SIDECARS = """\
worker:
  sidecars:
    - name: metrics
      image: docker.io/prom/statsd-exporter:v0.26.0
    - name: proxy
      image: registry.example.com/proxy:1.0
"""


def _ds802(result) -> list[str]:
    """DS802's findings about the two sidecars (the chart's own images come from docker.io too)."""
    return [f["message"] for f in json.loads(result.stdout)["findings"]
            if f["code"] == "DS802" and ("statsd" in f["message"] or "proxy" in f["message"])]


def _check(run_cli, tmp_path, config: str, *extra: str):
    (tmp_path / ".dslint.yaml").write_text(config)
    (tmp_path / "values.yaml").write_text(SIDECARS)
    return run_cli("check", "values.yaml", "--config", ".dslint.yaml", "--format", "json", *extra)


def test_the_rules_option_sets_ds802s_registries(run_cli, tmp_path):
    result = _check(run_cli, tmp_path, "rules:\n  DS802:\n    allowed-registries: [registry.example.com]\n")
    found = _ds802(result)
    assert len(found) == 1 and "docker.io/prom/statsd-exporter" in found[0], found
    assert "deprecated" not in result.stderr


def test_a_rule_may_be_named_instead_of_numbered(run_cli, tmp_path):
    result = _check(run_cli, tmp_path, "rules:\n  registry-not-allowed:\n    allowed-registries: [docker.io]\n")
    found = _ds802(result)
    assert len(found) == 1 and "registry.example.com/proxy" in found[0], found


def test_the_flag_adds_to_the_option(run_cli, tmp_path):
    result = _check(run_cli, tmp_path, "rules:\n  DS802:\n    allowed-registries: [registry.example.com]\n",
                    "--allowed-registry", "docker.io")
    assert _ds802(result) == []


def test_the_old_global_key_still_works_and_says_it_is_deprecated(run_cli, tmp_path):
    result = _check(run_cli, tmp_path, "allowed-registries: [registry.example.com]\n")
    found = _ds802(result)
    assert len(found) == 1 and "docker.io" in found[0], found
    assert "`allowed-registries` is deprecated" in result.stderr
    assert "rules: {DS802: {allowed-registries: [...]}}" in result.stderr


@pytest.mark.parametrize(("config", "message", "where"), [
    ("rules:\n  DS802:\n    allowed-registry: [x]\n",
     "rules: DS802 has no option 'allowed-registry' (its options: allowed-registries)", ":3:5"),
    ("rules:\n  DS802:\n    allowed-registries: docker.io\n",
     "rules: DS802 allowed-registries must be a list of strings, not a string", ":3:5"),
    ("rules:\n  DS802:\n    allowed-registries: [docker.io, 3]\n",
     "rules: DS802 allowed-registries must be a list of strings: item 2 is an integer", ":3:5"),
    ("rules:\n  DS101:\n    anything: 1\n", "rules: DS101 has no option 'anything' (its options: none)", ":3:5"),
    ("rules:\n  DS999:\n    x: 1\n", "rules: 'DS999' names no rule", ":2:3"),
    ("rules:\n  DS802: [docker.io]\n", "invalid configuration", ":2:"),
])
def test_a_bad_option_is_an_input_error_at_its_line(run_cli, tmp_path, config, message, where):
    result = _check(run_cli, tmp_path, config)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert f".dslint.yaml{where}" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_rules_page_lists_the_option():
    from dslint.docs import rule_markdown
    from dslint.registry import rule_by_code

    rule = rule_by_code("DS802")
    assert rule is not None
    page = rule_markdown(rule.meta)
    assert "## Options" in page and "| `allowed-registries` | list of strings | [] |" in page


def test_rules_read_options_through_their_declaration_not_a_string_key():
    """No rule module reaches the settings by a string key (a typo there would fail silently)."""
    from pathlib import Path

    import dslint

    root = Path(dslint.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.glob("**/rules/ds*.py")
                 if "ctx.options" in p.read_text("utf-8") or 'options["' in p.read_text("utf-8")]
    assert offenders == []
