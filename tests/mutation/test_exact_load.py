"""Loading answers with exact positions and Helm's deep merge of values files."""

from __future__ import annotations

import pytest

from dslint.run import Target
from dslint.values_lane import stack_values
from dslint.config import Settings
from dslint.load.files import load_values_file

from answers import finding_lines


@pytest.mark.parametrize("text, error", [
    ("client:\n  a: 1\n  b: c: d\n", "v.yaml:3:7: invalid YAML: mapping values are not allowed in this context"),
    ("client:\n  a: 1\n b: 2\n", "v.yaml:3:2: invalid YAML: did not find expected key (while parsing a block mapping)"),
    ("client:\n  a: 1\n  b: \"x\n", "v.yaml:4:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)"),
    ("a: [1, 2\n", "v.yaml:2:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"),
])
def test_yaml_syntax_errors_name_the_exact_line_and_column(run_cli, tmp_path, text, error):
    (tmp_path / "v.yaml").write_text(text)
    result = run_cli("check", "v.yaml")
    assert result.stderr.splitlines() == [f"dslint: error: {error}"]
    assert result.exit_code == 2


def _stack(tmp_path, *files: tuple[str, str]):
    for name, text in files:
        (tmp_path / name).write_text(text)
    return stack_values(Target([load_values_file(str(tmp_path / name)) for name, _ in files]), Settings())


def test_maps_of_values_files_merge_at_every_depth(tmp_path):
    user = _stack(tmp_path, ("base.yaml", "worker:\n  resources:\n    limits:\n      memory: 32Gi\n      cpu: 4\n"),
                  ("prod.yaml", "worker:\n  resources:\n    limits:\n      cpu: 8\n    requests:\n      cpu: 2\n"))
    assert user.data == {"worker": {"resources": {"limits": {"memory": "32Gi", "cpu": 8}, "requests": {"cpu": 2}}}}
    # Each value is where its layer wrote it: memory from base, the replaced cpu from prod.
    memory = user.location(("worker", "resources", "limits", "memory"))
    cpu = user.location(("worker", "resources", "limits", "cpu"))
    assert (memory.source.endswith("base.yaml"), memory.line, memory.column) == (True, 4, 15)
    assert (cpu.source.endswith("prod.yaml"), cpu.line, cpu.column) == (True, 4, 12)


def test_a_limit_split_over_two_files_is_no_missing_limit(run_cli, tmp_path):
    (tmp_path / "base.yaml").write_text("worker:\n  resourcesPreset: none\n  resources:\n    limits:\n      memory: 32Gi\n")
    (tmp_path / "prod.yaml").write_text("worker:\n  resources:\n    requests:\n      cpu: \"8\"\n      memory: 32Gi\n")
    result = run_cli("check", "-f", "base.yaml", "prod.yaml", "--select", "DS404", "--format", "json")
    assert finding_lines(result) == [] and result.exit_code == 0
    # ...and without the limit the finding points at the later file's `resources`.
    (tmp_path / "base.yaml").write_text("worker:\n  resourcesPreset: none\n")
    result = run_cli("check", "-f", "base.yaml", "prod.yaml", "--select", "DS404", "--format", "json")
    assert finding_lines(result) == [
        "prod.yaml:2:3 DS404 warning the worker has no memory limit: `worker.resources` sets none"]


# --- Reading a file: every refusal, word for word ----------------------------------------------


def _refusal(path, limits=None) -> str:
    from dslint.load.errors import InputError
    from dslint.load.files import read_bytes
    from dslint.load.yaml_tree import DEFAULT_LIMITS

    with pytest.raises(InputError) as caught:
        read_bytes(str(path), limits or DEFAULT_LIMITS)
    return str(caught.value)


def test_each_path_that_cannot_be_read_says_why(tmp_path):
    import socket

    (tmp_path / "f.yaml").write_text("a: 1\n")
    (tmp_path / "d").mkdir()
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock"))
        assert _refusal(tmp_path / "sock") == f"{tmp_path}/sock: is not a regular file"
    assert _refusal(tmp_path / "missing.yaml") == f"{tmp_path}/missing.yaml: no such file"
    assert _refusal(tmp_path / "f.yaml" / "x.yaml") == f"{tmp_path}/f.yaml/x.yaml: no such file (a parent is not a directory)"
    assert _refusal(tmp_path / "d") == f"{tmp_path}/d: is a directory, not a values file"
    assert _refusal("a\0.yaml") == "a\\x00.yaml: not a file name (it holds a NUL byte)"  # shown escaped


