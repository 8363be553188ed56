"""Loading values: YAML files and Helm's --set flags, with the position of every value.

PyYAML is first imported by this package (`yaml_tree`), so this is where its
import is made cheaper: its pure-Python reader compiles a large character
class when imported (3.5 ms, a twentieth of a cold `dslint check`), which only
the pure-Python parser uses, and dslint parses with libyaml's.  During the
import, that one pattern is handed out uncompiled (`lazy.deferred_compile`);
it compiles on first use.  The pattern is PyYAML's text, so a PyYAML that
changes it only costs the time again (`tests/load/test_lazy_start.py` says so).
"""

from dslint.lazy import deferred_compile

PYYAML_NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"

with deferred_compile(PYYAML_NON_PRINTABLE):
    import yaml  # noqa: F401
