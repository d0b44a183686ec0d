"""Plain text: `path:line:col: GM101 message`, one line per unsuppressed diagnostic.

The shape of go vet and staticcheck output, so editors and CI log matchers pick it up. The column
counts characters, 1-based.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from golint_mem.model import RunResult


def render(result: RunResult, out: TextIO, *, cwd: str) -> None:
    for d in result.reported:
        out.write(f"{d.path}:{d.start.line}:{d.start.column}: {d.code} {d.message}\n")
