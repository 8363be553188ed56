"""Encodings and odd YAML: each behaves as Helm does, or is refused with a located one-line error.

Where Helm accepts the input, the values dslint reads are compared with
`helm_python.values_from_yaml` (Helm's own reader), when it is installed.
"""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import textwrap

import pytest

from dslint.load.files import decode, load_values_file
from dslint.load.yaml_tree import parse_yaml

from robust_support import assert_survived, run_check, write


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _helm_values(text: str):
    helm = pytest.importorskip("helm_python")
    return json.loads(json.dumps(helm.values_from_yaml(text)))


def _ours(path) -> dict:
    return json.loads(json.dumps(load_values_file(str(path)).data))


def _position(text: str, needle: str) -> str:
    """`line:column` (1-based) of the first `needle` in `text`: counted from the text the test
    wrote, so a wrong position in dslint cannot agree with itself."""
    start = text.index(needle)
    return f"{text.count(chr(10), 0, start) + 1}:{start - (text.rfind(chr(10), 0, start) + 1) + 1}"


def _located_error(run, where: str, *fragments: str) -> str:
    """One error line that starts `dslint: error: <where>: ` (file:line:column) and holds every fragment."""
    assert_survived(run)
    assert run.exit_code == 2
    (line,) = run.error_lines()
    assert line.startswith(f"dslint: error: {where}: "), f"{line!r} is not located at {where}"
    for fragment in fragments:
        assert fragment in line, line
    return line


# --- encodings ---------------------------------------------------------------------------

TEXT = "worker:\n  replicaCount: 3\n  name: caf\u00e9 \U0001f680\nclient:\n  enabled: true\n"


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
])
def test_unicode_with_a_byte_order_mark_reads_like_utf8(tmp_path, encoding, bom):
    write(tmp_path / "v.yaml", bom + TEXT.encode(encoding))
    write(tmp_path / "plain.yaml", TEXT)
    assert _ours(tmp_path / "v.yaml") == _ours(tmp_path / "plain.yaml") == _helm_values(TEXT)
    assert_survived(run_check("v.yaml"))


def test_utf16_without_a_bom_is_refused_as_binary(tmp_path):
    data = TEXT.encode("utf-16-le")
    write(tmp_path / "v.yaml", data)
    # The first NUL byte: the high half of `w`, the second byte of the file.
    _located_error(run_check("v.yaml"), f"v.yaml:{_position(data.decode('latin-1'), chr(0))}", "binary file")


def test_latin1_bytes_are_refused_where_they_are(tmp_path):
    write(tmp_path / "v.yaml", "worker:\n  name: caf\u00e9\n".encode("latin-1"))
    where = _position("worker:\n  name: caf\u00e9\n", "\u00e9")
    assert where == "2:12"
    _located_error(run_check("v.yaml"), f"v.yaml:{where}", "not UTF-8", "0xe9")


def test_broken_utf16_is_refused(tmp_path):
    write(tmp_path / "v.yaml", codecs.BOM_UTF16_LE + b"a\x00:\x00 \x00\x00\xd8")  # a lone high surrogate
    assert_survived(run := run_check("v.yaml"))
    assert run.exit_code == 2 and "not valid UTF-16-LE" in run.stderr


def test_utf8_bom_then_yaml_reads_like_helm():
    text = "\ufeffworker:\n  replicaCount: 2\n"
    assert parse_yaml(decode(text.encode(), "v.yaml"), "v.yaml").data == _helm_values(text)


# --- whitespace and line breaks -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "worker:\r\n  replicaCount: 2\r\n  args: [a, b]\r\n",
    "worker:\r  replicaCount: 2\r",
    "worker:\n  args: \"tab\there\"\n  name: plain\ttab\n",
    "a: x\x85b: y\n",  # NEL is a YAML 1.1 line break: `b: y` is a key, y is true
])
def test_line_breaks_and_tabs_read_like_helm(tmp_path, text):
    write(tmp_path / "v.yaml", text)
    assert _ours(tmp_path / "v.yaml") == _helm_values(text)
    assert_survived(run_check("v.yaml"))


def test_crlf_positions_count_lines_once(tmp_path):
    write(tmp_path / "v.yaml", "worker:\r\n  replicaCount: 2\r\n  replicas: 3\r\n")
    run = assert_survived(run_check("v.yaml", "--select", "DS101"))
    assert "v.yaml:3:3: DS101" in run.stdout


def test_tab_indentation_is_refused_where_it_is(tmp_path):
    text = "worker:\n\treplicaCount: 2\n"
    write(tmp_path / "v.yaml", text)
    _located_error(run_check("v.yaml"), f"v.yaml:{_position(text, chr(9))}", "invalid YAML", "cannot start any token")


# --- documents, anchors, merges --------------------------------------------------------------

def test_only_the_first_document_counts(tmp_path):
    text = "worker:\n  replicaCount: 2\n---\nworker:\n  replicaCount: 5\n"
    write(tmp_path / "v.yaml", text)
    assert _ours(tmp_path / "v.yaml") == _helm_values(text)
    run = assert_survived(run_check("v.yaml", "--select", "DS108"))
    assert "v.yaml:3:1: DS108" in run.stdout


