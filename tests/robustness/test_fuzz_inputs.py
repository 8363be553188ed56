"""Property tests: any values file, any --set flag, any bytes -> findings or one-line errors.

The invariant is in `robust_support.assert_survived`.  The "ci" hypothesis
profile keeps this fast; `--hypothesis-profile=long` (or DSLINT_HYPOTHESIS=long)
runs thousands of examples per test.
"""

from __future__ import annotations

import copy
import json
import string

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from dslint.formats import FORMATS
from dslint.model.facts import load_facts

from robust_support import assert_clean_output, assert_survived, run_check, write

FORMAT_NAMES = sorted(FORMATS)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


# --- random YAML text ------------------------------------------------------------------

_YAML_PIECES = [
    "worker", "client", "config", "replicaCount", "extraEnvVars", "a", "b", ":", ": ", "- ", "-", "\n", "\n  ",
    "\n    ", "  ", "\t", "{", "}", "[", "]", ", ", ",", "&x ", "*x", "&y ", "*y", "<<: ", "<<", "? ",
    "!!python/object/apply:os.system ", "!!python/name:os.system ", "!!str ", "!!int ", "!!float ", "!!bool ",
    "!!binary ", "!!null ", "!!map ", "!!seq ", "!!set ", "!!omap ", "!custom ", "!<tag:x> ", "'", '"', "''", '\\"',
    "|", "|-", ">", ">+", "#", " # c", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "yes", "no", "on",
    "0x1F", "0777", "08", "1e400", "1_000", ".inf", ".nan", "-.inf", "~", "null", "true", "\ufeff", "\r\n", "\r",
    "é", "\x85", "\u2028", "\U0001f600", "\x00", "\x1b", "=", "\\", "%", "@", "`", "2001-12-14", "9" * 30,
]
yaml_like_text = st.lists(st.one_of(st.sampled_from(_YAML_PIECES), st.text(max_size=4)), max_size=80).map("".join)


@given(text=st.one_of(yaml_like_text, st.text(max_size=300)), output_format=st.sampled_from(FORMAT_NAMES))
@example(text="a: &a [*a]", output_format="text")
@example(text="a: !!python/object/apply:os.system ['true']", output_format="json")
@example(text="\ufeffworker: {replicaCount: 2}", output_format="sarif")
def test_random_yaml_text(tmp_path, text, output_format):
    write(tmp_path / "v.yaml", text)
    assert_clean_output(assert_survived(run_check("v.yaml", "--format", output_format)), output_format)


# --- valid YAML of random shape -------------------------------------------------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
)
_any_keys = st.one_of(st.text(max_size=10), st.integers(), st.booleans())
_trees = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_any_keys, inner, max_size=4)),
    max_leaves=30,
)


def _dump(data, style: int) -> str:
    if style == 0:
        return json.dumps(data, ensure_ascii=False)
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=style == 1,
                     default_flow_style=style == 2, width=10**9)


@given(data=st.dictionaries(_any_keys, _trees, max_size=6), style=st.integers(0, 3),
       output_format=st.sampled_from(FORMAT_NAMES))
def test_random_yaml_documents(tmp_path, data, style, output_format):
    try:
        text = _dump(data, style)
    except (ValueError, yaml.YAMLError):  # JSON cannot hold every key type
        text = _dump(data, 1)
    write(tmp_path / "v.yaml", text)
    assert_clean_output(assert_survived(run_check("v.yaml", "--format", output_format)), output_format)


# --- values shaped like the chart's: right keys, wrong types, deep nesting, huge lists ---

DEFAULTS = load_facts("2.1.1")["defaults"]


def _paths(node, path=()):
    if isinstance(node, dict):
        for key, item in node.items():
            yield path + (key,)
            yield from _paths(item, path + (key,))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield path + (index,)
            yield from _paths(item, path + (index,))


CHART_PATHS = sorted(set(_paths(DEFAULTS)), key=str)
CHART_KEYS = sorted({p[-1] for p in CHART_PATHS if isinstance(p[-1], str)})

_chart_scalars = st.one_of(
    _scalars,
    st.sampled_from(["", "{{ .Values.x }}", "1Gi", "-1", "500m", "0.5", "yes", "0777", "ALL", "RuntimeDefault", "hard",
                     "soft", "small", "none", "2xlarge", "LoadBalancer", "NodePort", "Parallel", "Always", "docker.io",
                     "bitnami/deepspeed", "sha256:" + "a" * 64, "root", "0", "65536", "True", "nvidia.com/gpu"]),
)
_chart_trees = st.recursive(
    _chart_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(CHART_KEYS), st.text(max_size=8)), inner, max_size=5),
    ),
    max_leaves=25,
)


def _nested(depth: int, kind: str):
    value: object = "leaf"
    for _ in range(depth):
        value = {"a": value} if kind == "map" else [value]
    return value


