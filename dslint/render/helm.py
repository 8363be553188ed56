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

import contextlib
import json
import os
import re
import sys
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from dslint.lazy import LazyPattern
from dslint.load.errors import InputError
from dslint.render.limits import DEFAULT_CHART_LIMITS, GROWTH_HINT, ChartLimits, too_big

if TYPE_CHECKING:
    import threading

RENDER_EXTRA_HINT = "pip install 'dslint[render]'"


class Pending(Protocol):
    """A render under way: `result()` waits for its output (or raises its RenderFailure)."""

    def result(self) -> RenderOutput: ...



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
        self.notes: list[str] = []  # what Helm logged before it refused


class RenderRequest(NamedTuple):
    """What `helm template NAME CHART -f values ...` gets."""

    values: dict[str, Any]
    release_name: str
    namespace: str
    kube_version: str | None = None
    api_versions: tuple[str, ...] = ()

    @property
    def capabilities(self) -> bool:
        return bool(self.kube_version or self.api_versions)


class RenderOutput:
    """Helm's text per template path, and what the engine could not honour."""

    __slots__ = ("files", "ignored_capabilities", "notes")

    def __init__(self, files: dict[str, str], ignored_capabilities: bool = False, notes: list[str] | None = None) -> None:
        self.files = files
        # Set when the request had --kube-version/--api-versions the engine cannot pass to Helm.
        self.ignored_capabilities = ignored_capabilities
        self.notes = notes if notes is not None else []


class Engine(Protocol):
    name: str
    limits: ChartLimits
    pull_log: list[str]  # what Helm logged while pulling, for the report's notes

    def render(self, chart_path: str, request: RenderRequest) -> RenderOutput: ...

    def pull(self, reference: str, version: str, destination: str) -> str: ...


# Loading the SDK starts Helm's Go runtime: ~20 ms in the first call into the library, during
# which Python's other thread runs (ctypes releases the GIL).  `prefetch_engine` starts it in a
# thread as early as the command knows it will render; whoever needs the SDK waits for it.
_PREFETCH: threading.Thread | None = None


def _sdk_installed() -> bool:
    if "helm_python" in sys.modules:
        return sys.modules["helm_python"] is not None  # None: imports of it are blocked
    from importlib.machinery import PathFinder

    return PathFinder.find_spec("helm_python") is not None


def _import_sdk() -> None:
    # Any failure is the render's to report, when it imports the SDK itself.
    with contextlib.suppress(BaseException):
        import helm_python  # noqa: F401 (loaded for later, in this thread)


def prefetch_engine() -> None:
    """Start loading the Helm SDK in the background (once); a no-op without it."""
    global _PREFETCH
    if _PREFETCH is None and "helm_python" not in sys.modules and _sdk_installed():
        import threading

        _PREFETCH = threading.Thread(target=_import_sdk, name="dslint-helm-sdk", daemon=True)
        _PREFETCH.start()


def _sdk() -> Any:
    """The Helm SDK module, once the background load (if any) is done."""
    if _PREFETCH is not None:
        _PREFETCH.join()
    import helm_python

    return helm_python


def find_engine(limits: ChartLimits = DEFAULT_CHART_LIMITS) -> Engine:
    """The Helm SDK when installed, else a helm binary on PATH; `EngineMissing` otherwise.

    The SDK is found without importing it: its loading starts in the background.
    Either works within `limits` (time, memory, rendered size).
    """
    if _sdk_installed():
        prefetch_engine()
        return SdkEngine(limits)
    import shutil

    binary = shutil.which("helm")
    if binary is None:
        raise EngineMissing()
    return BinaryEngine(binary, limits)


def start_render(engine: Engine, chart_path: str, request: RenderRequest) -> Pending:
    """Start `engine.render` and return something whose `result()` is its output.

    The SDK renders in a thread (`bounded.BoundedCall`: within the time and memory limits);
    the helm binary is a process already, started and bounded in `result()`.
    """
    if isinstance(engine, SdkEngine):
        from dslint.render.bounded import BoundedCall

        return BoundedCall(engine.render, (chart_path, request), engine.limits, "Helm's render", chart_path)
    return _Deferred(engine, chart_path, request)


class _Deferred:
    def __init__(self, engine: Engine, chart_path: str, request: RenderRequest) -> None:
        self._call = (engine, chart_path, request)

    def result(self) -> RenderOutput:
        engine, chart_path, request = self._call
        return engine.render(chart_path, request)


