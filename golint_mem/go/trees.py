"""The parsed files of one package, within a byte budget: a tree costs 20 to 35 times its source
in memory, so a package keeps few, and parses a sibling again when a rule needs it.

`get(path, span)` is how an analysis gets a tree: a kept one that holds the span, else the
top-level declarations around the span parsed alone (toplevel.py), else the whole file. The
engine parses the file it lints itself (lint_tree), in part when its rules allow.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from golint_mem import treesitter
from golint_mem.go.file import FileContext
from golint_mem.model import Span
from golint_mem.source import SourceFile
from golint_mem.treesitter import Node

if TYPE_CHECKING:
    from golint_mem.go.decls import FuncDecl
    from golint_mem.go.package import Package

# Bytes of source whose trees a package keeps parsed: this is 10 to 18 MB of trees.
BUDGET = 500_000


class Trees:
    __slots__ = ("_kept", "_package", "_pieces", "_pieces_kept", "_whole")

    def __init__(self, package: Package) -> None:
        self._package = package
        # Files parsed (whole, or in part by the engine), least recently used first.
        self._whole: OrderedDict[str, FileContext] = OrderedDict()
        self._kept = 0  # bytes of source in _whole
        # Declarations parsed alone, to look into their bodies, by file and start.
        self._pieces: OrderedDict[tuple[str, int], tuple[FileContext, int]] = OrderedDict()
        self._pieces_kept = 0

    def get(self, path: str, span: Span | None = None, *, keep: bool = True) -> FileContext | None:
        """A tree of the file that holds `span` (None: all of it); None when the file cannot be
        read or parsed. A tree parsed whole is kept within the budget unless `keep` is False (a
        tree wanted once)."""
        ctx = self._whole.get(path)
        if span is None:
            if ctx is not None and ctx.ranges is None:
                self._whole.move_to_end(path)
                return ctx
            return self._parse(path, keep)
        if ctx is not None and ctx.covers(span.start, span.end):
            return ctx
        return self._piece(path, span) or self.get(path)

    def kept(self, path: str) -> FileContext | None:
        """The file's whole tree if it is kept, without parsing it."""
        ctx = self._whole.get(path)
        return ctx if ctx is not None and ctx.ranges is None else None

    def function(self, fd: FuncDecl) -> tuple[FileContext, Node] | None:
        """The tree holding an indexed function, and the function's node in it, to look into
        its body."""
        ctx = self.get(fd.file, Span(fd.start, fd.end))
        if ctx is None:
            return None
        node = ctx.root.descendant_for_byte_range(fd.start, fd.end)
        while node is not None and not (node.start_byte == fd.start and node.end_byte == fd.end):
            node = node.parent
        if node is None or node.type not in ("function_declaration", "method_declaration"):
            return None
        return ctx, node

    def lint_tree(
        self, path: str, data: bytes, ranges: Sequence[tuple[int, int]] | None
    ) -> FileContext:
        """The tree the engine checks: a kept whole tree of the file, else `ranges` of `data`
        parsed (None: all of it; the whole file when they do not parse clean). Raises
        treesitter.ParseTimeout."""
        ctx = self.kept(path)
        if ctx is not None:
            return ctx
        timeout = self._package.timeout
        tree = treesitter.parse(data, timeout, ranges)
        if ranges is not None and tree.root_node.has_error:
            ranges = None  # not what toplevel.py said: the whole file, errors and all
            tree = treesitter.parse(data, timeout)
        parsed = tuple(ranges) if ranges is not None else None
        ctx = FileContext(SourceFile(path, data), tree, self._package, parsed)
        self._keep(ctx)
        return ctx

    def release(self, path: str) -> None:
        """Forget a file's tree once it is checked; its declarations stay in the index."""
        ctx = self._whole.pop(path, None)
        if ctx is not None:
            self._kept -= len(ctx.source.data)

    def clear(self) -> None:
        self._whole.clear()
        self._kept = 0
        self._pieces.clear()
        self._pieces_kept = 0

    def _keep(self, ctx: FileContext) -> None:
        old = self._whole.pop(ctx.path, None)
        if old is not None:
            self._kept -= len(old.source.data)
        self._whole[ctx.path] = ctx
        self._kept += len(ctx.source.data)
        if self._kept <= BUDGET:
            return
        for path in list(self._whole):  # least recently used first
            if self._kept <= BUDGET:
                break
            if path != ctx.path:
                self._kept -= len(self._whole.pop(path).source.data)

    def _parse(self, path: str, keep: bool) -> FileContext | None:
        package = self._package
        if path not in package.files:
            return None
        try:
            data = package.read(path)
            if package.max_bytes is not None and len(data) > package.max_bytes:
                return None
            started = time.monotonic()
            try:
                tree = treesitter.parse(SourceFile(path, data).data, package.timeout)
            finally:
                package.parse_seconds += time.monotonic() - started
        except (OSError, treesitter.ParseTimeout):
            return None  # the engine reports unreadable files it lints; a sibling just drops out
        ctx = FileContext(SourceFile(path, data), tree, package)
        if keep:
            self._keep(ctx)
        return ctx

    def _piece(self, path: str, span: Span) -> FileContext | None:
        """The file parsed in part: its prelude and the piece holding the span; kept within a
        small budget of its own. None when the file's top level will not do."""
        key = (path, span.start)
        kept = self._pieces.get(key)
        if kept is not None:
            self._pieces.move_to_end(key)
            return kept[0]
        package = self._package
        try:
            data = SourceFile(path, package.read(path)).data
        except OSError:
            return None
        top = package.top_level(path, data)
        piece = next(
            ((a, b) for a, b, _ in top.pieces() if a <= span.start and span.end <= b), None
        )
        if top.prelude is None or piece is None:
            return None
        ranges = [(0, top.prelude), piece] if piece[0] >= top.prelude else [(0, piece[1])]
        started = time.monotonic()
        try:
            tree = treesitter.parse(data, package.timeout, ranges)
        except treesitter.ParseTimeout:
            return None
        finally:
            package.parse_seconds += time.monotonic() - started
        if tree.root_node.has_error:
            return None
        ctx = FileContext(SourceFile(path, data), tree, package, tuple(ranges))
        size = piece[1] - piece[0]
        self._pieces[key] = (ctx, size)
        self._pieces_kept += size
        while self._pieces_kept > BUDGET // 4 and len(self._pieces) > 1:
            _, (_, dropped) = self._pieces.popitem(last=False)
            self._pieces_kept -= dropped
        return ctx
