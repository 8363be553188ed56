"""Values rules a new user met (issue 16): OpenShift ids, what a render passes to Helm, refusals."""

from __future__ import annotations

import pytest

from conftest import ROOT

FIXTURE_CHART = ROOT / "tests" / "render" / "fixture-chart"
IN_RANGE = ("global:\n  compatibility:\n    openshift:\n      adaptSecurityContext: disabled\n"
            "client:\n  podSecurityContext:\n    fsGroup: 1000680000\n  containerSecurityContext:\n"
            "    runAsUser: 1000680000\n    seLinuxOptions: null\n"
            "worker:\n  podSecurityContext:\n    fsGroup: 1000680000\n  containerSecurityContext:\n"
            "    runAsUser: 1000680000\n    seLinuxOptions: null\n")


def _codes(result) -> list[str]:
    return [f["code"] for f in result.json()["findings"]]


# --- item 3: the values lane and DS904 agree on OpenShift's project range -----------------------

def test_ids_inside_the_project_range_pass_ds301(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text(IN_RANGE)
    result = run_cli("check", "v.yaml", "--platform", "openshift", "--select", "DS3", "--format", "json")
    assert _codes(result) == []
    (tmp_path / "out.yaml").write_text(IN_RANGE.replace("1000680000", "2000000000"))
    result = run_cli("check", "out.yaml", "--platform", "openshift", "--select", "DS301", "--format", "json")
    assert _codes(result) == ["DS301"]


def test_one_range_for_both_lanes():
    from dslint.manifests.rules import ds904_openshift_restricted_v2 as ds904
    from dslint.knowledge.kubernetes import in_project_range
    from dslint.rules import _security

    assert ds904.in_project_range is in_project_range and _security.in_project_range is in_project_range
    assert in_project_range(1000680000) and not in_project_range(1001) and not in_project_range(True)


# --- item 4: DS303 knows `render --platform openshift` passes the OpenShift API to Helm -----------

def test_ds303_is_silent_in_a_render_that_adapts(run_cli, tmp_path):
    pytest.importorskip("dslint.render.helm")
    (tmp_path / "v.yaml").write_text("worker:\n  replicaCount: 2\n")
    offline = run_cli("check", "v.yaml", "--platform", "openshift", "--select", "DS303", "--format", "json")
    assert _codes(offline) == ["DS303"]
    rendered = run_cli("check", "--chart", FIXTURE_CHART, "v.yaml", "--platform", "openshift",
                       "--select", "DS303", "--format", "json")
    assert "DS303" not in _codes(rendered)


# --- item 5: a refused render cannot be suppressed -----------------------------------------------

def test_a_suppressed_refusal_is_still_reported(run_cli, tmp_path):
    pytest.importorskip("dslint.render.helm")
    (tmp_path / "v.yaml").write_text('worker:\n  replicaCount: "3"  # dslint: ignore[DS952, DS102]\n')
    result = run_cli("check", "--chart", FIXTURE_CHART, "v.yaml", "--format", "json")
    assert result.exit_code == 1
    findings = result.json()["findings"]
    assert "DS952" in [f["code"] for f in findings]
    stale = [f["message"] for f in findings if f["code"] == "DS100"]
    assert stale == ["`# dslint: ignore[DS952]` cannot silence DS952: Helm refused to render, so it is always reported"]
    assert "DS102" not in [f["code"] for f in findings], "the comment still suppresses what it may"
    (tmp_path / "w.yaml").write_text('worker:\n  replicaCount: "3"  # dslint: ignore[DS952]\n')
    result = run_cli("check", "--chart", FIXTURE_CHART, "w.yaml", "--format", "json", "--fail-on", "never")
    messages = {f["code"]: f["message"] for f in result.json()["findings"]}
    assert "DS952" in messages
    assert "cannot silence DS952" in messages["DS100"]


def test_refusal_rule_pages_say_they_cannot_be_suppressed():
    for code in ("DS950", "DS951", "DS952"):
        page = (ROOT / "rules" / f"{code}.md").read_text()
        assert "It cannot be suppressed" in page and "dslint: ignore[" not in page


# --- item 6: values equal to the chart default are not the user's choice --------------------------

def test_defaults_written_out_are_not_reported(run_cli, tmp_path):
    (tmp_path / "d.yaml").write_text('client:\n  backoffLimit: 10\nglobal:\n  storageClass: ""\n')
    result = run_cli("check", "d.yaml", "--chart-version", "2.3.51", "--select", "DS614,DS107", "--format", "json")
    assert _codes(result) == []
    (tmp_path / "c.yaml").write_text('client:\n  backoffLimit: 3\nglobal:\n  storageClass: fast\n')
    result = run_cli("check", "c.yaml", "--chart-version", "2.3.51", "--select", "DS614,DS107", "--format", "json")
    messages = {f["code"]: f["message"] for f in result.json()["findings"]}
    assert set(messages) == {"DS614", "DS107"}
    assert messages["DS107"] == "`global.storageClass` is deprecated: use global.defaultStorageClass."


@pytest.mark.parametrize("version", ["2.1.1", "2.3.51"])
def test_helm_show_values_is_not_noise(run_cli, version):
    from conftest import SHARED, needs_shared

    values = needs_shared(SHARED / "chart-reference" / version / "values.yaml")
    result = run_cli("check", values, "--chart-version", version, "--format", "json")
    # Only what the chart's defaults really mean for production (presets, a generated SSH key).
    assert set(_codes(result)) <= {"DS213", "DS401"}, _codes(result)


# --- item 13: fix hints fit where the value came from -------------------------------------------

def test_set_values_get_flag_fixes(run_cli):
    result = run_cli("check", "--set", "worker.terminationGracePeriodSeconds=60", "--set-string",
                     "worker.replicaCount=3", "--select", "DS102", "--format", "json")
    fixes = {f["path"]: f["fix"] for f in result.json()["findings"]}
    assert fixes["worker.terminationGracePeriodSeconds"].startswith(
        "Use --set-string worker.terminationGracePeriodSeconds=60")
    assert fixes["worker.replicaCount"].startswith("Use --set worker.replicaCount=3")
    assert not any("quote" in fix for fix in fixes.values())


def test_ds603_with_client_command(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("client:\n  useJob: true\n  command: [deepspeed]\n")
    finding = run_cli("check", "v.yaml", "--select", "DS603", "--format", "json").json()["findings"][0]
    assert "`client.command` is set, but the chart only counts `source.launchCommand` or `client.args`" in (
        finding["message"])
    assert "no-job-command" not in finding["message"] and "has no command" not in finding["message"]


# --- item 20: a rule page's "Use instead" changes only what the fix says ---------------------------

def _leaves(data, path=()):
    if isinstance(data, dict) and data:
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    else:
        yield path


@pytest.mark.parametrize("code", ["DS101", "DS703"])
def test_use_instead_changes_only_the_fix(code):
    from ruamel.yaml import YAML

    from dslint.registry import rule_by_code

    meta = rule_by_code(code).meta
    bad, good = (set(_leaves(YAML(typ="safe").load(text))) for text in (meta.bad, meta.good))
    # Same sections, and one value changed (renamed or emptied), nothing added elsewhere.
    assert {p[0] for p in good} == {p[0] for p in bad}
    added, removed = good - bad, bad - good
    assert len(added) <= 1 and len(removed) <= 1
    if added:  # a renamed key: the same place, another name
        assert removed and next(iter(added))[:-1] == next(iter(removed))[:-1]
