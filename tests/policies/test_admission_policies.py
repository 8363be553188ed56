"""The ValidatingAdmissionPolicy examples of the Kubernetes documentation, evaluated offline.

Each case is written here from the documentation's facts (the policy, the
binding, the objects, and whether the API server admits them); dslint must
admit and deny exactly those objects.
"""

from __future__ import annotations

import textwrap

import pytest

pytest.importorskip("cel_expr_python", reason="the CEL runtime comes with dslint[policies] (Python 3.11+)")

# The documentation's first example: at most 5 replicas for Deployments, in namespaces labelled environment=test.
REPLICA_LIMIT = """\
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: demo-policy.example.com
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: ["deployments"]
  validations:
    - expression: "object.spec.replicas <= 5"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: demo-binding-test.example.com
spec:
  policyName: demo-policy.example.com
  validationActions: [Deny]
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: test
"""
NAMESPACES = """\
apiVersion: v1
kind: Namespace
metadata:
  name: test-ns
  labels: {environment: test}
---
apiVersion: v1
kind: Namespace
metadata:
  name: prod-ns
  labels: {environment: prod}
"""

# The params example: the limit comes from a ReplicaLimit object, a binding per environment.
PARAMS = """\
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replicalimit-policy.example.com
spec:
  failurePolicy: Fail
  paramKind:
    apiVersion: rules.example.com/v1
    kind: ReplicaLimit
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: ["deployments"]
  validations:
    - expression: "object.spec.replicas <= params.maxReplicas"
      messageExpression: "'object.spec.replicas must be no greater than ' + string(params.maxReplicas)"
      reason: Invalid
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: replicalimit-binding-test.example.com
spec:
  policyName: replicalimit-policy.example.com
  validationActions: [Deny]
  paramRef:
    name: replica-limit-test.example.com
    namespace: default
    parameterNotFoundAction: Deny
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: test
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: replicalimit-binding-prod.example.com
spec:
  policyName: replicalimit-policy.example.com
  validationActions: [Deny]
  paramRef:
    name: replica-limit-prod.example.com
    namespace: default
    parameterNotFoundAction: Deny
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: prod
"""
LIMITS = """\
apiVersion: rules.example.com/v1
kind: ReplicaLimit
metadata:
  name: replica-limit-test.example.com
  namespace: default
maxReplicas: 3
---
apiVersion: rules.example.com/v1
kind: ReplicaLimit
metadata:
  name: replica-limit-prod.example.com
  namespace: default
maxReplicas: 100
"""

# matchConditions: every resource, except leases and RBAC objects.
MATCH_CONDITIONS = """\
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: demo-policy.example.com
spec:
  matchConstraints:
    resourceRules:
    - apiGroups:   ["*"]
      apiVersions: ["*"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["*"]
  matchConditions:
    - name: 'exclude-leases'
      expression: '!(request.resource.group == "coordination.k8s.io" && request.resource.resource == "leases")'
    - name: 'rbac'
      expression: 'request.resource.group != "rbac.authorization.k8s.io"'
  validations:
    - expression: "!object.metadata.name.contains('demo') || object.metadata.namespace == 'demo'"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: demo-binding.example.com
spec:
  policyName: demo-policy.example.com
  validationActions: [Deny]
"""

# Variables and namespaceObject: images must come from the namespace's environment.
VARIABLES = """\
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: image-matches-namespace-environment.policy.example.com
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  variables:
  - name: environment
    expression: "'environment' in namespaceObject.metadata.labels ? namespaceObject.metadata.labels['environment'] : 'prod'"
  - name: exempt
    expression: "'exempt' in namespaceObject.metadata.labels && namespaceObject.metadata.labels['exempt'] == 'true'"
  - name: containers
    expression: "object.spec.template.spec.containers"
  - name: containersToCheck
    expression: "variables.containers.filter(c, c.image.contains('example.com/'))"
  validations:
  - expression: "variables.exempt || variables.containersToCheck.all(c, c.image.startsWith(variables.environment + '.'))"
    messageExpression: "'only ' + variables.environment + ' images are allowed in namespace ' + namespaceObject.metadata.name"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: image-matches-namespace-environment.binding.example.com
spec:
  policyName: image-matches-namespace-environment.policy.example.com
  validationActions: [Deny]
"""
ENVIRONMENTS = """\
apiVersion: v1
kind: Namespace
metadata:
  name: team-staging
  labels: {environment: staging}
---
apiVersion: v1
kind: Namespace
metadata:
  name: team-exempt
  labels: {environment: staging, exempt: "true"}
"""