_wild_values = st.one_of(
    _chart_trees,
    st.builds(_nested, st.integers(1, 140), st.sampled_from(["map", "list"])),
    st.builds(lambda n, item: [item] * n, st.integers(100, 5000), _chart_scalars),
    st.builds(lambda n: {f"k{i}": i for i in range(n)}, st.integers(100, 2000)),
    st.builds(lambda value: copy.deepcopy(value), st.sampled_from([DEFAULTS["worker"], DEFAULTS["client"], DEFAULTS])),
)


def _put(data: dict, path: tuple, value) -> None:
    here = data
    for part in path[:-1]:
        key = str(part) if isinstance(part, int) else part
        nxt = here.get(key)
        if not isinstance(nxt, dict):
            nxt = here[key] = {}
        here = nxt
    last = path[-1]
    here[str(last) if isinstance(last, int) else last] = value


def _put_list_aware(data: dict, path: tuple, value) -> None:
    """Build `path` with lists where the chart has lists, so indices land inside them."""
    here = data
    for part, following in zip(path, path[1:]):
        holder_key = part
        want_list = isinstance(following, int)
        nxt = here[holder_key] if isinstance(here, dict) and holder_key in here else None
        if want_list and not isinstance(nxt, list):
            nxt = [None] * (following + 1)
        elif not want_list and not isinstance(nxt, dict):
            nxt = {}
        if isinstance(here, list):
            while len(here) <= part:
                here.append(None)
        here[holder_key] = nxt
        if isinstance(nxt, list):
            while len(nxt) <= following:
                nxt.append(None)
        here = nxt
    last = path[-1]
    if isinstance(here, list):
        while len(here) <= last:
            here.append(None)
    here[last] = value


@st.composite
def chart_shaped_values(draw):
    data: dict = {}
    for path in draw(st.lists(st.sampled_from(CHART_PATHS), min_size=1, max_size=8)):
        value = draw(_wild_values)
        try:
            _put_list_aware(data, path, value)
        except (TypeError, IndexError):
            _put(data, path, value)
    if draw(st.booleans()):
        data[draw(st.sampled_from(CHART_KEYS))] = draw(_chart_trees)
    return data


@given(data=chart_shaped_values(), style=st.integers(0, 3), output_format=st.sampled_from(FORMAT_NAMES),
       chart_version=st.sampled_from(["2.1.1", "2.3.51"]), platform=st.sampled_from(["kubernetes", "openshift"]),
       profile=st.sampled_from(["production", "development"]))
def test_chart_shaped_values(tmp_path, data, style, output_format, chart_version, platform, profile):
    write(tmp_path / "v.yaml", _dump(data, style))
    assert_survived(run_check("v.yaml", "--format", output_format, "--chart-version", chart_version,
                              "--platform", platform, "--profile", profile, "--fail-on", "warning"))


@given(base=chart_shaped_values(), top=chart_shaped_values())
def test_chart_shaped_values_stacked(tmp_path, base, top):
    write(tmp_path / "base.yaml", _dump(base, 1))
    write(tmp_path / "top.yaml", _dump(top, 2))
    assert_survived(run_check("-f", "base.yaml", "top.yaml", "base.yaml", "--format", "json"))


# --- random --set flags --------------------------------------------------------------

_SET_ALPHABET = string.ascii_letters[:6] + "0189.=[],{}\\ -:\"'\t\n\x00é" + "\ud800"
_dotted = st.sampled_from(CHART_PATHS).map(
    lambda p: "".join(f"[{x}]" if isinstance(x, int) else (("." if i else "") + x.replace(".", "\\.")) for i, x in enumerate(p))
)
_set_values = st.one_of(
    st.text(alphabet=_SET_ALPHABET, max_size=20),
    st.sampled_from(["true", "FALSE", "null", "0", "012", "-1", "9223372036854775808", "{a,b}", "{}", "[1]",
                     '{"a": 1}', "[[[[", "1e5", "v.yaml", "missing.yaml", "bin.dat", ".", "-"]),
    _trees.map(lambda t: json.dumps(t)),
)
set_arguments = st.one_of(
    st.text(alphabet=_SET_ALPHABET, max_size=40),
    st.builds(lambda k, v: f"{k}={v}", _dotted, _set_values),
    st.builds(lambda k, v, k2, v2: f"{k}={v},{k2}={v2}", _dotted, _set_values, _dotted, _set_values),
    st.builds(lambda k, n, v: f"{k}" + "[0]" * n + f"={v}", _dotted, st.integers(0, 120), _set_values),
    st.builds(lambda n: ".".join(["a"] * n) + "=1", st.integers(1, 40)),
    st.builds(lambda k, n: f"{k}[{n}]=x", _dotted, st.integers(-5, 2**70)),
    st.builds(lambda k, t: f"{k}={json.dumps(t)}", _dotted, _trees),
    st.builds(lambda t: json.dumps({"worker": t}), _trees),
)
SET_FLAGS = ["--set", "--set-string", "--set-json", "--set-file", "--set-literal"]