@pytest.mark.parametrize(("fails", "error", "said"), [
    ("stat", PermissionError(13, "Permission denied"), "permission denied"),
    ("stat", OSError(5, "Input/output error"), "Input/output error"),
    ("stat", OSError(), "cannot read the file"),
    ("open", PermissionError(13, "Permission denied"), "permission denied"),
    ("open", OSError(5, "Input/output error"), "Input/output error"),
    ("open", OSError(), "cannot read the file"),
])
def test_what_the_system_refuses_is_said_with_the_file(tmp_path, monkeypatch, fails, error, said):
    import dslint.load.files as files

    def refuse(*args, **kwargs):
        raise error

    path = tmp_path / "v.yaml"
    path.write_text("a: 1\n")
    if fails == "stat":
        monkeypatch.setattr(files.os, "stat", refuse)
    else:
        monkeypatch.setattr(files, "open", refuse, raising=False)
    assert _refusal(path) == f"{path}: {said}"


def test_a_character_device_is_read_and_a_file_at_the_size_limit_is_not_too_big(tmp_path):
    from dslint.load.files import read_bytes
    from dslint.load.yaml_tree import Limits

    assert read_bytes("/dev/null") == ("/dev/null", b"")
    (tmp_path / "v.yaml").write_bytes(b"a: 1234567")
    assert read_bytes(str(tmp_path / "v.yaml"), Limits(max_bytes=10)) == (str(tmp_path / "v.yaml"), b"a: 1234567")
    assert _refusal(tmp_path / "v.yaml", Limits(max_bytes=9)) == (
        f"{tmp_path}/v.yaml: larger than 9 bytes; raise the limit with --max-file-size if this is intended")
    (tmp_path / "big.yaml").write_bytes(b"#" * (2 * 1024 * 1024 + 1))
    assert _refusal(tmp_path / "big.yaml", Limits(max_bytes=2 * 1024 * 1024)) == (
        f"{tmp_path}/big.yaml: larger than 2 MiB; raise the limit with --max-file-size if this is intended")


def test_a_fifo_is_read_like_a_file(tmp_path):
    import os
    import threading

    from dslint.load.files import read_bytes

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(b"a: 1\n"))
    writer.start()
    try:
        assert read_bytes(str(fifo)) == (str(fifo), b"a: 1\n")
    finally:
        writer.join(5)


def test_stdin_is_read_whole_up_to_the_limit_and_refused_past_it(monkeypatch):
    import io
    import sys

    from dslint.load.files import read_bytes
    from dslint.load.yaml_tree import Limits

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a: 1234567")))
    assert read_bytes("-", Limits(max_bytes=10)) == ("<stdin>", b"a: 1234567")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a: 12345678")))
    assert _refusal("-", Limits(max_bytes=10)) == (
        "<stdin>: larger than 10 bytes; raise the limit with --max-file-size if this is intended")


class _Endless:
    """A stream that never ends: only a bounded read returns."""

    def read(self, size=-1):
        if size is None or size < 0:
            raise AssertionError("an unbounded read of an endless stream")
        return b"#" * size


def test_an_endless_device_or_stdin_is_refused_at_the_limit(monkeypatch):
    import sys
    import types

    from dslint.load.yaml_tree import Limits

    too_big = "larger than 10 bytes; raise the limit with --max-file-size if this is intended"
    assert _refusal("/dev/zero", Limits(max_bytes=10)) == f"/dev/zero: {too_big}"
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=_Endless()))
    assert _refusal("-", Limits(max_bytes=10)) == f"<stdin>: {too_big}"


@pytest.mark.parametrize(("data", "said"), [
    (b"\xff\xfea\x00:", "v.yaml: not valid UTF-16-LE text"),
    (b"\xef\xbb\xbfa: \xff", "v.yaml: not valid UTF-8 text"),
    (b"a: 1\nbc\x00", "v.yaml:2:3: binary file (contains NUL bytes), not YAML"),
    (b"\nab\x00", "v.yaml:2:3: binary file (contains NUL bytes), not YAML"),
    (b"\x00", "v.yaml:1:1: binary file (contains NUL bytes), not YAML"),
    (b"\nab\xff", "v.yaml:2:3: not UTF-8 text (byte 0xff); save the file as UTF-8"),
    (b"a: \xc3\xa9\xff", "v.yaml:1:5: not UTF-8 text (byte 0xff); save the file as UTF-8"),
    (b"  \n", "v.yaml: file is empty (Helm would read no values from it)"),
    (b"- 1\n", "v.yaml:1:1: values must be a mapping at the top level, not a list"),
    (b"\n\n  - 1\n", "v.yaml:3:3: values must be a mapping at the top level, not a list"),
    (b"  12\n", "v.yaml:1:3: values must be a mapping at the top level, not a number"),
    (b"1.5\n", "v.yaml:1:1: values must be a mapping at the top level, not a number"),
    (b'"x"\n', "v.yaml:1:1: values must be a mapping at the top level, not a string"),
    (b"yes\n", "v.yaml:1:1: values must be a mapping at the top level, not true or false"),
])
def test_each_unusable_values_file_says_why_and_where(tmp_path, monkeypatch, data, said):
    from dslint.load.errors import InputError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.yaml").write_bytes(data)
    with pytest.raises(InputError) as caught:
        load_values_file("v.yaml")
    assert str(caught.value) == said


