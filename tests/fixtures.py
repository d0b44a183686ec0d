"""Run the engine over testdata/ and compare findings with `// want "GM101: regexp"` comments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from golint_mem.engine import Linter, LintFile, Settings
from golint_mem.engine_rules import OPT_IN
from golint_mem.model import Diagnostic
from golint_mem.registry import known_codes

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"

_WANT = re.compile(r"//\s*want\s+(.*)$")
_PATTERN = re.compile(r'"((?:[^"\\]|\\.)*)"|`([^`]*)`')


@dataclass(frozen=True)
class Want:
    path: str
    line: int
    code: str
    pattern: str


def parse_wants(path: Path, display: str) -> list[Want]:
    wants: list[Want] = []
    for lineno, text in enumerate(path.read_text("utf-8").splitlines(), 1):
        m = _WANT.search(text)
        if not m:
            continue
        for q in _PATTERN.finditer(m.group(1)):
            raw = q.group(1) if q.group(1) is not None else q.group(2)
            if q.group(1) is not None:  # only \" and \\ are escapes: regex escapes stay as written
                raw = re.sub(r'\\([\\"])', r"\1", raw)
            code, _, pattern = raw.partition(":")
            wants.append(Want(display, lineno, code.strip(), pattern.strip()))
    return wants


def packages() -> list[Path]:
    return sorted({p.parent for p in TESTDATA.rglob("*.go")})


def lint_dir(directory: Path, codes: frozenset[str] | None = None) -> list[Diagnostic]:
    selected = codes if codes is not None else known_codes() - OPT_IN
    linter = Linter(Settings(selected=selected, include_generated=True, root=str(ROOT)))
    files = [
        LintFile(str(p), p.relative_to(ROOT).as_posix(), True)
        for p in sorted(directory.glob("*.go"))
    ]
    result = linter.lint_package(files)
    assert not [p for p in result.problems if p.kind == "error"], result.problems
    return sorted(result.diagnostics, key=Diagnostic.sort_key)


def compare(directory: Path, diagnostics: list[Diagnostic]) -> list[str]:
    """Mismatches between findings and wants, one message each; empty when they agree."""
    wants = [
        w
        for p in sorted(directory.glob("*.go"))
        for w in parse_wants(p, p.relative_to(ROOT).as_posix())
    ]
    problems: list[str] = []
    unmatched = [d for d in diagnostics if d.suppressed is None]
    for w in wants:
        hit = next(
            (
                d
                for d in unmatched
                if d.path == w.path
                and d.start.line == w.line
                and d.code == w.code
                and re.search(w.pattern, d.message)
            ),
            None,
        )
        if hit is None:
            problems.append(f"{w.path}:{w.line}: no {w.code} finding matching {w.pattern!r}")
        else:
            unmatched.remove(hit)
    problems += [
        f"{d.path}:{d.start.line}:{d.start.column}: unexpected {d.code} {d.message}"
        for d in unmatched
    ]
    return problems
