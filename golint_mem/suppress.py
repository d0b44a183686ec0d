"""Suppression directives in Go line comments, and the bookkeeping of which ones were used.

Three spellings are honoured, each with a reason:
    //golintmem:ignore GM101[,GM102] reason       this line, or the next when alone on its line
    //golintmem:file-ignore GM101[,GM102] reason  the whole file
    //lint:ignore, //lint:file-ignore             staticcheck's; non-GM codes are for staticcheck
    //nolint[:golintmem,gm101,...] // reason      golangci-lint's
A code may be a prefix (GM1 covers GM101..GM199), as in --select.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from golint_mem.model import Finding, RuleMeta, Severity, Span

if TYPE_CHECKING:
    from golint_mem.source import SourceFile
    from golint_mem.treesitter import Node

BAD_DIRECTIVE_META = RuleMeta(
    code="GM001",
    name="invalid-directive",
    summary="a suppression directive has no reason or names an unknown code",
    severity=Severity.WARNING,
)
UNUSED_DIRECTIVE_META = RuleMeta(
    code="GM002",
    name="unused-directive",
    summary="a suppression directive suppresses nothing (opt-in: --report-unused-directives)",
    severity=Severity.WARNING,
)
_META_CODES = frozenset({BAD_DIRECTIVE_META.code, UNUSED_DIRECTIVE_META.code})
NO_REASON = "no reason given"
ALL = "*"

# One pass over the bytes finds candidates at C speed (files can be tens of megabytes); the tree
# then confirms each one. The directive must start the comment: `// golintmem:ignore`, with a
# space, is prose and not a directive, the same convention as Go's own `//go:` directives.
_CANDIDATE = re.compile(
    rb"//(golintmem:ignore|golintmem:file-ignore|lint:ignore|lint:file-ignore|nolint)"
    rb"(?![\w-])([^\r\n]*)"
)
# A cheap test the engine runs first: no match, no directive in the file.
DIRECTIVE_HINT = _CANDIDATE

_GM_CODE = re.compile(r"GM\d+", re.IGNORECASE)
_CODE_PREFIX = re.compile(r"GM\d{1,3}")
# golangci-lint's shape: //nolint[:linter1,linter2] [// explanation]. Like golangci-lint's docs
# (and gofmt, which turns `//nolint: x` into a plain comment) no space is allowed after the colon.
_NOLINT = re.compile(r"(?::(?P<names>[\w-]+(?:\s*,\s*[\w-]+)*))?(?P<rest>.*)", re.DOTALL)
# Linter names under which golangci-lint would run us; "all" is golangci-lint's own wildcard.
_OUR_NAMES = frozenset({"golintmem", "golint-mem", "all"})


@dataclass(frozen=True, slots=True)
class Directive:
    span: Span  # the comment's byte span (without a trailing CR)
    # Upper-case codes or prefixes; ("*",) for a bare nolint or nolint:golintmem.
    codes: tuple[str, ...]
    reason: str  # "" when missing
    kind: str  # "ignore" | "file-ignore"
    line: int  # the line it applies to (0 for file-ignore)
    source: str  # "golintmem" | "lint" | "nolint"

    @property
    def label(self) -> str:
        """The directive as users write it, without the slashes: `golintmem:ignore`, `nolint`."""
        return "nolint" if self.source == "nolint" else f"{self.source}:{self.kind}"


def _parse_nolint(rest: str) -> tuple[tuple[str, ...], str, bool] | None:
    """(codes, reason, names every linter) for the text after `//nolint`; None when not ours."""
    m = _NOLINT.fullmatch(rest)
    assert m is not None  # every group is optional
    tail = m["rest"].strip()
    if tail.startswith(":"):  # `//nolint:`, `//nolint: x`: malformed, and not clearly ours
        return None
    reason = tail[2:].strip() if tail.startswith("//") else ""
    if m["names"] is None:
        return (ALL,), reason, True
    names = [n.strip().lower() for n in m["names"].split(",")]
    if _OUR_NAMES.intersection(names):
        return (ALL,), reason, "all" in names
    codes = tuple(n.upper() for n in names if _GM_CODE.fullmatch(n))
    return (codes, reason, False) if codes else None


def _parse_codes(rest: str, source: str) -> tuple[tuple[str, ...], str] | None:
    """(codes, reason) for the text after `//golintmem:ignore` or `//lint:ignore`.

    Like staticcheck: the first field is the comma-separated codes, the rest is the reason.
    """
    fields = rest.split(None, 1)
    items = [c.strip().upper() for c in fields[0].split(",")] if fields else []
    reason = fields[1].strip() if len(fields) > 1 else ""
    if source == "lint":
        # Checks such as SA6002 belong to staticcheck; with no GM code it is not ours at all.
        codes = tuple(c for c in items if _GM_CODE.fullmatch(c))
        return (codes, reason) if codes else None
    return tuple(c for c in items if c), reason


def find_directives(src: SourceFile, root: Node) -> list[Directive]:
    """Every suppression directive of ours in `src`, in file order. `root` is src.data's tree."""
    found: list[Directive] = []
    for m in _CANDIDATE.finditer(src.data):
        start = m.start()
        node = root.descendant_for_byte_range(start, start + 2)
        # Not a comment (a string literal), or inside one that starts earlier (`/* //nolint */`).
        if node is None or node.type != "comment" or node.start_byte != start:
            continue
        name = m[1].decode("ascii")
        rest = m[2].decode("utf-8", "replace")
        source, _, kind = name.partition(":")
        if source == "nolint":
            parsed_nolint = _parse_nolint(rest)
            if parsed_nolint is None:
                continue
            codes, reason, _ = parsed_nolint
            kind = "ignore"
        else:
            parsed = _parse_codes(rest, source)
            if parsed is None:
                continue
            codes, reason = parsed
        line = 0
        if kind == "ignore":
            line = src.line_of(start)
            if not src.data[src.line_starts[line - 1] : start].strip():
                # Alone on its line: it is about the next line. golangci-lint applies a nolint
                # there to the whole next statement or declaration; we keep to the next line.
                line += 1
        span = Span(start, m.end())
        found.append(Directive(span, codes, reason, kind, line, source))
    return found