@given(flags=st.lists(st.tuples(st.sampled_from(SET_FLAGS), set_arguments), min_size=1, max_size=5),
       with_file=st.booleans(), output_format=st.sampled_from(FORMAT_NAMES))
@example(flags=[("--set-json", "worker=" + "[" * 600 + "]" * 600)], with_file=False, output_format="text")
@example(flags=[("--set-json", "worker={" + '"a":{' * 600 + '"b":1' + "}" * 601)], with_file=False, output_format="text")
@example(flags=[("--set-file", "config.sshPrivateKey=bin.dat")], with_file=True, output_format="json")
@example(flags=[("--set-file", "a=.")], with_file=False, output_format="json")
@example(flags=[("--set-file", "=\x00")], with_file=False, output_format="github")
def test_random_set_flags(tmp_path, flags, with_file, output_format):
    write(tmp_path / "v.yaml", "worker:\n  replicaCount: 2\n")
    write(tmp_path / "bin.dat", b"\x00\x01\xff")
    args = [part for flag, text in flags for part in (flag, text)]
    if with_file:
        args.append("v.yaml")
    assert_clean_output(assert_survived(run_check(*args, "--format", output_format, input=b"")), output_format)


# --- random bytes as files -------------------------------------------------------------

_BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
_valid = "worker:\n  replicaCount: 2\n  extraEnvVars:\n    - name: A\n      value: b\nclient:\n  enabled: true\n"


@st.composite
def corrupted(draw):
    data = bytearray(_valid.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1"]))))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=4))
    return bytes(data)


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "surrogatepass") if encoding.startswith("utf") else text.encode(encoding, "replace")


_random_files = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda bom, body: bom + body, st.sampled_from(_BOMS), st.binary(max_size=300)),
    corrupted(),
    st.builds(_encoded, st.text(max_size=200),
              st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252"])),
)


@given(data=_random_files, via_stdin=st.booleans(), output_format=st.sampled_from(FORMAT_NAMES))
def test_random_bytes_as_files(tmp_path, data, via_stdin, output_format):
    if via_stdin:
        run = run_check("-", "--format", output_format, input=data)
    else:
        write(tmp_path / "v.yaml", data)
        run = run_check("v.yaml", "--format", output_format)
    assert_clean_output(assert_survived(run), output_format)


# --- configuration files: in a pull request they are as untrusted as the values -------------------

_CONFIG_KEYS = ["allowed-registries", "api-versions", "chart-version", "fail-on", "ignore", "kube-version", "limits",
                "namespace", "offline", "per-file-ignores", "platform", "profile", "pss-level", "release-name",
                "select", "severity", "max-file-size", "max-values", "max-depth", "DS101", "*.yaml", "tool", "dslint"]
_config_scalars = st.one_of(_scalars, st.sampled_from(
    ["DS1", "DS101,DS2", "all", "error", "warning", "never", "openshift", "2.3.51", "1.30", "v1", "*.yaml", "-1", "0",
     "1e30", "100000000000000000000000000", "registry.example.com/*"]))
_config_trees = st.recursive(
    _config_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(_CONFIG_KEYS), st.text(max_size=6)), inner, max_size=4)),
    max_leaves=20,
)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and value == value and abs(value) != float("inf"):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


@given(config=st.dictionaries(st.sampled_from(_CONFIG_KEYS), _config_trees, max_size=6),
       raw=st.one_of(st.none(), yaml_like_text), as_toml=st.booleans())
@example(config={"limits": {"max-file-size": 10**30}}, raw=None, as_toml=False)
@example(config={"limits": {"max-file-size": -5, "max-values": -1}}, raw=None, as_toml=False)
@example(config={}, raw="select = " + "[" * 3000 + "]" * 3000, as_toml=True)
@example(config={}, raw="a: &a [*a, *a]\nlimits: {max-depth: 100000}\n", as_toml=False)
def test_random_configuration_files(tmp_path, config, raw, as_toml):
    write(tmp_path / "v.yaml", "worker:\n  replicaCount: 2\n")
    if as_toml:
        body = raw if raw is not None else "\n".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in config.items())
        write(tmp_path / "pyproject.toml", "[tool.dslint]\n" + body + "\n")
        path = "pyproject.toml"
    else:
        write(tmp_path / ".dslint.yaml", raw if raw is not None else _dump(config, 1))
        path = ".dslint.yaml"
    assert_survived(run_check("--config", path, "v.yaml"))


@pytest.mark.parametrize("config", ["severity: {DS101: null}\n", "per-file-ignores: {'*.yaml': null}\n"])
def test_null_inside_config_maps(tmp_path, config):
    write(tmp_path / "v.yaml", "worker:\n  replicaCount: 2\n")
    write(tmp_path / ".dslint.yaml", config)
    assert_survived(run_check("--config", ".dslint.yaml", "v.yaml"))
