"""JSON output: a stable public schema for scripts and dashboards.

The output is one JSON array followed by a newline, indented by two spaces, with one object per
diagnostic in the engine's order (path, line, column, code), suppressed ones included. Each object
has exactly these keys, in this order:

    code           string   the rule code, "GM101"
    name           string   the rule name, "pool-put-without-reset"
    message        string   lowercase, no final period
    path           string   the file, relative to the working directory, '/'-separated
    line           integer  1-based line of the start
    column         integer  1-based column of the start, counted in bytes of UTF-8 like go vet
    end_line       integer  1-based line of the end
    end_column     integer  1-based column just past the last byte (exclusive), in bytes
    severity       string   "error", "warning" or "info"
    suppressed     boolean  true when a directive such as //golintmem:ignore covers it
    justification  string or null  the directive's reason when suppressed ("no reason given" when
                   the directive has none); null when not suppressed
    fingerprint    string   an opaque identifier that stays the same while the finding does, for
                   baselines; "" when not computed

Problems that are not findings (unreadable files, parse errors) are not part of this array; they
go to standard error. Keys may be added in later versions; existing keys keep their meaning.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from golint_mem.model import Diagnostic, RunResult


def _row(d: Diagnostic) -> dict[str, object]:
    return {
        "code": d.code,
        "name": d.name,
        "message": d.message,
        "path": d.path,
        "line": d.start.line,
        "column": d.start.column,
        "end_line": d.end.line,
        "end_column": d.end.column,
        "severity": str(d.severity),
        "suppressed": d.suppressed is not None,
        "justification": d.suppressed,
        "fingerprint": d.fingerprint,
    }


def render(result: RunResult, out: TextIO, *, cwd: str) -> None:
    # ensure_ascii (the default) escapes non-ASCII text, so any output encoding can carry it.
    json.dump([_row(d) for d in result.diagnostics], out, indent=2)
    out.write("\n")
