"""Parse once, run every selected rule, apply suppressions, locate and sort the findings.

The unit of work is a package (the .go files of one directory): its files share one index, and
packages are spread over worker processes. Nothing that leaves a package holds a tree node.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from golint_mem import registry, treesitter
from golint_mem.engine_rules import PARSE_ERROR
from golint_mem.go.file import FileContext
from golint_mem.go.package import Package, PackageFile
from golint_mem.model import (
    Diagnostic,
    Finding,
    Problem,
    ProblemKind,
    RuleMeta,
    Span,
)
from golint_mem.pgo import HotFunctions, import_path
from golint_mem.plan import FilePlan, plan
from golint_mem.rule import Context, Rule
from golint_mem.source import SourceDecodeError, SourceFile
from golint_mem.suppress import (
    BAD_DIRECTIVE_META,
    DIRECTIVE_HINT,
    UNUSED_DIRECTIVE_META,
    Suppressor,
    find_directives,
)

_GENERATED = re.compile(rb"(?m)^// Code generated .* DO NOT EDIT\.\r?$")
_PACKAGE = re.compile(rb"(?m)^package\s")
_PACKAGE_WORD = re.compile(rb"\bpackage\b")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a worker needs to lint a package; picklable."""

    selected: frozenset[str]
    # Per rule code, the options the config files set, by the field names of its Options.
    options: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()
    include_generated: bool = False
    timeout: float | None = 10.0  # seconds per file for the parser
    max_bytes: int | None = 20_000_000
    root: str = ""  # fingerprints use paths relative to this directory
    debug: bool = False
    # Off only in tests, which prove that the rules' PREFILTERs and REGIONS drop no finding.
    prefilter: bool = True
    # Functions a CPU profile (--profile, default.pgo) says are hot; None without a profile.
    hot: HotFunctions | None = None

    def options_for(self, rule: Rule[Any]) -> object:
        """The rule's Options (rule.py): its defaults, and what the config files set."""
        for c, values in self.options:
            if c == rule.meta.code and rule.options is not None:
                return rule.options(**dict(values))
        return rule.default_options()


@dataclass(frozen=True, slots=True)
class LintFile:
    path: str
    display: str
    lint: bool
    data: bytes | None = None  # set for standard input


@dataclass(slots=True)
class PackageResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


class AnalysisTimeout(Exception):
    """The rules spent longer than the time limit on one file."""


class _Timed(list[treesitter.Match]):
    """A rule's matches, handed out only while the file's analysis time lasts: the backstop for
    input that makes some analysis slow in a way no structural limit foresaw."""

    __slots__ = ("expired",)

    def __init__(self, matches: Iterable[treesitter.Match], expired: Callable[[], bool]) -> None:
        super().__init__(matches)
        self.expired = expired

    def __iter__(self) -> Iterator[treesitter.Match]:
        for match in super().__iter__():
            if self.expired():
                raise AnalysisTimeout
            yield match


def _analysis_clock(package: Package, timeout: float) -> Callable[[], bool]:
    """Whether the rules have spent `timeout` seconds on this file since now. Time spent parsing
    siblings does not count: it grows with the package, not with the file, and each parse has
    the timeout of its own."""
    start, parsing = time.monotonic(), package.parse_seconds

    def expired() -> bool:
        return time.monotonic() - start - (package.parse_seconds - parsing) > timeout

    return expired


def is_generated(data: bytes) -> bool:
    """A `// Code generated ... DO NOT EDIT.` line before the package clause (go/ast's rule)."""
    if b"// Code generated " not in data:  # a literal scan is ten times faster than the regex
        return False
    m = _GENERATED.search(data)
    if m is None:
        return False
    pkg = _PACKAGE.search(data)
    return pkg is None or m.start() < pkg.start()


def _reader(f: LintFile) -> Callable[[], bytes]:
    if f.data is not None:
        data = f.data
        return lambda: data

    def read() -> bytes:
        with open(f.path, "rb") as fh:
            return fh.read()

    return read


