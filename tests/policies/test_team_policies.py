"""Team policies through the CLI, the way a platform team uses them (examples/policies/)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

pytest.importorskip("cel_expr_python", reason="the CEL runtime comes with dslint[policies] (Python 3.11+)")

from conftest import ROOT  # noqa: E402

EXAMPLE = ROOT / "examples" / "policies"
# Where each policy of examples/policies/team-policies.yaml fires in examples/policies/values.yaml.
EXPECTED = {"ORG101": (10, 3), "ORG102": (18, 23), "ORG103": (21, 19), "ORG104": (6, 11), "ORG105": (1, 1)}


@pytest.fixture
def example(tmp_path):
    for name in ("team-policies.yaml", "values.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    return tmp_path


def check(run_cli, *args):
    return run_cli("check", "values.yaml", "--policy", "team-policies.yaml", "--isolated", *args)


def _by_format(output_format: str, text: str) -> dict[str, int]:
    """Policy code -> reported line, read from each format the way its consumer reads it."""
    if output_format == "text":
        return {m[2]: int(m[1]) for m in re.finditer(r"^values\.yaml:(\d+):\d+: (ORG\d+)", text, re.M)
                for m in [(None, m.group(1), m.group(2))]}
    if output_format == "json":
        return {f["code"]: f["location"]["line"] for f in json.loads(text)["findings"]}
    if output_format == "sarif":
        run = json.loads(text)["runs"][0]
        rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
        out = {}
        for result in run["results"]:
            assert rules[result["ruleIndex"]] == result["ruleId"]
            out[result["ruleId"]] = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        return out
    if output_format == "github":
        return {m.group(2): int(m.group(1)) for m in re.finditer(r"file=values\.yaml,line=(\d+),col=\d+,title=(ORG\d+)", text)}
    if output_format == "gitlab":
        return {i["check_name"]: i["location"]["lines"]["begin"] for i in json.loads(text)}
    if output_format == "junit":
        return {case.get("name").split()[0]: int(case.get("line")) for case in ET.fromstring(text).iter("testcase")}
    raise AssertionError(output_format)


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "gitlab", "junit"])
def test_every_violation_at_its_values_line_in_every_format(run_cli, example, output_format):
    result = check(run_cli, "--select", "ORG", "--format", output_format)
    assert result.exit_code == 1, result.stderr
    assert _by_format(output_format, result.stdout) == {code: line for code, (line, _) in EXPECTED.items()}


def test_findings_carry_the_policy_metadata(run_cli, example):
    findings = {f["code"]: f for f in check(run_cli, "--format", "json").json()["findings"]}
    for code, (line, column) in EXPECTED.items():
        assert (findings[code]["location"]["line"], findings[code]["location"]["column"]) == (line, column)
    assert findings["ORG102"]["message"] == "a worker asks for 16 GPUs; our nodes have 8, so it would never be scheduled"
    assert findings["ORG102"]["path"] == "worker.resources.limits.nvidia\\.com/gpu"
    assert findings["ORG103"]["severity"] == "warning"
    assert findings["ORG103"]["message"] == "storage class 'standard' is not one we back up (gp3, efs-sc)"
    assert findings["ORG101"]["fix"].startswith("Set worker.nodeSelector")
    assert findings["ORG105"]["severity"] == "info"
    # Built-in rules still run next to the policies.
    assert any(code.startswith("DS") for code in findings)


def test_a_chart_default_is_said_so(run_cli, tmp_path):
    (tmp_path / "values.yaml").write_text("worker:\n  replicaCount: 2\n")
    (tmp_path / "p.yaml").write_text(
        "policies:\n  - code: ORG1\n    name: job\n    target: values\n    rule: values.client.useJob\n"
        "    path: client.useJob\n    message: the client must run as a Job\n")
    result = run_cli("check", "values.yaml", "--policy", "p.yaml", "--isolated", "--select", "ORG", "--format", "json")
    (finding,) = result.json()["findings"]
    assert finding["message"] == "the client must run as a Job (chart default)"
    assert finding["location"]["line"] == 1


def test_selection_ignore_severity_and_profiles(run_cli, example):
    def codes(*args):
        return sorted(f["code"] for f in check(run_cli, "--format", "json", "--fail-on", "never", *args).json()["findings"]
                      if f["code"].startswith("ORG"))

    assert codes() == sorted(EXPECTED)
    assert codes("--select", "ORG10", "--ignore", "ORG101") == ["ORG102", "ORG103", "ORG104", "ORG105"]
    assert codes("--select", "DS") == []
    # ORG104 is a production policy.
    assert "ORG104" not in codes("--profile", "development")
    severities = {f["code"]: f["severity"] for f in check(run_cli, "--format", "json", "--severity", "ORG102=info").json()["findings"]}
    assert severities["ORG102"] == "info"
    assert check(run_cli, "--select", "ORG", "--ignore", "ORG101,ORG102,ORG104", "--format", "json").exit_code == 0


def test_unknown_policy_code_in_selection_is_an_input_error(run_cli, example):
    result = check(run_cli, "--select", "ORG9")
    assert result.exit_code == 2
    assert "'ORG9' is neither a rule code" in result.stderr and "ORG101" in result.stderr
    result = run_cli("check", "values.yaml", "--isolated", "--ignore", "XYZ1")
    assert result.exit_code == 2 and "no policies are loaded" in result.stderr


def test_inline_suppressions_and_stale_ones(run_cli, example):
    text = (example / "values.yaml").read_text().replace("  useJob: false", "  useJob: false  # dslint: ignore[ORG104]")
    text = text.replace("  replicaCount: 4", "  replicaCount: 4  # dslint: ignore[ORG102]")
    (example / "values.yaml").write_text(text)
    findings = check(run_cli, "--format", "json", "--select", "ORG,DS100").json()["findings"]
    codes = {(f["code"], f["location"]["line"]) for f in findings}
    assert ("ORG104", 6) not in codes
    assert ("DS100", 9) in codes  # ORG102 fires on line 18, not 9: the comment suppresses nothing


def test_policies_in_the_config_file_and_policy_files_relative_to_it(run_cli, example):
    (example / "conf").mkdir()
    (example / "conf" / "team.yaml").write_text((example / "team-policies.yaml").read_text())
    (example / ".dslint.yaml").write_text(
        "policy-files: [conf/team.yaml]\n"
        "severity: {ORG1: warning}\n"
        "policies:\n"
        "  - code: TEAM7\n"
        "    name: four-workers-at-most\n"
        "    target: values\n"
        "    rule: values.worker.replicaCount <= 3\n"
        "    path: worker.replicaCount\n"
        "    message: at most 3 workers in this cluster\n")
    result = run_cli("check", "values.yaml", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    findings = {f["code"]: f for f in result.json()["findings"]}
    assert findings["TEAM7"]["location"]["line"] == 9
    assert findings["ORG101"]["severity"] == "warning"  # the config's severity for the prefix


def test_explain_prints_a_policy_documentation(run_cli, example):
    result = run_cli("explain", "ORG101", "--policy", "team-policies.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# ORG101 worker-gpu-product\n")
    assert "Our node pools mix GPU models" in result.stdout
    assert "team-policies.yaml:11:" in result.stdout
    assert run_cli("explain", "worker-gpu-limit", "--policy", "team-policies.yaml").stdout.startswith("# ORG102")
    assert run_cli("explain", "ORG999", "--policy", "team-policies.yaml").exit_code == 2


POLICY = "policies:\n  - code: {code}\n    name: p\n    target: values\n    rule: {rule}\n    message: m\n"


@pytest.mark.parametrize("code,rule,where,says", [
    ("DS999", "'true'", "p.yaml:2:11", "DS codes are dslint's"),
    ("org1", "'true'", "p.yaml:2:11", "use your own prefix"),
    ("ORG1", "values.worker.replicaCount <=", "p.yaml:5:40", "Syntax error"),
    ("ORG1", "size(1) > 0", "p.yaml:5:15", "no matching overload for 'size'"),
    ("ORG1", "\"'yes'\"", "p.yaml:5:11", "gives string, a bool is needed"),
    ("ORG1", "object.kind == 'Job'", "p.yaml:5:17", "undeclared reference to 'object.kind'"),
])
def test_a_broken_policy_is_an_input_error_at_its_position(run_cli, tmp_path, code, rule, where, says):
    (tmp_path / "values.yaml").write_text("worker:\n  replicaCount: 2\n")
    (tmp_path / "p.yaml").write_text(POLICY.format(code=code, rule=rule))
    result = run_cli("check", "values.yaml", "--policy", "p.yaml", "--isolated")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dslint: error: {where}:"), result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr


def test_a_block_scalar_error_points_into_the_block(run_cli, tmp_path):
    (tmp_path / "values.yaml").write_text("worker:\n  replicaCount: 2\n")
    (tmp_path / "p.yaml").write_text(
        "policies:\n  - code: ORG1\n    name: p\n    target: values\n    rule: |\n"
        "      values.worker.replicaCount > 0 &&\n      values.worker.x +\n    message: m\n")
    result = run_cli("check", "values.yaml", "--policy", "p.yaml", "--isolated")
    assert result.exit_code == 2 and result.stderr.startswith("dslint: error: p.yaml:7:"), result.stderr


@pytest.mark.parametrize("text,says", [
    ("policies:\n  - code: ORG1\n    name: p\n    target: values\n    rule: 'true'\n", "lacks the key `message`"),
    ("policies:\n  - code: ORG1\n    name: p\n    target: values\n    rule: 'true'\n    message: m\n    colour: red\n",
     "colour"),
    ("policies:\n  - code: ORG1\n    name: p\n    target: values\n    rule: 'true'\n    message: m\n    field: spec\n",
     "`field` and `match` are for `target: manifests`"),
    ("policies:\n  - {code: ORG1, name: p, target: values, rule: 'true', message: m}\n"
     "  - {code: ORG1, name: q, target: values, rule: 'true', message: m}\n", "two policies are called ORG1"),
    ("rules: []\n", "unknown key `rules`"),
])
def test_policy_file_mistakes(run_cli, tmp_path, text, says):
    (tmp_path / "values.yaml").write_text("worker:\n  replicaCount: 2\n")
    (tmp_path / "p.yaml").write_text(text)
    result = run_cli("check", "values.yaml", "--policy", "p.yaml", "--isolated")
    assert result.exit_code == 2 and says in result.stderr, result.stderr
    assert re.match(r"dslint: error: p\.yaml:\d+:\d+: ", result.stderr), result.stderr


def test_a_policy_that_fails_while_evaluating_is_a_finding(run_cli, tmp_path):
    (tmp_path / "values.yaml").write_text("worker:\n  replicaCount: 2\n")
    (tmp_path / "p.yaml").write_text(
        "policies:\n  - code: ORG1\n    name: gpu-product\n    target: values\n"
        "    rule: values.worker.nodeSelector['nvidia.com/gpu.product'] == 'A100'\n"
        "    path: worker.nodeSelector\n    message: m\n    severity: warning\n")
    result = run_cli("check", "values.yaml", "--policy", "p.yaml", "--isolated", "--format", "json", "--select", "ORG")
    assert result.exit_code == 0, result.stderr
    (finding,) = result.json()["findings"]
    assert finding["code"] == "ORG1" and finding["severity"] == "warning"
    assert finding["message"].startswith("policy ORG1 could not be evaluated: ")
    assert "nvidia.com/gpu.product" in finding["message"]
    assert "has()" in finding["fix"]


def test_values_and_platform_variables(run_cli, tmp_path):
    (tmp_path / "values.yaml").write_text("worker:\n  replicaCount: 2\n")
    (tmp_path / "p.yaml").write_text(
        "policies:\n  - code: ORG1\n    name: p\n    target: values\n"
        "    rule: \"chart.version == '2.3.51' && platform == 'openshift' && release.name == 'r1' "
        "&& release.namespace == 'ml-x' && profile == 'production'\"\n    message: m\n")
    args = ("check", "values.yaml", "--policy", "p.yaml", "--isolated", "--select", "ORG", "--format", "json")
    assert run_cli(*args).json()["findings"]
    assert not run_cli(*args, "--chart-version", "2.3.51", "--platform", "openshift", "--release-name", "r1",
                       "--namespace", "ml-x").json()["findings"]


def test_many_files_in_parallel_give_the_serial_findings(run_cli, example):
    files = []
    for index in range(6):
        (example / f"v{index}.yaml").write_text((example / "values.yaml").read_text())
        files.append(f"v{index}.yaml")
    args = ("check", *files, "--policy", "team-policies.yaml", "--isolated", "--format", "json", "--select", "ORG")
    serial = run_cli(*args, "-j", "1").json()["findings"]
    parallel = run_cli(*args, "-j", "2").json()["findings"]
    assert serial == parallel and len(serial) == 6 * len(EXPECTED)


def test_a_run_that_can_apply_none_of_the_policies_says_so(run_cli, example, tmp_path):
    (tmp_path / "m.yaml").write_text(
        "policies:\n  - {code: ORG9, name: lb, target: manifests, rule: \"object.kind != 'Service'\", message: m}\n")
    result = run_cli("check", "values.yaml", "--policy", "m.yaml", "--isolated")
    assert "note: manifest policies ORG9 not applied: they check rendered objects" in result.stderr
    # The team's usual file has both kinds: a values-only run (pre-commit) is not nagged.
    assert "not applied" not in check(run_cli).stderr
    (tmp_path / "rendered.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
    result = run_cli("check", "--manifests", "rendered.yaml", "--policy", "team-policies.yaml", "--isolated")
    assert "not applied" not in result.stderr
    (tmp_path / "v.yaml").write_text(
        "policies:\n  - {code: ORG8, name: job, target: values, rule: values.client.useJob, message: m}\n")
    result = run_cli("check", "--manifests", "rendered.yaml", "--policy", "v.yaml", "--isolated")
    assert "note: values policies ORG8 not applied: --manifests checks no values" in result.stderr


def test_manifest_policies_on_rendered_manifests(run_cli, tmp_path):
    (tmp_path / "p.yaml").write_text((ROOT / "examples" / "policies" / "team-policies.yaml").read_text())
    (tmp_path / "rendered.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\n  namespace: ml-dev\nspec:\n  type: LoadBalancer\n"
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: lb\n  namespace: ml-prod\nspec:\n  type: LoadBalancer\n"
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n"
        "      containers:\n      - name: a\n        image: registry.example.com/a:1\n"
        "      - name: b\n        image: docker.io/b:1\n        resources: {limits: {memory: 1Gi}}\n")
    result = run_cli("check", "--manifests", "rendered.yaml", "--policy", "p.yaml", "--isolated", "--select", "ORG2",
                     "--format", "json")
    found = sorted((f["code"], f["location"]["line"], f["message"]) for f in result.json()["findings"])
    assert found == [
        ("ORG201", 25, "Deployment/d: every container sets a memory limit"),
        ("ORG202", 26, "Deployment/d: images from outside registry.example.com: docker.io/b:1"),
        ("ORG203", 7, "Service/lb: LoadBalancer Services only in namespace ml-prod"),
    ]


def test_missing_or_empty_policy_inputs(run_cli, tmp_path):
    (tmp_path / "values.yaml").write_text("worker:\n  replicaCount: 2\n")
    (tmp_path / "empty.yaml").write_text("")
    for args, says in ((("--policy", "nope.yaml"), "nope.yaml: no such file"),
                       (("--policy", "empty.yaml"), "empty.yaml:1:1: a policy file holds `policies:`"),
                       (("--admission-policies", "nope"), "nope: no such file or directory (--admission-policies)")):
        result = run_cli("check", "values.yaml", "--isolated", *args)
        assert result.exit_code == 2 and says in result.stderr, result.stderr
