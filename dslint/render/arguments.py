"""Every setting that reaches Helm, checked in one place before any of it does.

The release name, namespace, Kubernetes version and API versions come from the
command line or from a config file a pull request may edit; the chart version
and `oci://` reference from the command line.  With a helm binary they become
arguments of `helm template` and `helm pull`, where a release name like
`--post-renderer=./evil.sh` would be an option that runs a program.  So each
is held to what Helm itself accepts (a DNS name, a version) when the settings
are loaded, with the file and line it came from; and the argument lists are
built here, every option in `--name=value` form and the positional arguments
after `--`, which ends option parsing in Helm's command line (cobra/pflag).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from dslint.load.errors import InputError

# Helm's release names: a DNS-1123 subdomain of at most 53 characters (room for the suffixes
# Helm adds to the Secret that stores a release).
_RELEASE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
RELEASE_NAME_MAX = 53
# A namespace is a DNS-1123 label.
_NAMESPACE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
NAMESPACE_MAX = 63
# `group/version`, `version`, or `group/version/Kind` (helm template --api-versions); no comma,
# which Helm would split on, and no leading '-'.
_API_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,252}(/[A-Za-z0-9][A-Za-z0-9.-]{0,62}){0,2}$")
# An exact chart version (dslint pulls exactly that version, never a range).
_CHART_VERSION = re.compile(r"^v?[0-9A-Za-z][0-9A-Za-z.+-]{0,99}$")
# An oci:// reference: a registry host (and port), then a path; nothing a shell or Helm would read
# as anything else.
_OCI_REFERENCE = re.compile(r"^oci://[A-Za-z0-9][A-Za-z0-9.-]*(:\d{1,5})?(/[A-Za-z0-9._-]+)+$")


def _dns_name(pattern: re.Pattern[str], longest: int, kind: str, rule: str) -> Callable[[object], str | None]:
    """A check for a DNS-style name: a string of at most `longest` characters matching `pattern`."""

    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        if len(value) > longest:
            return f"is {len(value)} characters; {rule} at most {longest}"
        if not pattern.match(value):
            return f"is not a valid {kind}: {_DNS_CHARACTERS}"
        return None

    return check


_DNS_CHARACTERS = "lowercase letters, digits and '-' ('.' too in a release name), starting and ending with a letter or digit"
release_name_problem = _dns_name(_RELEASE_NAME, RELEASE_NAME_MAX, "release name", "Helm allows")
namespace_problem = _dns_name(_NAMESPACE, NAMESPACE_MAX, "namespace", "a namespace has")


def kube_version_problem(value: object) -> str | None:
    """The manifest lane's reading of --kube-version (1.x, patch optional) is the one rule."""
    from dslint.manifests.kube_versions import normalize_kube_version

    try:
        normalize_kube_version(value if isinstance(value, str) and value.strip() == value else "?")
    except InputError:
        return "is not a Kubernetes version (like 1.33 or v1.33.2)"
    return None


def _matching(pattern: re.Pattern[str], problem: str) -> Callable[[object], str | None]:
    """A check that a value is a string matching `pattern`, saying `problem` when it is not."""

    def check(value: object) -> str | None:
        return None if isinstance(value, str) and pattern.match(value) else problem

    return check


api_version_problem = _matching(_API_VERSION, "is not an API version (like apps/v1, or group/version/Kind)")
chart_version_problem = _matching(_CHART_VERSION, "is not a chart version (like 2.1.1): letters, digits, '.', '+' and '-'")
oci_reference_problem = _matching(_OCI_REFERENCE, "is not an oci:// reference (like oci://registry.example.com/charts/deepspeed)")


# Setting (as Settings names it) -> (option or config key, check).  One entry per value that
# reaches Helm from the settings.
_CHECKS: dict[str, tuple[str, Callable[[object], str | None]]] = {
    "release_name": ("release-name", release_name_problem),
    "namespace": ("namespace", namespace_problem),
    "kube_version": ("kube-version", kube_version_problem),
    "api_versions": ("api-versions", api_version_problem),
}

Locate = Callable[[tuple[Any, ...], bool], "tuple[int, int]"]


def check_helm_settings(values: dict[str, Any], source: str, locate: Locate | None = None) -> None:
    """Refuse a setting Helm would not accept (or would read as an option), where it was written.

    `values` maps Settings names to what the config file or command line gave.  `locate`
    finds a config key's line and column; without it, `source` is the option's context.
    """
    for attr, (key, problem_of) in _CHECKS.items():
        value = values.get(attr)
        if value is None:
            continue
        items = list(value) if attr == "api_versions" and isinstance(value, (list, tuple)) else [value]
        for index, item in enumerate(items):
            problem = problem_of(item)
            if problem is None:
                continue
            if locate is not None:
                path = (key, index) if attr == "api_versions" else (key,)
                line, column = locate(path, False)
                raise InputError(f"invalid {key} {item!r}: {problem}", source, line, column)
            raise InputError(f"--{key} {item!r}: invalid {key.replace('-', ' ')}: {problem}")


def check_chart_reference(reference: str, version: str | None) -> None:
    """An `oci://` reference and its --pull-version, before either reaches Helm."""
    problem = oci_reference_problem(reference)
    if problem:
        raise InputError(f"--chart {problem}", reference)
    if version is not None:
        problem = chart_version_problem(version)
        if problem:
            raise InputError(f"--pull-version {version!r} {problem}", reference)


def helm_template_argv(binary: str, release_name: str, chart_path: str, namespace: str, values_path: str,
                       kube_version: str | None, api_versions: Iterable[str]) -> list[str]:
    """`helm template` with every option as `--name=value` and the positional arguments after `--`."""
    check_helm_settings({"release_name": release_name, "namespace": namespace, "kube_version": kube_version,
                         "api_versions": tuple(api_versions)}, "helm template")
    argv = [binary, "template", f"--namespace={namespace}", f"--values={values_path}"]
    if kube_version:
        argv.append(f"--kube-version={kube_version}")
    argv += [f"--api-versions={api_version}" for api_version in api_versions]
    return argv + ["--", release_name, chart_path]


def helm_pull_argv(binary: str, reference: str, version: str, destination: str) -> list[str]:
    """`helm pull` likewise."""
    check_chart_reference(reference, version)
    return [binary, "pull", f"--version={version}", f"--destination={destination}", "--", reference]
