"""The cluster's ValidatingAdmissionPolicies, evaluated offline against the rendered manifests (DS960).

`--admission-policies PATH` (a file or a directory, repeatable) gives what
`kubectl get validatingadmissionpolicies,validatingadmissionpolicybindings -o
yaml` exports (a `List`, or the objects one by one).  The same files may hold the policies' params objects (any
object of a policy's `paramKind`) and `Namespace` objects (for
`namespaceObject` and `namespaceSelector`).

Each rendered object is treated as the request that creates it (operation
CREATE, no old object), and evaluated as the API server would:

* the binding refers to the policy; the policy's `matchConstraints` and the
  binding's `matchResources` select the object by resource (the kind's plural),
  API group and version, namespace (`namespaceSelector`, on the namespace's
  labels: a Namespace object given, else the `kubernetes.io/metadata.name`
  label every namespace has) and labels (`objectSelector`); excluded resources
  are left out;
* `paramKind` + the binding's `paramRef` (name, namespace or selector) find
  the params; none found: `parameterNotFoundAction` Deny denies, Allow admits;
* `matchConditions` must all hold; `variables` are evaluated in order;
  every `validation` must hold, and its `messageExpression` (else `message`)
  is the finding's message, at its `fieldPath` when it has one;
* the object is seen as admission sees it, after the API server's defaults
  for the fields policies read most (`spec.replicas` of Deployments and
  StatefulSets, a Job's `parallelism`/`completions`/`backoffLimit`, a
  Service's `type`); other fields a render leaves out stay unset;
* `validationActions` grade the finding: Deny an error, Warn a warning,
  Audit info; an expression that fails follows `failurePolicy` (Fail denies).

What cannot be known offline is never guessed: an expression using
`authorizer` or `request.userInfo`, `namespaceObject` without a Namespace
object, a `namespaceSelector` on labels of a namespace not given, params not
given: the binding is skipped for that object with a note saying why.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.findings import Severity
from dslint.load.errors import InputError
from dslint.manifests.context import ManifestContext, ManifestProblem
from dslint.policies.cel import CompileError, EvaluationError, compile_expression
from dslint.policies.load import parse_field
from dslint.rules import RegisteredRule

if TYPE_CHECKING:
    from collections.abc import Iterable

    from dslint.config import Settings
    from dslint.load.yaml_tree import Limits
    from dslint.manifests.documents import ManifestDocument
    from dslint.manifests.objects import ContainerRef
    from dslint.policies.cel import Expression

POLICY_KIND = "ValidatingAdmissionPolicy"
BINDING_KIND = "ValidatingAdmissionPolicyBinding"
VARIABLES = ("object", "oldObject", "request", "params", "namespaceObject", "variables", "authorizer")
ACTION_SEVERITY = {"Deny": Severity.ERROR, "Warn": Severity.WARNING, "Audit": Severity.INFO}
ACTION_VERB = {"Deny": "denies", "Warn": "warns about", "Audit": "audits"}
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"
# Kinds that live outside namespaces (namespaceSelector does not apply to them).
CLUSTER_SCOPED = frozenset({
    "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "StorageClass",
    "CustomResourceDefinition", "PriorityClass", "IngressClass", "RuntimeClass", "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
    "APIService", "CSIDriver", "VolumeAttachment",
})
_OFFLINE = (
    (re.compile(r"\bauthorizer\b"), "uses `authorizer` (the cluster's RBAC), which cannot be evaluated offline"),
    (re.compile(r"\brequest\s*\.\s*userInfo\b"), "uses `request.userInfo` (who deploys), which is not known offline"),
)


class Cel(NamedTuple):
    text: str
    expression: Expression
    offline_problem: str  # why it cannot be evaluated offline ("" when it can)


class Validation(NamedTuple):
    rule: Cel
    message: str
    message_expression: Cel | None
    field: tuple[Any, ...]


class Policy(NamedTuple):
    name: str
    failure_policy: str
    param_kind: tuple[str, str] | None  # (apiVersion, kind)
    match: dict[str, Any]
    conditions: tuple[tuple[str, Cel], ...]
    variables: tuple[tuple[str, Cel], ...]
    validations: tuple[Validation, ...]


class Binding(NamedTuple):
    name: str
    policy_name: str
    actions: tuple[str, ...]
    param_ref: dict[str, Any] | None
    match: dict[str, Any] | None


class AdmissionSet(NamedTuple):
    policies: dict[str, Policy]
    bindings: tuple[Binding, ...]
    params: tuple[dict[str, Any], ...]
    namespaces: dict[str, dict[str, Any]]


# --- loading --------------------------------------------------------------------------


def load_admission(paths: tuple[str, ...], limits: Limits) -> AdmissionSet:
    from dslint.load.files import decode, read_bytes
    from dslint.manifests.documents import split_manifests

    policies: dict[str, Policy] = {}
    bindings: list[Binding] = []
    params: list[dict[str, Any]] = []
    namespaces: dict[str, dict[str, Any]] = {}
    for path in paths:
        for file in _files(path):
            name, data = read_bytes(file, limits)
            for document in _items(split_manifests(decode(data, name), name, limits)):
                kind = document.kind
                if kind == POLICY_KIND:
                    policy = _policy(document)
                    policies[policy.name] = policy
                elif kind == BINDING_KIND:
                    bindings.append(_binding(document))
                elif kind == "Namespace" and document.name:
                    namespaces[document.name] = document.data
                elif isinstance(document.data, dict) and kind:
                    params.append(document.data)
    if not policies:
        raise InputError(f"no {POLICY_KIND} found in --admission-policies {', '.join(paths)}")
    return AdmissionSet(policies, tuple(bindings), tuple(params), namespaces)


def _items(documents: Iterable[ManifestDocument]) -> Iterator[ManifestDocument]:
    """The documents, with each `kind: List` (what `kubectl get -o yaml` prints) opened into its items."""
    from dslint.manifests.documents import ManifestDocument

    for document in documents:
        items = document.data.get("items") if isinstance(document.data, dict) else None
        if not (document.kind.endswith("List") and isinstance(items, list)):
            yield document
            continue
        for index, item in enumerate(items):
            prefix = ("items", index)
            positions = {path[2:]: pos for path, pos in document.positions.items() if path[:2] == prefix}
            yield ManifestDocument(document.file, document.position_of(prefix).line, item, document.template,
                                   positions)


def _files(path: str) -> list[str]:
    if not os.path.exists(path):
        raise InputError("no such file or directory (--admission-policies)", path)
    if not os.path.isdir(path):
        return [path]
    found = []
    for root, dirs, names in os.walk(path):
        dirs.sort()
        found += [os.path.join(root, n) for n in sorted(names) if n.endswith((".yaml", ".yml", ".json"))]
    return found


def _policy(document: ManifestDocument) -> Policy:
    spec = _mapping(document, ("spec",))
    name = document.name or "?"

    def cel(path: tuple[Any, ...], returns: str | None) -> Cel:
        text = _get(document.data, path)
        if not isinstance(text, str):
            raise _error(document, path, f"{POLICY_KIND} {name}: `{_dotted(path)}` must be a CEL expression")
        problem = next((why for pattern, why in _OFFLINE if pattern.search(text)), "")
        try:
            expression = compile_expression(text, VARIABLES, returns, type_check=not problem)
        except CompileError as err:
            from dslint.policies.load import _inside

            position = document.position_of(path)
            line, column = _inside(text, position.line, position.column, err.line, err.column)
            raise InputError(f"{POLICY_KIND} {name} `{_dotted(path)}`: {err.message}", document.file, line,
                             column) from None
        return Cel(text, expression, problem)

    param_kind = spec.get("paramKind")
    validations = []
    for index, validation in enumerate(spec.get("validations") or []):
        base = ("spec", "validations", index)
        field: tuple[Any, ...] = ()
        if isinstance(validation, dict) and validation.get("fieldPath"):
            try:
                field = parse_field(str(validation["fieldPath"]))
            except ValueError as err:
                raise _error(document, base + ("fieldPath",), str(err)) from None
        validations.append(Validation(
            cel(base + ("expression",), "bool"),
            str(validation.get("message") or "").strip() if isinstance(validation, dict) else "",
            cel(base + ("messageExpression",), "string") if isinstance(validation, dict)
            and validation.get("messageExpression") else None,
            field,
        ))
    if not validations:
        raise _error(document, ("spec",), f"{POLICY_KIND} {name} has no validations dslint can check "
                                          "(auditAnnotations alone change nothing a deploy would see)")
    return Policy(
        name=name,
        failure_policy=str(spec.get("failurePolicy") or "Fail"),
        param_kind=(str(param_kind.get("apiVersion", "")), str(param_kind.get("kind", "")))
        if isinstance(param_kind, dict) else None,
        match=_dict_or_none(spec.get("matchConstraints")) or {},
        conditions=tuple((str(c.get("name", i)), cel(("spec", "matchConditions", i, "expression"), "bool"))
                         for i, c in enumerate(spec.get("matchConditions") or [])),
        variables=tuple((str(v.get("name")), cel(("spec", "variables", i, "expression"), None))
                        for i, v in enumerate(spec.get("variables") or [])),
        validations=tuple(validations),
    )


def _binding(document: ManifestDocument) -> Binding:
    spec = _mapping(document, ("spec",))
    actions = tuple(str(a) for a in spec.get("validationActions") or ["Deny"])
    for action in actions:
        if action not in ACTION_SEVERITY:
            raise _error(document, ("spec", "validationActions"),
                         f"{BINDING_KIND} {document.name}: unknown validation action {action!r} (Deny, Warn, Audit)")
    return Binding(
        name=document.name or "?",
        policy_name=str(spec.get("policyName") or ""),
        actions=actions,
        param_ref=_dict_or_none(spec.get("paramRef")),
        match=_dict_or_none(spec.get("matchResources")),
    )


def _dict_or_none(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def _mapping(document: ManifestDocument, path: tuple[Any, ...]) -> dict[str, Any]:
    value = _get(document.data, path)
    if not isinstance(value, dict):
        raise _error(document, path, f"{document.kind} {document.name}: `{_dotted(path)}` must be a mapping")
    return value


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def _error(document: ManifestDocument, path: tuple[Any, ...], message: str) -> InputError:
    position = document.position_of(path)
    return InputError(message, document.file, position.line, position.column)


def _dotted(path: tuple[Any, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


# --- evaluating -------------------------------------------------------------------------


def admission_rule(admission: AdmissionSet, settings: Settings) -> RegisteredRule:
    from dslint.manifests.rules.ds960_admission_policy_denied import RULE

    def check(ctx: ManifestContext) -> Iterator[ManifestProblem]:
        if not isinstance(ctx.obj.data, dict) or not ctx.obj.kind:
            return
        for binding in admission.bindings:
            yield from _evaluate_binding(ctx, admission, binding, settings)

    return RegisteredRule(RULE, check)


class _Request(NamedTuple):
    group: str
    version: str
    kind: str
    resource: str
    namespace: str  # "" for cluster-scoped kinds
    name: str


def _request(ctx: ManifestContext, settings: Settings) -> _Request:
    from dslint.policies.manifests import object_namespace

    group, _, version = ctx.obj.api_version.rpartition("/")
    kind = ctx.obj.kind
    namespace = "" if kind in CLUSTER_SCOPED else object_namespace(ctx, settings)
    return _Request(group, version, kind, plural(kind), namespace, ctx.obj.name)


def plural(kind: str) -> str:
    """The resource name of a kind, as the API server's REST mapper guesses it (Deployment -> deployments)."""
    lower = kind.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return lower + "es"
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return lower[:-1] + "ies"
    return lower + "s"