def deployment(name: str, namespace: str, replicas: int = 1, images: tuple[str, ...] = ("nginx",)) -> str:
    containers = "".join(f"\n        - name: c{i}\n          image: {image}" for i, image in enumerate(images))
    return textwrap.dedent(f"""\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {namespace}
        spec:
          replicas: {replicas}
          template:
            spec:
              containers:""") + containers + "\n"


def admission(run_cli, tmp_path, policies: dict[str, str], objects: list[str], *args: str):
    folder = tmp_path / "cluster"
    folder.mkdir(exist_ok=True)
    for name, text in policies.items():
        (folder / name).write_text(text)
    (tmp_path / "rendered.yaml").write_text("---\n".join(objects))
    result = run_cli("check", "--manifests", "rendered.yaml", "--admission-policies", "cluster", "--isolated",
                     "--select", "DS960", "--format", "json", "--fail-on", "never", *args)
    assert result.exit_code == 0, result.stderr
    return result.json()["findings"], result.stderr


def denied(findings) -> dict[str, str]:
    return {f["manifest"]["name"]: f["message"] for f in findings}


def test_replica_limit_denies_more_than_five_in_test_namespaces(run_cli, tmp_path):
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": REPLICA_LIMIT, "ns.yaml": NAMESPACES}, [
        deployment("six-in-test", "test-ns", 6),
        deployment("five-in-test", "test-ns", 5),
        deployment("six-in-prod", "prod-ns", 6),
    ])
    assert denied(findings) == {"six-in-test": "ValidatingAdmissionPolicy demo-policy.example.com (binding "
                                               "demo-binding-test.example.com) denies Deployment/six-in-test: "
                                               "failed expression: object.spec.replicas <= 5"}
    assert findings[0]["severity"] == "error"


def test_a_namespace_selector_on_labels_not_given_is_a_note_not_a_guess(run_cli, tmp_path):
    findings, notes = admission(run_cli, tmp_path, {"policy.yaml": REPLICA_LIMIT}, [deployment("six", "test-ns", 6)])
    assert findings == []
    assert "not evaluated on Deployment/six: its namespaceSelector reads labels of namespace test-ns" in notes


def test_params_per_environment(run_cli, tmp_path):
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": PARAMS, "limits.yaml": LIMITS, "ns.yaml": NAMESPACES}, [
        deployment("four-in-test", "test-ns", 4),
        deployment("three-in-test", "test-ns", 3),
        deployment("fifty-in-prod", "prod-ns", 50),
        deployment("hundred-one-in-prod", "prod-ns", 101),
    ])
    messages = denied(findings)
    assert set(messages) == {"four-in-test", "hundred-one-in-prod"}
    assert messages["four-in-test"].endswith(": object.spec.replicas must be no greater than 3")
    assert messages["hundred-one-in-prod"].endswith(": object.spec.replicas must be no greater than 100")


def test_params_not_found_deny_or_allow(run_cli, tmp_path):
    other = LIMITS.replace("replica-limit-test.example.com", "someone-else")
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": PARAMS, "limits.yaml": other, "ns.yaml": NAMESPACES},
                            [deployment("two-in-test", "test-ns", 2)])
    assert "no ReplicaLimit params match the binding's paramRef" in denied(findings)["two-in-test"]
    allow = PARAMS.replace("parameterNotFoundAction: Deny", "parameterNotFoundAction: Allow")
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": allow, "limits.yaml": other, "ns.yaml": NAMESPACES},
                            [deployment("two-in-test", "test-ns", 2)])
    assert findings == []


def test_params_not_given_at_all_is_a_note(run_cli, tmp_path):
    findings, notes = admission(run_cli, tmp_path, {"policy.yaml": PARAMS, "ns.yaml": NAMESPACES},
                                [deployment("four-in-test", "test-ns", 4)])
    assert findings == []
    assert "its params (rules.example.com/v1 ReplicaLimit) were not given" in notes


def test_match_conditions_exclude_leases_and_rbac(run_cli, tmp_path):
    lease = "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: demo-lease\n  namespace: other\n"
    role = ("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: demo-role\n"
            "  namespace: other\nrules: []\n")
    config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo-config\n  namespace: other\n"
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": MATCH_CONDITIONS}, [
        lease, role, config_map,
        deployment("demo-app", "other"),
        deployment("demo-app-at-home", "demo"),
        deployment("plain-app", "other"),
    ])
    assert sorted(denied(findings)) == ["demo-app", "demo-config"]


