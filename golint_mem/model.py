"""Plain data passed between the engine, the rules and the reporters.

Rules speak in byte offsets (`Finding`); the engine turns them into `Diagnostic`s with line and
column numbers at the edge, so reporters never see a tree-sitter node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Confidence(StrEnum):
    """How sure the rule is when it reports; maps onto SARIF's `precision`."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open byte range [start, end) in a file's bytes."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RuleMeta:
    code: str
    name: str
    summary: str
    severity: Severity = Severity.WARNING
    confidence: Confidence = Confidence.HIGH
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: a code, a byte span in the file being checked, and a message."""

    code: str
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column; `column` counts bytes (as go vet and gopls do), `column16`
    UTF-16 code units (as SARIF and LSP do)."""

    line: int
    column: int
    column16: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding located in a file, ready for a reporter."""

    path: str  # as printed: relative to the working directory, '/'-separated
    code: str
    name: str
    severity: Severity
    message: str
    start: Position
    end: Position
    offset: int  # start byte, for stable ordering
    line_text: str  # the flagged line, without its line ending
    fingerprint: str = ""  # engine.fingerprint(): survives edits to other lines
    # Relative to the project root (Settings.root), '/'-separated: SARIF URIs, baselines, git.
    root_path: str = ""
    # The reason given by the directive that suppressed it; None when not suppressed.
    suppressed: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.start.line, self.start.column, self.code, self.message)


class ProblemKind(StrEnum):
    ERROR = "error"  # the file or the run could not be handled fully: exit 2
    NOTICE = "notice"  # worth saying, does not change the exit status


@dataclass(frozen=True, slots=True)
class Problem:
    """Something about an input that is not a finding: unreadable file, parse errors, a crash."""

    path: str
    message: str
    kind: ProblemKind = ProblemKind.ERROR
    line: int = 0

    def render(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(slots=True)
class RunResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0  # files linted (read, and judged by the rules)
    rules: tuple[RuleMeta, ...] = ()

    @property
    def reported(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.suppressed is None]

    @property
    def failed(self) -> bool:
        return any(p.kind is ProblemKind.ERROR for p in self.problems)
