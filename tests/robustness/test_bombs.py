"""Resource bombs: each is refused (or handled) in bounded time and memory, with a clear message.

Memory is measured, not assumed: dslint runs in a fresh process and the test
reads its peak resident set size (`ru_maxrss` of the children of a wrapper
process), compared with the peak of checking a two-line file.  The corpus is
under bombs/; big inputs are generated into tmp_path.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from robust_support import Measured, baseline_mib, run_measured
from robust_support import bounded as _bounded
from robust_support import one_error as _one_error

BOMBS = Path(__file__).parent / "bombs"
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> float:
    return baseline_mib(tmp_path_factory.mktemp("baseline"))


def _text_position(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column of the nth `needle` in `text`, counted from the text itself."""
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def _value_past_the_limit(text: str, limit: int = 50_000) -> tuple[int, int]:
    """Where the (limit+1)th value starts: every document's root and each value under it, in
    document order, an alias counted again each time it is used (PyYAML's composer, not dslint's
    loader, reads the nodes)."""
    counted = 0
    for root in yaml.compose_all(text, Loader=yaml.SafeLoader):
        stack = [root]
        while stack:
            node = stack.pop()
            counted += 1
            if counted == limit + 1:
                return node.start_mark.line + 1, node.start_mark.column + 1
            if isinstance(node, yaml.MappingNode):
                stack.extend(reversed([value for _, value in node.value]))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
    raise AssertionError(f"fewer than {limit + 1} values")


def _where_the_bomb_is_refused(bomb: str, text: str) -> tuple[int, int]:
    if bomb in ("billion_laughs.yaml", "alias_fanout.yaml", "merge_bomb.yaml"):
        return _value_past_the_limit(text)
    if bomb == "recursive_alias.yaml":
        return _text_position(text, "&args")  # the list that contains itself starts at its anchor
    if bomb == "recursive_merge.yaml":
        return _text_position(text, "&w")  # the mapping that merges itself starts at its anchor
    if bomb == "deep_flow.yaml":
        # libyaml refuses the 1,001st nesting level; the top mapping and `worker:`'s are two of them.
        return _text_position(text, "[", 1000 - 2 + 1)
    if bomb == "deep_block.yaml":
        # `worker` is 1 level deep, k100 101: the first value past 100 levels is k100's mapping,
        # which starts at its first key.
        return _text_position(text, "k101:")
    raise AssertionError(f"no expected position for {bomb}")


def _handled(run: Measured) -> None:
    assert run.exit_code in (0, 1), run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr


# --- the committed corpus ----------------------------------------------------------------

@pytest.mark.parametrize(
    "bomb, fragments",
    [
        ("billion_laughs.yaml", ["more than 50000 values", "--max-values"]),
        ("alias_fanout.yaml", ["more than 50000 values", "--max-values"]),
        ("merge_bomb.yaml", ["more than 50000 values", "--max-values"]),
        ("recursive_alias.yaml", ["recursive alias"]),
        ("recursive_merge.yaml", ["merges the mapping that contains it"]),
        ("deep_flow.yaml", ["invalid YAML", "nesting depth"]),
        ("deep_block.yaml", ["nested deeper than 100 levels", "--max-depth"]),
    ],
)
def test_bomb_is_refused(bomb, fragments, baseline):
    run = run_measured(str(BOMBS / bomb), cwd=BOMBS)
    line, column = _where_the_bomb_is_refused(bomb, (BOMBS / bomb).read_text("utf-8"))
    _one_error(run, f"{BOMBS / bomb}:{line}:{column}: ", *fragments)
    _bounded(run, baseline, extra_mib=60, seconds=10)


def test_raised_depth_limit_reaches_its_maximum(baseline):
    """--max-depth 900 (its maximum) works end to end: no RecursionError in any stage or format."""
    for output_format in ("text", "sarif"):
        run = run_measured(str(BOMBS / "deep_900.yaml"), "--max-depth", "900", "--format", output_format, cwd=BOMBS)
        _handled(run)
        _bounded(run, baseline, extra_mib=60, seconds=20)


def test_deep_block_accepted_when_the_limit_is_raised(baseline):
    run = run_measured(str(BOMBS / "deep_block.yaml"), "--max-depth", "200", cwd=BOMBS)
    _handled(run)
    assert "DS101" in run.stdout


# --- size --------------------------------------------------------------------------------

def test_100_mb_file_is_refused_without_reading_it(tmp_path, baseline):
    big = tmp_path / "huge.yaml"
    with open(big, "wb") as handle:
        line = b"worker:\n" + b"  # " + b"x" * 1020 + b"\n"
        for _ in range(100 * 1024):
            handle.write(line)
    assert big.stat().st_size >= 100 * MIB
    run = run_measured("huge.yaml", cwd=tmp_path)
    _one_error(run, "huge.yaml", "larger than 16 MiB", "--max-file-size")
    _bounded(run, baseline, extra_mib=20, seconds=10)

    piped = run_measured("-", cwd=tmp_path, stdin_path=big)
    _one_error(piped, "<stdin>", "larger than 16 MiB")
    _bounded(piped, baseline, extra_mib=80, seconds=10)  # reads 16 MiB + 1 byte, no more


