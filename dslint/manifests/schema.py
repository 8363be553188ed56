"""Kubernetes schema validation (DS901) with the schemas kubernetes-validate ships.

kubernetes-validate's `validate()` opens and parses the kind's schema and the
1.8 MB `_definitions.json` on every call, and builds a new validator each
time.  dslint reads the same files (`kubernetes-json-schema/v<version>-local-strict/`
inside the package: one `<kind>-<group>-<version>.json` per kind, all of them
pointing into `_definitions.json`) and keeps, per schema version, one
`referencing` registry holding the definitions, and per (version, kind,
apiVersion) one Draft 2020-12 validator, built on first use and reused for
every later document.  `SchemaLibrary.builds` counts the validators built.
Before building, the kind's schema has its `$ref`s to the definitions
replaced by the (shared, equally inlined) definitions themselves: the schemas
mean the same, and validation no longer looks a reference up for every field
of every document (a third of the time).  Only recursive references (custom
resource definitions' own schema type) stay references, made absolute.

The strict schemas are used: they forbid fields the API does not have, which
is how an unknown (misspelled) field is found.  jsonschema and the package are
imported on first use only.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from dslint.findings import format_path

SCHEMA_DIR = "kubernetes-json-schema"
DEFINITIONS_URI = "https://kubernetes.io/api/_definitions.json"
_VERSION_DIR = re.compile(r"^v1\.(\d+)\.\d+-local-strict$")
# kubernetes-validate's file naming: the group's first label, then the version.
_GROUP_PREFIX = re.compile(r"^([^./]*)(?:\.[^/]*)?/")


def _group_prefix(match: re.Match) -> str:
    return match.group(1) + "-"


@dataclass(frozen=True)
class SchemaIssue:
    path: tuple  # inside the document
    message: str


@dataclass
class SchemaResult:
    issues: list[SchemaIssue] = field(default_factory=list)
    # No schema for this kind and apiVersion (a custom resource, or an API this version lacks).
    unknown: bool = False


class SchemaUnavailable(Exception):
    """kubernetes-validate is not installed."""


class SchemaLibrary:
    """Validators per (schema version, kind, apiVersion), built once and reused."""

    def __init__(self, root: FsPath) -> None:
        self.root = root
        self.versions = sorted(
            int(m.group(1)) for p in root.iterdir() if (m := _VERSION_DIR.match(p.name))
        )
        self._registries: dict[int, Any] = {}
        self._definitions: dict[int, dict] = {}
        self._inlined: dict[int, dict[str, Any]] = {}
        self._validators: dict[tuple[int, str, str], Any] = {}
        self.builds = 0
        self.definition_loads = 0

    def version_for(self, minor: int) -> int:
        """The newest schema version not newer than 1.`minor` (or the oldest shipped)."""
        older = [v for v in self.versions if v <= minor]
        return older[-1] if older else self.versions[0]

    def _directory(self, version: int) -> FsPath:
        return self.root / f"v1.{version}.0-local-strict"

    def _load_definitions(self, version: int) -> dict:
        definitions = self._definitions.get(version)
        if definitions is None:
            definitions = json.loads((self._directory(version) / "_definitions.json").read_text("utf-8"))
            self._definitions[version] = definitions
            self._inlined[version] = {}
            self.definition_loads += 1
        return definitions

    def _registry(self, version: int):
        registry = self._registries.get(version)
        if registry is None:
            from referencing import Registry, Resource

            registry = Resource.from_contents(self._load_definitions(version)) @ Registry()
            self._registries[version] = registry
        return registry

    def _inline(self, node: Any, version: int, stack: tuple[str, ...] = ()) -> Any:
        """`node` with its definition references replaced by the definitions (memoized per version)."""
        if isinstance(node, list):
            return [self._inline(item, version, stack) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and "#/$defs/" in ref:
            name = ref.rpartition("/")[2]
            if name in stack:  # recursive: keep the reference, absolute so it resolves from any schema
                return {"$ref": f"{DEFINITIONS_URI}#/$defs/{name}"}
            inlined = self._inlined[version]
            if name not in inlined:
                definition = self._load_definitions(version)["$defs"][name]
                inlined[name] = self._inline(definition, version, stack + (name,))
            return inlined[name]
        out = {}
        for key, value in node.items():
            if key == "description" or key.startswith("x-kubernetes-") and key != "x-kubernetes-group-version-kind":
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {name: self._inline(sub, version, stack) for name, sub in value.items()}
            elif key in ("items", "additionalProperties", "oneOf", "anyOf", "allOf", "not"):
                out[key] = self._inline(value, version, stack)
            else:
                out[key] = value
        return out

    def validator(self, version: int, kind: str, api_version: str):
        """The validator for a kind and apiVersion, or None when no schema exists for them."""
        key = (version, kind, api_version)
        if key in self._validators:
            return self._validators[key]
        validator = None
        file = self._directory(version) / f"{kind.lower()}-{_GROUP_PREFIX.sub(_group_prefix, api_version)}.json"
        if kind and "/" not in kind and file.is_file():
            schema = json.loads(file.read_text("utf-8"))
            if _declares(schema, kind, api_version):
                import jsonschema

                self._load_definitions(version)
                inlined = self._inline(schema, version)
                validator = jsonschema.Draft202012Validator(inlined, registry=self._registry(version))
                self.builds += 1
        self._validators[key] = validator
        return validator

    def validate(self, data: dict, version: int, *, secret: bool = False) -> SchemaResult:
        validator = self.validator(version, str(data.get("kind") or ""), str(data.get("apiVersion") or ""))
        if validator is None:
            return SchemaResult(unknown=True)
        issues = []
        for error in validator.iter_errors(data):
            issues.extend(_issues(error, secret))
        issues.sort(key=lambda i: [str(p) for p in i.path])
        return SchemaResult(issues)


def _declares(schema: dict, kind: str, api_version: str) -> bool:
    """The file is the schema of exactly this group (a CRD group may share the first label)."""
    group, _, version = api_version.rpartition("/")
    return any(
        gvk.get("kind") == kind and gvk.get("group", "") == group and gvk.get("version") == version
        for gvk in schema.get("x-kubernetes-group-version-kind", ())
    )


_LIBRARY: SchemaLibrary | None = None


def schema_library() -> SchemaLibrary:
    """The process-wide library (validators live as long as the process)."""
    global _LIBRARY
    if _LIBRARY is None:
        spec = importlib.util.find_spec("kubernetes_validate")
        if spec is None or not spec.submodule_search_locations:
            raise SchemaUnavailable("kubernetes-validate is not installed")
        root = FsPath(list(spec.submodule_search_locations)[0]) / SCHEMA_DIR
        if not root.is_dir():
            raise SchemaUnavailable(f"kubernetes-validate has no {SCHEMA_DIR} folder")
        _LIBRARY = SchemaLibrary(root)
    return _LIBRARY


# --- messages -------------------------------------------------------------------

_JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"), (dict, "object"))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    for python_type, name in _JSON_TYPES:
        if isinstance(value, python_type):
            return name
    return type(value).__name__


def _shown(value: Any, secret: bool) -> str:
    """A short scalar is shown; a Secret's values and anything long never are."""
    if secret or isinstance(value, (dict, list)):
        return ""
    text = json.dumps(value) if not isinstance(value, float) else repr(value)
    return f" {text}" if len(text) <= 40 else ""