def test_a_values_file_in_utf16_with_its_mark_is_read_and_a_comment_only_file_is_empty_values(tmp_path):
    import codecs

    (tmp_path / "v.yaml").write_bytes(codecs.BOM_UTF16_LE + "a: é\n".encode("utf-16-le"))
    assert load_values_file(str(tmp_path / "v.yaml")).data == {"a": "é"}
    (tmp_path / "c.yaml").write_text("# nothing set yet\n")
    empty = load_values_file(str(tmp_path / "c.yaml"))
    assert (empty.data, empty.tree.values_at[()]) == ({}, (1, 1))


def test_the_limits_given_are_the_limits_applied(tmp_path):
    from dslint.load.errors import InputError
    from dslint.load.yaml_tree import Limits

    (tmp_path / "v.yaml").write_text("a: {b: {c: 1}}\n")
    with pytest.raises(InputError, match="larger than 10 bytes"):
        load_values_file(str(tmp_path / "v.yaml"), Limits(max_bytes=10))
    with pytest.raises(InputError) as caught:
        load_values_file(str(tmp_path / "v.yaml"), Limits(max_depth=2))
    assert str(caught.value) == f"{tmp_path}/v.yaml:1:12: values nested deeper than 2 levels (--max-depth)"


# --- `dslint check DIR`: which files a directory stands for ------------------------------------


def _tree(root, *files: str) -> None:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("a: 1\n")


def test_a_directory_stands_for_its_values_files_or_with_manifests_its_yaml(tmp_path, monkeypatch):
    """A directory's own files (sorted), then each subdirectory's; hidden ones and charts/ are not entered."""
    from dslint.load.walk import expand_directories

    monkeypatch.chdir(tmp_path)
    _tree(tmp_path / "deploy", "values.yaml", "prod-values.yml", "values/gpu.yaml", "b/values.yaml", "a/x.values.yaml",
          "notes.yaml", "README.md", ".git/values.yaml", "charts/deepspeed/values.yaml", "b/charts/values.yaml")
    (tmp_path / "lone.yaml").write_text("a: 1\n")
    assert expand_directories(["-", "lone.yaml", "deploy", "missing.yaml"]) == [
        "-", "lone.yaml", "deploy/prod-values.yml", "deploy/values.yaml", "deploy/a/x.values.yaml",
        "deploy/b/values.yaml", "deploy/values/gpu.yaml", "missing.yaml"]
    assert expand_directories(("deploy",), manifests=True) == [
        "deploy/notes.yaml", "deploy/prod-values.yml", "deploy/values.yaml", "deploy/a/x.values.yaml",
        "deploy/b/values.yaml", "deploy/values/gpu.yaml"]


def test_a_directory_without_the_files_wanted_is_an_input_error(tmp_path, monkeypatch):
    from dslint.load.errors import InputError
    from dslint.load.walk import expand_directories

    monkeypatch.chdir(tmp_path)
    _tree(tmp_path / "d", "notes.txt", ".hidden/values.yaml")
    with pytest.raises(InputError) as caught:
        expand_directories(["d"])
    assert str(caught.value) == "d: is a directory with no values files (values.yaml, *-values.yaml, values/*.yaml...)"
    with pytest.raises(InputError) as caught:
        expand_directories(["d"], manifests=True)
    assert str(caught.value) == "d: is a directory with no YAML files"


# --- The wrong kind of input, said once -----------------------------------------------------------

KNOWN = ("client", "worker", "config", "image")


@pytest.mark.parametrize(("data", "answer"), [
    (None, None),
    ({}, None),
    (["kind", "apiVersion"], None),
    ({"apiVersion": "v1", "kind": "Pod"}, ("looks like a Kubernetes manifest (kind: Pod), not values: "
                                          "use `dslint check --manifests` for rendered manifests", "kind")),
    ({"kind": "Pod", "a": 1, "b": 2}, ("does not look like DeepSpeed chart values: 3 of 3 top-level keys are unknown "
                                      "(kind, a, b)", "kind")),
    ({"apiVersion": "v2", "name": "mine", "version": "1.0.0"}, (
        "looks like a Chart.yaml (chart 'mine' 1.0.0), not values: give the chart to `--chart`, and its values files "
        "as FILE", "apiVersion")),
    ({"apiVersion": "v2", "name": "mine", "client": {}}, None),
    ({"name": "mine", "version": "1", "client": {}, "worker": {}}, None),
    # Two unknown keys are typos (DS101 names them); three, if most keys are unknown, are another chart's values.
    ({"clinet": {}, "wroker": {}}, None),
    ({"a": 1, "b": 2, "c": 3, "client": {}, "worker": {}, "config": {}}, None),
    ({"a": 1, "b": 2, "c": 3, "client": {}, "worker": {}}, (
        "does not look like DeepSpeed chart values: 3 of 5 top-level keys are unknown (a, b, c)", "a")),
    ({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, 7: 1}, (
        "does not look like DeepSpeed chart values: 5 of 5 top-level keys are unknown (a, b, c, d, ...)", "a")),
    ({"a": 1, "b": 2, "c": 3, "d": 4}, (
        "does not look like DeepSpeed chart values: 4 of 4 top-level keys are unknown (a, b, c, d)", "a")),
])
def test_values_of_another_kind_are_named_with_the_key_that_shows_it(data, answer):
    from dslint.load.input_kind import values_kind_problem

    assert values_kind_problem(data, KNOWN) == answer


