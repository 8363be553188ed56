"""Kubernetes schema validation (DS901) with the schemas kubernetes-validate ships.

kubernetes-validate is the source of the schemas: inside the installed
package, `kubernetes-json-schema/v<version>-local-strict/` holds one
`<kind>-<group>-<version>.json` per kind, all pointing into a 1.8 MB
`_definitions.json`.  Its own `validate()` parses both files on every call.

dslint builds, once per (Kubernetes version, group/version/kind), a
*self-contained* schema: the kind's schema with every reference to the
definitions replaced by the definition itself (only the recursive ones, the
JSONSchemaProps of a CustomResourceDefinition, stay references, into the
schema's own `$defs`), and without what no validator reads (descriptions,
`format` annotations, `x-kubernetes-*` hints).  The schemas mean the same.
Each is cached on disk, in the user cache:

    $XDG_CACHE_HOME/dslint/schemas/<kubernetes-validate version>/<1.N>/<group>-<version>-<Kind>.json

(default `~/.cache/dslint/schemas/...`), written atomically; an entry that
cannot be read or used is ignored and rebuilt, and an unwritable cache only
costs time.  So `_definitions.json` is read on the first run that meets a
kind, never afterwards.

Three validators give the same errors (same keywords, paths and values, so the
same messages): a built-in one that walks the document against the schema,
jsonschema-rs (compiled) and the jsonschema package.  The built-in walk needs
no import and no build, which makes it the fastest for the few dozen objects
of a chart render; jsonschema-rs is ten times faster per document but costs
~9 ms to import and milliseconds to compile each workload's schema.  So each
kind is walked until it has been seen COMPILE_AFTER times in the process, then
compiled with jsonschema-rs when it is installed; a schema with a keyword the
walk does not implement goes to a library at once.  A validator is built once
per (Kubernetes version, kind, apiVersion) and reused for every later
document (`SchemaLibrary.builds` counts them).  The strict schemas forbid
fields the API does not have, which is how an unknown (misspelled) field is
found.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.findings import FieldPath, format_path
from dslint.lazy import LazyPattern

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

SCHEMA_DIR = "kubernetes-json-schema"
DEFINITIONS_REF = "#/$defs/"  # "/api/_definitions.json#/$defs/X" in a kind file, "#/$defs/X" inside the definitions
# Bump when the layout of a cached schema changes: older entries are then rebuilt.
CACHE_FORMAT = 2
_VERSION_DIR = re.compile(r"^v1\.(\d+)\.\d+-local-strict$")
# kubernetes-validate's file naming: the group's first label, then the version.
_GROUP_PREFIX = LazyPattern(r"^([^./]*)(?:\.[^/]*)?/")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_PACKAGE_VERSION = LazyPattern(r"""__version__\s*=\s*["']([^"']+)["']""")
# What no validator reads (jsonschema and jsonschema-rs do not assert `format` by default either):
# dropped from the cached schemas.  Every other keyword is kept.
_ANNOTATIONS = frozenset({"description", "format", "$schema", "$id", "$comment", "title", "default", "example",
                          "examples", "deprecated", "readOnly", "writeOnly"})
_KEPT_EXTENSION = "x-kubernetes-group-version-kind"
_SUBSCHEMAS = frozenset({"items", "additionalProperties", "oneOf", "anyOf", "allOf", "not"})

JSONSCHEMA_RS = "jsonschema-rs"
JSONSCHEMA = "jsonschema"
BUILTIN = "builtin"
AUTO = "auto"
# Documents of one kind the built-in validator walks before jsonschema-rs (if installed) compiles the kind.
COMPILE_AFTER = 50


def _group_prefix(match: re.Match[str]) -> str:
    return str(match.group(1)) + "-"


class SchemaIssue(NamedTuple):
    path: FieldPath  # inside the document
    message: str


class SchemaResult:
    __slots__ = ("issues", "unknown")

    def __init__(self, issues: list[SchemaIssue] | None = None, unknown: bool = False) -> None:
        self.issues = issues if issues is not None else []
        # No schema for this kind and apiVersion (a custom resource, or an API this version lacks).
        self.unknown = unknown


class SchemaUnavailable(Exception):
    """kubernetes-validate is not installed."""


# --- validators: jsonschema-rs, or jsonschema -------------------------------------------


class _Error(NamedTuple):
    """A validation error, whichever library found it."""

    keyword: str  # the schema keyword that failed ("type", "required"...); "" when not known
    path: FieldPath  # where in the document
    instance: Any  # the value there
    schema: dict[str, Any]  # the (sub)schema holding the keyword
    expected: Any  # the keyword's value


def _refuse_retrieval(uri: str) -> Any:
    # The schemas are self-contained: a reference outside them is a bug, never a download.
    raise ValueError(f"dslint does not retrieve schemas ({uri})")


def _at(root: Any, pointer: Any) -> Any:
    """The node at a schema location (a list of keys), following `$ref`s into `$defs`."""
    node = root
    for part in pointer:
        node = node[int(part)] if isinstance(node, list) else node[part]
        if part == "$ref" and isinstance(node, str) and node.startswith("#/"):
            node = _at(root, node[2:].split("/"))
    return node


class _RsValidator:
    """jsonschema-rs: compiled once (import and build cost milliseconds), fast per document."""

    engine = JSONSCHEMA_RS
    cached = False  # built from a cache entry

    def __init__(self, schema: dict[str, Any]) -> None:
        import jsonschema_rs

        self.schema = schema
        self._validator = jsonschema_rs.Draft202012Validator(schema, validate_formats=False, retriever=_refuse_retrieval)
        self._fallback: _PyValidator | None = None

    def errors(self, data: Any) -> Iterator[_Error]:
        try:
            found = list(self._validator.iter_errors(data))
        except (ValueError, TypeError, OverflowError):
            # A value jsonschema-rs cannot take (text that is not UTF-8): the slow path, same results.
            if self._fallback is None:
                self._fallback = _PyValidator(self.schema)
            yield from self._fallback.errors(data)
            return
        for error in found:
            location = list(error.schema_path)
            keyword = str(location[-1]) if location else ""
            try:
                parent = _at(self.schema, location[:-1])
                expected = parent[keyword] if isinstance(parent, dict) and keyword in parent else None
            except (KeyError, IndexError, ValueError, TypeError):
                parent, expected = {}, None
            if not isinstance(parent, dict) or keyword not in parent:
                keyword, parent = "", {}
            if keyword == "required":
                # jsonschema-rs reports each missing field on its own; jsonschema all of them at once.
                expected = [error.kind.property]  # type: ignore[attr-defined]  # the `required` kind's field
            yield _Error(keyword, tuple(error.instance_path), error.instance, parent, expected)


class _PyValidator:
    """The `jsonschema` package: the fallback when jsonschema-rs is not installed."""

    engine = JSONSCHEMA
    cached = False  # built from a cache entry

    def __init__(self, schema: dict[str, Any]) -> None:
        import jsonschema  # type: ignore[import-untyped]

        self.schema = schema
        self._validator = jsonschema.Draft202012Validator(schema)

    def errors(self, data: Any) -> Iterator[_Error]:
        for error in self._validator.iter_errors(data):
            keyword = error.validator if isinstance(error.validator, str) else ""
            schema = error.schema if isinstance(error.schema, dict) else {}
            yield _Error(keyword, tuple(error.absolute_path), error.instance, schema, error.validator_value)


# The keywords of the Kubernetes schemas, which the built-in validator implements as jsonschema
# does (Draft 2020-12); a schema with any other keyword goes to a library.
_BUILTIN_KEYWORDS = frozenset({"type", "properties", "additionalProperties", "items", "required", "enum", "oneOf",
                               "anyOf", "allOf", "not", "$ref", "$defs", _KEPT_EXTENSION})
_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class _Unsupported(Exception):
    """The schema uses a keyword the built-in validator does not implement."""


def _builtin_can_validate(schema: Any) -> bool:
    try:
        _supported(schema)
    except _Unsupported:
        return False
    return True


def _supported(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _supported(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key not in _BUILTIN_KEYWORDS:
            raise _Unsupported(key)
        if key in ("properties", "$defs"):
            for sub in value.values():
                _supported(sub)
        elif key in _SUBSCHEMAS:
            _supported(value)


class _BuiltinValidator:
    """The document walked against the schema: no import, nothing to build, only the parts the document uses.

    For one chart render this beats any compiled validator, whose import and build cost more than
    validating a few dozen objects.  Errors are those jsonschema reports (same keywords, paths,
    values); `test_manifest_schema.py` checks that on goldens and damaged goldens.
    """

    engine = "builtin"
    cached = False

    def __init__(self, schema: dict[str, Any], checked: bool = False) -> None:
        if not checked:  # `checked`: the cache entry says the schema uses only known keywords
            _supported(schema)
        self.schema = schema

    def errors(self, data: Any) -> list[_Error]:
        out: list[_Error] = []
        self._check(data, self.schema, (), out)
        return out

    def _valid(self, value: Any, schema: Any) -> bool:
        return not self._check(value, schema, (), None)

    def _check(self, value: Any, schema: Any, path: FieldPath, out: list[_Error] | None) -> bool:
        """Whether `value` fails `schema`; errors appended to `out` (None: stop at the first)."""
        if schema is True:
            return False
        if schema is False or not isinstance(schema, dict):
            if out is not None:
                out.append(_Error("", path, value, {}, schema))
            return True
        failed = False
        for keyword, expected in schema.items():
            error = False
            if keyword == "type":
                types = (expected,) if isinstance(expected, str) else expected
                error = not any(_TYPE_CHECKS.get(name, _never)(value) for name in types)
            elif keyword == "properties":
                if isinstance(value, dict):
                    for name, sub in expected.items():
                        if name in value and self._check(value[name], sub, path + (name,), out):
                            failed = True
                            if out is None:
                                return True
            elif keyword == "additionalProperties":
                if isinstance(value, dict):
                    known = schema.get("properties", {})
                    extra = [name for name in value if name not in known]
                    if extra and expected is False:
                        error = True
                    elif extra and expected is not True:
                        for name in extra:
                            if self._check(value[name], expected, path + (name,), out):
                                failed = True
                                if out is None:
                                    return True
            elif keyword == "required":
                error = isinstance(value, dict) and any(name not in value for name in expected)
            elif keyword == "items":
                if isinstance(value, list):
                    for index, item in enumerate(value):
                        if self._check(item, expected, path + (index,), out):
                            failed = True
                            if out is None:
                                return True
            elif keyword == "enum":
                error = not any(_equal(allowed, value) for allowed in expected)
            elif keyword == "oneOf":
                error = sum(1 for sub in expected if self._valid(value, sub)) != 1
            elif keyword == "anyOf":
                error = not any(self._valid(value, sub) for sub in expected)
            elif keyword == "allOf":
                for sub in expected:
                    if self._check(value, sub, path, out):
                        failed = True
                        if out is None:
                            return True
            elif keyword == "not":
                error = self._valid(value, expected)
            elif keyword == "$ref" and self._check(value, _at(self.schema, expected[2:].split("/")), path, out):
                failed = True
                if out is None:
                    return True
            if error:
                if out is None:
                    return True
                out.append(_Error(keyword, path, value, schema, expected))
                failed = True
        return failed


def _never(_value: Any) -> bool:
    return False


def _equal(one: Any, two: Any) -> bool:
    """jsonschema's equality for `enum`: True is not 1, 1 is 1.0, containers compare deeply."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return bool(one == two)



