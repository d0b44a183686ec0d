"""The semantic view of one file (FileContext) and of its package (Package), built lazily.

A FileContext holds the file's tree while the file is being checked; the Package keeps the
declarations of every file of the directory as plain data, and parses a sibling again only when
a rule needs to look into one of its function bodies. Trees are kept within a byte budget, since a
tree costs about 36 times its source in memory.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from golint_mem import treesitter
from golint_mem.pgo import HotFunctions
from golint_mem.semantics.decls import FileDecls, FuncDecl, extract
from golint_mem.semantics.imports import Imports
from golint_mem.semantics.index import PackageIndex
from golint_mem.semantics.infer import ExprTyper
from golint_mem.semantics.scopes import FunctionScope, enclosing_function
from golint_mem.semantics.types import TypeReader
from golint_mem.source import SourceFile
from golint_mem.treesitter import Node, Tree

_TREE_BUDGET = 1_500_000  # bytes of source whose trees a package keeps parsed (~55 MB of trees)

# Limits on one top-level declaration that rules analyse. Climbing from a node to its parents costs
# tree-sitter time in proportion to the node's depth, so deep nesting makes analysis quadratic, and
# a huge function is walked whole. Real code stays far below both: in the corpus, the deepest
# declaration nests 450 levels (generated protobuf code), the largest has 166,000 nodes.
MAX_DEPTH = treesitter.MAX_DEPTH
MAX_NODES = 1_000_000


def too_complex(decl: Node) -> str | None:
    """Why a declaration is beyond the analysis limits above, or None when it is not."""
    if decl.descendant_count > MAX_NODES:
        return f"{decl.descendant_count:,} syntax nodes, over the limit of {MAX_NODES:,}"
    if treesitter.deeper_than(decl, MAX_DEPTH):
        return f"nested deeper than {MAX_DEPTH:,} levels"
    return None


@dataclass(frozen=True, slots=True)
class PackageFile:
    path: str  # absolute path
    display: str
    read: Callable[[], bytes]


class FileContext:
    """One parsed file with lazily built imports, scopes, types and its package's index."""

    __slots__ = (
        "_complex",
        "_scopes",
        "_typer",
        "imports",
        "package",
        "reader",
        "root",
        "source",
        "tree",
    )

    def __init__(self, source: SourceFile, tree: Tree, package: Package) -> None:
        self.source = source
        self.tree = tree
        self.root: Node = tree.root_node
        self.package = package
        self.imports = Imports.from_root(self.root, source.data)
        self.reader = TypeReader(source.data, self.imports.path, dot=tuple(self.imports.dot))
        self._scopes: dict[int, FunctionScope | None] = {}
        self._complex: dict[int, str | None] = {}
        self._typer: ExprTyper | None = None

    @property
    def path(self) -> str:
        return self.source.path

    def text(self, node: Node) -> str:
        return self.source.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    @property
    def package_name(self) -> str:
        clause = next((c for c in self.root.named_children if c.type == "package_clause"), None)
        if clause is None or not clause.named_child_count:
            return ""
        return self.text(clause.named_children[0])

    @property
    def index(self) -> PackageIndex:
        return self.package.index(self.package_name)

    @property
    def typer(self) -> ExprTyper:
        if self._typer is None:
            self._typer = ExprTyper(self.reader, self.imports, self.index, self.scope_of)
        return self._typer

    def scope_of(self, node: Node) -> FunctionScope | None:
        """The scope of the top-level function holding `node`, built once per function; None
        outside functions, and for a function beyond the analysis limits (nothing resolves)."""
        fn = enclosing_function(node, self.root)
        if fn is None:
            return None
        if fn.start_byte not in self._scopes:
            too = self.too_complex(fn)
            scope = FunctionScope(fn, self.source.data, self.reader) if too is None else None
            self._scopes[fn.start_byte] = scope
        return self._scopes[fn.start_byte]

    def too_complex(self, node: Node) -> str | None:
        """Why the top-level declaration holding `node` is beyond the analysis limits, if it is."""
        top = self.root.child_with_descendant(node)
        if top is None:
            return None
        if top.start_byte not in self._complex:
            self._complex[top.start_byte] = too_complex(top)
        return self._complex[top.start_byte]

    def decls(self) -> FileDecls:
        return extract(self.source.path, self.root, self.source.data, self.imports)


