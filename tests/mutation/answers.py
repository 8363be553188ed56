"""What a run answered, in a form a test can compare whole: every finding as one line.

The planted bugs of issue #20 survived because tests checked that a finding exists, not what it
says; comparing the whole line (place, code, severity, message) leaves a wrong answer nowhere to hide.
"""

from __future__ import annotations


def finding_lines(result) -> list[str]:
    """`file:line:col CODE severity message` per finding of a `--format json` run, in report order."""
    out = []
    for finding in result.json()["findings"]:
        loc = finding["location"]
        where = f"{loc['file']}:{loc['line']}:{loc['column']}" if loc.get("line") else loc["file"]
        out.append(f"{where} {finding['code']} {finding['severity']} {finding['message']}")
    return out