def _evaluate_binding(ctx: ManifestContext, admission: AdmissionSet, binding: Binding,
                      settings: Settings) -> Iterator[ManifestProblem]:
    obj = ctx.obj
    policy = admission.policies.get(binding.policy_name)
    where = f"{POLICY_KIND} {binding.policy_name} (binding {binding.name})"
    if policy is None:
        ctx.notice(f"{BINDING_KIND} {binding.name} binds {binding.policy_name!r}, which is not among the "
                   "--admission-policies: skipped")
        return
    request = _request(ctx, settings)
    namespace_object = admission.namespaces.get(request.namespace) if request.namespace else None
    for match in (policy.match, binding.match):
        if match is None:
            continue
        verdict = _matches(match, request, obj.data, namespace_object, required=match is policy.match)
        if verdict is False:
            return
        if verdict is not True:
            ctx.notice(f"{where} not evaluated on {obj.kind}/{obj.name}: {verdict}")
            return
    severity = max(ACTION_SEVERITY[a] for a in binding.actions)
    verb = " and ".join(ACTION_VERB[a] for a in binding.actions)
    param_sets = _params(policy, binding, admission, request)
    if isinstance(param_sets, str):
        if param_sets.startswith("deny:"):
            yield ctx.problem((), f"{where} {verb} {obj.kind}/{obj.name}: {param_sets[5:]}", severity=severity)
        else:
            ctx.notice(f"{where} not evaluated on {obj.kind}/{obj.name}: {param_sets}")
        return
    data_base = {
        "object": with_server_defaults(obj.data),
        "oldObject": None,
        "request": {
            "operation": "CREATE",
            "kind": {"group": request.group, "version": request.version, "kind": request.kind},
            "resource": {"group": request.group, "version": request.version, "resource": request.resource},
            "name": obj.name,
            "namespace": request.namespace,
            "dryRun": False,
        },
        "namespaceObject": namespace_object,
    }
    for params in param_sets:
        yield from _evaluate(ctx, policy, dict(data_base, params=params), where, verb, severity, namespace_object)


