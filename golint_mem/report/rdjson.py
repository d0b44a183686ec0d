"""reviewdog's Diagnostic Format (rdjson): `reviewdog -f=rdjson` turns it into review comments on
GitHub, GitLab, Bitbucket or Gerrit.

One `DiagnosticResult` object: `source` (golint-mem), and one diagnostic per unsuppressed finding
with `message`, `location` (path relative to the working directory, a range whose columns count
bytes of UTF-8 and whose end is exclusive, as the format says), `severity` (ERROR, WARNING or
INFO) and `code` (the rule code and its page). Every field is one that reviewdog's protobuf
schema declares, so its strict parser accepts the file.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from golint_mem.model import Severity
from golint_mem.report import HOMEPAGE, rule_url

if TYPE_CHECKING:
    from golint_mem.model import Diagnostic, RunResult

_SEVERITY = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def _diagnostic(d: Diagnostic, urls: dict[str, str | None]) -> dict[str, object]:
    if d.code not in urls:
        urls[d.code] = rule_url(d.code)
    code: dict[str, object] = {"value": d.code}
    if urls[d.code]:
        code["url"] = urls[d.code]
    return {
        "message": d.message,
        "location": {
            "path": d.path,
            "range": {
                "start": {"line": d.start.line, "column": d.start.column},
                "end": {"line": d.end.line, "column": d.end.column},
            },
        },
        "severity": _SEVERITY[d.severity],
        "code": code,
    }


def render(result: RunResult, out: TextIO, *, cwd: str) -> None:
    urls: dict[str, str | None] = {}
    doc = {
        "source": {"name": "golint-mem", "url": HOMEPAGE},
        "diagnostics": [_diagnostic(d, urls) for d in result.reported],
    }
    json.dump(doc, out, indent=2)
    out.write("\n")