def _covers(entry: str, code: str) -> bool:
    return entry == ALL or code.startswith(entry)


class Suppressor:
    """Answers "is this finding suppressed?" and then reports bad and unused directives.

    Call order: reason_for for every rule finding; then bad(); then unused(). The engine may pass
    the GM001/GM002 findings back through reason_for; a directive never suppresses a finding about
    itself.
    """

    def __init__(
        self,
        src: SourceFile,
        directives: list[Directive],
        known_codes: frozenset[str],
        selected: frozenset[str],
    ) -> None:
        self._src = src
        self._directives = directives
        self._known = known_codes | _META_CODES
        self._selected = selected
        self._by_line: dict[int, list[int]] = {}
        self._file_wide: list[int] = []
        for i, d in enumerate(directives):
            if d.kind == "file-ignore":
                self._file_wide.append(i)
            else:
                self._by_line.setdefault(d.line, []).append(i)
        # The line each comment sits on: a GM001/GM002 finding there is about that directive,
        # since a line holds at most one line comment.
        self._home = [src.line_of(d.span.start) for d in directives]
        self._every_linter = [self._names_every_linter(d) for d in directives]
        self._used: list[set[str]] = [set() for _ in directives]

    def _names_every_linter(self, d: Directive) -> bool:
        if d.source != "nolint":
            return False
        rest = self._src.text(d.span.start + len("//nolint"), d.span.end)
        parsed = _parse_nolint(rest)
        return parsed is not None and parsed[2]

    def reason_for(self, code: str, line: int) -> str | None:
        """The justification when (code, line) is suppressed, else None; marks directives used.

        Every covering directive is marked used, so that overlapping ones are not reported as
        unused; the justification comes from line directives before file-wide ones.
        """
        reason: str | None = None
        for i in (*self._by_line.get(line, ()), *self._file_wide):
            if code in _META_CODES and self._home[i] == line:
                continue
            d = self._directives[i]
            entries = [c for c in d.codes if _covers(c, code)]
            if not entries:
                continue
            self._used[i].update(entries)
            if reason is None or (reason == NO_REASON and d.reason):
                reason = d.reason or NO_REASON
        return reason

    def bad(self) -> list[Finding]:
        """GM001: directives without a code or a reason, or naming unknown codes."""
        out: list[Finding] = []
        for i, d in enumerate(self._directives):
            # A bare //nolint is mostly about other linters: only its use here makes it ours.
            if self._every_linter[i] and not self._used[i]:
                continue
            missing = [w for w, ok in (("a code", d.codes), ("a reason", d.reason)) if not ok]
            if missing:
                msg = f"{d.label} directive needs {' and '.join(missing)}: {self._example(d)}"
                out.append(Finding(BAD_DIRECTIVE_META.code, d.span, msg))
            unknown = [c for c in d.codes if c != ALL and not self._is_known(c)]
            if unknown:
                s = "s" if len(unknown) > 1 else ""
                msg = f"{d.label} directive names unknown code{s} {', '.join(unknown)}"
                out.append(Finding(BAD_DIRECTIVE_META.code, d.span, msg))
        return out

    def unused(self) -> list[Finding]:
        """GM002: directive codes that suppressed nothing, among the codes that ran.

        Entries that could name GM002 itself are never reported: whether they are used is only
        known after this list exists. A nolint for every linter may be for another tool: skipped.
        """
        out: list[Finding] = []
        for i, d in enumerate(self._directives):
            if self._every_linter[i]:
                continue
            idle = [
                c
                for c in d.codes
                if c not in self._used[i]
                and not (c != ALL and UNUSED_DIRECTIVE_META.code.startswith(c))
                and any(_covers(c, s) for s in self._selected)
            ]
            if idle:
                names = ", ".join("golintmem" if c == ALL else c for c in idle)
                msg = f"unused {d.label} directive for {names}"
                out.append(Finding(UNUSED_DIRECTIVE_META.code, d.span, msg))
        return out

    def _is_known(self, code: str) -> bool:
        return bool(_CODE_PREFIX.fullmatch(code)) and any(k.startswith(code) for k in self._known)

    def _example(self, d: Directive) -> str:
        if d.source == "nolint":
            return self._src.text(d.span.start, d.span.end).rstrip() + " // reason"
        return f"//{d.label} {','.join(d.codes) or 'GM101'} reason"
