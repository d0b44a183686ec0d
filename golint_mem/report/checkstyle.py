"""Checkstyle XML, which Jenkins' Warnings plugin, reviewdog, SonarQube and many CI tools read.

`<checkstyle>` holds one `<file name="...">` per file with findings (paths relative to the working
directory), each with one `<error>` per unsuppressed finding: `line`, `column` (1-based, in
bytes, like the text output), `severity` (error, warning or info), `message` and `source`
(`golint-mem.GM101`). Valid against Checkstyle's own report schema.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

from golint_mem.report.xmltext import clean

if TYPE_CHECKING:
    from golint_mem.model import Diagnostic, RunResult


def render(result: RunResult, out: TextIO, *, cwd: str) -> None:
    root = ET.Element("checkstyle", version="4.3")
    by_file: dict[str, list[Diagnostic]] = {}
    for d in result.reported:
        by_file.setdefault(d.path, []).append(d)
    for path in sorted(by_file):
        file = ET.SubElement(root, "file", name=clean(path))
        for d in by_file[path]:
            ET.SubElement(
                file,
                "error",
                line=str(d.start.line),
                column=str(d.start.column),
                severity=str(d.severity),
                message=clean(d.message),
                source=f"golint-mem.{d.code}",
            )
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