def test_file_at_the_limits_is_checked_in_bounded_memory(tmp_path, baseline):
    """15 MiB and 49,000 values: under every limit, so it is checked, not refused."""
    count = 49_000
    width = (15 * MIB) // count - 12
    (tmp_path / "big.yaml").write_text("extraDeploy:\n" + "".join(f"  - {'x' * width}{i:06d}\n" for i in range(count)))
    run = run_measured("big.yaml", cwd=tmp_path)
    _handled(run)
    _bounded(run, baseline, extra_mib=400, seconds=60)


def test_too_many_values_is_refused(tmp_path, baseline):
    text = "".join(f"k{i}: {i}\n" for i in range(50_001))
    (tmp_path / "keys.yaml").write_text(text)
    run = run_measured("keys.yaml", cwd=tmp_path)
    # The root mapping is the first value: k49999's is the 50,001st, at its value.
    line, column = _value_past_the_limit(text)
    assert (line, column) == (50_000, len("k49999: ") + 1)
    _one_error(run, f"keys.yaml:{line}:{column}: ", "more than 50000 values")
    _bounded(run, baseline, extra_mib=200, seconds=30)


def test_a_million_documents(tmp_path, baseline):
    """Helm reads the first document only; dslint stops counting the rest at --max-values."""
    text = "worker: {}\n" + "---\na: 1\n" * 1_000_000
    (tmp_path / "docs.yaml").write_text(text)
    run = run_measured("docs.yaml", cwd=tmp_path)
    # Two values a document (its root and one value): the 50,001st is the root of document 25,001
    # (counting the first as 1), on the line after its `---`.
    line, column = _text_position(text, "a: 1", 25_000)
    assert (line, column) == (50_001, 1)
    _one_error(run, f"docs.yaml:{line}:{column}: ", "more than 50000 values")
    _bounded(run, baseline, extra_mib=150, seconds=30)


# --- many files --------------------------------------------------------------------------

def test_ten_thousand_files(tmp_path, baseline):
    names = []
    for i in range(10_000):
        name = f"v{i}.yaml"
        (tmp_path / name).write_text(f"worker:\n  replicaCount: {i % 4}\n  replicas: {i}\n")
        names.append(name)
    run = run_measured(*names, "--select", "DS1", "--format", "json", "-o", "report.json", cwd=tmp_path)
    assert run.exit_code == 1, run.stderr[-2000:]
    assert "10000 errors" in run.stderr and "in 10000 files" in run.stderr  # the summary
    assert (tmp_path / "report.json").stat().st_size > 0
    _bounded(run, baseline, extra_mib=250, seconds=60)


# --- the command line ----------------------------------------------------------------------

def test_set_index_bomb_is_refused(tmp_path, baseline):
    """`a[65536]=1` is 11 bytes and 65,537 list items in Helm; 2,000 of them would need a gigabyte."""
    argument = ",".join(f"a{i}[65536]=1" for i in range(2000))
    run = run_measured("--set", argument, cwd=tmp_path)
    # The first index already asks for 65,537 items: the error points at that index.
    _one_error(run, f"--set:1:{argument.index('65536') + 1}: ", "list index 65536", "50000 items", "--max-values")
    _bounded(run, baseline, extra_mib=60, seconds=10)


def test_set_list_grown_item_by_item(tmp_path, baseline):
    argument = ",".join(f"worker.args[{i}]=x" for i in range(6000))
    run = run_measured("--set", argument, cwd=tmp_path)
    _handled(run)
    _bounded(run, baseline, extra_mib=80, seconds=20)


def test_set_json_nesting_obeys_max_depth(tmp_path, baseline):
    deep = "worker={" + '"a":{' * 600 + '"b":1' + "}" * 601
    run = run_measured("--set-json", deep, cwd=tmp_path)
    # JSON values carry no positions of their own: the error points at the assignment's key.
    _one_error(run, f"--set-json:1:{deep.index('worker') + 1}: ", "nested deeper than 100 levels", "--max-depth")
    raised = run_measured("--set-json", deep, "--max-depth", "900", cwd=tmp_path)
    _handled(raised)
    _bounded(raised, baseline, extra_mib=60, seconds=20)


def test_many_set_assignments_over_a_big_file(tmp_path, baseline):
    (tmp_path / "big.yaml").write_text("extraDeploy:\n" + "".join(f"  - {i}\n" for i in range(45_000)))
    argument = ",".join(f"a{i}=1" for i in range(5000))
    run = run_measured("big.yaml", "--set", argument, "--select", "DS101", cwd=tmp_path)
    _handled(run)
    # Each finding quotes an excerpt of the 40 KB argument, not all of it (plus its help line).
    assert len(run.stdout) < 5000 * 500
    _bounded(run, baseline, extra_mib=300, seconds=30)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_endless_stdin_is_cut_at_the_limit(tmp_path, baseline):
    run = run_measured("-", "--max-file-size", str(MIB), cwd=tmp_path, stdin_path=Path("/dev/zero"))
    _one_error(run, "<stdin>", "larger than 1 MiB")
    _bounded(run, baseline, extra_mib=40, seconds=10)
