"""Settings: the config file (`.dslint.yaml` or `[tool.dslint]`), then the command line.

The command line beats the config file, which beats dslint's defaults.  The
config file is checked against `dslint.model.config.ConfigFile` (compiled facts), so
a misspelled setting is an input error with its line, never silently ignored.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint.findings import Severity
from dslint.knowledge.versions import DEFAULT_VERSION
from dslint.lazy import LazyPattern
from dslint.load.errors import InputError
from dslint.load.yaml_tree import DEFAULT_LIMITS, Limits
from dslint.render import limits as render_limits

if TYPE_CHECKING:
    from dslint.file_ignores import FileIgnores
    from dslint.registry import Rule, RuleOption

# Where a key path of the config file is: (line, column); (0, 0) when not known.
Locate = Callable[..., tuple[int, int]]

CONFIG_FILES = (".dslint.yaml", ".dslint.yml")
FAIL_ON_CHOICES = ("error", "warning", "info", "never")
# Glob lists are matched against every file or image: more entries than this would make a run slow
# (a hostile config of 150,000 registries took 19 s); real configs hold a few.
MAX_PATTERNS = 1_000
_LONG_SETTINGS = ("per_file_ignores", "allowed_registries", "api_versions")
# The rule option the deprecated `allowed-registries` key and the --allowed-registry flag set.
REGISTRIES_RULE, REGISTRIES_OPTION = "DS802", "allowed-registries"
DEFAULT_FAIL_ON = "error"


class Settings(NamedTuple):
    """Everything that shapes a run, after config file and command line are combined.

    A NamedTuple, like dslint's other value records: cheap to define at every
    start-up, and immutable (changes are made with `_replace`).
    """

    chart_version: str = DEFAULT_VERSION
    # Why that version: "from --chart-version", "from .dslint.yaml", "default" (the summary says it).
    chart_origin: str = "default"
    platform: str = "kubernetes"
    profile: str = "production"
    fail_on: str = DEFAULT_FAIL_ON
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # Shared empty defaults: never changed in place, always replaced.
    severity: dict[str, Severity] = {}  # noqa: RUF012 (a NamedTuple default, replaced, never changed)
    per_file_ignores: dict[str, tuple[str, ...]] = {}  # noqa: RUF012
    # Rule-declared options (`rules: {DS802: {allowed-registries: [...]}}`), checked against each
    # rule's declaration when read: code -> option name -> value.
    rule_options: dict[str, dict[str, Any]] = {}  # noqa: RUF012
    release_name: str | None = None
    namespace: str | None = None
    offline: bool = True
    kube_version: str | None = None
    # Extra API versions the target cluster serves (helm template --api-versions).
    api_versions: tuple[str, ...] = ()
    pss_level: str = "restricted"
    # The Pod Security Standards policy version (`v1.30`, `latest`); None: the --kube-version's.
    pss_version: str | None = None
    limits: Limits = DEFAULT_LIMITS
    # Bounds on the chart and its render (--chart).
    chart_limits: render_limits.ChartLimits = render_limits.DEFAULT_CHART_LIMITS
    # Team policies (compiled, dslint.policies.load.Policy), the files they came from, and the
    # cluster's ValidatingAdmissionPolicies (paths, and what dslint.policies.admission loaded).
    policies: tuple[Any, ...] = ()
    policy_files: tuple[str, ...] = ()
    admission_policies: tuple[str, ...] = ()
    admission: Any = None
    # Where the settings came from, for messages ("from .dslint.yaml").
    config_path: str | None = None
    # Found by the search in a folder no repository holds (a planted /tmp/.dslint.yaml, say).
    config_outside: bool = False
    # Which of the fields above the user chose explicitly.
    explicit: frozenset[str] = frozenset()
    # Notes on settings written the old way (a key that still works, and what replaces it).
    deprecations: tuple[str, ...] = ()

    def is_selected(self, code: str) -> bool:
        """ruff's rule: the most specific matching prefix wins; on a tie, ignore wins."""
        # Without a selection, every rule and every policy (a policy's code never starts with DS).
        chosen = max((len(p) for p in self.select or ("DS", "") if code.startswith(p)), default=-1)
        dropped = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return chosen >= 0 and chosen > dropped

    def ignored_for_file(self, code: str, file_name: str) -> bool:
        return bool(_file_ignores(self.per_file_ignores).ignored(code, file_name))

    def severity_of(self, code: str, default: Severity) -> Severity:
        if len(self.severity) > 8:  # a long table (up to one entry per code): answer each code once
            cache = _memo(self.severity)
            if code not in cache:
                cache[code] = self._severity_of(code, None)
            return cache[code] or default
        found = self._severity_of(code, default)
        return default if found is None else found

    def _severity_of(self, code: str, default: Severity | None) -> Severity | None:
        best = None
        for prefix in self.severity:
            if code.startswith(prefix) and (best is None or len(prefix) > len(best)):
                best = prefix
        return self.severity[best] if best is not None else default

    def options_of(self, meta: Rule) -> dict[RuleOption, Any]:
        """The values the settings give a rule's declared options (the defaults are the rule's)."""
        if not meta.options:
            return {}
        given = self.rule_options.get(meta.code, {})
        return {option: given[option.name] for option in meta.options if option.name in given}

    @property
    def fail_level(self) -> Severity | None:
        return None if self.fail_on == "never" else Severity.parse(self.fail_on)