def test_a_condition_on_who_deploys_is_a_note(run_cli, tmp_path):
    with_user = MATCH_CONDITIONS.replace(
        "    - name: 'rbac'",
        "    - name: 'exclude-kubelet-requests'\n"
        "      expression: '!(\"system:nodes\" in request.userInfo.groups)'\n"
        "    - name: 'rbac'")
    findings, notes = admission(run_cli, tmp_path, {"policy.yaml": with_user}, [deployment("demo-app", "other")])
    assert findings == []
    assert "matchCondition 'exclude-kubelet-requests' uses `request.userInfo`" in notes


def test_variables_and_namespace_object(run_cli, tmp_path):
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": VARIABLES, "ns.yaml": ENVIRONMENTS}, [
        deployment("good", "team-staging", images=("staging.example.com/app:1", "busybox")),
        deployment("bad", "team-staging", images=("prod.example.com/app:1",)),
        deployment("exempt", "team-exempt", images=("prod.example.com/app:1",)),
    ])
    assert denied(findings) == {"bad": "ValidatingAdmissionPolicy image-matches-namespace-environment.policy.example.com "
                                       "(binding image-matches-namespace-environment.binding.example.com) denies "
                                       "Deployment/bad: only staging images are allowed in namespace team-staging"}


def test_namespace_object_not_given_is_a_note(run_cli, tmp_path):
    findings, notes = admission(run_cli, tmp_path, {"policy.yaml": VARIABLES},
                                [deployment("bad", "team-staging", images=("prod.example.com/app:1",))])
    assert findings == []
    assert "uses `namespaceObject`, and no Namespace object for team-staging was given" in notes


def test_authorizer_is_a_note(run_cli, tmp_path):
    policy = REPLICA_LIMIT.replace(
        'expression: "object.spec.replicas <= 5"',
        "expression: \"authorizer.group('apps').resource('deployments').check('scale').allowed()\"")
    findings, notes = admission(run_cli, tmp_path, {"policy.yaml": policy, "ns.yaml": NAMESPACES},
                                [deployment("six", "test-ns", 6)])
    assert findings == []
    assert "uses `authorizer`" in notes


@pytest.mark.parametrize("actions,severity,verb", [("[Warn]", "warning", "warns about"), ("[Audit]", "info", "audits"),
                                                   ("[Warn, Audit]", "warning", "warns about and audits")])
def test_validation_actions_grade_the_finding(run_cli, tmp_path, actions, severity, verb):
    policy = REPLICA_LIMIT.replace("validationActions: [Deny]", f"validationActions: {actions}")
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": policy, "ns.yaml": NAMESPACES}, [deployment("six", "test-ns", 6)])
    (finding,) = findings
    assert finding["severity"] == severity and f" {verb} Deployment/six" in finding["message"]


@pytest.mark.parametrize("failure_policy,severity,says", [("Fail", "error", "failurePolicy Fail refuses it"),
                                                           ("Ignore", "info", "failurePolicy Ignore admits it")])
def test_an_expression_that_fails_follows_the_failure_policy(run_cli, tmp_path, failure_policy, severity, says):
    policy = REPLICA_LIMIT.replace("failurePolicy: Fail", f"failurePolicy: {failure_policy}").replace(
        '"object.spec.replicas <= 5"', '"object.spec.strategy.type == \'Recreate\'"')
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": policy, "ns.yaml": NAMESPACES}, [deployment("d", "test-ns")])
    (finding,) = findings
    assert finding["severity"] == severity and says in finding["message"] and "strategy" in finding["message"]


def test_message_expression_and_field_path_point_at_the_field(run_cli, tmp_path):
    policy = REPLICA_LIMIT.replace(
        '    - expression: "object.spec.replicas <= 5"',
        '    - expression: "object.spec.replicas <= 5"\n'
        "      messageExpression: \"'Deployment spec.replicas set to ' + string(object.spec.replicas)\"\n"
        "      fieldPath: spec.replicas")
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": policy, "ns.yaml": NAMESPACES}, [deployment("six", "test-ns", 6)])
    (finding,) = findings
    assert finding["message"].endswith(": Deployment spec.replicas set to 6")
    assert finding["location"]["line"] == 7  # `replicas: 6` in rendered.yaml
    assert finding["manifest"]["field"] == "spec.replicas"