def values_json(values: dict[str, Any]) -> str:
    """The values as JSON, the form both engines hand to Helm."""
    try:
        return json.dumps(values, allow_nan=False)
    except ValueError:
        raise InputError("the values hold a NaN or infinite number, which Helm cannot receive") from None


def check_render_size(files: dict[str, str], limits: ChartLimits, chart_path: str) -> dict[str, str]:
    """Helm's output, or an input error when it is larger than --max-render-size (before any parsing)."""
    size = sum(len(text) for text in files.values())
    if size > limits.max_render_size:
        error = too_big("Helm's render", size, limits.max_render_size, "max_render_size", chart_path)
        raise InputError(f"{error.message}; {GROWTH_HINT}", chart_path)
    return files


class SdkEngine:
    """Helm's Go SDK, in-process (helm-python-sdk)."""

    name = "Helm SDK"

    def __init__(self, limits: ChartLimits = DEFAULT_CHART_LIMITS) -> None:
        self.limits = limits
        self.pull_log: list[str] = []

    def render(self, chart_path: str, request: RenderRequest) -> RenderOutput:
        """Helm's render, its log lines kept as notes (helm_log), its size within the limit."""
        from dslint.render import helm_log

        log: list[str] = []
        try:
            with helm_log.captured() as log:
                output = self._render(chart_path, request)
        except RenderFailure as failure:
            failure.notes.extend(log)
            raise
        output.notes.extend(log)
        check_render_size(output.files, self.limits, chart_path)
        return output

    def _render(self, chart_path: str, request: RenderRequest) -> RenderOutput:
        helm = _sdk()
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

    def _render_with_capabilities(self, helm: Any, chart: Any, payload: str, request: RenderRequest) -> RenderOutput:
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
        """`helm pull` in a thread the main thread waits for within --timeout (and signals interrupt)."""
        from dslint.render.bounded import BoundedCall

        BoundedCall(self._pull, (reference, version, destination), self.limits, "the pull of the chart",
                    reference).result()
        return _single_archive(destination, reference)

    def _pull(self, reference: str, version: str, destination: str) -> None:
        from dslint.render import helm_log

        helm = _sdk()
        with helm_log.captured() as log:
            try:
                helm.pull(reference, version=version, destination=destination)
            except helm.HelmError as err:
                raise InputError(f"cannot pull the chart: {err.detail}", reference) from None
        self.pull_log.extend(log)


_SOURCE_LINE = LazyPattern(r"^---\n# Source: (.+)\n", re.MULTILINE)


class BinaryEngine:
    """`helm template` from a helm binary on PATH."""

    name = "helm binary"

    def __init__(self, binary: str, limits: ChartLimits = DEFAULT_CHART_LIMITS) -> None:
        self.binary = binary
        self.limits = limits
        self.pull_log: list[str] = []

    def render(self, chart_path: str, request: RenderRequest) -> RenderOutput:
        import tempfile

        from dslint.render.arguments import helm_template_argv
        from dslint.render.bounded import run_process

        with tempfile.TemporaryDirectory(prefix="dslint-values-") as scratch:
            values_path = os.path.join(scratch, "values.json")
            with open(values_path, "w", encoding="utf-8") as stream:
                stream.write(values_json(request.values))
            command = helm_template_argv(self.binary, request.release_name, chart_path, request.namespace,
                                         values_path, request.kube_version, request.api_versions)
            code, stdout, stderr = run_process(command, self.limits, "helm template", chart_path,
                                               max_output=self.limits.max_render_size)
        if code != 0:
            raise _binary_failure(stderr)
        # What Helm logged on a successful render (warnings) is kept for the report.
        notes = [line.strip() for line in stderr.splitlines() if line.strip()]
        return RenderOutput(check_render_size(split_template_output(stdout), self.limits, chart_path), notes=notes)

    def pull(self, reference: str, version: str, destination: str) -> str:
        from dslint.render.arguments import helm_pull_argv
        from dslint.render.bounded import run_process

        command = helm_pull_argv(self.binary, reference, version, destination)
        code, _, stderr = run_process(command, self.limits, "the pull of the chart", reference)
        if code != 0:
            raise InputError(f"cannot pull the chart: {_strip_error(stderr)}", reference)
        self.pull_log.extend(line.strip() for line in stderr.splitlines() if line.strip())
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