# dslint's codes, or a prefix of a team policy's code (dslint.policies checks it names one).
_CODE = LazyPattern(r"^(DS\d{0,3}|(?!DS)[A-Z][A-Z0-9]*)$")
# per-file-ignores compiled once per settings (the dict is kept, so its id is not reused).
_FILE_IGNORES: dict[int, tuple[dict[str, tuple[str, ...]], FileIgnores]] = {}


def _memo(table: dict[str, Severity]) -> dict[str, Severity | None]:
    """A cache that lives as long as `table` (a settings field, never changed in place)."""
    entry = _MEMOS.get(id(table))
    if entry is None:
        if len(_MEMOS) > 16:
            _MEMOS.clear()
        entry = _MEMOS[id(table)] = (table, {})
    return entry[1]


_MEMOS: dict[int, tuple[dict[str, Severity], dict[str, Severity | None]]] = {}


def _file_ignores(patterns: dict[str, tuple[str, ...]]) -> FileIgnores:
    entry = _FILE_IGNORES.get(id(patterns))
    if entry is None:
        from dslint.file_ignores import FileIgnores

        if len(_FILE_IGNORES) > 16:
            _FILE_IGNORES.clear()
        entry = _FILE_IGNORES[id(patterns)] = (patterns, FileIgnores(patterns))
    return entry[1]


def parse_codes(values: list[str] | tuple[str, ...], source: str,
                locate_item: Callable[[int], tuple[int, int]] | None = None) -> tuple[str, ...]:
    """`DS101,DS2` -> ("DS101", "DS2"); codes are upper-cased prefixes.

    A code or prefix that names no rule is an input error (`select: [DS199]`
    would otherwise switch every rule off); `locate_item(index)` gives the
    line and column of the index-th value, for a config file.
    """
    from dslint.rule_codes import selects_something

    out = []
    for index, value in enumerate(values):
        line, column = locate_item(index) if locate_item is not None else (0, 0)
        for part in str(value).split(","):
            code = part.strip().upper()
            if not code:
                continue
            if code == "ALL":
                code = "DS"
            if not _CODE.match(code):
                raise InputError(f"{part.strip()!r} is not a rule code or prefix (like DS101 or DS2)", source,
                                 line, column)
            if code.startswith("DS") and not selects_something(code):  # team policy codes: dslint.policies
                raise InputError(f"{part.strip()!r} matches no rule (`dslint rules` lists them)", source, line, column)
            out.append(code)
    # At most 1,111 distinct codes, however long the list: selection then costs little per rule.
    return tuple(dict.fromkeys(out))


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


def outside_repository(path: str) -> bool:
    """No folder holding the config file, up to `/`, holds `.git`: the config is nobody's repository's."""
    directory = os.path.dirname(os.path.realpath(path))
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return False
        parent = os.path.dirname(directory)
        if parent == directory:
            return True
        directory = parent


CONFIG_LIMITS = DEFAULT_LIMITS._replace(max_values=200_000)


def read_config(path: str) -> tuple[dict[str, Any], Any]:
    """The config mapping and a function locating a key path in the file."""
    from dslint.load.files import load_values_file

    if os.path.basename(path) == "pyproject.toml":
        return _read_pyproject(path)
    try:
        # A config is no values file: its lists of codes and patterns may be long (the settings
        # cap them, each at its line), so it gets a wider count than --max-values gives values.
        values_file = load_values_file(path, CONFIG_LIMITS)
    except InputError as err:
        if "file is empty" in err.message:
            return {}, lambda key_path, at_key=True: (0, 0)
        raise

    def locate(key_path: tuple[Any, ...], at_key: bool = True) -> tuple[int, int]:
        tree = values_file.tree
        pos = (tree.keys_at.get(key_path) if at_key else None) or tree.values_at.get(key_path) or tree.keys_at.get(key_path)
        return (pos.line, pos.column) if pos else (0, 0)

    return values_file.data, locate


