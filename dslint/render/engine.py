"""The Helm engine: the chart's own templates, rendered by Helm itself, never re-implemented.

Two engines render the same way (offline, install mode, like `helm template`):

* `SdkEngine`: Helm's Go SDK in-process, from the `helm-python-sdk` package
  (`pip install 'dslint[render]'`);
* `BinaryEngine`: a `helm` binary on PATH (`helm template`), when the SDK is
  not installed.

Both return Helm's output per template path ({"deepspeed/templates/x.yaml":
text}); `dslint.render.stream` turns that into what `helm template` prints.
Helm's refusals become `RenderFailure`s carrying Helm's message, which the
pipeline reports as findings, never as tracebacks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Any, Protocol

from dslint.lazy import LazyPattern
from dslint.load.errors import InputError

RENDER_EXTRA_HINT = "pip install 'dslint[render]'"


class EngineMissing(InputError):
    """Neither the Helm SDK nor a helm binary is available."""

    def __init__(self) -> None:
        super().__init__(f"dslint render needs the Helm engine: {RENDER_EXTRA_HINT} (or put a helm binary on PATH)")


class RenderFailure(Exception):
    """Helm refused to render; `message` is Helm's (the chart's) own text."""

    TEMPLATE = "template"  # a chart's `fail`, an execution or parse error
    SCHEMA = "schema"  # the chart's values.schema.json rejected the values
    YAML = "yaml"  # Helm could not parse what the templates printed (helm binary only)

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class RenderRequest:
    """What `helm template NAME CHART -f values ...` gets."""

    values: dict[str, Any]
    release_name: str
    namespace: str
    kube_version: str | None = None
    api_versions: tuple[str, ...] = ()

    @property
    def capabilities(self) -> bool:
        return bool(self.kube_version or self.api_versions)


@dataclass
class RenderOutput:
    """Helm's text per template path, and what the engine could not honour."""

    files: dict[str, str]
    # Set when the request had --kube-version/--api-versions the engine cannot pass to Helm.
    ignored_capabilities: bool = False
    notes: list[str] = field(default_factory=list)


class Engine(Protocol):
    name: str

    def render(self, chart_path: str, request: RenderRequest) -> RenderOutput: ...

    def pull(self, reference: str, version: str, destination: str) -> str: ...


def find_engine() -> Engine:
    """The Helm SDK when installed, else a helm binary on PATH; `EngineMissing` otherwise."""
    try:
        import helm_python  # noqa: F401
    except ImportError:
        binary = shutil.which("helm")
        if binary is None:
            raise EngineMissing() from None
        return BinaryEngine(binary)
    return SdkEngine()


def values_json(values: dict[str, Any]) -> str:
    """The values as JSON, the form both engines hand to Helm."""
    try:
        return json.dumps(values, allow_nan=False)
    except ValueError:
        raise InputError("the values hold a NaN or infinite number, which Helm cannot receive") from None


