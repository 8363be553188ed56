"""Generate the facts of every published chart version from the charts themselves.

    DSLINT_CHART_HISTORY=/path/to/charts python -m dslint.knowledge.generate [--write]

`DSLINT_CHART_HISTORY` is a directory holding one `<version>/deepspeed/`
chart per published version, each with its pinned `common` chart under
`charts/common` (what `chart-versions.py <bitnami/charts git dir> extract`
assembles from a fetched bitnami/charts history).  For each version the
generator reads facts only, never text:

* `values.yaml`: the parameter names and their defaults (a default the chart
  computes with a template is recorded as "a template is there");
* the `@param ... DEPRECATED` markers of values.yaml: which keys are deprecated;
* `Chart.lock`: the version of `common` it pins; that common chart's
  `resourcesPreset` table and whether it reads `omitEmptySeLinuxOptions`;

then joins them with the hand-written model of its version range (types,
allowed values, formats) and writes `dslint/knowledge/data/`.  Without
`--write` it reports what would change and exits 1 when anything would.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

from dslint.knowledge.join import IMPLICIT_KEYS, ChartFacts, join
from dslint.knowledge.versions import DATA_DIR, INDEX_FILE, version_key

HISTORY_VARIABLE = "DSLINT_CHART_HISTORY"
CHART_TEMPLATE = "<template in the chart>"
# Which hand-written model describes which versions: the first version it holds for.
MODEL_RANGES = (("0.1.0", "2.1.1"), ("2.2.0", "2.3.51"))
_DEPRECATED = re.compile(r"^##\s*@param\s+(\S+)\s+DEPRECATED", re.M)
_PRESET = re.compile(r'"([\w-]+)"\s*\(dict\s*"requests"\s*\(dict([^)]*)\)\s*"limits"\s*\(dict([^)]*)\)')
_PAIR = re.compile(r'"([\w.-]+)"\s+"([^"]*)"')


def model_for_version(version: str) -> str:
    chosen = MODEL_RANGES[0][1]
    for first, model in MODEL_RANGES:
        if version_key(version) >= version_key(first):
            chosen = model
    return chosen


def _templated(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _templated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_templated(v) for v in value]
    if isinstance(value, str) and "{{" in value:
        return CHART_TEMPLATE
    return value


def read_chart(chart_dir: str) -> tuple[ChartFacts, dict[str, Any]]:
    """(facts for the join, facts about its common library) of one chart directory."""
    from dslint.load.files import load_values_file

    values = _templated(load_values_file(os.path.join(chart_dir, "values.yaml")).data)
    with open(os.path.join(chart_dir, "values.yaml"), encoding="utf-8") as handle:
        deprecated = _DEPRECATED.findall(handle.read())
    common = read_common(chart_dir)
    return ChartFacts(values, deprecated, common["reads"], read_schema_types(chart_dir)), common


def read_schema_types(chart_dir: str) -> dict[str, list[str]]:
    """dotted path -> the JSON types values.schema.json states for it (only the types: no text)."""
    path = os.path.join(chart_dir, "values.schema.json")
    if not os.path.isfile(path):
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            schema = json.load(handle)
    except (OSError, ValueError):
        return {}
    out: dict[str, list[str]] = {}

    def walk(node: Any, dotted: str) -> None:
        if not isinstance(node, dict):
            return
        stated = node.get("type")
        if dotted and stated:
            out[dotted] = [stated] if isinstance(stated, str) else [t for t in stated if isinstance(t, str)]
        for key, sub in (node.get("properties") or {}).items():
            walk(sub, f"{dotted}.{key}" if dotted else key)

    walk(schema, "")
    return out


def read_common(chart_dir: str) -> dict[str, Any]:
    """The pinned common library: its version, presets, and the implicit keys it reads."""
    version = ""
    lock = os.path.join(chart_dir, "Chart.lock")
    if os.path.isfile(lock):
        from dslint.load.files import load_values_file

        for dependency in load_values_file(lock).data.get("dependencies") or []:
            if isinstance(dependency, dict) and dependency.get("name") == "common":
                version = str(dependency.get("version") or "")
    templates = os.path.join(chart_dir, "charts", "common", "templates")
    text = ""
    if os.path.isdir(templates):
        for name in sorted(os.listdir(templates)):
            if name.endswith(".tpl"):
                with open(os.path.join(templates, name), encoding="utf-8") as handle:
                    text += handle.read()
    presets = {}
    for name, requests, limits in _PRESET.findall(text):
        presets[name] = {"requests": dict(_PAIR.findall(requests)), "limits": dict(_PAIR.findall(limits))}
    reads = sorted(name for _, name in IMPLICIT_KEYS if name in text)
    return {"version": version, "presets": presets, "reads": reads}


def _model_spec(model_version: str, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if model_version not in cache:
        from dslint.model.facts import compile_facts

        cache[model_version] = compile_facts(model_version)["spec"]
    return cache[model_version]


def _leaves(tree: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    if isinstance(tree, dict) and tree:
        out = {}
        for key, value in tree.items():
            out.update(_leaves(value, path + (key,)))
        return out
    return {path: tree}


def _delta(base: dict[str, Any], defaults: dict[str, Any]) -> list[Any]:
    """[path, value] pairs that turn `base` into `defaults`, two trees with the same keys."""
    old, new = _leaves(base), _leaves(defaults)
    out = [[list(p), v] for p, v in new.items() if type(old[p]) is not type(v) or old[p] != v]
    return sorted(out, key=lambda item: [str(p) for p in item[0]])


def _keys(tree: Any) -> Any:
    return {k: _keys(v) for k, v in tree.items()} if isinstance(tree, dict) else None


def _dump(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"


def extract(history: str) -> dict[str, Any]:
    """The chart facts of every version under `history`: {version: (ChartFacts, common facts)}."""
    versions = sorted((v for v in os.listdir(history) if os.path.isfile(os.path.join(history, v, "deepspeed", "Chart.yaml"))),
                      key=version_key)
    if not versions:
        raise SystemExit(f"{HISTORY_VARIABLE}={history}: no <version>/deepspeed/Chart.yaml there")
    return {version: read_chart(os.path.join(history, version, "deepspeed")) for version in versions}


def build(charts: dict[str, Any]) -> dict[str, str]:
    """file name -> text of every data file: the chart facts joined with the models."""
    models: dict[str, Any] = {}
    files: dict[str, str] = {}
    index: dict[str, Any] = {"versions": {}, "common": {}, "presets": []}
    specs: dict[str, str] = {}  # spec text -> first version with it
    key_sets: dict[str, str] = {}  # key tree -> first version with it
    bases: dict[str, dict[str, Any]] = {}
    inferred: set[str] = set()
    for version, (facts, common) in charts.items():
        spec = join(_model_spec(model_for_version(version), models), facts)
        inferred.update(f"{version}: {p}" for p in facts.inferred)
        text = _dump(spec)
        params = specs.setdefault(text, version)
        if params == version:
            files[f"params-{version}.json"] = text
        base = key_sets.setdefault(_dump(_keys(facts.values)), version)
        if base == version:
            bases[version] = {"base": facts.values, "delta": {}}
        entry: dict[str, Any] = {"params": params, "defaults": base, "common": common["version"]}
        delta = _delta(bases[base]["base"], facts.values)
        if delta:
            # Kept with the base: a run reads only its own version's set.
            bases[base]["delta"][version] = delta
        if facts.deprecated:
            entry["deprecated"] = sorted(facts.deprecated)
        # The schema's types of keys no model knows, so that a re-join needs no history.
        stated = {p: facts.schema_types[p] for p in facts.inferred if p in facts.schema_types}
        if stated:
            entry["types"] = stated
        index["versions"][version] = entry
        if common["presets"] not in index["presets"]:
            index["presets"].append(common["presets"])
        index["common"].setdefault(common["version"], {"presets": index["presets"].index(common["presets"]),
                                                       "reads": common["reads"]})
    for base, defaults in bases.items():
        files[f"defaults-{base}.json"] = _dump(defaults)
    for line in sorted(inferred):
        print(f"typed from its default (no model field): {line}", file=sys.stderr)
    files[INDEX_FILE] = json.dumps(index, separators=(",", ":")) + "\n"
    return files


def committed_charts() -> dict[str, Any]:
    """The chart facts as the committed data holds them: the join redone without the history."""
    from dslint.knowledge import versions

    index = versions._index()
    out = {}
    for version, entry in index["versions"].items():
        common = index["common"][entry["common"]]
        facts = ChartFacts(versions.load(version)["defaults"], entry.get("deprecated", ()), common["reads"],
                           entry.get("types"))
        out[version] = (facts, {"version": entry["common"], "presets": index["presets"][common["presets"]],
                                "reads": common["reads"]})
    return out


def update_file(path: str, text: str, write: bool) -> bool:
    """Is the generated file at `path` stale (missing or different)? With `write`, bring it up to date."""
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as handle:
            if handle.read() == text:
                return False
    if write:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    return True


def main(argv: list[str]) -> int:
    write = "--write" in argv
    history = os.environ.get(HISTORY_VARIABLE)
    if "--models-only" in argv:
        # After a model change: the committed chart facts, joined again (no history needed).
        files = build(committed_charts())
    elif not history or not os.path.isdir(history):
        print(f"set {HISTORY_VARIABLE} to a directory of extracted charts (<version>/deepspeed/), "
              "or pass --models-only to re-join the committed chart facts with the models", file=sys.stderr)
        return 2
    else:
        files = build(extract(history))
    stale = [name for name, text in files.items() if update_file(os.path.join(DATA_DIR, name), text, write)]
    extra = [n for n in os.listdir(DATA_DIR) if n.endswith(".json") and n not in files] if os.path.isdir(DATA_DIR) else []
    for name in extra:
        if write:
            os.remove(os.path.join(DATA_DIR, name))
    for name in stale + extra:
        print(("updated " if write else "stale: ") + name)
    return 1 if (stale or extra) and not write else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