def _read_pyproject(path: str) -> tuple[dict[str, Any], Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    # A configuration file is input like any other: read within the same size limit.
    if os.path.getsize(path) > DEFAULT_LIMITS.max_bytes:
        raise InputError(f"larger than {DEFAULT_LIMITS.max_bytes // (1024 * 1024)} MiB", path)
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # tomllib says where in its message: "... (at line 3, column 7)"; dslint says it first.
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)", str(err))
        message = str(err)[:found.start()] if found else str(err)
        line, column = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        if not found and "(at end of document)" in message:
            message = message.replace(" (at end of document)", " at the end of the file")
            line, column = max(len(text.splitlines()), 1), 1
        raise InputError(f"invalid TOML: {message}", path, line, column) from None
    lines = text.splitlines()
    # `tool = 1` or `tool.dslint = "x"` is valid TOML, but not a table of settings.
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise InputError("`tool` must be a table ([tool.dslint] holds dslint's settings)", path,
                         *_toml_line(lines, r'"?tool"?\s*='))
    section = tool.get("dslint", {})
    if not isinstance(section, dict):
        raise InputError("`tool.dslint` must be a table of settings ([tool.dslint])", path,
                         *_toml_line(lines, r'(?:"?tool"?\s*\.\s*)?"?dslint"?\s*='))

    def locate(key_path: tuple[Any, ...], at_key: bool = True) -> tuple[int, int]:
        # tomllib keeps no positions: find the key inside [tool.dslint] (the
        # innermost named key of the path that has a line of its own, else the table).
        table = 0
        for key in [str(k) for k in reversed(key_path) if isinstance(k, str)]:
            inside = False
            for number, line in enumerate(lines, 1):
                stripped = line.strip()
                if stripped.startswith("["):
                    inside = stripped.startswith("[tool.dslint")
                    table = table or (number if stripped.startswith("[tool.dslint]") else 0)
                    continue
                if inside and re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", line):
                    return number, line.index(line.lstrip()[0]) + 1
        return (table, 1) if table else (0, 0)

    return section, locate


def _toml_line(lines: list[str], key_pattern: str) -> tuple[int, int]:
    """(line, column) of the first line assigning a key (tomllib keeps no positions); (0, 0) if none."""
    pattern = re.compile(r"^\s*" + key_pattern)
    for number, line in enumerate(lines, 1):
        if pattern.match(line):
            return number, len(line) - len(line.lstrip()) + 1
    return 0, 0


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
        if path is not None and outside_repository(path):
            settings = settings._replace(config_outside=True)
    if path is not None:
        try:
            settings = _apply(settings, *read_config(path), _display(path))
        except InputError as err:
            # pyproject.toml holds other tools' settings too: name dslint's table.
            if os.path.basename(path) == "pyproject.toml" and "[tool.dslint]" not in err.message:
                err.message = f"[tool.dslint]: {err.message}"
            err.source = _display(path) if err.source == path else err.source
            raise
    settings = _apply_cli(settings, cli)
    if settings.policies or settings.policy_files or settings.admission_policies or _policy_codes(settings):
        from dslint.policies.settings import complete

        completed: Callable[[Settings], Settings] = complete
        settings = completed(settings)
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


def _apply(settings: Settings, data: dict[str, Any], locate: Locate, source: str) -> Settings:
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
    _check_helm_settings({key.replace("-", "_"): value for key, value in data.items()}, source, locate)
    for key, value in data.items():
        attr = key.replace("-", "_")
        if value is None:
            continue
        if attr in _LONG_SETTINGS and len(value) > MAX_PATTERNS:
            raise InputError(f"{key} has {len(value)} entries; at most {MAX_PATTERNS}", source, *locate((key,)))
        if attr == "chart_version":
            value = _chart_version(value, source, locate)
            changes["chart_origin"] = f"from {source}"
        elif attr in ("select", "ignore"):
            value = parse_codes(value, source, _item_of(locate, (key,)))
        elif attr == "allowed_registries":
            if REGISTRIES_OPTION in _mapping_for(data.get("rules"), REGISTRIES_RULE):
                continue  # the rule's own option says it
            changes["deprecations"] = (f"{source}: `allowed-registries` is deprecated: write `rules: "
                                       f"{{{REGISTRIES_RULE}: {{allowed-registries: [...]}}}}`",)
            attr, value = "rule_options", _with_option(changes.get("rule_options", settings.rule_options),
                                                       REGISTRIES_RULE, REGISTRIES_OPTION, tuple(value))
        elif attr == "rules":
            from dslint.rule_options import read_rule_options

            read = read_rule_options(value, source, _under(locate, key))
            value = dict(changes.get("rule_options", settings.rule_options))
            for code, options in read.items():
                value[code] = {**value.get(code, {}), **options}
            attr = "rule_options"
        elif attr == "api_versions":
            value = tuple(value)
        elif attr == "severity":
            codes = list(value)
            value = {c: Severity.parse(v) for c, v in zip(
                parse_codes(codes, source, _key_of(locate, key, codes)), value.values(), strict=True)}
        elif attr == "per_file_ignores":
            value = {pattern: parse_codes(codes, source, _item_of(locate, (key, pattern)))
                     for pattern, codes in value.items()}
        elif attr == "policies":
            from dslint.policies.load import read_definitions

            value = read_definitions(value, locate, source)
        elif attr in ("policy_files", "admission_policies"):
            from dslint.policies.load import policy_file_paths

            value = policy_file_paths(value, source)
        elif attr == "limits":
            try:
                value = Limits(
                    max_bytes=value.get("max-file-size") or DEFAULT_LIMITS.max_bytes,
                    max_values=value.get("max-values") or DEFAULT_LIMITS.max_values,
                    max_depth=value.get("max-depth") or DEFAULT_LIMITS.max_depth,
                ).checked()
            except InputError as err:
                raise InputError(err.message, source, *locate((key,))) from None
        changes[attr] = value
    chart = render_limits.from_config(data.get("limits"), settings.chart_limits)
    if chart is not None:
        changes["chart_limits"] = chart
    return settings._replace(**changes, explicit=settings.explicit | frozenset(changes))