# Admission sees an object after the API server has defaulted it: the defaults of the fields
# policies read most (a render leaves them out when they are the default).  Others stay unset.
_WORKLOAD_DEFAULTS = {"replicas": 1}
_SERVER_DEFAULTS: dict[str, dict[str, Any]] = {
    "Deployment": _WORKLOAD_DEFAULTS,
    "StatefulSet": _WORKLOAD_DEFAULTS,
    "ReplicaSet": _WORKLOAD_DEFAULTS,
    "Job": {"parallelism": 1, "completions": 1, "backoffLimit": 6},
    "Service": {"type": "ClusterIP"},
}


def with_server_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """The object as admission sees it: `spec` fields the API server defaults filled in when unset."""
    defaults = _SERVER_DEFAULTS.get(str(data.get("kind", "")))
    spec = data.get("spec")
    if defaults is None or not isinstance(spec, dict) or all(key in spec for key in defaults):
        return data
    if data.get("kind") == "Job" and "completions" not in spec and "parallelism" in spec:
        # A Job with parallelism but no completions is a work queue: completions stays unset.
        defaults = {k: v for k, v in defaults.items() if k != "completions"}
    return dict(data, spec={**defaults, **spec})


def _evaluate(ctx: ManifestContext, policy: Policy, data: dict[str, Any], where: str, verb: str, severity: Severity,
              namespace_object: dict[str, Any] | None) -> Iterator[ManifestProblem]:
    obj = ctx.obj
    subject = f"{obj.kind}/{obj.name}"

    def offline(cel: Cel) -> str:
        if cel.offline_problem:
            return cel.offline_problem
        if namespace_object is None and "namespaceObject" in cel.text:
            return ("uses `namespaceObject`, and no Namespace object for "
                    f"{data['request']['namespace'] or 'a cluster-scoped object'} was given")
        return ""

    def failed(what: str, err: Exception) -> ManifestProblem:
        if policy.failure_policy == "Ignore":
            return ctx.problem((), f"{where}: {what} could not be evaluated on {subject} ({err}); "
                                   "failurePolicy Ignore admits it", severity=Severity.INFO)
        return ctx.problem((), f"{where} {verb} {subject}: {what} could not be evaluated ({err}), "
                               "and failurePolicy Fail refuses it", severity=severity)

    for name, condition in policy.conditions:
        why = offline(condition)
        if why:
            ctx.notice(f"{where} not evaluated on {subject}: matchCondition {name!r} {why}")
            return
        try:
            if condition.expression.evaluate(data) is not True:
                return
        except EvaluationError as err:
            yield failed(f"matchCondition {name!r}", err)
            return
    variables: dict[str, Any] = {}
    broken: dict[str, str] = {}
    for name, variable in policy.variables:
        why = offline(variable)
        if why:
            broken[name] = f"offline: {why}"
            continue
        try:
            variables[name] = variable.expression.evaluate(dict(data, variables=variables))
        except EvaluationError as err:
            broken[name] = str(err)
    data = dict(data, variables=variables)
    for validation in policy.validations:
        rule = validation.rule
        why = offline(rule) or next((f"variable {n!r}: {b[9:]}" for n, b in broken.items()
                                     if b.startswith("offline: ") and re.search(rf"\bvariables\s*\.\s*{n}\b", rule.text)), "")
        if why:
            ctx.notice(f"{where} not evaluated on {subject}: `{rule.text.strip()}` {why}")
            continue
        failed_variable = next((n for n in broken if re.search(rf"\bvariables\s*\.\s*{n}\b", rule.text)), None)
        try:
            if failed_variable is not None:
                raise EvaluationError(f"variable {failed_variable!r}: {broken[failed_variable]}")
            if rule.expression.evaluate(data) is True:
                continue
        except EvaluationError as err:
            yield failed(f"`{rule.text.strip()}`", err)
            continue
        message = _message(validation, data)
        yield ctx.problem(validation.field, f"{where} {verb} {subject}: {message}", severity=severity,
                          container=_container(ctx, validation.field))


