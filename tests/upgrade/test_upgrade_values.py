"""`dslint upgrade` with the knowledge data only (no charts): the issue's Done-when cases and the contract."""

from __future__ import annotations

import pytest

from dslint.knowledge import versions
from dslint.upgrade.changes import KINDS
from dslint.upgrade.defaults import compare_defaults
from dslint.upgrade.parameters import compare_parameters

PLAIN = "worker:\n  replicaCount: 2\n"


def _write(tmp_path, text: str, name: str = "values.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _changes(document: dict, kind: str) -> dict[str, dict]:
    return {c["path"]: c for c in document["changes"] if c["kind"] == kind}


def test_presets_and_image_tags_change_under_values_that_set_neither(run_cli, tmp_path):
    result = run_cli("upgrade", _write(tmp_path, PLAIN), "--from", "2.1.1", "--to", "2.2.5", "--format", "json")
    assert result.exit_code == 0, result.output
    document = result.json()
    assert (document["from"], document["to"]) == ("2.1.1", "2.2.5")
    changed = _changes(document, "default-changed")
    assert (changed["worker.resourcesPreset"]["old"], changed["worker.resourcesPreset"]["new"]) == ("small", "medium")
    assert (changed["client.resourcesPreset"]["old"], changed["client.resourcesPreset"]["new"]) == ("small", "medium")
    assert changed["image.tag"]["old"] == "0.14.2-debian-12-r3"
    assert changed["image.tag"]["new"] == "0.14.3-debian-12-r1"
    # What the preset means, from the `common` library each version pins.
    assert "limits memory 768Mi -> 1536Mi" in changed["worker.resourcesPreset"]["message"]
    added = _changes(document, "key-added")
    assert added["worker.pdb.create"]["new"] is True
    assert added["client.pdb.create"]["new"] is True
    assert document["findings"] == {"new": [], "gone": []}


def test_a_preset_the_user_sets_is_not_a_default_that_changes(run_cli, tmp_path):
    values = _write(tmp_path, "worker:\n  resourcesPreset: large\n")
    document = run_cli("upgrade", values, "--from", "2.1.1", "--to", "2.2.5", "--format", "json").json()
    changed = _changes(document, "default-changed")
    assert "worker.resourcesPreset" not in changed
    assert "client.resourcesPreset" in changed


def test_a_tag_the_user_sets_is_not_a_default_that_changes(run_cli, tmp_path):
    values = _write(tmp_path, "image:\n  tag: 0.14.2-debian-12-r3\n")
    document = run_cli("upgrade", values, "--from", "2.1.1", "--to", "2.2.5", "--format", "json").json()
    assert "image.tag" not in _changes(document, "default-changed")


def test_a_custom_registry_is_refused_by_2_3_and_fails_the_upgrade(run_cli, tmp_path):
    values = _write(tmp_path, "global:\n  imageRegistry: registry.example.com\n")
    result = run_cli("upgrade", values, "--from", "2.1.1", "--to", "2.3.51", "--format", "json")
    assert result.exit_code == 1, result.output
    document = result.json()
    new = [f["code"] for f in document["findings"]["new"]]
    assert "DS803" in new
    assert any("DS803" in reason for reason in document["act"])
    # And back: the refusal goes away.
    back = run_cli("upgrade", values, "--from", "2.3.51", "--to", "2.1.1", "--format", "json")
    assert "DS803" in [f["code"] for f in back.json()["findings"]["gone"]]
    assert back.exit_code == 0


def test_allowing_insecure_images_keeps_the_upgrade_green(run_cli, tmp_path):
    values = _write(tmp_path, "global:\n  imageRegistry: registry.example.com\n  security:\n    allowInsecureImages: true\n")
    result = run_cli("upgrade", values, "--from", "2.1.1", "--to", "2.3.51", "--format", "json")
    assert "DS803" not in [f["code"] for f in result.json()["findings"]["new"]]


def test_a_key_the_new_version_lacks_is_removed_and_fails(run_cli, tmp_path):
    values = _write(tmp_path, "worker:\n  pdb:\n    create: false\n")
    result = run_cli("upgrade", values, "--from", "2.3.51", "--to", "2.1.1", "--format", "json")
    assert result.exit_code == 1
    removed = _changes(result.json(), "key-removed")
    assert removed["worker.pdb.create"]["old"] is False
    assert removed["worker.pdb.create"]["location"] == {"file": values, "line": 3, "column": 13}
    assert "downgrade" in result.stderr


def test_a_deprecated_key_names_its_replacement(run_cli, tmp_path):
    values = _write(tmp_path, "global:\n  storageClass: fast\n")
    document = run_cli("upgrade", values, "--from", "2.2.5", "--to", "2.2.10", "--format", "json").json()
    deprecated = _changes(document, "key-deprecated")["global.storageClass"]
    assert deprecated["new"] == "global.defaultStorageClass"
    assert "global.defaultStorageClass" in deprecated["message"]


def test_a_rename_is_a_removed_key_whose_deprecation_names_a_key_the_new_version_has():
    old = {"version": "1", "spec": {"f": {"a": {"f": {"old": {"k": "scalar", "deprecated": "Deprecated: use a.new"}}}}},
           "defaults": {"a": {"old": ""}}}
    new = {"version": "2", "spec": {"f": {"a": {"f": {"new": {"k": "scalar"}}}}}, "defaults": {"a": {"new": ""}}}
    changes = compare_parameters({"a": {"old": "x"}}, old, new)
    assert [(c.kind, c.path, c.new) for c in changes] == [("key-renamed", "a.old", "a.new"), ("key-added", "a.new", "")]
    assert changes[0].must_act


def test_a_preset_name_that_stays_but_sizes_differently_is_reported():
    # volumePermissions stays `nano` from 2.1.1 to 2.3.51, and the common library's nano grows its ephemeral storage.
    old, new = versions.load("2.1.1"), versions.load("2.3.51")
    by_path = {c.path: c for c in compare_defaults({}, old, new)}
    change = by_path["volumePermissions.resourcesPreset"]
    assert change.old == change.new == "nano"
    assert "sizes it differently" in change.message


def test_the_same_version_changes_nothing(run_cli, tmp_path):
    result = run_cli("upgrade", _write(tmp_path, PLAIN), "--from", "2.2.5", "--to", "2.2.5", "--format", "json")
    assert result.exit_code == 0
    assert result.json()["changes"] == []
    assert "nothing changes" in result.stderr


def test_from_is_detected_as_check_detects_it(run_cli, tmp_path):
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n"
                                         "  - name: deepspeed\n    version: 2.2.5\n")
    values = _write(tmp_path, "deepspeed:\n  worker:\n    replicaCount: 2\n")
    document = run_cli("upgrade", values, "--to", "2.3.51", "--format", "json").json()
    assert document["from"] == "2.2.5"
    # The umbrella's values are read under the dependency's key: nothing here is a removed key.
    assert not _changes(document, "key-removed")
    assert "image.tag" in _changes(document, "default-changed")


