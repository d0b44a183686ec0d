"""GitHub Actions workflow commands: one `::warning file=...::message` per unsuppressed diagnostic.

The runner turns these into annotations on the pull request. Values are escaped as the Actions
toolkit does (`escapeData`, `escapeProperty`), or a message with a newline or a path with a comma
would be cut short.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from golint_mem.model import Severity

if TYPE_CHECKING:
    from golint_mem.model import Diagnostic, RunResult

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def _file(path: str, cwd: str) -> str:
    # The runner reads a relative `file` as relative to the repository (GITHUB_WORKSPACE), while
    # our paths are relative to where we ran, which differs under `working-directory:`.
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return path
    rel = os.path.relpath(os.path.join(cwd, path), workspace)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return path  # outside the repository: leave it to the runner
    return rel.replace(os.sep, "/")


def _line(d: Diagnostic, cwd: str) -> str:
    props = {
        "file": _file(d.path, cwd),
        "line": str(d.start.line),
        "col": str(d.start.column),
        "endLine": str(d.end.line),
        "endColumn": str(d.end.column),
        "title": f"{d.code} {d.name}",
    }
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    return f"::{_COMMAND[d.severity]} {joined}::{escape_data(d.message)}\n"


def render(result: RunResult, out: TextIO, *, cwd: str) -> None:
    for d in result.reported:
        out.write(_line(d, cwd))
