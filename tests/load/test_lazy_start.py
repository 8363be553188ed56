"""Two start-up savings that lean on other code (DEVELOPERS.md, "Contracts that keep it fast")."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid

import pytest
import yaml.reader

from dslint.lazy import LazyPattern, deferred_compile


def test_pyyaml_reader_pattern_is_deferred_and_matches_as_compiled():
    # In a fresh process: here pytest's plugins have imported PyYAML already.
    program = """
import re, sys
import dslint.load
import yaml.reader
from dslint.lazy import LazyPattern
pattern = yaml.reader.Reader.NON_PRINTABLE
if not isinstance(pattern, LazyPattern):
    sys.exit("PyYAML's reader compiled its NON_PRINTABLE pattern at import: its text no longer matches "
             "dslint/load/__init__.py's PYYAML_NON_PRINTABLE (update it from the installed PyYAML)")
compiled = re.compile(dslint.load.PYYAML_NON_PRINTABLE)
for text in ["plain", "tab\\there", "bell\\x07", "del\\x7f", "nel\\x85ok", "bom\\ufeff", "\\ufffe", "emoji \\U0001f600"]:
    text = text.encode().decode("unicode_escape")
    ours, theirs = pattern.search(text), compiled.search(text)
    assert (ours and ours.span()) == (theirs and theirs.span()), repr(text)
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == "ok", done.stdout + done.stderr


def test_the_pure_python_reader_still_rejects_non_printable_text():
    with pytest.raises(yaml.reader.ReaderError, match="special characters are not allowed"):
        yaml.load("a: b\x07", Loader=yaml.SafeLoader)


def test_deferred_compile_seeds_only_inside_the_block():
    # A pattern re has never compiled: its cache would otherwise answer a second run in the same process.
    source = rf"dslint-test-{uuid.uuid4().hex}-(\d+)-pattern"
    with deferred_compile(source):
        inside = re.compile(source)
    outside = re.compile(source)
    assert isinstance(inside, LazyPattern) and isinstance(outside, re.Pattern)
    assert inside.match(source.replace(r"(\d+)", "42")).group(1) == "42"


def test_the_console_entry_raises_the_young_generation_threshold():
    program = ("import gc, sys\nfrom dslint import entry\nsys.argv = ['dslint', '--version']\n"
               "try:\n    entry.run()\nexcept SystemExit:\n    pass\n"
               "print(gc.get_threshold()[0] == entry.YOUNG_GENERATION_THRESHOLD)")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip().endswith("True"), done.stdout + done.stderr
