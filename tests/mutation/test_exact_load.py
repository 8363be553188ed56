"""Loading answers with exact positions and Helm's deep merge of values files."""

from __future__ import annotations

import pytest

from dslint.engine import Target, stack_values
from dslint.config import Settings
from dslint.load.files import load_values_file

from answers import finding_lines


@pytest.mark.parametrize("text, error", [
    ("client:\n  a: 1\n  b: c: d\n", "v.yaml:3:7: invalid YAML: mapping values are not allowed in this context"),
    ("client:\n  a: 1\n b: 2\n", "v.yaml:3:2: invalid YAML: did not find expected key (while parsing a block mapping)"),
    ("client:\n  a: 1\n  b: \"x\n", "v.yaml:4:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)"),
    ("a: [1, 2\n", "v.yaml:2:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"),
])
def test_yaml_syntax_errors_name_the_exact_line_and_column(run_cli, tmp_path, text, error):
    (tmp_path / "v.yaml").write_text(text)
    result = run_cli("check", "v.yaml")
    assert result.stderr.splitlines() == [f"dslint: error: {error}"]
    assert result.exit_code == 2


def _stack(tmp_path, *files: tuple[str, str]):
    for name, text in files:
        (tmp_path / name).write_text(text)
    return stack_values(Target([load_values_file(str(tmp_path / name)) for name, _ in files]), Settings())


def test_maps_of_values_files_merge_at_every_depth(tmp_path):
    user = _stack(tmp_path, ("base.yaml", "worker:\n  resources:\n    limits:\n      memory: 32Gi\n      cpu: 4\n"),
                  ("prod.yaml", "worker:\n  resources:\n    limits:\n      cpu: 8\n    requests:\n      cpu: 2\n"))
    assert user.data == {"worker": {"resources": {"limits": {"memory": "32Gi", "cpu": 8}, "requests": {"cpu": 2}}}}
    # Each value is where its layer wrote it: memory from base, the replaced cpu from prod.
    memory = user.location(("worker", "resources", "limits", "memory"))
    cpu = user.location(("worker", "resources", "limits", "cpu"))
    assert (memory.source.endswith("base.yaml"), memory.line, memory.column) == (True, 4, 15)
    assert (cpu.source.endswith("prod.yaml"), cpu.line, cpu.column) == (True, 4, 12)


def test_a_limit_split_over_two_files_is_no_missing_limit(run_cli, tmp_path):
    (tmp_path / "base.yaml").write_text("worker:\n  resourcesPreset: none\n  resources:\n    limits:\n      memory: 32Gi\n")
    (tmp_path / "prod.yaml").write_text("worker:\n  resources:\n    requests:\n      cpu: \"8\"\n      memory: 32Gi\n")
    result = run_cli("check", "-f", "base.yaml", "prod.yaml", "--select", "DS404", "--format", "json")
    assert finding_lines(result) == [] and result.exit_code == 0
    # ...and without the limit the finding points at the later file's `resources`.
    (tmp_path / "base.yaml").write_text("worker:\n  resourcesPreset: none\n")
    result = run_cli("check", "-f", "base.yaml", "prod.yaml", "--select", "DS404", "--format", "json")
    assert finding_lines(result) == [
        "prod.yaml:2:3 DS404 warning the worker has no memory limit: `worker.resources` sets none"]
