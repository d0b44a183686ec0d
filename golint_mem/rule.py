"""The rule contract: what a rule module declares (Rule) and what its check gets (Context).

A rule module declares `META`, a tree-sitter `QUERY`, a byte-level `PREFILTER` (or None),
optionally its narrowing (`SCOPE`, `REGIONS`) and its `Options`, and `check`; its last line
binds them: `RULE = Rule(META, QUERY, check, prefilter=PREFILTER, ...)`. Every optional part
has its default here, and mypy checks each module's Rule(...) against these types. The engine
owns narrowing (plan.py): it asks PREFILTER, SCOPE and REGIONS, and a rule never reads them.

Narrowing may make a rule skip files and parts of files, never findings: each must never be
stricter than `check` (tests/test_speed.py runs every fixture with narrowing off and on).
- PREFILTER: a regex over the raw file; when it does not match, the rule is not run (the file
  is not even parsed if no selected rule needs it). Start it with a literal: Python's `re` skips
  ahead at C speed only to a literal prefix, so `Put(?<=\bPut)\b` scans a file ten times faster
  than the equivalent `\bPut\b`, and the scan runs on every file. An alternation of branches led
  by different literals is faster as `AnyOf` them.
- SCOPE(package, path, source) -> spans or None, asked before the parse: the runs of whole
  top-level declarations (go/toplevel.py pieces) outside which the rule cannot report (None:
  anywhere; []: nowhere, like a PREFILTER that fails). When every rule a file needs has one,
  and no directive is in the file, only they and the package clause and imports are parsed.
  `pieces_matching(PREFILTER)` is the scope of a rule that reports only in declarations whose
  text its PREFILTER matches.
- REGIONS(file) -> spans: the rule reports only on query matches that meet one of them (loop
  bodies, say), so its query runs on those ranges alone, within its SCOPE.
- Options: a frozen dataclass of the rule's settings, read from `[rules.GMxxx]` of the config
  file by the field names with `-` for `_`, and validated there (config.py): the field's type,
  and `option(default, check=...)` for what a type cannot say.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from golint_mem.go.file import FileContext
from golint_mem.go.package import Package
from golint_mem.model import Finding, RuleMeta, Span
from golint_mem.treesitter import Match, Node

OptionsT = TypeVar("OptionsT")
T = TypeVar("T")


class AnyOf:
    """A PREFILTER of several regexes, tried in turn: matches where one of them does. Each scans
    ahead to its own literal prefix, where one alternation of them has none to scan for."""

    __slots__ = ("patterns",)

    def __init__(self, *patterns: bytes) -> None:
        self.patterns = tuple(re.compile(p) for p in patterns)

    def search(self, data: bytes, pos: int = 0, endpos: int = sys.maxsize) -> object | None:
        for pattern in self.patterns:
            found = pattern.search(data, pos, endpos)
            if found is not None:
                return found
        return None


Prefilter = re.Pattern[bytes] | AnyOf
Scope = Callable[[Package, str, bytes], list[Span] | None]
Regions = Callable[[FileContext], list[Span]]
# What a value must be, when it is not: "an integer above 0". None: it is fine.
Check = Callable[[Any], str | None]


@dataclass(frozen=True, slots=True)
class NoOptions:
    """The options of a rule that has none."""


@dataclass(slots=True)
class Context(Generic[OptionsT]):
    """One rule's view of one file: the file's semantics, its query matches, its options."""

    file: FileContext
    matches: list[Match]
    options: OptionsT
    code: str

    def text(self, node: Node) -> str:
        return self.file.text(node)

    def finding(self, node: Node, message: str) -> Finding:
        return Finding(self.code, Span(node.start_byte, node.end_byte), message)


@dataclass(frozen=True, slots=True)
class Rule(Generic[OptionsT]):
    """A rule, as its module declares it (see the module docstring)."""

    meta: RuleMeta
    query: str
    check: Callable[[Context[OptionsT]], Iterator[Finding]]
    prefilter: Prefilter | None = None
    scope: Scope | None = None
    regions: Regions | None = None
    options: type[OptionsT] | None = None  # the Options class; None: NoOptions

    def default_options(self) -> OptionsT | NoOptions:
        return self.options() if self.options is not None else NoOptions()


def option(default: T, *, check: Check | None = None, each: Check | None = None) -> T:
    """A field of a rule's Options: its default, and what the config loader checks beyond the
    type: `check` the value, `each` every element of a list."""
    return field(default=default, metadata={"check": check, "each": each})


def above_zero(value: Any) -> str | None:
    return None if value > 0 else "a number above 0"


_IDENTIFIER = re.compile(r"[^\W\d]\w*")


def identifier(value: Any) -> str | None:
    return None if _IDENTIFIER.fullmatch(value) else "a Go identifier"


def pieces_matching(prefilter: Prefilter) -> Scope:
    """The SCOPE of a rule whose query matches only inside a top-level declaration whose text the
    PREFILTER matches."""

    def scope(package: Package, path: str, data: bytes) -> list[Span]:
        return [
            Span(start, end)
            for start, end, _ in package.top_level(path, data).pieces()
            if prefilter.search(data, start, end) is not None
        ]

    return scope