class Package:
    """The files of one directory, their declarations, and their index, computed on demand."""

    def __init__(
        self,
        files: Iterable[PackageFile],
        timeout: float | None = None,
        max_bytes: int | None = None,
    ) -> None:
        self.files = {f.path: f for f in files}
        self.timeout = timeout
        self.max_bytes = max_bytes  # a larger sibling is not parsed (the engine skips it too)
        self.parse_seconds = 0.0  # spent parsing siblings, which the analysis time limit excludes
        self._decls: dict[str, FileDecls] = {}
        self._contexts: OrderedDict[str, FileContext] = OrderedDict()
        self._indexes: dict[str, PackageIndex] = {}
        # Rules may memoise facts about the package's functions here (keyed by rule and name).
        self.memo: dict[tuple[str, str], Any] = {}
        # Set by the engine when a CPU profile is in use: the hot functions, and the import path
        # of this directory (None when no go.mod says it).
        self.hot: HotFunctions | None = None
        self.import_path: str | None = None

    def add(self, ctx: FileContext) -> None:
        """Register a file the engine parsed itself, so nothing is parsed twice."""
        self._contexts[ctx.path] = ctx
        self._contexts.move_to_end(ctx.path)
        self._trim(keep=ctx.path)

    def context(self, path: str) -> FileContext | None:
        ctx = self._contexts.get(path)
        if ctx is not None:
            self._contexts.move_to_end(path)
            return ctx
        pf = self.files.get(path)
        if pf is None:
            return None
        try:
            data = pf.read()
            if self.max_bytes is not None and len(data) > self.max_bytes:
                return None
            started = time.monotonic()
            try:
                tree = treesitter.parse(SourceFile(path, data).data, self.timeout)
            finally:
                self.parse_seconds += time.monotonic() - started
        except (OSError, treesitter.ParseTimeout):
            return None  # the engine reports unreadable files it lints; a sibling just drops out
        ctx = FileContext(SourceFile(path, data), tree, self)
        self.add(ctx)
        return ctx

    def _trim(self, keep: str) -> None:
        total = sum(len(c.source.data) for c in self._contexts.values())
        for path in list(self._contexts):
            if total <= _TREE_BUDGET or path == keep:
                continue
            total -= len(self._contexts.pop(path).source.data)

    def release(self, path: str) -> None:
        """Forget a file's tree once it is checked; its declarations stay in the index."""
        self._contexts.pop(path, None)

    def file_decls(self, path: str) -> FileDecls | None:
        fd = self._decls.get(path)
        if fd is None:
            ctx = self.context(path)
            if ctx is None:
                return None
            fd = self._decls[path] = ctx.decls()
        return fd

    def index(self, package_name: str) -> PackageIndex:
        idx = self._indexes.get(package_name)
        if idx is None:
            decls = [d for p in sorted(self.files) if (d := self.file_decls(p)) is not None]
            idx = self._indexes[package_name] = PackageIndex(decls, package_name)
        return idx

    def function(self, fd: FuncDecl) -> tuple[FileContext, Node] | None:
        """The parsed declaration of an indexed function, to look into its body."""
        ctx = self.context(fd.file)
        if ctx is None:
            return None
        node = ctx.root.descendant_for_byte_range(fd.start, fd.end)
        while node is not None and not (node.start_byte == fd.start and node.end_byte == fd.end):
            node = node.parent
        if node is None or node.type not in ("function_declaration", "method_declaration"):
            return None
        return ctx, node