class SdkEngine:
    """Helm's Go SDK, in-process (helm-python-sdk)."""

    name = "Helm SDK"

    def render(self, chart_path: str, request: RenderRequest) -> RenderOutput:
        import helm_python as helm

        payload = values_json(request.values)
        try:
            helm.validate_release_name(request.release_name)
        except helm.HelmInvalidArgError as err:
            raise InputError(f"release name {request.release_name!r}: {err.detail}", "--release-name") from None
        try:
            chart = helm.Chart.load(chart_path)
        except helm.HelmError as err:
            raise InputError(f"Helm cannot load the chart: {err.detail}", chart_path) from None
        with chart:
            try:
                if request.capabilities:
                    return self._render_with_capabilities(helm, chart, payload, request)
                files = chart.render(json.loads(payload), name=request.release_name,
                                     namespace=request.namespace, is_install=True)
            except helm.HelmValuesError as err:
                if "schema" in err.detail:
                    raise RenderFailure(RenderFailure.SCHEMA, err.detail) from None
                raise RenderFailure(RenderFailure.TEMPLATE, err.detail) from None
            except (helm.HelmRenderError, helm.HelmChartInvalidError) as err:
                raise RenderFailure(RenderFailure.TEMPLATE, err.detail) from None
        return RenderOutput(files)

    def _render_with_capabilities(self, helm, chart, payload: str, request: RenderRequest) -> RenderOutput:
        """Render with a Kubernetes version and extra API versions.

        `Chart.render` has no parameters for them, but the C library under it
        takes `kube_version` and `api_versions` in its render options (as
        `helm template --kube-version/--api-versions`).  A library that does not
        know them refuses the options; then render without and say so.
        """
        options: dict[str, Any] = {"name": request.release_name, "namespace": request.namespace, "is_install": True}
        if request.kube_version:
            options["kube_version"] = request.kube_version
        if request.api_versions:
            options["api_versions"] = list(request.api_versions)
        try:
            from helm_python import _native

            rendered = _native.call_string("helm_render", chart._raw(), payload, json.dumps(options))
        except (ImportError, AttributeError):
            rendered = None
        except helm.HelmInvalidArgError as err:
            if "unknown field" not in err.detail:
                # A version Helm cannot parse (--kube-version banana).
                raise InputError(f"--kube-version: {err.detail}") from None
            rendered = None
        if rendered is None:
            files = chart.render(json.loads(payload), name=request.release_name, namespace=request.namespace,
                                 is_install=True)
            return RenderOutput(files, ignored_capabilities=True)
        return RenderOutput(json.loads(rendered))

    def pull(self, reference: str, version: str, destination: str) -> str:
        import helm_python as helm

        try:
            helm.pull(reference, version=version, destination=destination)
        except helm.HelmError as err:
            raise InputError(f"cannot pull the chart: {err.detail}", reference) from None
        return _single_archive(destination, reference)


_SOURCE_LINE = LazyPattern(r"^---\n# Source: (.+)\n", re.MULTILINE)


class BinaryEngine:
    """`helm template` from a helm binary on PATH."""

    name = "helm binary"

    def __init__(self, binary: str) -> None:
        self.binary = binary

    def render(self, chart_path: str, request: RenderRequest) -> RenderOutput:
        with tempfile.TemporaryDirectory(prefix="dslint-values-") as scratch:
            values_path = os.path.join(scratch, "values.json")
            with open(values_path, "w", encoding="utf-8") as stream:
                stream.write(values_json(request.values))
            command = [self.binary, "template", request.release_name, chart_path,
                       "--namespace", request.namespace, "--values", values_path]
            if request.kube_version:
                command += ["--kube-version", request.kube_version]
            for api_version in request.api_versions:
                command += ["--api-versions", api_version]
            result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise _binary_failure(result.stderr)
        return RenderOutput(split_template_output(result.stdout))

    def pull(self, reference: str, version: str, destination: str) -> str:
        result = subprocess.run([self.binary, "pull", reference, "--version", version, "--destination", destination],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise InputError(f"cannot pull the chart: {_strip_error(result.stderr)}", reference)
        return _single_archive(destination, reference)


def split_template_output(stdout: str) -> dict[str, str]:
    """`helm template`'s stream back into text per template path."""
    files: dict[str, list[str]] = {}
    matches = list(_SOURCE_LINE.finditer(stdout))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(stdout)
        files.setdefault(match.group(1), []).append(stdout[match.end():end])
    return {path: "---\n".join(parts) for path, parts in files.items()}


def _strip_error(stderr: str) -> str:
    text = stderr.strip()
    return text[len("Error: "):] if text.startswith("Error: ") else text


def _binary_failure(stderr: str) -> RenderFailure:
    message = _strip_error(stderr)
    if "YAML parse error on" in message:
        return RenderFailure(RenderFailure.YAML, message)
    if "values don't meet the specifications of the schema" in message:
        return RenderFailure(RenderFailure.SCHEMA, message)
    return RenderFailure(RenderFailure.TEMPLATE, message)


def _single_archive(directory: str, reference: str) -> str:
    archives = [name for name in os.listdir(directory) if name.endswith(".tgz")]
    if len(archives) != 1:
        raise InputError("the pull did not produce one chart archive", reference)
    return os.path.join(directory, archives[0])