@pytest.mark.parametrize(("documents", "answer"), [
    ([], None),
    ([None, {}, "text"], None),
    ([{"client": {}}, {"kind": "Pod"}], None),
    ([{"client": {}}, {"apiVersion": "v1"}], None),
    ([{"other": 1}], None),
    ([{"other": 1}, {"worker": {}}], "looks like values, not rendered manifests (no apiVersion or kind): "
                                     "check it without --manifests"),
])
def test_values_given_as_manifests_are_said_once(documents, answer):
    from dslint.load.input_kind import manifest_kind_problem

    assert manifest_kind_problem(documents, KNOWN) == answer


# --- Where each stacked value came from ------------------------------------------------------------


def _table(table) -> dict[str, str]:
    return {".".join(map(str, path)): f"{where.source}:{where.line}:{where.column}" for path, where in table.items()}


def test_every_key_and_value_keeps_the_place_of_the_layer_that_set_it_last(tmp_path, monkeypatch):
    from dslint.load.layers import SetArgument, UserValues, add_file, add_set_argument

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("client:\n  resources:\n    limits: {cpu: 1}\n  list: [1, 2]\n"
                                     "worker:\n  replicas: 2\n  pdb: {create: true}\n")
    (tmp_path / "b.yaml").write_text("client:\n  resources:\n    limits: {memory: 1Gi}\n  list: [3]\nworker: 5\n")
    user = UserValues()
    add_file(user, load_values_file("a.yaml"))
    add_file(user, load_values_file("b.yaml"))
    for flag, text in [("set", "client.resources.limits.cpu=2,new.deep=1"), ("set-json", 'obj={"a":{"b":[1,{"c":2}]}}'),
                       ("set", "client.list[0]=9"), ("set-file", "client.script=run.sh"), ("set", "obj.a=x")]:
        add_set_argument(user, SetArgument(flag, text), lambda path: f"<{path}>", max_depth=10)
    assert user.data == {"client": {"resources": {"limits": {"cpu": 2, "memory": "1Gi"}}, "list": [9],
                                    "script": "<run.sh>"}, "worker": 5, "new": {"deep": 1}, "obj": {"a": "x"}}
    # worker's map and obj.a's object were replaced: nothing below them keeps an origin.
    assert _table(user.key_at) == {
        "client": "b.yaml:1:1", "client.resources": "b.yaml:2:3", "client.resources.limits": "b.yaml:3:5",
        "client.resources.limits.memory": "b.yaml:3:14", "client.list": "b.yaml:4:3", "worker": "b.yaml:5:1",
        "client.resources.limits.cpu": "--set:1:1", "new": "--set:1:31", "new.deep": "--set:1:31",
        "obj": "--set-json:1:1", "client.list.0": "--set:1:1", "client.script": "--set-file:1:1", "obj.a": "--set:1:1"}
    assert _table(user.value_at) == {
        "client": "b.yaml:2:3", "client.resources": "b.yaml:3:5", "client.resources.limits": "b.yaml:3:13",
        "client.resources.limits.memory": "b.yaml:3:22", "client.list": "b.yaml:4:9", "worker": "b.yaml:5:9",
        "client.resources.limits.cpu": "--set:1:1", "new.deep": "--set:1:31", "obj": "--set-json:1:1",
        "client.list.0": "--set:1:1", "client.script": "--set-file:1:1", "obj.a": "--set:1:1"}
    assert [f.name for f in user.files] == ["a.yaml", "b.yaml"]


def test_a_value_is_found_where_it_was_set_or_at_its_nearest_set_ancestor():
    from dslint.load.layers import SetArgument, UserValues, add_set_argument

    user = UserValues()
    add_set_argument(user, SetArgument("set", "a.b=1"), None)
    set_here = "--set:1:1"
    assert user.location(("a",)) is None
    assert f"{user.location(('a',), key=True).source}:1:{user.location(('a',), key=True).column}" == set_here
    assert user.location(("a", "b")).argument == "a.b=1"
    found = user.nearest_location(("a", "b", "c", "d"))
    assert found is not None and found[0] == ("a", "b") and found[1].column == 1
    assert user.nearest_location(("z",)) is None
    assert user.nearest_location(()) is None
    user.value_at[("v",)] = user.value_at[("a", "b")]
    assert user.nearest_location(("v", "w"))[0] == ("v",)
    assert UserValues({"k": 1}).data == {"k": 1}


