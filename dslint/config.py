"""Settings: the config file (`.dslint.yaml` or `[tool.dslint]`), then the command line.

The command line beats the config file, which beats dslint's defaults.  The
config file is checked against `config_model.ConfigFile` (compiled facts), so
a misspelled setting is an input error with its line, never silently ignored.
"""

from __future__ import annotations

import fnmatch
import os
import re
from typing import Any, NamedTuple

from dslint.lazy import LazyPattern
from dslint.findings import Severity
from dslint.load.errors import InputError
from dslint.load.yaml_tree import DEFAULT_LIMITS, Limits

CONFIG_FILES = (".dslint.yaml", ".dslint.yml")
FAIL_ON_CHOICES = ("error", "warning", "info", "never")
DEFAULT_FAIL_ON = "error"


class Settings(NamedTuple):
    """Everything that shapes a run, after config file and command line are combined.

    A NamedTuple, like dslint's other value records: cheap to define at every
    start-up, and immutable (changes are made with `_replace`).
    """

    chart_version: str = "2.1.1"
    platform: str = "kubernetes"
    profile: str = "production"
    fail_on: str = DEFAULT_FAIL_ON
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # Shared empty defaults: never changed in place, always replaced.
    severity: dict[str, Severity] = {}
    per_file_ignores: dict[str, tuple[str, ...]] = {}
    allowed_registries: tuple[str, ...] = ()
    release_name: str | None = None
    namespace: str | None = None
    offline: bool = True
    kube_version: str | None = None
    # Extra API versions the target cluster serves (helm template --api-versions).
    api_versions: tuple[str, ...] = ()
    pss_level: str = "restricted"
    limits: Limits = DEFAULT_LIMITS
    # Team policies (compiled, dslint.policies.load.Policy), the files they came from, and the
    # cluster's ValidatingAdmissionPolicies (paths, and what dslint.policies.admission loaded).
    policies: tuple = ()
    policy_files: tuple[str, ...] = ()
    admission_policies: tuple[str, ...] = ()
    admission: Any = None
    # Where the settings came from, for messages ("from .dslint.yaml").
    config_path: str | None = None
    # Which of the fields above the user chose explicitly.
    explicit: frozenset[str] = frozenset()

    def is_selected(self, code: str) -> bool:
        """ruff's rule: the most specific matching prefix wins; on a tie, ignore wins."""
        # Without a selection, every rule and every policy (a policy's code never starts with DS).
        chosen = max((len(p) for p in self.select or ("DS", "") if code.startswith(p)), default=-1)
        dropped = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return chosen >= 0 and chosen > dropped

    def ignored_for_file(self, code: str, file_name: str) -> bool:
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(file_name, pattern) or fnmatch.fnmatch(os.path.basename(file_name), pattern):
                if any(code.startswith(c) for c in codes):
                    return True
        return False

    def severity_of(self, code: str, default: Severity) -> Severity:
        best = None
        for prefix, level in self.severity.items():
            if code.startswith(prefix) and (best is None or len(prefix) > len(best)):
                best = prefix
        return self.severity[best] if best is not None else default

    @property
    def fail_level(self) -> Severity | None:
        return None if self.fail_on == "never" else Severity.parse(self.fail_on)


# dslint's codes, or a prefix of a team policy's code (dslint.policies checks it names one).
_CODE = LazyPattern(r"^(DS\d{0,3}|(?!DS)[A-Z][A-Z0-9]*)$")


def parse_codes(values: list[str] | tuple[str, ...], source: str) -> tuple[str, ...]:
    """`DS101,DS2` -> ("DS101", "DS2"); codes are upper-cased prefixes."""
    out = []
    for value in values:
        for part in str(value).split(","):
            code = part.strip().upper()
            if not code:
                continue
            if code == "ALL":
                code = "DS"
            if not _CODE.match(code):
                raise InputError(f"{part.strip()!r} is not a rule code or prefix (like DS101 or DS2)", source)
            out.append(code)
    return tuple(out)


def find_config(start: str) -> str | None:
    """The nearest `.dslint.yaml` or `pyproject.toml` with [tool.dslint], upwards from `start`.

    The search stops at the repository root (a directory holding `.git`).
    Plain os.path: pathlib would cost a pre-commit run more than the search does.
    """
    directory = os.path.realpath(start)
    while True:
        for name in CONFIG_FILES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                return candidate
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(pyproject):
            with open(pyproject, encoding="utf-8", errors="replace") as handle:
                if "[tool.dslint" in handle.read(DEFAULT_LIMITS.max_bytes):
                    return pyproject
        parent = os.path.dirname(directory)
        if os.path.exists(os.path.join(directory, ".git")) or parent == directory:
            return None
        directory = parent


def read_config(path: str) -> tuple[dict[str, Any], Any]:
    """The config mapping and a function locating a key path in the file."""
    from dslint.load.files import load_values_file

    if os.path.basename(path) == "pyproject.toml":
        return _read_pyproject(path)
    try:
        values_file = load_values_file(path)
    except InputError as err:
        if "file is empty" in err.message:
            return {}, lambda key_path, at_key=True: (0, 0)
        raise

    def locate(key_path: tuple, at_key: bool = True) -> tuple[int, int]:
        tree = values_file.tree
        pos = (tree.keys_at.get(key_path) if at_key else None) or tree.values_at.get(key_path) or tree.keys_at.get(key_path)
        return (pos.line, pos.column) if pos else (0, 0)

    return values_file.data, locate