def _issues(error, secret_object: bool) -> list[SchemaIssue]:
    path = tuple(error.absolute_path)
    # A Secret's data and stringData values never appear in a message.
    secret = secret_object and bool(path) and path[0] in ("data", "stringData")
    validator, expected, instance = error.validator, error.validator_value, error.instance
    if validator == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        out = []
        for name in sorted(k for k in instance if k not in known):
            hint = difflib.get_close_matches(str(name), sorted(known), n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            where = format_path(path) or "the object"
            out.append(SchemaIssue(path + (name,), f"unknown field {str(name)!r} in {where}{suggestion}"))
        return out
    if validator == "required":
        missing = [name for name in expected if isinstance(instance, dict) and name not in instance]
        return [SchemaIssue(path, f"{format_path(path) or 'the object'} is missing the required field {name!r}") for name in missing]
    where = format_path(path) or "the object"
    if validator == "type":
        types = [t for t in ([expected] if isinstance(expected, str) else expected) if t != "null"]
        return [SchemaIssue(path, f"{where} must be {' or '.join(types)}, not {_json_type(instance)}{_shown(instance, secret)}")]
    if validator == "enum":
        allowed = ", ".join(str(v) for v in expected if v is not None)
        return [SchemaIssue(path, f"{where} must be one of: {allowed}")]
    if validator in ("oneOf", "anyOf"):
        kinds = sorted({t for sub in expected for t in _types_of(sub)} - {"null"})
        wanted = " or ".join(kinds) if kinds else "one of the allowed forms"
        return [SchemaIssue(path, f"{where} must be {wanted}, not {_json_type(instance)}{_shown(instance, secret)}")]
    message = error.message if not secret else f"{validator} constraint not met"
    return [SchemaIssue(path, f"{where}: {message}")]


def _types_of(schema: Any) -> list[str]:
    if not isinstance(schema, dict):
        return []
    kind = schema.get("type")
    return [kind] if isinstance(kind, str) else list(kind or [])