def test_a_long_argument_is_quoted_around_the_assignment_or_the_error():
    from dslint.load.errors import InputError
    from dslint.load.helm_set import ItemBudget
    from dslint.load.layers import SetArgument, UserValues, add_set_argument

    user = UserValues()
    add_set_argument(user, SetArgument("set", "a=" + "x" * 250 + ",b.c=1"), None)
    assert user.value_at["b", "c"].argument == "..." + "x" * 39 + ",b.c=1"
    assert user.value_at[("a",)].argument == "a=" + "x" * 198 + "..."
    exact = "a=" + "x" * 198
    add_set_argument(user, SetArgument("set", exact), None)
    assert user.value_at[("a",)].argument == exact
    with pytest.raises(InputError) as caught:
        add_set_argument(user, SetArgument("set", "x" * 100 + "=1," + "y" * 150 + "[x]=2"), None)
    assert str(caught.value) == "--set:1:255: list index 'x' is not an integer (in --set '..." + "y" * 39 + "[x]=2')"
    with pytest.raises(InputError) as caught:
        add_set_argument(user, SetArgument("set", "q[5]=1"), None, budget=ItemBudget(3))
    assert str(caught.value) == ("--set:1:3: list index 5 takes the lists --set builds past 3 items; raise the limit "
                                 "with --max-values if this is intended (in --set 'q[5]=1')")
    with pytest.raises(InputError) as caught:
        add_set_argument(user, SetArgument("set-json", 'o={"a":{"b":{"c":1}}}'), None, max_depth=3)
    assert str(caught.value) == "--set-json:1:1: value nested deeper than 3 levels (--max-depth)"


# --- Float map keys, spelled as Helm spells them (strconv.FormatFloat(v, 'g', -1, 32)) -------------
# Each pair was read by Helm itself (helm-python-sdk's values_from_yaml); test_float_keys_agree_with_helm
# asks it again where the SDK is installed.
FLOAT_KEYS = [
    ("1.0", "1"), ("3.14159265358979", "3.1415927"), (".inf", ".inf"), ("-.inf", "-.inf"), (".nan", ".nan"),
    ("-0.0", "-0"), ("0.0001", "0.0001"), ("0.00001", "1e-05"), ("0.000123", "0.000123"), ("123456.0", "123456"),
    ("123456.7", "123456.7"), ("999999.9", "999999.9"), ("1234567.0", "1.234567e+06"), ("1e6", "1e+06"),
    ("1e5", "100000"), ("1.5e-7", "1.5e-07"), ("-1.5e-7", "-1.5e-07"), ("1.25e-5", "1.25e-05"), ("-2.5", "-2.5"),
    ("0.1", "0.1"), ("0.5", "0.5"), ("99999.99", "99999.99"), ("65536.5", "65536.5"),
    ("16777217.0", "1.6777216e+07"), ("2.5e+20", "2.5e+20"), ("3.4e38", "3.4e+38"), ("1e39", ".inf"),
    ("-1e39", "-.inf"), ("1e-45", "1e-45"), ("1e-46", "0"), ("-1e-46", "-0"), ("1.17549435e-38", "1.1754944e-38"),
]


@pytest.mark.parametrize(("key", "helm"), FLOAT_KEYS)
def test_a_float_key_is_spelled_as_helm_spells_it(key, helm):
    from dslint.load.yaml_tree import parse_yaml

    assert parse_yaml(f"{key}: v\n", "v.yaml").data == {helm: "v"}


def test_float_keys_agree_with_helm():
    sdk = pytest.importorskip("helm_python")
    assert [next(iter(sdk.values_from_yaml(f"{key}: v\n"))) for key, _ in FLOAT_KEYS] == [h for _, h in FLOAT_KEYS]


def test_an_excerpt_that_reaches_the_end_has_no_trailing_dots_and_depth_at_the_limit_is_allowed():
    from dslint.load.layers import SetArgument, UserValues, add_set_argument

    user = UserValues()
    text = "k" * 87 + "=1,b=" + "z" * 158  # 250 characters; b= at column 91 is shown from character 51 to the end
    add_set_argument(user, SetArgument("set", text), None)
    assert user.value_at[("b",)].argument == "..." + text[50:]
    add_set_argument(user, SetArgument("set-json", 'o={"a":{"b":1}}'), None, max_depth=3)
    assert user.data["o"] == {"a": {"b": 1}}


# --- Documents after the first: Helm reads only the first, and the rest are reported at their `---` ----

