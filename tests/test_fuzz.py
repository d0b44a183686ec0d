"""Fuzzing: the fixtures under testdata/, mutated (byte flips, truncation, splicing, deleted
brackets, inserted Unicode), go through the engine with every rule on. The engine must never
raise nor report an internal error, and every finding must lie inside its file.

CI runs a few hundred cases with a fixed seed. The long run, 100,000 random cases:

    GOLINT_MEM_FUZZ_EXAMPLES=100000 python -m pytest tests/test_fuzz.py -q -p no:cacheprovider

A failing case is shrunk and printed, and kept in .hypothesis/ to be replayed first next time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from golint_mem.engine import Linter, LintFile, Settings
from golint_mem.model import Diagnostic, Position
from golint_mem.registry import known_codes
from golint_mem.source import SourceFile
from tests.fixtures import ROOT, TESTDATA

EXAMPLES = int(os.environ.get("GOLINT_MEM_FUZZ_EXAMPLES", "0"))
FIXTURES = sorted(TESTDATA.rglob("*.go"))
SOURCES = {p: p.read_bytes() for p in FIXTURES}
LINTER = Linter(Settings(selected=known_codes(), include_generated=True, root=str(ROOT)))

_BRACKETS = b"{}()[]"


@dataclass(frozen=True)
class Case:
    path: Path
    data: bytes
    steps: tuple[str, ...]  # what was done, for the report of a failing case


@st.composite
def mutated(draw: st.DrawFn) -> Case:
    path = draw(st.sampled_from(FIXTURES))
    data = bytearray(SOURCES[path])
    steps: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "truncate", "splice", "brackets", "unicode", "copy"]))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "splice":
            other = SOURCES[draw(st.sampled_from(FIXTURES))]
            start = draw(st.integers(0, len(other)))
            piece = other[start : start + draw(st.integers(0, 2000))]
            data[at:at] = piece
        elif kind == "brackets":
            # Delete some of one kind of bracket from `at` on: unbalanced blocks and calls.
            ch = draw(st.sampled_from(_BRACKETS))
            every = draw(st.integers(1, 4))
            tail = bytearray(b for i, b in enumerate(data[at:]) if b != ch or i % every)
            data[at:] = tail
        elif kind == "unicode":
            text = draw(st.text(min_size=1, max_size=20))
            data[at:at] = text.encode("utf-8")
        elif kind == "copy" and data:
            start = draw(st.integers(0, len(data) - 1))
            data[at:at] = data[start : start + draw(st.integers(1, 500))]
        steps.append(f"{kind}@{at}")
    return Case(path, bytes(data), tuple(steps))


def _within(pos: Position, lines: list[bytes]) -> bool:  # columns count bytes
    return 1 <= pos.line <= len(lines) and 1 <= pos.column <= len(lines[pos.line - 1]) + 1


def lint(case: Case) -> list[Diagnostic]:
    """Lint the mutated file with its unchanged siblings; check the engine's promises."""
    siblings = sorted(case.path.parent.glob("*.go"))
    files = [
        LintFile(str(p), p.name, True, case.data)
        if p == case.path
        else LintFile(str(p), p.name, False)
        for p in siblings
    ]
    result = LINTER.lint_package(files)
    crashes = [p.render() for p in result.problems if "internal error" in p.message]
    assert not crashes, (case.steps, crashes)
    data = SourceFile(str(case.path), case.data).data
    lines = data.split(b"\n") if result.diagnostics else []
    for d in result.diagnostics:
        assert d.path == case.path.name
        assert 0 <= d.offset <= len(data), (case.steps, d)
        assert _within(d.start, lines) and _within(d.end, lines), (case.steps, d)
        assert (d.start.line, d.start.column) <= (d.end.line, d.end.column), (case.steps, d)
    return result.diagnostics


# Inputs the long run found, shrunk by hand: each was an internal error once.
FOUND = [
    # GM201 indexed a result by a position taken from the index, which the broken parse of
    # Collect did not agree with: IndexError in elements.returned.
    b"func guardedPut(w io.Writer, sring }\nfunc (c *collector) Collect(vals ...any) {\n"
    b"\tfor _, v := string) {\n\tif b.Cap() <= 1<<16 {\n\t}\n}\n\t\treturn",
]


@pytest.mark.parametrize("data", FOUND)
def test_inputs_the_fuzzer_found(data: bytes) -> None:
    lint(Case(TESTDATA / "GM103" / "negative.go", data, ("found",)))


def test_unchanged_fixtures_lint_cleanly() -> None:
    """The property's baseline: on the fixtures themselves it holds and finds things."""
    found = [d for p in FIXTURES for d in lint(Case(p, SOURCES[p], ()))]
    assert len(found) > 20


@settings(
    max_examples=EXAMPLES or 300,
    deadline=None,
    derandomize=not EXAMPLES,  # CI: the same cases every run; the long run: new ones
    database=None if not EXAMPLES else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_fixtures_never_break_the_engine(case: Case) -> None:
    lint(case)