def test_values_come_from_files_and_flags_as_in_check(run_cli, tmp_path):
    base = _write(tmp_path, "client:\n  resourcesPreset: large\n", "base.yaml")
    document = run_cli("upgrade", "-f", base, "--set", "worker.resourcesPreset=xlarge", "--from", "2.1.1",
                       "--to", "2.2.5", "--format", "json").json()
    changed = _changes(document, "default-changed")
    assert "client.resourcesPreset" not in changed and "worker.resourcesPreset" not in changed


def test_every_change_kind_is_in_the_contract(run_cli, tmp_path):
    document = run_cli("upgrade", _write(tmp_path, PLAIN), "--from", "1.4.0", "--to", "latest", "--format", "json").json()
    assert document["to"] == versions.latest_version()
    assert set(document) >= {"from", "to", "changes", "findings"}
    assert set(document["findings"]) == {"new", "gone"}
    allowed = {"kind", "path", "object", "old", "new", "fields", "location", "message"}
    for change in document["changes"]:
        assert change["kind"] in KINDS
        assert {"kind", "path", "message"} <= set(change) <= allowed
        assert ("object" in change) == change["kind"].startswith("object-")


def test_text_groups_by_kind_and_ends_with_the_summary(run_cli, tmp_path):
    result = run_cli("upgrade", _write(tmp_path, "global:\n  imageRegistry: r.example.com\n"), "--from", "2.1.1",
                     "--to", "2.3.51")
    lines = result.stdout.splitlines()
    assert lines[0] == "chart 2.1.1 -> 2.3.51"
    assert any(line.startswith("Defaults you rely on that change") for line in lines)
    assert any(line.startswith("Findings that appear") for line in lines)
    assert lines[-1].startswith("8 default-changed") and "act before upgrading: new error DS803" in lines[-1]


