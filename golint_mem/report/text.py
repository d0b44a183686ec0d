"""Plain text: `path:line:col: GM101 message`, one line per unsuppressed diagnostic.

The shape of go vet and staticcheck output, so editors and CI log matchers pick it up. The column
counts bytes, 1-based, as go vet's does: Vim's quickfix and gopls' command line count the same way.
With colour (a terminal, see --color), the path is bold and the code takes its severity's colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from golint_mem.model import Severity

if TYPE_CHECKING:
    from golint_mem.model import RunResult

# ANSI colours by severity, as compilers use them: red, yellow, cyan.
CODE_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def style(text: str, sgr: str) -> str:
    return f"\x1b[{sgr}m{text}\x1b[0m"


def render(result: RunResult, out: TextIO, *, cwd: str, color: bool = False) -> None:
    for d in result.reported:
        where = f"{d.path}:{d.start.line}:{d.start.column}:"
        if color:
            code = style(d.code, "1;" + CODE_COLOURS[d.severity])
            out.write(f"{style(where, '1')} {code} {d.message}\n")
        else:
            out.write(f"{where} {d.code} {d.message}\n")
