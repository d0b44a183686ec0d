"""What a rule module gets to work with, and the protocol every rule module follows."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from golint_mem.go.file import FileContext
from golint_mem.model import Finding, RuleMeta, Span
from golint_mem.treesitter import Match, Node


@dataclass(slots=True)
class Context:
    """One rule's view of one file: the file's semantics, its query matches, its options."""

    file: FileContext
    matches: list[Match]
    options: Mapping[str, object]
    code: str

    def text(self, node: Node) -> str:
        return self.file.text(node)

    def finding(self, node: Node, message: str) -> Finding:
        return Finding(self.code, Span(node.start_byte, node.end_byte), message)


class AnyOf:
    """A PREFILTER of several regexes, tried in turn: matches where one of them does. Each scans
    ahead to its own literal prefix, where one alternation of them has none to scan for."""

    __slots__ = ("patterns",)

    def __init__(self, *patterns: bytes) -> None:
        self.patterns = tuple(re.compile(p) for p in patterns)

    def search(self, data: bytes) -> re.Match[bytes] | None:
        for pattern in self.patterns:
            found = pattern.search(data)
            if found is not None:
                return found
        return None


class RuleModule(Protocol):
    """A rule: `META`, a tree-sitter `QUERY`, an optional byte-level `PREFILTER`, and `check`.

    `PREFILTER` is a regex over the raw file: when it does not match, the rule cannot report on
    the file and is not run (the file is not even parsed if no selected rule needs it). It must
    never be stricter than `check` (tests/test_speed.py proves it on the fixtures). Start it with
    a literal: Python's `re` skips ahead at C speed only to a literal prefix, so `Put(?<=\bPut)\b`
    scans a file ten times faster than the equivalent `\bPut\b`, and the scan runs on every file.
    An alternation of branches led by different literals is faster as `AnyOf` them.
    """

    META: RuleMeta
    QUERY: str
    PREFILTER: re.Pattern[bytes] | AnyOf | None
    # Optional, module attribute REGIONS(file) -> byte ranges: the rule reports only on matches
    # that meet one of them (loop bodies, say), so its query runs on those ranges alone. Like
    # PREFILTER it must never be stricter than `check`.
    # Optional, module attribute SCOPE(package, path, source) -> spans or None, asked before the
    # parse: the runs of whole top-level declarations (go/toplevel.py pieces) outside which
    # the rule cannot report (None: anywhere; []: nowhere, like a PREFILTER that fails). When
    # every rule the file needs has one, and no directive is in the file, the engine parses only
    # them and the package clause and imports; REGIONS then fall within them. Never stricter
    # than `check` either.

    def check(self, ctx: Context) -> Iterator[Finding]: ...