def _find(module: str) -> ModuleSpec | None:
    # importlib.machinery is loaded with the interpreter; importlib.util is not.
    from importlib.machinery import PathFinder

    return PathFinder.find_spec(module)


def available_engines() -> list[str]:
    """The validators usable here: the built-in one, then the installed libraries, fastest first."""
    return [BUILTIN] + [name for name, module in ((JSONSCHEMA_RS, "jsonschema_rs"), (JSONSCHEMA, "jsonschema"))
                        if _find(module) is not None]


_ENGINES: dict[str, Callable[[dict[str, Any]], Any]] = {BUILTIN: _BuiltinValidator, JSONSCHEMA_RS: _RsValidator,
                                              JSONSCHEMA: _PyValidator}


class _KindValidator:
    """The validator of one kind, which picks its engine (AUTO): built-in first, compiled once the kind is frequent.

    jsonschema-rs validates a document ten times faster than the built-in walk, but importing it
    (~9 ms) and compiling a workload's schema (~2-3 ms) cost more than walking a chart render's
    documents.  So a kind is walked until COMPILE_AFTER documents of it have been seen in this
    process, then compiled (when jsonschema-rs is installed).  A schema with a keyword the built-in
    validator does not know goes straight to a library.  Every engine reports the same errors.
    """

    __slots__ = ("_compiled", "_current", "cached", "count", "schema")

    def __init__(self, schema: dict[str, Any], cached: bool, builtin: bool | None = None) -> None:
        self.schema = schema
        self.cached = cached
        self.count = 0
        self._compiled = False
        if builtin is None:
            builtin = _builtin_can_validate(schema)
        self._current: Any = _BuiltinValidator(schema, checked=True) if builtin else self._library()

    @property
    def engine(self) -> str:
        return str(self._current.engine)

    def _library(self) -> Any:
        self._compiled = True
        engines = available_engines()
        return _ENGINES[JSONSCHEMA_RS if JSONSCHEMA_RS in engines else engines[-1]](self.schema)

    def errors(self, data: Any) -> Iterable[_Error]:
        self.count += 1
        if self.count > COMPILE_AFTER and not self._compiled:
            self._compiled = True
            if _find("jsonschema_rs") is not None:
                self._current = _RsValidator(self.schema)
        found: Iterable[_Error] = self._current.errors(data)
        return found