@pytest.mark.parametrize(("text", "lines"), [
    ("a: 1\n---\nb: 2\n", [2]),
    ("---\na: 1\n---\nb: 1\n", [3]),
    ("a: 1\n--- \n\n\n  b: 2\n", [2]),
    ("a: 1\n--- {b: 2}\n", [2]),
    ("a: 1\r\n---\r\n\r\n# c\r\nb: 2\r\n", [2]),
    ("a: 1\r\n---\r\nb: 2\r\n---\r\n\r\n\r\n  c: 3\r\n", [2, 4]),
    ("a: 1\n---\r\n\r\nb: 2\n", [2]),
    ("a: 1\r---\rb: 2\r", [2]),
    ("a: 1\n---\n\u2028b: 2\n", [2]),
    ("%YAML 1.1\n---\na: 1\n---\nb: 2\n", [4]),
    ("a: 1\n---\n- 1\n---\n\"x\"\n", [2, 4]),
    # An empty document stands where the next one starts; it is still reported at its own `---`.
    ("a: 1\n---\n---\nb: 2", [2, 3]),
    ("a: 1\n---\n# x\n---\nb: 2\n", [2, 4]),
    ("a: 1\r\n---\r\n---\r\n", [2, 3]),
    ("a: 1\n---", [2]),
    ("a: 1\n--- ''\n---\n", [2, 3]),
    ("a: 1\n---\n...\n---\nb: 1\n", [2, 4]),
])
def test_each_ignored_document_is_reported_at_its_own_start(text, lines):
    from dslint.load.yaml_tree import Position, parse_yaml

    assert parse_yaml(text, "v.yaml").ignored_documents == [Position(line, 1) for line in lines]


# --- Limits from a config file, merge keys, and streams of manifests -------------------------------

@pytest.mark.parametrize(("limits", "said"), [
    ({"max_bytes": 0}, "the max-file-size limit must be a whole number from 1 to 9223372036854775806, not 0"),
    ({"max_values": True}, "the max-values limit must be a whole number from 1 to 9223372036854775806, not True"),
    ({"max_values": 1.5}, "the max-values limit must be a whole number from 1 to 9223372036854775806, not 1.5"),
    ({"max_depth": 901}, "the max-depth limit must be a whole number from 1 to 900, not 901"),
    ({"max_bytes": 9223372036854775807}, "the max-file-size limit must be a whole number from 1 to "
                                        "9223372036854775806, not 9223372036854775807"),
])
def test_a_limit_that_is_not_a_usable_number_is_named_with_its_flag(limits, said):
    from dslint.load.errors import InputError
    from dslint.load.yaml_tree import Limits

    with pytest.raises(InputError) as caught:
        Limits(**limits).checked()
    assert str(caught.value) == said


def test_limits_at_their_bounds_are_usable():
    from dslint.load.yaml_tree import Limits

    for limits in (Limits(1, 1, 1), Limits(9223372036854775806, 9223372036854775806, 900)):
        assert limits.checked() is limits


@pytest.mark.parametrize(("text", "limits", "answer"), [
    ("a: {<<: 1}", {}, "v.yaml:1:9: a merge key (<<) needs a mapping or a list of mappings"),
    ("a: {<<: [{x: 1}, 2]}", {}, "v.yaml:1:18: a merge key (<<) needs a mapping or a list of mappings"),
    ("a: &a {b: {<<: *a}}", {}, "v.yaml:1:4: a merge key (<<) merges the mapping that contains it (recursive alias)"),
    ("a: &a {x: 1}\nb: {<<: [*a, *a]}", {"max_values": 6}, "v.yaml:1:4: more than 6 values (after expanding aliases "
                                                           "and merges); raise the limit with --max-values if this is "
                                                           "intended"),
    ("a: &a {x: 1}\nb: {<<: [*a, *a]}", {"max_values": 7}, "v.yaml:1:11: more than 7 values (after expanding "
                                                           "aliases); raise the limit with --max-values if this is "
                                                           "intended"),
    ("a: &a {x: 1}\nb: {<<: [*a, *a]}", {"max_values": 8}, {"a": {"x": 1}, "b": {"x": 1}}),
    # The same map merged twice side by side is no recursion.
    ("a: &a {x: 1}\nb: {<<: [*a, *a], c: {<<: *a}}", {}, {"a": {"x": 1}, "b": {"x": 1, "c": {"x": 1}}}),
])
def test_merge_keys_are_refused_or_applied_as_helm_does(text, limits, answer):
    from dslint.load.errors import InputError
    from dslint.load.yaml_tree import Limits, parse_yaml

    if isinstance(answer, str):
        with pytest.raises(InputError) as caught:
            parse_yaml(text, "v.yaml", Limits(**limits))
        assert str(caught.value) == answer
    else:
        assert parse_yaml(text, "v.yaml", Limits(**limits)).data == answer


STREAM = ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  k: c2VjcmV0\n---\n# only a comment\n---\n\n"
          "  kind: ConfigMap\n  data: {a: 1, a: 2}\n")


