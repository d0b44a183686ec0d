"""`--statistics`: how many unsuppressed findings each rule made, most first, as ruff prints them.

Text is one line per rule, `count<TAB>code<TAB>name`, the counts right-aligned; as JSON (when the
report on standard output is json) an array of `{"code", "name", "count"}`.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, TextIO

from golint_mem.report.text import CODE_COLOURS, style

if TYPE_CHECKING:
    from golint_mem.model import Diagnostic, RunResult


def counts(result: RunResult) -> list[tuple[Diagnostic, int]]:
    """One diagnostic of each rule with its count, most frequent first, then by code."""
    tally = Counter(d.code for d in result.reported)
    first: dict[str, Diagnostic] = {}
    for d in result.reported:
        first.setdefault(d.code, d)
    return sorted(((first[c], n) for c, n in tally.items()), key=lambda x: (-x[1], x[0].code))


def render(result: RunResult, out: TextIO, *, color: bool = False) -> None:
    rows = counts(result)
    width = max((len(str(n)) for _, n in rows), default=1)
    for d, n in rows:
        code = style(d.code, "1;" + CODE_COLOURS[d.severity]) if color else d.code
        out.write(f"{n:>{width}}\t{code}\t{d.name}\n")


def render_json(result: RunResult, out: TextIO) -> None:
    rows = [{"code": d.code, "name": d.name, "count": n} for d, n in counts(result)]
    json.dump(rows, out, indent=2)
    out.write("\n")
