"""The semantic view of one file (FileContext) and of its package (Package), built lazily.

A FileContext holds the file's tree while the file is being checked; the Package keeps the
declarations of every file of the directory as plain data, and parses a sibling again only when
a rule needs to look into one of its function bodies. Trees are kept within a byte budget, since a
tree costs about 36 times its source in memory.
"""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class PackageFile:
    path: str  # absolute path
    display: str
    read: Callable[[], bytes]


class FileContext:
    """One parsed file with lazily built imports, scopes, types and its package's index."""

    __slots__ = ("_scopes", "_typer", "imports", "package", "reader", "root", "source", "tree")

    def __init__(self, source: SourceFile, tree: Tree, package: Package) -> None:
        self.source = source
        self.tree = tree
        self.root: Node = tree.root_node
        self.package = package
        self.imports = Imports.from_root(self.root, source.data)
        self.reader = TypeReader(source.data, self.imports.path, dot=tuple(self.imports.dot))
        self._scopes: dict[int, FunctionScope] = {}
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
        """The scope of the top-level function holding `node`, built once per function."""
        fn = enclosing_function(node)
        if fn is None:
            return None
        scope = self._scopes.get(fn.start_byte)
        if scope is None:
            scope = FunctionScope(fn, self.source.data, self.reader)
            self._scopes[fn.start_byte] = scope
        return scope

    def decls(self) -> FileDecls:
        return extract(self.source.path, self.root, self.source.data, self.imports)


class Package:
    """The files of one directory, their declarations, and their index, computed on demand."""

    def __init__(self, files: Iterable[PackageFile], timeout: float | None = None) -> None:
        self.files = {f.path: f for f in files}
        self.timeout = timeout
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
            tree = treesitter.parse(SourceFile(path, data).data, self.timeout)
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