def _container(ctx: ManifestContext, field: tuple[Any, ...]) -> ContainerRef | None:
    from dslint.policies.manifests import container_at

    return container_at(ctx, field) if field else None


def _message(validation: Validation, data: dict[str, Any]) -> str:
    if validation.message_expression is not None and not validation.message_expression.offline_problem:
        try:
            text = validation.message_expression.expression.evaluate(data)
            if isinstance(text, str) and text.strip():
                return " ".join(text.split())
        except EvaluationError:
            pass
    return validation.message or f"failed expression: {' '.join(validation.rule.text.split())}"


def _params(policy: Policy, binding: Binding, admission: AdmissionSet,
            request: _Request) -> list[dict[str, Any] | None] | str:
    """The params objects to evaluate with: [None] without paramKind; a str when it cannot ("deny:..." denies)."""
    if policy.param_kind is None:
        return [None]
    api_version, kind = policy.param_kind
    if binding.param_ref is None:
        return f"the policy has paramKind {kind} but the binding no paramRef"
    given = [p for p in admission.params if p.get("kind") == kind and p.get("apiVersion") == api_version]
    if not given:
        return f"its params ({api_version} {kind}) were not given (add them to --admission-policies)"
    ref = binding.param_ref
    chosen: list[dict[str, Any] | None] = []
    for param in given:
        meta = _dict_or_none(param.get("metadata")) or {}
        if ref.get("name") is not None and meta.get("name") != ref["name"]:
            continue
        if ref.get("selector") is not None and not _selects(ref["selector"], meta.get("labels") or {}):
            continue
        wanted_namespace = ref.get("namespace")
        if wanted_namespace is None and meta.get("namespace"):
            # A namespaced param without paramRef.namespace is looked up in the object's namespace.
            wanted_namespace = request.namespace
        if wanted_namespace is not None and (meta.get("namespace") or "") != wanted_namespace:
            continue
        chosen.append(param)
    if chosen:
        return chosen
    if ref.get("parameterNotFoundAction", "Deny") == "Deny":
        return (f"deny:no {kind} params match the binding's paramRef, and its parameterNotFoundAction "
                "is Deny")
    return []


