"""Baselines: adopt golint-mem on a codebase that has findings, and fail only on new ones.

`--write-baseline FILE` records the run's unsuppressed findings (--baseline and --new-from-rev do
not apply to it) and exits 0; `--baseline FILE` hides the findings recorded there. The file is
JSON in UTF-8, one finding per line so that it diffs well:

    {
      "version": 1,
      "findings": [
        {"fingerprint": "9f2c41...", "code": "GM101", "path": "pkg/buf.go", "line": 28,
         "message": "buf is put back into bufPool without being reset"}
      ]
    }

Entries are sorted by path, line and code. Only `fingerprint` is used to match (see
engine.fingerprint: rule, path relative to the project root, the flagged line's text with its
whitespace normalised, and which occurrence of that text it is), so a finding stays hidden when
lines are added or removed above it, and comes back when its own line is edited or its file is
renamed. `code`, `path`, `line` and `message` are for people, and for naming an entry that no
longer matches: with --report-unused-directives such an entry is reported as GM002, located in the
baseline file, when the run linted its file and ran its rule. Later versions may add keys; a file
of a newer `version` is refused.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from golint_mem.engine import fingerprint, normalise
from golint_mem.model import Diagnostic
from golint_mem.source import SourceFile
from golint_mem.suppress import UNUSED_DIRECTIVE_META

VERSION = 1


class BaselineError(Exception):
    """The baseline cannot be read or written: one line for the user."""


@dataclass(frozen=True, slots=True)
class Entry:
    fingerprint: str
    code: str
    path: str  # relative to the project root
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Baseline:
    path: str  # as given on the command line
    entries: tuple[Entry, ...]
    data: bytes  # the file as read, to locate an unused entry


def read(path: str) -> Baseline:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise BaselineError(f"{path}: not a golint-mem baseline: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"{path}: not a golint-mem baseline: no findings list")
    version = doc.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BaselineError(
            f"{path}: baseline version {version!r} is not one this golint-mem reads"
        )
    entries = []
    for i, row in enumerate(doc["findings"]):
        if not isinstance(row, dict) or not isinstance(row.get("fingerprint"), str):
            raise BaselineError(f"{path}: finding {i + 1} has no fingerprint")
        line = row.get("line")
        entries.append(
            Entry(
                row["fingerprint"],
                str(row.get("code", "")),
                str(row.get("path", "")),
                line if isinstance(line, int) else 0,
                str(row.get("message", "")),
            )
        )
    return Baseline(path, tuple(entries), data)


def write(path: str, diagnostics: Iterable[Diagnostic]) -> int:
    """Record the unsuppressed `diagnostics` in `path`; return how many."""
    rows = sorted(
        (
            {
                "fingerprint": d.fingerprint,
                "code": d.code,
                "path": d.root_path or d.path,
                "line": d.start.line,
                "message": d.message,
            }
            for d in diagnostics
            if d.suppressed is None
        ),
        key=lambda r: (r["path"], r["line"], r["code"], r["fingerprint"]),
    )
    lines = ",\n".join(f"    {json.dumps(r)}" for r in rows)
    text = f'{{\n  "version": {VERSION},\n  "findings": [\n{lines}\n  ]\n}}\n'
    if not rows:
        text = f'{{\n  "version": {VERSION},\n  "findings": []\n}}\n'
    folder = os.path.dirname(os.path.abspath(path))
    try:
        # Written beside and renamed over: reading and rewriting the same baseline is safe.
        fd, tmp = tempfile.mkstemp(prefix=".golint-mem-baseline.", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return len(rows)


@dataclass(slots=True)
class Applied:
    kept: list[Diagnostic]
    hidden: int
    unused: list[Entry]


def apply(
    baseline: Baseline,
    diagnostics: Sequence[Diagnostic],
    *,
    linted: Collection[str],
    selected: Collection[str],
) -> Applied:
    """Drop the unsuppressed diagnostics the baseline records.

    An entry is unused when no diagnostic matched it although its file (a root-relative path in
    `linted`) was linted with its rule (in `selected`): entries about other files are left alone,
    so linting one file does not call the rest of the baseline stale.
    """
    known = {e.fingerprint for e in baseline.entries}
    matched: set[str] = set()
    kept: list[Diagnostic] = []
    for d in diagnostics:
        if d.suppressed is None and d.fingerprint in known:
            matched.add(d.fingerprint)
        else:
            kept.append(d)
    unused = [
        e
        for e in baseline.entries
        if e.fingerprint not in matched and e.path in linted and e.code in selected
    ]
    return Applied(kept, len(diagnostics) - len(kept), unused)


def unused_diagnostics(
    baseline: Baseline, unused: Iterable[Entry], *, display: str, root_path: str
) -> list[Diagnostic]:
    """GM002 for each unused entry, at the entry's line in the baseline file.

    `display` is the baseline's path as printed (relative to the working directory) and
    `root_path` relative to the project root, as for any other file.
    """
    src = SourceFile(display, baseline.data)
    out = []
    seen: dict[str, int] = {}
    for e in unused:
        at = src.data.find(json.dumps(e.fingerprint).encode())
        start = src.data.rfind(b"{", 0, at) if at >= 0 else 0
        end = src.data.find(b"}", at) + 1 if at >= 0 else 0
        first, last = src.position(max(start, 0)), src.position(max(end, start, 0))
        text = src.line_text(first.line)
        norm = normalise(text)
        n = seen[norm] = seen.get(norm, -1) + 1
        where = f"{e.path}:{e.line}" if e.line else e.path
        out.append(
            Diagnostic(
                path=display,
                code=UNUSED_DIRECTIVE_META.code,
                name=UNUSED_DIRECTIVE_META.name,
                severity=UNUSED_DIRECTIVE_META.severity,
                message=f"unused baseline entry for {e.code} at {where}: the finding is gone",
                start=first,
                end=last,
                offset=max(start, 0),
                line_text=text,
                fingerprint=fingerprint(UNUSED_DIRECTIVE_META.code, root_path, norm, n),
                root_path=root_path,
            )
        )
    return out