def test_object_selector_and_excluded_resources(run_cli, tmp_path):
    policy = MATCH_CONDITIONS.replace(
        "  policyName: demo-policy.example.com\n",
        "  policyName: demo-policy.example.com\n  matchResources:\n    objectSelector:\n"
        "      matchExpressions:\n      - {key: team, operator: In, values: [ml]}\n"
        "    excludeResourceRules:\n    - {apiGroups: [''], apiVersions: ['*'], resources: [configmaps], operations: ['*']}\n")
    labelled = deployment("demo-ml", "other").replace("  namespace: other\n", "  namespace: other\n  labels: {team: ml}\n")
    config_map = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo-config\n  namespace: other\n"
                  "  labels: {team: ml}\n")
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": policy}, [labelled, config_map, deployment("demo-x", "other")])
    assert sorted(denied(findings)) == ["demo-ml"]


def test_a_broken_expression_is_an_input_error_at_its_line(run_cli, tmp_path):
    (tmp_path / "policy.yaml").write_text(REPLICA_LIMIT.replace('"object.spec.replicas <= 5"', '"object.spec.replicas <= "'))
    (tmp_path / "rendered.yaml").write_text(deployment("d", "test-ns"))
    result = run_cli("check", "--manifests", "rendered.yaml", "--admission-policies", "policy.yaml", "--isolated")
    assert result.exit_code == 2
    assert result.stderr.startswith("dslint: error: policy.yaml:14:"), result.stderr
    assert "Syntax error" in result.stderr


def test_no_policy_in_the_path_is_an_input_error(run_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "rendered.yaml").write_text(deployment("d", "test-ns"))
    result = run_cli("check", "--manifests", "rendered.yaml", "--admission-policies", "empty", "--isolated")
    assert result.exit_code == 2 and "no ValidatingAdmissionPolicy found" in result.stderr


def test_object_annotation_suppresses_it(run_cli, tmp_path):
    suppressed = deployment("six", "test-ns", 6).replace("  namespace: test-ns\n",
                                                         "  namespace: test-ns\n  annotations: {dslint.io/ignore: DS960}\n")
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": REPLICA_LIMIT, "ns.yaml": NAMESPACES}, [suppressed])
    assert findings == []


def test_the_object_is_seen_with_the_api_server_defaults(run_cli, tmp_path):
    no_replicas = deployment("one", "test-ns").replace("  replicas: 1\n", "")
    policy = REPLICA_LIMIT.replace('"object.spec.replicas <= 5"', '"object.spec.replicas == 1"')
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": policy, "ns.yaml": NAMESPACES}, [no_replicas])
    assert findings == []


def test_a_kubectl_list_export_is_read_item_by_item(run_cli, tmp_path):
    import yaml

    documents = list(yaml.safe_load_all(REPLICA_LIMIT))
    exported = yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": documents, "metadata": {}}, sort_keys=False)
    findings, _ = admission(run_cli, tmp_path, {"policy.yaml": exported, "ns.yaml": NAMESPACES},
                            [deployment("six", "test-ns", 6), deployment("five", "test-ns", 5)])
    assert sorted(denied(findings)) == ["six"]
    broken = exported.replace("object.spec.replicas <= 5", "object.spec.replicas <=")
    (tmp_path / "list.yaml").write_text(broken)
    (tmp_path / "rendered.yaml").write_text(deployment("d", "test-ns"))
    result = run_cli("check", "--manifests", "rendered.yaml", "--admission-policies", "list.yaml", "--isolated")
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "object.spec.replicas <=" in text)
    assert result.exit_code == 2 and result.stderr.startswith(f"dslint: error: list.yaml:{line}:"), result.stderr


def test_admission_policies_from_the_config_file_relative_to_it(run_cli, tmp_path):
    (tmp_path / "cluster").mkdir()
    (tmp_path / "cluster" / "policy.yaml").write_text(REPLICA_LIMIT)
    (tmp_path / "cluster" / "ns.yaml").write_text(NAMESPACES)
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / ".dslint.yaml").write_text("admission-policies: [../cluster]\nseverity: {DS960: warning}\n")
    (tmp_path / "rendered.yaml").write_text(deployment("six", "test-ns", 6))
    result = run_cli("check", "--manifests", "rendered.yaml", "--config", "ci/.dslint.yaml", "--select", "DS960",
                     "--format", "json")
    assert result.exit_code == 0, result.stderr
    (finding,) = result.json()["findings"]
    assert finding["severity"] == "warning" and "demo-policy.example.com" in finding["message"]