def _item_of(locate: Locate, path: tuple[str, ...]) -> Callable[[int], tuple[int, int]]:
    """Where the index-th item of the list at `path` is."""
    return lambda index: locate((*path, index), False)


def _key_of(locate: Locate, key: str, codes: list[str]) -> Callable[[int], tuple[int, int]]:
    """Where the index-th key of the mapping at `key` is."""
    return lambda index: locate((key, codes[index]))


def _under(locate: Locate, key: str) -> Callable[[tuple[Any, ...]], tuple[int, int]]:
    """`locate` for paths inside one top-level key."""
    return lambda path: locate((key, *path))


def _mapping_for(table: Any, code: str) -> dict[str, Any]:
    """The options the config's `rules:` table gives one code (by code or name, as written)."""
    if not isinstance(table, dict):
        return {}
    from dslint.registry import rule_by_code

    for written, options in table.items():
        rule = rule_by_code(str(written))
        if rule is not None and rule.meta.code == code and isinstance(options, dict):
            return options
    return {}


def _with_option(table: dict[str, dict[str, Any]], code: str, name: str, value: Any) -> dict[str, dict[str, Any]]:
    """A copy of the options table with one option set (settings fields are never changed in place)."""
    return {**table, code: {**table.get(code, {}), name: value}}


def _check_helm_settings(values: dict[str, Any], source: str, locate: Locate | None = None) -> None:
    """Settings that reach Helm's command line are checked as they are read (dslint.render.arguments)."""
    if any(key in values for key in ("release_name", "namespace", "kube_version", "api_versions")):
        from dslint.render.arguments import check_helm_settings

        check_helm_settings(values, source, locate)


def _chart_version(value: str, source: str, locate: Locate) -> str:
    from dslint.knowledge.versions import check_version

    try:
        return check_version(value)
    except ValueError as err:
        line, column = locate(("chart-version",), False)
        raise InputError(f"invalid configuration: {err}", source, line, column) from None


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value if v is not None]
    return value


def _apply_cli(settings: Settings, cli: dict[str, Any]) -> Settings:
    changes = {k: v for k, v in cli.items() if v is not None and v != ()}
    _check_helm_settings(changes, "")
    if "chart_version" in changes:
        changes["chart_origin"] = "from --chart-version"
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
    if "allowed_registries" in changes:  # --allowed-registry adds to DS802's option
        given = settings.rule_options.get(REGISTRIES_RULE, {}).get(REGISTRIES_OPTION, ())
        changes["rule_options"] = _with_option(settings.rule_options, REGISTRIES_RULE, REGISTRIES_OPTION,
                                               tuple(given) + tuple(changes.pop("allowed_registries")))
    if "extend_select" in changes:
        changes["select"] = (settings.select or ("DS", "")) + parse_codes(changes.pop("extend_select"), "--extend-select")
    chart = render_limits.from_cli(changes, settings.chart_limits)
    if chart is not None:
        changes["chart_limits"] = chart
    limits = {k: changes.pop(k) for k in ("max_bytes", "max_values", "max_depth") if k in changes}
    if limits:
        changes["limits"] = settings.limits._replace(**limits).checked()
    return settings._replace(**changes, explicit=settings.explicit | frozenset(changes))