def test_a_stream_is_every_document_with_its_start_positions_and_duplicates():
    from dslint import secrets
    from dslint.load.yaml_tree import Duplicate, Position, parse_yaml_stream

    with secrets.run():
        documents = parse_yaml_stream(STREAM, "m.yaml")
        assert secrets.redact("token c2VjcmV0 here") != "token c2VjcmV0 here"
    (first_at, first), (_, empty), (third_at, third) = documents
    assert (first_at, first.data, first.duplicates) == (Position(1, 1), {
        "apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"k": "c2VjcmV0"}}, [])
    assert first.values_at == {(): (1, 1), ("apiVersion",): (1, 13), ("kind",): (2, 7), ("metadata",): (3, 11),
                               ("metadata", "name"): (3, 18), ("data",): (5, 3), ("data", "k"): (5, 6)}
    assert first.keys_at == {("apiVersion",): (1, 1), ("kind",): (2, 1), ("metadata",): (3, 1),
                             ("metadata", "name"): (3, 12), ("data",): (4, 1), ("data", "k"): (5, 3)}
    assert empty.data is None
    assert (third_at, third.data) == (Position(10, 3), {"kind": "ConfigMap", "data": {"a": 2}})
    assert third.values_at == {(): (10, 3), ("kind",): (10, 9), ("data",): (11, 9), ("data", "a"): (11, 19)}
    assert third.keys_at == {("kind",): (10, 3), ("data",): (11, 3), ("data", "a"): (11, 16)}
    assert third.duplicates == [Duplicate(("data", "a"), Position(11, 10), Position(11, 16))]


@pytest.mark.parametrize(("text", "limits", "said"), [
    ("a: 1\n---\nb: [1, 2\n", {}, "m.yaml:4:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"),
    ("a: [[[1]]]\n", {"max_depth": 2}, "m.yaml:1:6: values nested deeper than 2 levels (--max-depth)"),
    # The value budget covers the whole stream.
    ("a: [1, 2]\n---\nb: [1, 2]\n", {"max_values": 5},
     "m.yaml:3:4: more than 5 values; raise the limit with --max-values if this is intended"),
])
def test_a_stream_that_cannot_be_read_says_where(text, limits, said):
    from dslint.load.errors import InputError
    from dslint.load.yaml_tree import Limits, parse_yaml_stream

    with pytest.raises(InputError) as caught:
        parse_yaml_stream(text, "m.yaml", Limits(**limits))
    assert str(caught.value) == said


def test_an_input_error_is_one_line_with_its_place_when_it_has_one():
    from dslint.load.errors import InputError

    assert [str(e) for e in (InputError("bad"), InputError("bad", line=3), InputError("bad", "f.yaml"),
                             InputError("bad", "f.yaml", 3), InputError("bad\n  news", "f.yaml", 2, 5))] == [
        "bad", "bad", "f.yaml: bad", "f.yaml:3:1: bad", "f.yaml:2:5: bad news"]


# --- What a subchart receives from its umbrella chart -------------------------------------------


def test_a_subchart_gets_its_own_values_and_the_parents_globals_with_their_lines(tmp_path, monkeypatch):
    from dslint.load.layers import UserValues, add_file
    from dslint.load.subchart import subchart_values

    monkeypatch.chdir(tmp_path)
    (tmp_path / "values.yaml").write_text(
        "global:\n  imageRegistry: mirror.example.com\n  security: {allowInsecureImages: true}\n"
        "deepspeed:\n  global:\n    security: {allowInsecureImages: false, other: 1}\n    mine: 2\n"
        "  worker:\n    replicaCount: 3\nother: {a: 1}\n")
    umbrella = UserValues()
    add_file(umbrella, load_values_file("values.yaml"))
    sub = subchart_values(umbrella, "deepspeed")
    assert sub.data == {"global": {"imageRegistry": "mirror.example.com", "mine": 2,
                                   "security": {"allowInsecureImages": True, "other": 1}},
                        "worker": {"replicaCount": 3}}
    where = {".".join(p): f"{at.line}:{at.column}" for p, at in sub.value_at.items()}
    assert where == {"global": "2:3", "global.imageRegistry": "2:18", "global.security": "3:13",
                     "global.security.allowInsecureImages": "3:35", "global.mine": "7:11",
                     "global.security.other": "6:51", "worker": "9:5", "worker.replicaCount": "9:19"}
    keys = {".".join(p): f"{at.line}:{at.column}" for p, at in sub.key_at.items()}
    assert keys == {"global": "1:1", "global.imageRegistry": "2:3", "global.security": "3:3",
                    "global.security.allowInsecureImages": "3:14", "global.mine": "7:5",
                    "global.security.other": "6:44", "worker": "8:3", "worker.replicaCount": "9:5"}
    assert sub.files is umbrella.files and sub.duplicates is umbrella.duplicates
    assert sub.ignored_documents is umbrella.ignored_documents
    assert umbrella.data["global"]["security"] == {"allowInsecureImages": True}  # the parent is not changed
    assert subchart_values(umbrella, "absent").data == {"global": umbrella.data["global"]}
    no_globals = UserValues({"deepspeed": {"global": {"a": 1}}})
    assert subchart_values(no_globals, "deepspeed").data == {"global": {"a": 1}}
    assert subchart_values(UserValues({"global": {"a": {"b": 1}}, "deepspeed": {"global": 5}}),
                           "deepspeed").data == {"global": {"a": {"b": 1}}}


# --- --set and --set-json: refusals word for word, Go's numbers, the list budget ----------------------
# Each refusal below is one Helm makes too (tests/load/test_helm_set.py compares the two parsers); the
# words and the column are dslint's.

@pytest.mark.parametrize(("flag", "argument", "said"), [
    ("set", "a=true,a.b=1", '8: "a" holds a boolean, not a map'),
    ("set", "a=1,a[0]=2", '5: "a" holds a number, not a list'),
    ("set", "a[0]=1,a.b=2", '8: "a" holds a list, not a map'),
    ("set", "a.b=1,a[0]=2", '7: "a" holds a map, not a list'),
    ("set", "a=x,a[0]=1", '5: "a" holds a string, not a list'),
    ("set", "a=null,a[0]=1", '8: "a" holds a null, not a list'),
    ("set", "a[0]=true,a[0][1]=2", "15: item 0 holds a boolean, not a list"),
    ("set-json", "a=1e400", "3: invalid JSON: number 1e400 does not fit a 64-bit float"),
    ("set-json", "a=-1e400", "3: invalid JSON: number -1e400 does not fit a 64-bit float"),
    ("set-json", "a=" + "9" * 400, f"3: invalid JSON: number {'9' * 400} does not fit a 64-bit float"),
    ("set-json", "a=NaN", "3: invalid JSON: NaN is not JSON"),
    ("set-json", "a=1.", "4: invalid JSON: incomplete number '1.'"),
    ("set-json", "a=1.e5", "4: invalid JSON: incomplete number '1.'"),
    ("set-json", "a=1.5e", "6: invalid JSON: incomplete number '1.5e'"),
    ("set-json", "a=1E", "4: invalid JSON: incomplete number '1E'"),
    ("set-json", "a=12.5E+", "7: invalid JSON: incomplete number '12.5E'"),
    ("set-json", "a=1e5e", '6: "e" has no value: "=" is missing'),
    ("set-json", "a=1E5E", '6: "E" has no value: "=" is missing'),
    ("set-json", "a=1E5.b", '7: "b" has no value: "=" is missing'),
    ("set-json", "a=" + "[" * 5000 + "]" * 5000, "3: invalid JSON: nested too deeply"),
    ("set-json", '{"a":1} x', "9: unexpected text after the JSON object"),
    ("set-json", '{"a":1,}', "8: invalid JSON: Expecting property name enclosed in double quotes"),
])
def test_a_set_argument_helm_refuses_is_refused_with_its_column_and_reason(flag, argument, said):
    from dslint.load.helm_set import SetSyntaxError, apply_set_argument

    with pytest.raises(SetSyntaxError) as caught:
        apply_set_argument({}, argument, flag=flag)
    assert f"{caught.value.column}: {caught.value}" == said


@pytest.mark.parametrize(("argument", "value"), [
    # Go reads every JSON number as a float64: past 2**53 an integer rounds to the nearest one it can hold.
    ("a=9007199254740993", 9007199254740992),
    ("a=-9007199254740993", -9007199254740992),
    ("a=123456789012345678", 123456789012345680),
    ("a=900719925474099", 900719925474099),
    ("a=1e5", 100000.0),
    ("a=1.5e308", 1.5e308),
    # Go turns an unpaired surrogate escape into U+FFFD, in keys and values at any depth.
    ('a=["\\ud800x", {"\\udc00": "\\ud800", "k": ["\\ud800", 1, ["\\udfff"]]}, 2]',
     ["\ufffdx", {"\ufffd": "\ufffd", "k": ["\ufffd", 1, ["\ufffd"]]}, 2]),
    ('a="\\ud800"', "\ufffd"),
])
def test_set_json_values_are_what_go_decodes(argument, value):
    from dslint.load.helm_set import apply_set_argument

    target: dict = {}
    apply_set_argument(target, argument, flag="set-json")
    assert target == {"a": value} and type(target["a"]) is type(value)


def test_set_json_whole_objects_fix_surrogates_too():
    from dslint.load.helm_set import apply_set_argument

    target: dict = {}
    apply_set_argument(target, '{"\\ud800": ["\\udc00"], "b": {"c": "\\ud800"}}', flag="set-json")
    assert target == {"\ufffd": ["\ufffd"], "b": {"c": "\ufffd"}}


def test_list_items_indexes_create_are_counted_across_arguments():
    from dslint.load.helm_set import ItemBudget, SetSyntaxError, apply_set_argument

    budget = ItemBudget(5)
    assert (budget.limit, budget.left) == (5, 5)
    target: dict = {}
    apply_set_argument(target, "a[2]=1", budget=budget)
    apply_set_argument(target, "a[1]=2,b[1]=1", budget=budget)  # a[1] exists: it costs nothing
    assert (target, budget.left) == ({"a": [None, 2, 1], "b": [None, 1]}, 0)
    with pytest.raises(SetSyntaxError) as caught:
        apply_set_argument(target, "c=1,a[3]=1", budget=budget)
    assert (caught.value.column, str(caught.value)) == (
        7, "list index 3 takes the lists --set builds past 5 items; raise the limit with --max-values if this is intended")
    grown = ItemBudget(4)
    apply_set_argument(target := {}, "a[1]=1,a[3]=1", budget=grown)
    assert (target, grown.left) == ({"a": [None, 1, None, 1]}, 0)