def _matches(match: dict[str, Any], request: _Request, data: dict[str, Any], namespace_object: dict[str, Any] | None,
             required: bool) -> bool | str:
    """True, False, or why it cannot be told offline."""
    rules = match.get("resourceRules")
    if rules:
        if not any(_rule_covers(rule, request) for rule in rules if isinstance(rule, dict)):
            return False
    elif required:
        return False  # a policy without resourceRules matches nothing
    if any(_rule_covers(rule, request) for rule in match.get("excludeResourceRules") or [] if isinstance(rule, dict)):
        return False
    labels = (data.get("metadata") or {}).get("labels") or {} if isinstance(data.get("metadata"), dict) else {}
    if match.get("objectSelector") and not _selects(match["objectSelector"], labels):
        return False
    selector = match.get("namespaceSelector")
    if selector and request.namespace:
        if namespace_object is not None:
            namespace_labels = dict((namespace_object.get("metadata") or {}).get("labels") or {})
            namespace_labels.setdefault(NAMESPACE_NAME_LABEL, request.namespace)
        else:
            keys = set((selector.get("matchLabels") or {}).keys()) | {
                e.get("key") for e in selector.get("matchExpressions") or [] if isinstance(e, dict)}
            if keys - {NAMESPACE_NAME_LABEL}:
                return (f"its namespaceSelector reads labels of namespace {request.namespace}; "
                        "give its Namespace object in --admission-policies")
            namespace_labels = {NAMESPACE_NAME_LABEL: request.namespace}
        if not _selects(selector, namespace_labels):
            return False
    return True


def _rule_covers(rule: dict[str, Any], request: _Request) -> bool:
    def has(key: str, value: str) -> bool:
        listed = rule.get(key)
        return listed is None or "*" in listed or value in listed

    resources = rule.get("resources") or []
    return (has("apiGroups", request.group) and has("apiVersions", request.version)
            and any(r in ("*", request.resource, request.resource + "/*") for r in resources)
            and any(o in ("*", "CREATE") for o in rule.get("operations") or ["*"])
            and (not rule.get("resourceNames") or request.name in rule["resourceNames"]))


def _selects(selector: dict[str, Any], labels: dict[str, Any]) -> bool:
    """A Kubernetes label selector (matchLabels and matchExpressions)."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator = expression.get("key"), expression.get("operator")
        values = expression.get("values") or []
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True