class Linter:
    """Per-process state: the selected rules and their compiled queries."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rules: tuple[Rule[Any], ...] = tuple(
            r for r in registry.rules() if r.meta.code in settings.selected
        )
        self._queries: dict[
            tuple[str, ...], tuple[treesitter.Query, list[tuple[int, Rule[Any]]]]
        ] = {}
        self._metas = {r.meta.code: r.meta for r in self.rules}
        self._options = {r.meta.code: settings.options_for(r) for r in self.rules}
        for meta in (PARSE_ERROR, BAD_DIRECTIVE_META, UNUSED_DIRECTIVE_META):
            self._metas[meta.code] = meta
        self._known: frozenset[str] | None = None

    def meta(self, code: str) -> RuleMeta:
        return self._metas[code]

    def _query(
        self, rules: Sequence[Rule[Any]]
    ) -> tuple[treesitter.Query, list[tuple[int, Rule[Any]]]]:
        """One query holding the patterns of all rules, so the tree is matched in one pass."""
        key = tuple(r.meta.code for r in rules)
        found = self._queries.get(key)
        if found is None:
            ranges: list[tuple[int, Rule[Any]]] = []
            start = 0
            for r in rules:
                ranges.append((start, r))
                start += treesitter.query(r.query).pattern_count
            found = (treesitter.query("\n".join(r.query for r in rules)), ranges)
            self._queries[key] = found
        return found

    # -- a package ----------------------------------------------------------------------------

    def lint_package(self, files: Sequence[LintFile]) -> PackageResult:
        result = PackageResult()
        package = Package(
            (PackageFile(f.path, f.display, _reader(f)) for f in files),
            self.settings.timeout,
            self.settings.max_bytes,
        )
        if self.settings.hot is not None and files:
            package.hot = self.settings.hot
            package.import_path = import_path(os.path.dirname(files[0].path))
        try:
            for f in files:
                if f.lint:
                    self._lint_file(f, package, result)
        finally:
            package.close()
        return result

    def _lint_file(self, f: LintFile, package: Package, result: PackageResult) -> None:
        s = self.settings
        try:
            data = package.read(f.path)
        except OSError as exc:  # gone or replaced since discovery, or unreadable
            reason = exc.strerror or str(exc)
            result.problems.append(
                Problem(f.display, f"cannot read: {reason[:1].lower()}{reason[1:]}")
            )
            return
        if not s.include_generated and is_generated(data):
            return
        if s.max_bytes is not None and len(data) > s.max_bytes:
            result.problems.append(
                Problem(f.display, f"skipped: {len(data):,} bytes is over the size limit")
            )
            return
        try:
            src = SourceFile.decoded(f.display, data)
        except SourceDecodeError as exc:
            result.problems.append(Problem(f.display, str(exc), line=exc.line))
            return
        result.files += 1
        if _PACKAGE_WORD.search(src.data) is None:  # empty, or not Go at all
            result.problems.append(Problem(f.display, "no package clause", ProblemKind.NOTICE))
        whole = (
            not s.prefilter
            or DIRECTIVE_HINT.search(src.data) is not None
            or PARSE_ERROR.code in s.selected
        )
        narrowed = plan(self.rules, package, f.path, src.data, narrow=s.prefilter, whole=whole)
        for code, failure in narrowed.failures:
            result.problems.append(self._crash(code, f.display, failure))
        if not whole and not narrowed.rules:
            return
        try:
            # A sibling's tree may be there already, parsed for the package index.
            ctx = package.trees.lint_tree(f.path, src.data, narrowed.parse)
        except treesitter.ParseTimeout as exc:
            result.problems.append(Problem(f.display, f"skipped: {exc}"))
            return
        try:
            try:
                findings, _errors = self._check(ctx, narrowed, f.display, result)
            except AnalysisTimeout:
                timeout = f"analysis took longer than {s.timeout:g}s"
                result.problems.append(Problem(f.display, f"skipped: {timeout}"))
                return
            self._finish(src, ctx, findings, f.path, result)
        finally:
            package.trees.release(f.path)

    def _check(
        self, ctx: FileContext, narrowed: FilePlan, display: str, result: PackageResult
    ) -> tuple[list[Finding], list[Span]]:
        errors = _error_spans(ctx.root)
        findings: list[Finding] = []
        if errors:
            line = ctx.source.line_of(errors[0].start)
            result.problems.append(
                Problem(
                    display, "parse error (no finding reported inside it)", ProblemKind.NOTICE, line
                )
            )
            if PARSE_ERROR.code in self.settings.selected:
                findings.append(
                    Finding(PARSE_ERROR.code, errors[0], "the Go grammar could not parse this")
                )
        rules = narrowed.rules
        if rules:
            per_rule: dict[str, list[treesitter.Match]] = {r.meta.code: [] for r in rules}
            whole = [r for r in rules if narrowed.whole_tree(r)]
            if whole:
                query, ranges = self._query(whole)
                starts = [start for start, _ in ranges]
                for pattern, captures in treesitter.matches(query, ctx.root):
                    per_rule[ranges[_bisect(starts, pattern)][1].meta.code].append(captures)
            skipped: dict[int, Problem] = {}
            timeout = self.settings.timeout
            expired = _analysis_clock(ctx.package, timeout) if timeout is not None else None
            for rule in rules:
                code = rule.meta.code
                try:
                    if not narrowed.whole_tree(rule):
                        spans = narrowed.query_ranges(rule, ctx)
                        q = treesitter.query(rule.query)
                        per_rule[code] = [m for _, m in treesitter.matches_in(q, ctx.root, spans)]
                    kept = [
                        m for m in per_rule[code] if not _beyond_limits(ctx, m, display, skipped)
                    ]
                    if not kept:
                        continue
                    matches = kept if expired is None else _Timed(kept, expired)
                    c = Context(ctx, matches, self._options[code], code)
                    for found in rule.check(c):
                        if not _inside(found.span, errors):
                            findings.append(found)
                except AnalysisTimeout:
                    raise
                except Exception as exc:  # a rule bug must not stop the run
                    result.problems.append(self._crash(code, display, exc))
            if skipped:  # one line per file, however many declarations
                first = min(skipped.values(), key=lambda p: p.line)
                more = len(skipped) - 1
                also = f" (and {more} more beyond the limits)" if more else ""
                result.problems.append(Problem(display, first.message + also, line=first.line))
        return findings, errors

    def _crash(self, code: str, display: str, exc: Exception) -> Problem:
        detail = f"{type(exc).__name__}: {exc}"
        if self.settings.debug:
            detail += "\n" + "".join(traceback.format_exception(exc)).rstrip()
        return Problem(display, f"internal error in {code}: {detail}")

    def _finish(
        self,
        src: SourceFile,
        ctx: FileContext,
        findings: list[Finding],
        path: str,
        result: PackageResult,
    ) -> None:
        s = self.settings
        directives = find_directives(src, ctx.root) if DIRECTIVE_HINT.search(src.data) else []
        if not findings and not directives:
            return  # the common case: nothing to locate, suppress or report
        sup = Suppressor(src, directives, known_codes=self._all_codes(), selected=s.selected)
        located: list[tuple[Finding, str | None]] = []
        for fnd in sorted(set(findings), key=lambda x: (x.span.start, x.code, x.message)):
            line = src.line_of(fnd.span.start)
            located.append((fnd, sup.reason_for(fnd.code, line)))
        extra = []
        if BAD_DIRECTIVE_META.code in s.selected:
            extra += sup.bad()
        if UNUSED_DIRECTIVE_META.code in s.selected:
            extra += sup.unused()
        located += [(x, None) for x in extra]
        if located:
            rel = root_relative(path, s.root)
            result.diagnostics.extend(self._diagnostics(src, located, rel))

    def _all_codes(self) -> frozenset[str]:
        if self._known is None:
            self._known = registry.known_codes()
        return self._known

    def _diagnostics(
        self, src: SourceFile, located: list[tuple[Finding, str | None]], rel: str
    ) -> Iterator[Diagnostic]:
        seen: dict[tuple[str, str], int] = {}
        for fnd, reason in sorted(located, key=lambda x: (x[0].span.start, x[0].code)):
            start, end = src.position(fnd.span.start), src.position(fnd.span.end)
            text = src.line_text(start.line)
            norm = normalise(text)
            n = seen.get((fnd.code, norm), 0)
            seen[(fnd.code, norm)] = n + 1
            meta = self.meta(fnd.code)
            yield Diagnostic(
                path=src.path,
                code=fnd.code,
                name=meta.name,
                severity=meta.severity,
                message=fnd.message,
                start=start,
                end=end,
                offset=fnd.span.start,
                line_text=text,
                fingerprint=fingerprint(fnd.code, rel, norm, n),
                root_path=rel,
                suppressed=reason,
            )


def normalise(line_text: str) -> str:
    """The line as fingerprints see it: runs of whitespace made one space, ends stripped."""
    return " ".join(line_text.split())


def fingerprint(code: str, root_path: str, normalised_line: str, occurrence: int) -> str:
    """What identifies a finding across edits elsewhere in the file: the rule, the file (relative
    to the project root), the flagged line's text (see normalise) and which occurrence of that
    (code, text) pair in the file it is, counted from 0. Not its line number, so a line added
    above does not make it new. SARIF partialFingerprints and baselines both use this."""
    key = f"{code}\0{root_path}\0{normalised_line}\0{occurrence}"
    # surrogateescape: a file name that is not UTF-8 is hashed as its own bytes
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def root_relative(path: str, root: str) -> str:
    """`path` relative to the project root, '/'-separated: what fingerprints and SARIF use, so
    they do not change with the directory golint-mem was started from."""
    if not root:
        return path.replace(os.sep, "/")
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        return path.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def _bisect(starts: list[int], value: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= value:
            lo = mid
        else:
            hi = mid
    return lo


def _error_spans(root: treesitter.Node) -> list[Span]:
    """Byte spans of ERROR and MISSING nodes, descending only into subtrees that have errors."""
    if not root.has_error:
        return []
    out: list[Span] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            out.append(Span(node.start_byte, max(node.end_byte, node.start_byte + 1)))
            continue
        stack.extend(c for c in reversed(node.children) if c.has_error or c.is_missing)
    out.sort(key=lambda s: s.start)
    return out


def _inside(span: Span, errors: list[Span]) -> bool:
    return any(e.start < span.end and span.start < e.end for e in errors)


def _beyond_limits(
    ctx: FileContext, captures: treesitter.Match, display: str, skipped: dict[int, Problem]
) -> bool:
    """Whether a match lies in a declaration too deep or too large to analyse; the first time,
    note which one is skipped (an error: part of the file is not linted)."""
    node = next((nodes[0] for nodes in captures.values() if nodes), None)
    why = ctx.too_complex(node) if node is not None else None
    if node is None or why is None:
        return False
    top = ctx.root.child_with_descendant(node) or node
    if top.start_byte not in skipped:
        name = top.child_by_field_name("name")
        what = (
            f"func {ctx.text(name)}" if name is not None else "this " + top.type.replace("_", " ")
        )
        line = ctx.source.line_of(top.start_byte)
        skipped[top.start_byte] = Problem(display, f"skipped {what}: {why}", line=line)
    return True