def _read_pyproject(path: str) -> tuple[dict[str, Any], Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    # A configuration file is input like any other: read within the same size limit.
    if os.path.getsize(path) > DEFAULT_LIMITS.max_bytes:
        raise InputError(f"larger than {DEFAULT_LIMITS.max_bytes // (1024 * 1024)} MiB", path)
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"invalid TOML: {err}", path) from None
    section = data.get("tool", {}).get("dslint", {})
    lines = text.splitlines()

    def locate(key_path: tuple, at_key: bool = True) -> tuple[int, int]:
        # tomllib keeps no positions: find the key inside [tool.dslint].
        key = str(key_path[-1]) if key_path else ""
        inside = False
        for number, line in enumerate(lines, 1):
            stripped = line.strip()
            if stripped.startswith("["):
                inside = stripped.startswith("[tool.dslint")
                continue
            if inside and re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", line):
                return number, line.index(line.lstrip()[0]) + 1
        return 0, 0

    return section, locate


def load_settings(config_path: str | None, cli: dict[str, Any], *, isolated: bool = False) -> Settings:
    """Combine the config file (found or given) with command-line choices (non-None wins)."""
    settings = Settings()
    path: str | None = None
    if config_path:
        path = config_path
        if not os.path.isfile(path):
            raise InputError("no such config file", config_path)
    elif not isolated:
        path = find_config(os.getcwd())
    if path is not None:
        settings = _apply(settings, *read_config(path), _display(path))
    settings = _apply_cli(settings, cli)
    if settings.policies or settings.policy_files or settings.admission_policies or _policy_codes(settings):
        from dslint.policies.settings import complete

        settings = complete(settings)
    return settings


def _policy_codes(settings: Settings) -> bool:
    codes = (*settings.select, *settings.ignore, *settings.severity, *(c for cs in settings.per_file_ignores.values() for c in cs))
    return any(not code.startswith("DS") for code in codes)


def _display(path: str) -> str:
    """The config path as short as it can be said from here."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def _apply(settings: Settings, data: dict[str, Any], locate, source: str) -> Settings:
    from dslint.model.facts import CONFIG, load_facts
    from dslint.model.validate import validate

    if not isinstance(data, dict):
        raise InputError("the configuration must be a mapping", source, 1, 1)
    problems, _ = validate(load_facts(CONFIG)["spec"], data)
    if problems:
        first = problems[0]
        line, column = locate(first.path, first.at_key)
        message = first.message.replace("; Helm ignores it", "")
        if first.fix and first.fix not in message and not first.fix.startswith("use one of"):
            message += f" ({first.fix})"
        raise InputError(f"invalid configuration: {message}", source, line, column)
    changes: dict[str, Any] = {"config_path": source}
    # `null` means "not set", at any depth (as in Helm values).
    data = _without_nulls(data)
    for key, value in data.items():
        attr = key.replace("-", "_")
        if value is None:
            continue
        if attr in ("select", "ignore"):
            value = parse_codes(value, source)
        elif attr in ("allowed_registries", "api_versions"):
            value = tuple(value)
        elif attr == "severity":
            value = {c: Severity.parse(v) for c, v in zip(parse_codes(list(value), source), value.values())}
        elif attr == "per_file_ignores":
            value = {pattern: parse_codes(codes, source) for pattern, codes in value.items()}
        elif attr == "policies":
            from dslint.policies.load import read_definitions

            value = read_definitions(value, locate, source)
        elif attr in ("policy_files", "admission_policies"):
            from dslint.policies.load import policy_file_paths

            value = policy_file_paths(value, source)
        elif attr == "limits":
            value = Limits(
                max_bytes=value.get("max-file-size") or DEFAULT_LIMITS.max_bytes,
                max_values=value.get("max-values") or DEFAULT_LIMITS.max_values,
                max_depth=value.get("max-depth") or DEFAULT_LIMITS.max_depth,
            ).checked()
        changes[attr] = value
    return settings._replace(**changes, explicit=settings.explicit | frozenset(changes))


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value if v is not None]
    return value


def _apply_cli(settings: Settings, cli: dict[str, Any]) -> Settings:
    changes = {k: v for k, v in cli.items() if v is not None and v != ()}
    if "select" in changes:
        changes["select"] = parse_codes(changes["select"], "--select")
    if "ignore" in changes:
        # --ignore adds to the config's ignores rather than replacing them.
        changes["ignore"] = settings.ignore + parse_codes(changes["ignore"], "--ignore")
    if "severity" in changes:
        merged = dict(settings.severity)
        for item in changes["severity"]:
            code, _, level = item.partition("=")
            try:
                merged[parse_codes([code], "--severity")[0]] = Severity.parse(level)
            except ValueError as err:
                raise InputError(f"--severity {item!r}: {err}") from None
        changes["severity"] = merged
    for paths in ("policy_files", "admission_policies"):  # add to the config's
        if paths in changes:
            changes[paths] = getattr(settings, paths) + tuple(changes[paths])
    if "allowed_registries" in changes:
        changes["allowed_registries"] = settings.allowed_registries + tuple(changes["allowed_registries"])
    if "extend_select" in changes:
        changes["select"] = (settings.select or ("DS", "")) + parse_codes(changes.pop("extend_select"), "--extend-select")
    limits = {k: changes.pop(k) for k in ("max_bytes", "max_values", "max_depth") if k in changes}
    if limits:
        changes["limits"] = settings.limits._replace(**limits).checked()
    return settings._replace(**changes, explicit=settings.explicit | frozenset(changes))
