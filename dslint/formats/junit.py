"""JUnit XML: the test report every CI reads (GitLab `artifacts:reports:junit`, Jenkins, Azure).

Each checked file is a test case that passes when it has no findings; each
finding is a test case named after its rule and values path, classed under its
file, so a CI's test view groups findings by file.  Only findings at or above
--fail-on fail (what fails the run fails the test report); the others pass,
with the finding as the case's output.  Files that could
not be read are test cases in error.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from dslint.findings import Severity
from dslint.formats.gitlab import relative_path
from dslint.formats.text import line
from dslint.run import Report


def _source(source: str, is_file: bool) -> str:
    return relative_path(source) if is_file else source


def render(report: Report, **_: Any) -> str:
    suite = ET.Element("testsuite", name="dslint")
    failing_files = set()
    cases = failures = 0
    level = getattr(report, "fail_level", Severity.ERROR)
    for finding in report.findings:
        loc = finding.location
        source = _source(loc.source, loc.is_file)
        failing_files.add(loc.source)
        name = f"{finding.code} {finding.name}"
        if finding.values_path:
            name += f" {finding.values_path}"
        case = ET.SubElement(suite, "testcase", classname=source, name=name)
        if loc.is_file:
            case.set("file", source)
            case.set("line", str(loc.line))
        text = line(finding) + (f"\nFix: {finding.fix}" if finding.fix else "") + (
            f"\n{finding.fix_command[0].upper()}{finding.fix_command[1:]}" if finding.edit is not None else "")
        if level is not None and finding.severity >= level:
            failure = ET.SubElement(case, "failure", type=finding.severity.label, message=finding.message)
            failure.text = text
            failures += 1
        else:
            # Below --fail-on the run passes, and so does the case: the finding is its output.
            ET.SubElement(case, "system-out").text = text
        cases += 1
    for name in report.files:
        if name not in failing_files:
            ET.SubElement(suite, "testcase", classname=_source(name, True), name="dslint", file=_source(name, True))
            cases += 1
    for err in report.input_errors:
        case = ET.SubElement(suite, "testcase", classname="dslint", name="input")
        ET.SubElement(case, "error", type="input", message=str(err)).text = str(err)
        cases += 1
    counts = {
        "tests": str(cases),
        "failures": str(failures),
        "errors": str(len(report.input_errors)),
        "skipped": "0",
    }
    for key, value in counts.items():
        suite.set(key, value)
    root = ET.Element("testsuites", {"name": "dslint", **{k: counts[k] for k in ("tests", "failures", "errors")}})
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