# --- the library ------------------------------------------------------------------------


def default_cache_root() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dslint", "schemas")


class SchemaLibrary:
    """Self-contained schemas per (Kubernetes version, kind, apiVersion), cached on disk; validators built once.

    `cache`: the folder for this kubernetes-validate version's schemas (None:
    no disk cache).  `engine`: JSONSCHEMA_RS or JSONSCHEMA (default: the first
    installed).
    """

    def __init__(self, root: str, cache: str | None = None, engine: str | None = None) -> None:
        self.root = str(root)
        self.cache = str(cache) if cache is not None else None
        self.versions = sorted(int(m.group(1)) for name in os.listdir(self.root) if (m := _VERSION_DIR.match(name)))
        if engine not in (None, AUTO) and engine not in _ENGINES:
            raise ValueError(f"no validator {engine!r}")
        self.engine = engine or AUTO
        self._definitions: dict[int, dict[str, Any]] = {}
        self._inlined: dict[int, dict[str, Any]] = {}
        self._validators: dict[tuple[int, str, str], _KindValidator | None] = {}
        self.builds = 0  # validators built
        self.definition_loads = 0  # _definitions.json files read
        self.schema_builds = 0  # self-contained schemas made from the package (cache misses)

    def load_engine(self) -> None:
        """Import a forced validator library now (AUTO starts with the built-in validator: nothing to import)."""
        if self.engine in (JSONSCHEMA_RS, JSONSCHEMA):
            __import__("jsonschema_rs" if self.engine == JSONSCHEMA_RS else "jsonschema")

    def version_for(self, minor: int) -> int:
        """The newest schema version not newer than 1.`minor` (or the oldest shipped)."""
        older = [v for v in self.versions if v <= minor]
        return older[-1] if older else self.versions[0]

    def _directory(self, version: int) -> str:
        return os.path.join(self.root, f"v1.{version}.0-local-strict")

    # -- the self-contained schema of a kind

    def schema(self, version: int, kind: str, api_version: str, *, fresh: bool = False) -> dict[str, Any] | None:
        """The self-contained schema of a kind and apiVersion (from the cache, else built), None if there is none.

        `fresh`: build it from the package even if the cache has it (and replace the entry).
        """
        return self._schema(version, kind, api_version, fresh)[0]

    def _schema(self, version: int, kind: str, api_version: str, fresh: bool) -> tuple[dict[str, Any] | None, bool, bool | None]:
        """(schema, whether it came from the cache, whether the built-in validator knows all its keywords)."""
        if not kind or "/" in kind or not api_version:
            return None, False, None
        entry = self._cache_file(version, kind, api_version)
        cached = None if fresh else self._read_cache(entry, version, kind, api_version)
        if cached is not None:
            return cached[0], True, cached[1]
        file = os.path.join(self._directory(version),
                            f"{kind.lower()}-{_GROUP_PREFIX.sub(_group_prefix, api_version)}.json")
        if not os.path.isfile(file):
            return None, False, None  # an unknown kind: nothing to cache
        with open(file, "rb") as stream:
            source = json.loads(stream.read())
        schema = self._self_contained(source, version) if _declares(source, kind, api_version) else None
        builtin = schema is not None and _builtin_can_validate(schema)
        self.schema_builds += 1
        self._write_cache(entry, {"format": CACHE_FORMAT, "version": f"1.{version}", "kind": kind,
                                  "apiVersion": api_version, "builtin": builtin, "schema": schema})
        return schema, False, builtin

    def _cache_file(self, version: int, kind: str, api_version: str) -> str | None:
        if self.cache is None:
            return None
        group, _, group_version = api_version.rpartition("/")
        name = f"{group or 'core'}-{group_version}-{kind}"
        return os.path.join(self.cache, f"1.{version}", _UNSAFE.sub("_", name) + ".json")

    @staticmethod
    def _read_cache(entry: str | None, version: int, kind: str, api_version: str) -> tuple[dict[str, Any] | None, bool | None] | None:
        """(schema or None, built-in validator usable) from a valid entry; None when there is none or it cannot be trusted."""
        if entry is None:
            return None
        try:
            with open(entry, "rb") as stream:
                data = json.loads(stream.read())
        except (OSError, ValueError):
            return None  # missing, unreadable or corrupted: rebuilt
        if (not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("kind") != kind
                or data.get("apiVersion") != api_version or data.get("version") != f"1.{version}"
                or not isinstance(data.get("schema"), (dict, type(None)))):
            return None
        builtin = data.get("builtin")
        return data["schema"], builtin if isinstance(builtin, bool) else None

    @staticmethod
    def _write_cache(entry: str | None, data: dict[str, Any]) -> None:
        """Write atomically (a temporary file renamed over the entry); a cache that cannot be written is skipped."""
        if entry is None:
            return
        import tempfile

        try:
            folder = os.path.dirname(entry)
            os.makedirs(folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=folder)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(data, stream, separators=(",", ":"))
                os.replace(temporary, entry)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            pass

    def _load_definitions(self, version: int) -> dict[str, Any]:
        definitions = self._definitions.get(version)
        if definitions is None:
            with open(os.path.join(self._directory(version), "_definitions.json"), "rb") as stream:
                definitions = json.loads(stream.read())["$defs"]
            self._definitions[version] = definitions
            self._inlined[version] = {}
            self.definition_loads += 1
        return definitions

    def _self_contained(self, source: dict[str, Any], version: int) -> dict[str, Any]:
        """The kind's schema with the definitions it uses inlined; recursive ones go to its own `$defs`."""
        definitions = self._load_definitions(version)
        recursive: set[str] = set()
        schema: dict[str, Any] = self._inline(source, version, (), recursive)
        local: dict[str, Any] = {}
        while recursive - local.keys():
            for name in sorted(recursive - local.keys()):
                local[name] = self._inline(definitions[name], version, (name,), recursive)
        schema.pop("$schema", None)
        schema.pop("$id", None)
        if local:
            schema["$defs"] = local
        return schema

    def _inline(self, node: Any, version: int, stack: tuple[str, ...], recursive: set[str]) -> Any:
        """`node` with its definition references replaced by the definitions (memoized per version)."""
        if isinstance(node, list):
            return [self._inline(item, version, stack, recursive) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and DEFINITIONS_REF in ref:
            name = ref.rpartition("/")[2]
            if name in stack:  # recursive: a reference into the schema's own $defs
                recursive.add(name)
                return {"$ref": f"#/$defs/{name}"}
            inlined = self._inlined[version]
            if name not in inlined:
                found: set[str] = set()
                inlined[name] = (self._inline(self._load_definitions(version)[name], version, stack + (name,), found),
                                 frozenset(found))
            value, found = inlined[name]
            recursive.update(found)
            return value
        out = {}
        for key, value in node.items():
            if key in _ANNOTATIONS or (key.startswith("x-kubernetes-") and key != _KEPT_EXTENSION):
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {name: self._inline(sub, version, stack, recursive) for name, sub in value.items()}
            elif key in _SUBSCHEMAS:
                out[key] = self._inline(value, version, stack, recursive)
            else:
                out[key] = value
        return out

    # -- validators

    def validator(self, version: int, kind: str, api_version: str, *, fresh: bool = False) -> _KindValidator | None:
        """The validator for a kind and apiVersion, or None when no schema exists for them."""
        key = (version, kind, api_version)
        if key in self._validators and not fresh:
            return self._validators[key]
        schema, cached, builtin = self._schema(version, kind, api_version, fresh)
        validator = None
        if schema is not None:
            try:
                validator = (_KindValidator(schema, cached, builtin) if self.engine == AUTO
                             else _ENGINES[self.engine](schema))
            except Exception:
                if not cached:
                    raise
                return self.validator(version, kind, api_version, fresh=True)
            validator.cached = cached
            self.builds += 1
        self._validators[key] = validator
        return validator

    def warm(self, version: int, kind: str, api_version: str) -> bool:
        """Build a kind's validator ahead of its documents, from the disk cache only; whether it is ready.

        A kind not in the cache is left to the first document of it: building its
        schema reads the package's definitions, too much for a guess.
        """
        key = (version, kind, api_version)
        if key in self._validators:
            return True
        entry = self._cache_file(version, kind, api_version) if kind and "/" not in kind and api_version else None
        if entry is None or not os.path.isfile(entry):
            return False
        return self.validator(version, kind, api_version) is not None

    def validate(self, data: dict[str, Any], version: int, *, secret: bool = False) -> SchemaResult:
        kind, api_version = str(data.get("kind") or ""), str(data.get("apiVersion") or "")
        validator = self.validator(version, kind, api_version)
        if validator is None:
            return SchemaResult(unknown=True)
        try:
            errors = list(validator.errors(data))
        except Exception:
            if not validator.cached:
                raise
            validator = self.validator(version, kind, api_version, fresh=True)
            if validator is None:
                return SchemaResult(unknown=True)
            errors = list(validator.errors(data))
        issues = []
        for error in errors:
            issues.extend(_issues(error, secret))
        issues = list(dict.fromkeys(issues))
        issues.sort(key=lambda i: ([str(p) for p in i.path], i.message))
        return SchemaResult(issues)


def _declares(schema: dict[str, Any], kind: str, api_version: str) -> bool:
    """The file is the schema of exactly this group (a CRD group may share the first label)."""
    group, _, version = api_version.rpartition("/")
    return any(
        gvk.get("kind") == kind and gvk.get("group", "") == group and gvk.get("version") == version
        for gvk in schema.get("x-kubernetes-group-version-kind", ())
    )


def package_root() -> str:
    """kubernetes-validate's schema folder, found without importing the package."""
    spec = _find("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        raise SchemaUnavailable("kubernetes-validate is not installed")
    root = os.path.join(next(iter(spec.submodule_search_locations)), SCHEMA_DIR)
    if not os.path.isdir(root):
        raise SchemaUnavailable(f"kubernetes-validate has no {SCHEMA_DIR} folder")
    return root


def package_version(root: str) -> str:
    """kubernetes-validate's version (its `version.py`), which names the cache folder."""
    try:
        with open(os.path.join(os.path.dirname(root), "version.py"), encoding="utf-8") as stream:
            match = _PACKAGE_VERSION.search(stream.read())
    except OSError:
        match = None
    return _UNSAFE.sub("_", match.group(1)) if match else "unknown"


_LIBRARY: SchemaLibrary | None = None


def schema_library() -> SchemaLibrary:
    """The process-wide library (validators live as long as the process), with the user's schema cache."""
    global _LIBRARY
    if _LIBRARY is None:
        root = package_root()
        _LIBRARY = SchemaLibrary(root, os.path.join(default_cache_root(), package_version(root)))
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


def _issues(error: _Error, secret_object: bool) -> list[SchemaIssue]:
    import difflib

    path = error.path
    # A Secret's data and stringData values never appear in a message.
    secret = secret_object and bool(path) and path[0] in ("data", "stringData")
    keyword, expected, instance = error.keyword, error.expected, error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict) and expected is False:
        known = set(error.schema.get("properties", {}))
        out = []
        for name in sorted(k for k in instance if k not in known):
            hint = difflib.get_close_matches(str(name), sorted(known), n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            where = format_path(path) or "the object"
            out.append(SchemaIssue(path + (name,), f"unknown field {str(name)!r} in {where}{suggestion}"))
        return out
    if keyword == "required":
        missing = [name for name in expected if isinstance(instance, dict) and name not in instance]
        return [SchemaIssue(path, f"{format_path(path) or 'the object'} is missing the required field {name!r}") for name in missing]
    where = format_path(path) or "the object"
    if keyword == "type":
        types = [t for t in ([expected] if isinstance(expected, str) else expected) if t != "null"]
        return [SchemaIssue(path, f"{where} must be {' or '.join(types)}, not {_json_type(instance)}{_shown(instance, secret)}")]
    if keyword == "enum":
        allowed = ", ".join(str(v) for v in expected if v is not None)
        return [SchemaIssue(path, f"{where} must be one of: {allowed}")]
    if keyword in ("oneOf", "anyOf"):
        kinds = sorted({t for sub in expected for t in _types_of(sub)} - {"null"})
        wanted = " or ".join(kinds) if kinds else "one of the allowed forms"
        return [SchemaIssue(path, f"{where} must be {wanted}, not {_json_type(instance)}{_shown(instance, secret)}")]
    # No Kubernetes schema uses other keywords; the two libraries word these differently, so dslint words them.
    return [SchemaIssue(path, f"{where} does not meet the schema's {keyword or 'constraints'!s}")]


def _types_of(schema: Any) -> list[str]:
    if not isinstance(schema, dict):
        return []
    kind = schema.get("type")
    return [kind] if isinstance(kind, str) else list(kind or [])