@pytest.mark.parametrize("text", [
    "base: &base {replicaCount: 2, slotsPerNode: 4}\nworker:\n  <<: *base\n  replicaCount: 3\n",
    "worker:\n  replicaCount: 3\n  <<: {replicaCount: 9, slotsPerNode: 2}\n",
    "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nworker:\n  <<: [*a, *b]\n",
    "args: &args [--deepspeed, ds.json]\nworker:\n  args: *args\nclient:\n  args: *args\n",
    "worker: &w {replicaCount: 2}\nclient: *w\n",
])
def test_anchors_and_merge_keys_read_like_helm(tmp_path, text):
    write(tmp_path / "v.yaml", text)
    assert _ours(tmp_path / "v.yaml") == _helm_values(text)
    assert_survived(run_check("v.yaml"))


# Keys that collide only after conversion (`1` and `1.0`) are left out: Helm's
# choice between them follows Go's random map order (DS104 reports them).
@pytest.mark.parametrize("text", [
    "1: a\n2.5: b\ny: c\nno: d\n0x10: e\n1e3: f\n2.0: g\n.inf: h\n",
    "? !!str 1\n: a\n? !!binary aGk=\n: b\n? !!float 3\n: c\n",
    "-0.0: a\n3.14159265358979: b\n100000000.0: c\n1e-5: d\n",
])
def test_non_string_keys_read_like_helm(tmp_path, text):
    write(tmp_path / "v.yaml", text)
    assert _ours(tmp_path / "v.yaml") == _helm_values(text)


# `at`: the text where the error must point (the offending key, value, tag or directive).
@pytest.mark.parametrize("text, fragment, at", [
    ("~: a\n", "mapping key is null", "~"),
    ("? [a, b]\n: 1\n", "must be a scalar", "[a, b]"),
    ("? {a: 1}\n: 1\n", "must be a scalar", "{a: 1}"),
    ("9223372036854775808: a\n", "unsigned number", "9223372036854775808"),
    ("%YAML 1.2\n---\na: 1\n", "%YAML 1.2", "%YAML"),
    ("a: .nan\n", "not a number Helm can use", ".nan"),
    ("a: !!int 1.5\n", "cannot read", "!!int"),
])
def test_keys_and_values_helm_refuses_are_refused_where_they_are(tmp_path, text, fragment, at):
    helm = pytest.importorskip("helm_python")
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        helm.values_from_yaml(text)
    write(tmp_path / "v.yaml", text)
    _located_error(run_check("v.yaml"), f"v.yaml:{_position(text, at)}", fragment)


def test_empty_file_is_refused_and_comments_only_is_no_values(tmp_path):
    write(tmp_path / "empty.yaml", "")
    run = assert_survived(run_check("empty.yaml"))
    assert run.exit_code == 2 and run.error_lines() == ["dslint: error: empty.yaml: file is empty (Helm would read no values from it)"]
    write(tmp_path / "comments.yaml", "# nothing yet\n# worker:\n#   replicaCount: 2\n")
    assert _ours(tmp_path / "comments.yaml") == _helm_values("# nothing yet\n") == {}
    assert assert_survived(run_check("comments.yaml", "--select", "DS1")).exit_code == 0


# --- tags never construct anything --------------------------------------------------------------

PAYLOADS = [
    "worker:\n  args: !!python/object/apply:os.system ['touch {marker}']\n",
    "worker: !!python/object/apply:subprocess.check_call [['touch', '{marker}']]\n",
    "worker: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n",
    "worker:\n  args:\n    - !!python/object/apply:builtins.exec ['open(\"{marker}\", \"w\").close()']\n",
    "? !!python/object/apply:os.system ['touch {marker}']\n: 1\n",
    "worker: !!python/name:os.system\nclient: !!python/module:os\n",
    "a: &x !!python/object/apply:os.system ['touch {marker}']\nworker: {{<<: {{b: *x}}}}\n",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_python_tags_are_never_constructed(tmp_path, payload):
    marker = tmp_path / "PWNED"
    text = payload.format(marker=marker)
    write(tmp_path / "v.yaml", text)
    for output_format in ("text", "json"):
        assert_survived(run_check("v.yaml", "--format", output_format))
    assert not marker.exists()
    # Helm reads the tagged node as plain data, and so does dslint.
    try:
        expected = _helm_values(text)
    except pytest.skip.Exception:
        raise
    except Exception:  # noqa: BLE001 - Helm refuses: then dslint refused too (asserted above)
        return
    assert _ours(tmp_path / "v.yaml") == expected


def test_the_payload_is_live(tmp_path):
    """The same text, given to PyYAML's unsafe loader, does create the file: the test above proves something."""
    marker = tmp_path / "PWNED"
    code = textwrap.dedent(f"""
        import yaml
        yaml.unsafe_load({PAYLOADS[0].format(marker=marker)!r})
    """)
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    assert marker.exists()


# --- differential: random YAML-like text, read by dslint and by Helm ---------------------------

from hypothesis import assume, example, given  # noqa: E402

from dslint.load.errors import InputError  # noqa: E402

from test_fuzz_inputs import yaml_like_text  # noqa: E402


@given(text=yaml_like_text)
@example(text="a: 1\n\ufeff\nb: 2\n")
def test_what_dslint_accepts_helm_reads_the_same(text):
    """dslint may refuse more than Helm (a syntax error after the first document), never less or differently.

    Files with NUL bytes never reach YAML (refused as binary).
    """
    helm = pytest.importorskip("helm_python")
    assume("\x00" not in text)
    try:
        ours = parse_yaml(text, "t.yaml").data
    except InputError:
        return
    if ours is not None and not isinstance(ours, dict):
        return  # load_values_file refuses a top level that is not a mapping
    theirs = helm.values_from_yaml(text)  # raises if Helm refuses what dslint accepted
    assert json.loads(json.dumps(ours or {})) == json.loads(json.dumps(theirs)), text