def test_sarif_has_a_result_per_change_and_per_new_finding(run_cli, tmp_path):
    import json

    values = _write(tmp_path, "global:\n  imageRegistry: r.example.com\n")
    result = run_cli("upgrade", values, "--from", "2.1.1", "--to", "2.3.51", "--format", "sarif")
    document = json.loads(result.stdout)
    run = document["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    ids = [r["ruleId"] for r in run["results"]]
    assert "DS803" in ids and "upgrade/default-changed" in ids
    for item in run["results"]:
        assert rules[item["ruleIndex"]] == item["ruleId"]
        assert item["locations"], item  # code scanning refuses results without a place


@pytest.mark.parametrize(("args", "words"), [
    (("--to", "9.9.9"), "is not a published DeepSpeed chart version"),
    (("--from", "nope", "--to", "2.3.51"), "is not a published DeepSpeed chart version"),
    ((), "--to VERSION"),
    (("--to", "2.3.51", "--chart", "/nonexistent/chart"), "--chart and --to-chart go together"),
    (("--to", "2.3.51", "--chart", "/nonexistent/a", "--to-chart", "/nonexistent/b"), "no such chart"),
])
def test_bad_input_is_one_line_and_exit_2(run_cli, tmp_path, args, words):
    result = run_cli("upgrade", _write(tmp_path, PLAIN), *args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and words in errors[0], result.stderr
    assert "Traceback" not in result.output


def test_a_missing_values_file_is_an_input_error(run_cli, tmp_path):
    result = run_cli("upgrade", str(tmp_path / "missing.yaml"), "--to", "2.3.51")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_secrets_in_values_are_not_printed(run_cli, tmp_path):
    # A private key pasted into a key the older chart lacks: the key-removed change quotes the value.
    body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0"
    key = f"-----BEGIN RSA PRIVATE KEY-----\\n{body}\\n-----END RSA PRIVATE KEY-----"
    values = _write(tmp_path, f'global:\n  defaultStorageClass: "{key}"\n')
    for output_format in ("json", "text", "sarif"):
        result = run_cli("upgrade", values, "--from", "2.3.51", "--to", "2.1.1", "--format", output_format)
        assert "global.defaultStorageClass" in result.stdout
        assert body not in result.output, output_format


def test_a_new_budget_says_what_the_chart_renders_for_these_values(run_cli, tmp_path):
    values = _write(tmp_path, "worker:\n  replicaCount: 4\nclient:\n  useJob: true\n")
    added = _changes(run_cli("upgrade", values, "--from", "2.1.1", "--to", "2.2.5", "--format", "json").json(),
                     "key-added")
    assert added["worker.pdb.create"]["message"].endswith(
        "the chart renders a PodDisruptionBudget for the worker (4 pods, maxUnavailable 1)")
    assert added["client.pdb.create"]["message"].endswith("no budget for the client, which runs as a Job")


def test_a_preset_that_sizes_nothing_says_so(run_cli, tmp_path):
    values = _write(tmp_path, "worker:\n  resources:\n    limits:\n      memory: 8Gi\n")
    changed = _changes(run_cli("upgrade", values, "--from", "2.1.1", "--to", "2.2.5", "--format", "json").json(),
                       "default-changed")
    assert changed["worker.resourcesPreset"]["message"].endswith("(no effect on your release: your `worker.resources` wins)")
    assert "no effect" not in changed["client.resourcesPreset"]["message"]


def test_fail_on_decides_which_new_findings_fail_the_upgrade(run_cli, tmp_path):
    values = _write(tmp_path, "worker:\n  replicaCount: 2\n")
    # 1.4.0 -> 2.2.5 brings the `medium` preset: a new DS401 warning, no error.
    assert run_cli("upgrade", values, "--from", "1.4.0", "--to", "2.2.5").exit_code == 0
    strict = run_cli("upgrade", values, "--from", "1.4.0", "--to", "2.2.5", "--fail-on", "warning", "--format", "json")
    assert strict.exit_code == 1
    assert any(reason.startswith("new warning DS401") for reason in strict.json()["act"])
    registry = _write(tmp_path, "global:\n  imageRegistry: r.example.com\n", "registry.yaml")
    assert run_cli("upgrade", registry, "--from", "2.1.1", "--to", "2.3.51", "--fail-on", "never").exit_code == 0


def test_another_chart_than_deepspeed_is_an_input_error(run_cli, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "Chart.yaml").write_text("apiVersion: v2\nname: other\nversion: 1.0.0\n")
    result = run_cli("upgrade", _write(tmp_path, PLAIN), "--chart", other, "--to-chart", other)
    assert result.exit_code == 2
    assert "not 'deepspeed'" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_an_undetected_from_version_is_said(run_cli, tmp_path):
    result = run_cli("upgrade", _write(tmp_path, PLAIN), "--to", "2.2.5", "--format", "json")
    assert result.json()["from"] == "2.1.1"
    assert "comparing from chart 2.1.1, dslint's default (give --from VERSION)" in result.stderr
    assert "give --from" not in run_cli("upgrade", _write(tmp_path, PLAIN), "--from", "2.1.1", "--to", "2.2.5").stderr
