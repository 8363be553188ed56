"""docs/configuration.md, generated from the configuration model (`dslint.config_model`).

`python -m dslint.docs --write` writes it with the rule pages; a test fails
when the committed page drifts from the model, so every setting the config
file accepts is documented in one place, with its command-line flag.
"""

from __future__ import annotations

import types
import typing
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

PAGE = "docs/configuration.md"

# Config settings whose command-line option has another parameter name.
_CLI_PARAMS = {"max_file_size": "max_bytes"}

_INTRO = """\
# Configuration

Generated from dslint's configuration model by `python -m dslint.docs --write`; a test keeps it in
sync. dslint reads the nearest `.dslint.yaml` (or `.dslint.yml`, or a `[tool.dslint]` table in
`pyproject.toml`), searching upwards from the current directory to the repository root;
`--config PATH` names one, `--isolated` ignores them. The command line wins over the file
(`--ignore` and `--allowed-registry` add to the file's lists). A key the model does not have, a
value of the wrong type, or a rule code or prefix that names no rule is an input error with its
line and column (exit 2), never silently ignored; `null` means "not set".

"""

_EXAMPLE = """\
## Example

```yaml
# .dslint.yaml
chart-version: "2.3.51"
platform: openshift
profile: production
fail-on: error
select: [DS]
ignore: [DS213]
severity: {DS401: error}
per-file-ignores: {"examples/dev-*.yaml": [DS401]}
allowed-registries: [registry.internal.example.com]
release-name: train
namespace: ml
offline: true
kube-version: "1.30"
api-versions: [monitoring.coreos.com/v1]
pss-level: restricted
limits: {max-file-size: 1048576, max-depth: 50}
```

The same in `pyproject.toml`:

```toml
[tool.dslint]
platform = "openshift"
ignore = ["DS213"]
severity = {DS401 = "error"}
limits = {max-depth = 50}
```
"""


def _type_text(annotation: Any) -> str:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    # `X | None` and `Optional[X]` are two spellings of one union.
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _type_text(args[0])
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(annotation))
    if origin is list:
        return "list of " + _type_text(args[0]).replace("string", "strings")
    if origin is dict:
        return f"map: string → {_type_text(args[1])}"
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return "mapping (below)"
    if annotation is bool:
        return "boolean"
    if annotation is str:
        return "string"
    return "integer"


def _options() -> dict[str, str]:
    """Parameter name -> the `dslint check` option that sets it."""
    from dslint.cli import main

    out = {}
    for param in main.commands["check"].params:
        if param.name and getattr(param, "opts", None):
            longest = max(param.opts, key=len)
            secondary = [o for o in getattr(param, "secondary_opts", []) if o]
            out[param.name] = "/".join([longest, *secondary])
    return out


def _table(model: type[BaseModel], options: dict[str, str], prefix: str = "") -> list[str]:
    lines = ["| Key | Type | Command line | What it sets |", "| --- | --- | --- | --- |"]
    for name, field in model.model_fields.items():
        key = field.alias or name
        flag = options.get(_CLI_PARAMS.get(name, name))
        lines.append(f"| `{prefix}{key}` | {_type_text(field.annotation)} | {f'`{flag}`' if flag else '—'} | "
                     f"{field.description or ''} |")
    return lines


def configuration_markdown() -> str:
    from dslint.config_model import ConfigFile, Limits

    options = _options()
    lines = [_INTRO.rstrip("\n"), "", "## Settings", "", *_table(ConfigFile, options), "",
             "### `limits`", "", *_table(Limits, options, "limits."), "", _EXAMPLE.rstrip("\n")]
    return "\n".join(lines) + "\n"
