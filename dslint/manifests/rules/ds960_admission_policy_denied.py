"""DS960 admission-policy-denied: a ValidatingAdmissionPolicy of the cluster refuses a rendered object."""

from __future__ import annotations

from dslint.findings import Severity
from dslint.rules import MANIFESTS_LANE, Rule

RULE = Rule(
    code="DS960",
    name="admission-policy-denied",
    severity=Severity.ERROR,
    summary="A ValidatingAdmissionPolicy given with --admission-policies denies (or warns about, or audits) a rendered object.",
    rationale=(
        "Clusters enforce their own rules with ValidatingAdmissionPolicies (CEL), and a render meets them "
        "only at deploy time: `helm install` fails half-way, or a GitOps sync stays red. dslint evaluates "
        "the policies and bindings exported from the cluster offline, treating every rendered object as "
        "the request that creates it: the binding's validationActions grade the finding (Deny: error, "
        "Warn: warning, Audit: info), a failing expression follows the policy's failurePolicy, and what "
        "cannot be known offline (authorizer, request.userInfo, a namespace not given) is reported as a "
        "note, never guessed. With `--chart`, a validation's fieldPath is mapped back to the value that "
        "controls it."
    ),
    bad=(
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        "  name: trainer\n"
        "  namespace: ml-dev\n"
        "spec:\n"
        "  replicas: 8\n"
    ),
    good=(
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        "  name: trainer\n"
        "  namespace: ml-dev\n"
        "spec:\n"
        "  replicas: 3\n"
    ),
    fix="Change the values so the object passes the policy, or ask the cluster's owners for an exception.",
    lane=MANIFESTS_LANE,
    example_options={"admission_policies": "examples/policies/admission/replica-limit.yaml"},
    engine=True,
)
