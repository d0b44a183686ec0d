"""JUnit XML, as Jenkins' junit step and GitLab's `artifacts: reports: junit:` read it.

One `<testsuite>` per file holding findings (its path, relative to the working directory, as the
name) and one failing `<testcase>` per unsuppressed finding in it: `name` is the rule
(`GM101 pool-put-without-reset`), `classname` the position (`pkg/pool.go:12:2`), and the
`<failure>` carries the message and the severity. A file that could not be linted is a testcase
with an `<error>`. A run with neither is one passing testcase, so that Jenkins does not take the
report for an empty one. Valid against the JUnit schema of Jenkins' xUnit plugin.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

from golint_mem.model import ProblemKind
from golint_mem.report.xmltext import clean

if TYPE_CHECKING:
    from golint_mem.model import Diagnostic, Problem, RunResult


def _case(suite: ET.Element, d: Diagnostic) -> None:
    where = f"{d.path}:{d.start.line}:{d.start.column}"
    case = ET.SubElement(
        suite, "testcase", name=clean(f"{d.code} {d.name}"), classname=clean(where)
    )
    failure = ET.SubElement(
        case, "failure", message=clean(f"{where}: {d.code} {d.message}"), type=str(d.severity)
    )
    failure.text = clean(f"{d.message}\n\n{d.line_text.strip()}\n")


def _error(suite: ET.Element, p: Problem) -> None:
    case = ET.SubElement(suite, "testcase", name="golint-mem", classname=clean(p.path))
    ET.SubElement(case, "error", message=clean(p.render()), type="error")


def render(result: RunResult, out: TextIO, *, cwd: str) -> None:
    by_file: dict[str, tuple[list[Diagnostic], list[Problem]]] = {}
    for d in result.reported:
        by_file.setdefault(d.path, ([], []))[0].append(d)
    for p in result.problems:
        if p.kind is ProblemKind.ERROR:
            by_file.setdefault(p.path, ([], []))[1].append(p)
    root = ET.Element("testsuites", name="golint-mem")
    total = failures = errors = 0
    for path in sorted(by_file):
        found, problems = by_file[path]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=clean(path),
            tests=str(len(found) + len(problems)),
            failures=str(len(found)),
            errors=str(len(problems)),
        )
        for d in found:
            _case(suite, d)
        for p in problems:
            _error(suite, p)
        total += len(found) + len(problems)
        failures += len(found)
        errors += len(problems)
    if not by_file:
        suite = ET.SubElement(root, "testsuite", name="golint-mem", tests="1", failures="0",
                              errors="0")  # fmt: skip
        ET.SubElement(suite, "testcase", name="no findings", classname="golint-mem")
        total = 1
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
