"""Property tests: a fix changes the fixed tokens and nothing else, whatever surrounds them.

Values files are generated with comments above, beside and between the
fixed lines, blank lines, either indentation step, LF or CRLF, with or
without a final newline.  Each entry is generated twice, as written and as
fixed, so the expected file is known exactly: every other byte must stay.
"""

from __future__ import annotations

import os
import tempfile

from hypothesis import given
from hypothesis import strategies as st

from dslint.config import Settings
from dslint.fix.run import fix_file
from dslint.load.yaml_tree import parse_yaml

# (key as written, value as written, key fixed, value fixed); unchanged entries too.
WORKER = [
    ("replicaCount", '"3"', "replicaCount", "3"),
    ("replicaCount", "2", "replicaCount", "2"),
    ("replica_count", "4", "replicaCount", "4"),
    ("podAntiAffinityPreset", "Hard", "podAntiAffinityPreset", "hard"),
    ("podAntiAffinityPreset", "'Soft'", "podAntiAffinityPreset", "'soft'"),
    ("podAntiAffinityPreset", "soft", "podAntiAffinityPreset", "soft"),
    ("terminationGracePeriodSeconds", "60", "terminationGracePeriodSeconds", '"60"'),
    ("terminationGracePeriodSeconds", "'30'", "terminationGracePeriodSeconds", "'30'"),
    ("slotsPerNode", "8", "slotsPerNode", "8"),
    ("podAffinityPreset", '"SOFT"', "podAffinityPreset", '"soft"'),
    ("automountServiceAccountToken", "'false'", "automountServiceAccountToken", "false"),
]
CLIENT = [
    ("useJob", "'true'", "useJob", "true"),
    ("useJob", "false", "useJob", "false"),
    ("resourcesPreset", "Large", "resourcesPreset", "large"),
    ("resourcesPreset", "small", "resourcesPreset", "small"),
    ("backoffLimit", '"10"', "backoffLimit", "10"),
]
MEMORY = [("16 Gi", "16Gi"), ("8gi", "8Gi"), ("512Mi", "512Mi"), ("4GiB", "4Gi")]

comment_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCHSoft0123456789:-'\"#.,", max_size=30).filter(
    lambda t: "dslint" not in t)


@st.composite
def decorations(draw):
    """Comment lines and blank lines above an entry, and a trailing comment (or none)."""
    above = draw(st.lists(st.one_of(st.just(""), comment_text.map(lambda t: "# " + t)), max_size=2))
    trailing = draw(st.one_of(st.just(""), st.tuples(st.sampled_from([" ", "  ", "\t"]), comment_text).map(
        lambda p: f"{p[0]}# {p[1]}")))
    return above, trailing


def _unique(entries):
    return st.lists(st.sampled_from(entries), max_size=len(entries), unique_by=lambda e: e[2])


@st.composite
def values_files(draw):
    step = draw(st.sampled_from([2, 4]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    before, after = [], []

    def line(indent, text_before, text_after, deco):
        above, trailing = deco
        for extra in above:
            # A comment line keeps its own indentation, whatever it is.
            before.append(" " * indent + extra if extra else "")
            after.append(" " * indent + extra if extra else "")
        before.append(" " * indent + text_before + trailing)
        after.append(" " * indent + text_after + trailing)

    if draw(st.booleans()):
        line(0, "# values for the training cluster", "# values for the training cluster", ([], ""))
    for section, pool in (("worker", WORKER), ("client", CLIENT)):
        entries = draw(_unique(pool))
        memory = draw(st.one_of(st.none(), st.sampled_from(MEMORY)))
        if not entries and memory is None:
            continue
        line(0, f"{section}:", f"{section}:", draw(decorations()))
        for key, value, fixed_key, fixed_value in entries:
            line(step, f"{key}: {value}", f"{fixed_key}: {fixed_value}", draw(decorations()))
        if memory is not None:
            line(step, "resources:", "resources:", draw(decorations()))
            line(2 * step, "limits:", "limits:", ([], ""))
            line(3 * step, f"memory: {memory[0]}", f"memory: {memory[1]}", draw(decorations()))
    final = draw(st.booleans())
    join = lambda lines: newline.join(lines) + (newline if final else "")  # noqa: E731
    return join(before or ["{}"]), join(after or ["{}"])


def _fix(text: str, unsafe: bool = False) -> str:
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "values.yaml")
        with open(path, "wb") as handle:
            handle.write(text.encode())
        fixed = fix_file(path, [], [], Settings(), unsafe=unsafe)
        assert fixed is not None
        return fixed.after


@given(values_files())
def test_only_the_fixed_tokens_change(case):
    before, expected = case
    after = _fix(before)
    assert after == expected
    # ... and the values Helm reads are the fixed ones.
    assert parse_yaml(after, "after").data == parse_yaml(expected, "expected").data
    # A second run has nothing left to do.
    assert _fix(after) == after


@given(values_files(), decorations(), st.booleans())
def test_a_moved_key_keeps_every_other_line(case, deco, only_child):
    """The unsafe move of `client.launchCommand` to `source.launchCommand`: values and comments survive."""
    before, fixed = case
    newline = "\r\n" if "\r\n" in before else "\n"
    if before.startswith("{}"):
        before = ""
    above, trailing = deco
    lines = before.split(newline) if before else []
    if lines and lines[-1] == "":
        lines.pop()
    at = next((i for i, l in enumerate(lines) if l.startswith("client:")), None)
    if only_child and at is not None:
        # The command alone in its own `client:` section: drop the generated one.
        end = next((i for i in range(at + 1, len(lines)) if lines[i][:1] not in (" ", "#", "")), len(lines))
        del lines[at:end]
        at = None
        fixed_data = {k: v for k, v in (parse_yaml(case[1], "fixed").data or {}).items() if k != "client"}
    else:
        fixed_data = None
    if at is None:
        lines = [l for l in lines if l]  # keep it simple: a new section at the end
        lines.append("client:")
        at, indent = len(lines) - 1, "  "
    else:
        following = next((l for l in lines[at + 1:] if l.strip() and not l.strip().startswith("#")), "  x")
        indent = following[: len(following) - len(following.lstrip(" "))] or "  "
    block = [indent + c if c else "" for c in above] + [f"{indent}launchCommand: deepspeed train.py{trailing}"]
    lines[at + 1:at + 1] = block
    text = newline.join(lines) + newline
    after = _fix(text, unsafe=True)
    values = parse_yaml(after, "after").data
    # The safe fixes as in the first property, and the command where the chart reads it.
    if fixed_data is None:
        fixed_data = parse_yaml(fixed, "expected").data if not case[0].startswith("{}") else {}
    expected = dict(fixed_data or {})
    expected.setdefault("source", {})["launchCommand"] = "deepspeed train.py"
    assert values == expected
    # Every comment line is still there, in order.
    comments = [l.strip() for l in text.splitlines() if l.strip().startswith("#")]
    assert [l.strip() for l in after.splitlines() if l.strip().startswith("#")] == comments
    assert _fix(after, unsafe=True) == after
