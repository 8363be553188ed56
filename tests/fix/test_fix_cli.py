"""`dslint check --fix / --unsafe-fixes / --diff`, used as a user would."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import SHARED

FIXABLE = """\
# Training cluster values.
worker:
  # how many workers
  replicacount: "3"   # three, as agreed
  podAntiAffinityPreset: Hard

  resources:
    limits:
      memory: 16 Gi   # per worker
client:
  launchCommand: deepspeed train.py   # the job
"""

SAFE_FIXED = """\
# Training cluster values.
worker:
  # how many workers
  replicaCount: 3   # three, as agreed
  podAntiAffinityPreset: hard

  resources:
    limits:
      memory: 16Gi   # per worker
client:
  launchCommand: deepspeed train.py   # the job
"""

ALL_FIXED = SAFE_FIXED.replace("client:\n", "source:\n")


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_fix_applies_the_safe_fixes_and_reports_what_remains(run_cli, tmp_path):
    values = _write(tmp_path / "values.yaml", FIXABLE)
    result = run_cli("check", "--fix", "--select", "DS1", "values.yaml")
    assert values.read_text() == SAFE_FIXED
    # The unsafe move remains, reported by the re-check, and fails the run.
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [l.split(" ")[1] for l in lines[:-2]] == ["DS101"]
    assert "launchCommand" in lines[0] and "[*]" not in lines[0]
    assert lines[-2] == "no fixes with --fix; 1 with --fix --unsafe-fixes"
    assert "dslint: note: fixed 4 problems in values.yaml" in result.stderr


def test_unsafe_fixes_apply_the_guesses_too(run_cli, tmp_path):
    values = _write(tmp_path / "values.yaml", FIXABLE)
    result = run_cli("check", "--fix", "--unsafe-fixes", "--select", "DS1", "values.yaml")
    assert values.read_text() == ALL_FIXED
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines() == ["0 errors, 0 warnings in 1 file; chart 2.1.1 (default)"]


def test_fix_twice_changes_nothing_the_second_time(run_cli, tmp_path):
    values = _write(tmp_path / "values.yaml", FIXABLE)
    run_cli("check", "--fix", "--unsafe-fixes", "values.yaml")
    once = values.read_bytes()
    second = run_cli("check", "--fix", "--unsafe-fixes", "values.yaml")
    assert values.read_bytes() == once
    assert "no fixes to apply" in second.stderr
    assert run_cli("check", "--diff", "--unsafe-fixes", "values.yaml").exit_code == 0


def test_diff_prints_the_fix_and_changes_nothing(run_cli, tmp_path):
    values = _write(tmp_path / "values.yaml", FIXABLE)
    before = os.stat(values)
    result = run_cli("check", "--diff", "--select", "DS1", "values.yaml")
    assert result.exit_code == 1
    assert values.read_text() == FIXABLE and os.stat(values).st_mtime_ns == before.st_mtime_ns
    assert result.stdout.startswith("--- values.yaml\n+++ values.yaml\n@@ ")
    assert '\n-  replicacount: "3"   # three, as agreed\n' in result.stdout
    assert "\n+  replicaCount: 3   # three, as agreed\n" in result.stdout
    # The unsafe move is not part of it.
    assert not [l for l in result.stdout.splitlines() if l[:1] in "+-" and ("client" in l or "source" in l)]
    assert "would fix 4 problems in values.yaml" in result.stderr


def test_diff_exits_0_when_nothing_is_fixable(run_cli, tmp_path):
    _write(tmp_path / "values.yaml", "worker:\n  replicaCount: -1\n")
    result = run_cli("check", "--diff", "values.yaml")
    assert result.exit_code == 0 and result.stdout == ""


def test_text_marks_fixable_findings_and_counts_them(run_cli, tmp_path):
    _write(tmp_path / "values.yaml", FIXABLE)
    lines = run_cli("check", "--select", "DS1", "values.yaml").stdout.splitlines()
    assert sum("[error] [*] " in l for l in lines) == 3
    assert lines[-2] == "[*] 3 fixable with --fix (1 more with --fix --unsafe-fixes)"
    assert lines[-1] == "4 errors, 0 warnings in 1 file; chart 2.1.1 (default)"


def test_json_and_sarif_carry_the_fix(run_cli, tmp_path):
    _write(tmp_path / "values.yaml", FIXABLE)
    findings = run_cli("check", "--select", "DS1", "--format", "json", "values.yaml").json()["findings"]
    by_path = {f["path"]: f for f in findings}
    rename = by_path["worker.replicacount"]["autofix"]
    assert rename["applicability"] == "safe"
    assert rename["edits"] == [{"location": {"line": 4, "column": 3}, "end_location": {"line": 4, "column": 15},
                                "content": "replicaCount"}]
    assert by_path["client.launchCommand"]["autofix"]["applicability"] == "unsafe"
    sarif = run_cli("check", "--select", "DS1", "--format", "sarif", "values.yaml").json()
    results = sarif["runs"][0]["results"]
    assert all("fixes" in r for r in results)
    memory = next(r for r in results if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 9)
    change = memory["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "values.yaml"
    assert change["replacements"] == [{"deletedRegion": {"startLine": 9, "startColumn": 15, "endLine": 9, "endColumn": 20},
                                       "insertedContent": {"text": "16Gi"}}]


def test_base_files_and_flags_are_never_fixed(run_cli, tmp_path):
    base = _write(tmp_path / "base.yaml", "worker:\n  podAntiAffinityPreset: Hard\n")
    top = _write(tmp_path / "values.yaml", "client:\n  useJob: true\n")
    result = run_cli("check", "--fix", "-f", "base.yaml", "--set", "worker.replicaCount=3", "--set-string",
                     "worker.podAffinityPreset=Soft", "--select", "DS1", "values.yaml")
    assert base.read_text() == "worker:\n  podAntiAffinityPreset: Hard\n"
    assert top.read_text() == "client:\n  useJob: true\n"
    assert result.exit_code == 1
    # What --fix will not fix is not marked fixable.
    assert "[*]" not in result.stdout
    json_out = run_cli("check", "-f", "base.yaml", "--select", "DS1", "--format", "json", "values.yaml").json()
    assert all("autofix" not in f for f in json_out["findings"])


def test_suppressed_findings_are_not_fixed(run_cli, tmp_path):
    text = "worker:\n  podAntiAffinityPreset: Hard  # dslint: ignore[DS103]\n  podAffinityPreset: Soft\n"
    values = _write(tmp_path / "values.yaml", text)
    run_cli("check", "--fix", "values.yaml")
    assert values.read_text() == text.replace("Soft", "soft")


def test_a_file_that_does_not_parse_is_never_touched(run_cli, tmp_path):
    text = "worker:\n  podAntiAffinityPreset: Hard\n  - broken\n"
    values = _write(tmp_path / "values.yaml", text)
    result = run_cli("check", "--fix", "values.yaml")
    assert result.exit_code == 2 and values.read_text() == text
    assert "invalid YAML" in result.stderr


def test_usage_errors(run_cli, tmp_path):
    _write(tmp_path / "values.yaml", FIXABLE)
    assert run_cli("check", "--unsafe-fixes", "values.yaml").exit_code == 2
    assert run_cli("check", "--fix", "-f", "values.yaml").exit_code == 2
    assert run_cli("check", "--fix", "-", input=FIXABLE).exit_code == 2
    assert (tmp_path / "values.yaml").read_text() == FIXABLE


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False])
def test_line_endings_and_a_missing_final_newline_are_kept(run_cli, tmp_path, newline, final):
    text = FIXABLE.replace("\n", newline)
    expected = ALL_FIXED.replace("\n", newline)
    if not final:
        text, expected = text[: -len(newline)], expected[: -len(newline)]
    values = tmp_path / "values.yaml"
    values.write_bytes(text.encode())
    run_cli("check", "--fix", "--unsafe-fixes", "values.yaml")
    assert values.read_bytes() == expected.encode()


def test_encoding_mode_and_symlink_are_kept(run_cli, tmp_path):
    real = tmp_path / "real-values.yaml"
    real.write_bytes("\ufeff".encode("utf-16-le") + FIXABLE.encode("utf-16-le"))
    real.chmod(0o640)
    (tmp_path / "values.yaml").symlink_to(real.name)
    run_cli("check", "--fix", "values.yaml")
    assert (tmp_path / "values.yaml").is_symlink()
    assert real.read_bytes() == "\ufeff".encode("utf-16-le") + SAFE_FIXED.encode("utf-16-le")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_duplicate_keys_keep_the_last_as_helm_does(run_cli, tmp_path):
    text = "worker:\n  replicaCount: 4   # old\n  # the size we want\n  slotsPerNode: 8\n  replicaCount: 2\n"
    values = _write(tmp_path / "values.yaml", text)
    run_cli("check", "--fix", "values.yaml")
    assert values.read_text() == text, "unsafe: only with --unsafe-fixes"
    run_cli("check", "--fix", "--unsafe-fixes", "values.yaml")
    # A fix never deletes a comment: the deleted line's own stays, on a line of its own.
    assert values.read_text() == "worker:\n  # old\n  # the size we want\n  slotsPerNode: 8\n  replicaCount: 2\n"


def test_deprecated_key_is_renamed_with_unsafe_fixes(run_cli, tmp_path):
    text = "global:\n  storageClass: fast-ssd  # our SSDs\n"
    values = _write(tmp_path / "values.yaml", text)
    run_cli("check", "--chart-version", "2.3.51", "--fix", "values.yaml")
    assert values.read_text() == text
    result = run_cli("check", "--chart-version", "2.3.51", "--fix", "--unsafe-fixes", "values.yaml")
    assert values.read_text() == "global:\n  defaultStorageClass: fast-ssd  # our SSDs\n"
    assert "DS107" not in result.stdout


@pytest.mark.parametrize("before, after", [
    # DS102, lossless both ways; the quoting style is the file's where it can be.
    ('worker:\n  replicaCount: "3"\n', "worker:\n  replicaCount: 3\n"),
    ("worker:\n  terminationGracePeriodSeconds: 60\n", 'worker:\n  terminationGracePeriodSeconds: "60"\n'),
    ("client:\n  useJob: 'true'\n", "client:\n  useJob: true\n"),
    # DS103 case only, quotes kept.
    ("worker:\n  podAntiAffinityPreset: 'Soft'\n", "worker:\n  podAntiAffinityPreset: 'soft'\n"),
    ('worker:\n  podAntiAffinityPreset: "HARD"\n', 'worker:\n  podAntiAffinityPreset: "hard"\n'),
    # DS105: one certain reading.
    ("worker:\n  persistence:\n    size: 100 Gi\n", "worker:\n  persistence:\n    size: 100Gi\n"),
    ("worker:\n  persistence:\n    size: 8GiB\n", "worker:\n  persistence:\n    size: 8Gi\n"),
    # DS101 in place, in a flow mapping too.
    ("worker: {replica_count: 2}\n", "worker: {replicaCount: 2}\n"),
])
def test_safe_fixes(run_cli, tmp_path, before, after):
    values = _write(tmp_path / "values.yaml", before)
    run_cli("check", "--fix", "values.yaml")
    assert values.read_text() == after


@pytest.mark.parametrize("text", [
    "worker:\n  persistence:\n    size: 8GB\n",  # 8G or 8Gi: a guess
    "worker:\n  replicaCount: \"3.0\"\n",
    "worker:\n  podAntiAffinityPreset: strict\n",
    "resources:\n  limits: {cpu: 1}\n",  # client, worker or volumePermissions
])
def test_no_fix_without_a_certain_or_single_answer(run_cli, tmp_path, text):
    values = _write(tmp_path / "values.yaml", text)
    result = run_cli("check", "--fix", "--unsafe-fixes", "values.yaml")
    assert values.read_text() == text
    assert "[*]" not in result.stdout


@pytest.mark.parametrize("before, after", [
    ("worker:\n  replicas: 3\n", "worker:\n  replicaCount: 3\n"),
    # a key one level too deep
    ("worker:\n  nodeSelector:\n    disk: ssd\n    resources:\n      limits:\n        cpu: 2\n  replicaCount: 2\n",
     "worker:\n  nodeSelector:\n    disk: ssd\n  replicaCount: 2\n  resources:\n    limits:\n      cpu: 2\n"),
    # moved to the one place it exists, creating the mapping
    ("client:\n  launchCommand: deepspeed train.py\n", "source:\n  launchCommand: deepspeed train.py\n"),
    ("client:  # the client\n  # the job\n  launchCommand: x  # run it\n",
     "# the client\n  # the job\nsource:\n  launchCommand: x  # run it\n"),
    ("client:\n  useJob: true\n  launchCommand: x\nsource:\n  type: configmap\n",
     "client:\n  useJob: true\nsource:\n  type: configmap\n  launchCommand: x\n"),
])
def test_unsafe_fixes(run_cli, tmp_path, before, after):
    values = _write(tmp_path / "values.yaml", before)
    run_cli("check", "--fix", "values.yaml")
    assert values.read_text() == before
    run_cli("check", "--fix", "--unsafe-fixes", "values.yaml")
    assert values.read_text() == after


def test_values_shared_by_an_alias_are_not_edited(run_cli, tmp_path):
    text = "x: &preset Hard\nworker:\n  podAntiAffinityPreset: *preset\n  podAffinityPreset: *preset\n"
    values = _write(tmp_path / "values.yaml", text)
    result = run_cli("check", "--fix", "--unsafe-fixes", "values.yaml")
    assert values.read_text() == text
    assert "DS103 [error] [*]" not in result.stdout


@pytest.mark.parametrize("version", ["2.1.1", "2.3.51"])
def test_the_charts_own_values_change_by_no_byte(run_cli, tmp_path, version):
    source = SHARED / "chart-reference" / version / "values.yaml"
    if not source.is_file():
        pytest.skip(f"reference material not found at {source}")
    values = tmp_path / "values.yaml"
    values.write_bytes(source.read_bytes())
    result = run_cli("check", "--chart-version", version, "--fix", "--unsafe-fixes", "values.yaml")
    assert values.read_bytes() == source.read_bytes()
    assert "no fixes to apply" in result.stderr
    assert run_cli("check", "--chart-version", version, "--diff", "--unsafe-fixes", "values.yaml").stdout == ""


@pytest.mark.parametrize("before, after", [
    ("worker:\n  replicaCount: 3  # dslint: ignore[DS102]\n", "worker:\n  replicaCount: 3\n"),
    ("worker:\n  # dslint: ignore\n  replicaCount: 3\n", "worker:\n  replicaCount: 3\n"),
    ("worker:\n  replicaCount: 3  # dslint: ignore[DS102] the team's choice\n",
     "worker:\n  replicaCount: 3  # the team's choice\n"),
    ("worker:\n  podAntiAffinityPreset: Hard  # dslint: ignore[DS103, DS102]\n",
     "worker:\n  podAntiAffinityPreset: Hard  # dslint: ignore[DS103]\n"),
    ("# dslint: ignore-file[DS102]\nworker:\n  replicaCount: 3\n", "worker:\n  replicaCount: 3\n"),
])
def test_stale_suppressions_are_removed(run_cli, tmp_path, before, after):
    values = _write(tmp_path / "values.yaml", before)
    result = run_cli("check", "--select", "DS1", "values.yaml")
    assert "DS100 [warning] [*]" in result.stdout
    run_cli("check", "--fix", "--select", "DS1", "values.yaml")
    assert values.read_text() == after
    assert "DS100" not in run_cli("check", "--select", "DS1", "values.yaml").stdout


def test_fixes_that_never_settle_write_nothing(run_cli, tmp_path, monkeypatch):
    """The net under the rounds: two fixes that undo each other stop with an error, not a loop."""
    from dslint.fix.edits import replace_value
    from dslint.model.validate import INVALID_VALUE, Validator

    def flipping(self, spec, value, path):
        # A broken rule: `Hard` wants `hard`, and `hard` wants `Hard`.
        if path == ("worker", "podAntiAffinityPreset"):
            flipped = value.swapcase()[0] + value[1:]
            self._add(INVALID_VALUE, path, "flips", edit=replace_value(path, flipped, safe=True))

    monkeypatch.setattr(Validator, "_scalar", flipping)
    values = _write(tmp_path / "values.yaml", "worker:\n  podAntiAffinityPreset: Hard\n")
    result = run_cli("check", "--fix", "values.yaml")
    assert result.exit_code == 2 and "did not settle after 5 rounds" in result.stderr
    assert values.read_text() == "worker:\n  podAntiAffinityPreset: Hard\n"


def test_thousands_of_fixes_in_one_file(tmp_path):
    """One round applies them all; conflicts are found without comparing every pair (once 17 s for 4,325)."""
    import time

    from dslint.fix.apply import apply_edits
    from dslint.fix.edits import replace_value

    text = "worker:\n  nodeSelector:\n" + "".join(f"    k{i}: {i}  # node {i}\n" for i in range(4000))
    edits = [replace_value(("worker", "nodeSelector", f"k{i}"), str(i), safe=True) for i in range(4000)]
    started = time.monotonic()
    result = apply_edits(text, edits + edits[:10])
    assert time.monotonic() - started < 20
    assert len(result.applied) == 4000 and len(result.skipped) == 10
    assert all(f'    k{i}: "{i}"  # node {i}\n' in result.text for i in (0, 1999, 3999))
