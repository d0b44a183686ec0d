"""The semantic view of one parsed file, built lazily: its imports, scopes, types, and its
package's index. A FileContext holds a tree, and lives only while its file is looked at."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from golint_mem import treesitter
from golint_mem.go.decls import FileDecls
from golint_mem.go.extract import extract
from golint_mem.go.imports import Imports
from golint_mem.go.index import PackageIndex
from golint_mem.go.infer import ExprTyper
from golint_mem.go.scopes import FunctionScope
from golint_mem.go.syntax import enclosing_function
from golint_mem.go.typereader import TypeReader
from golint_mem.source import SourceFile
from golint_mem.treesitter import Node, Tree

if TYPE_CHECKING:
    from golint_mem.go.package import Package

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


class FileContext:
    """One parsed file with lazily built imports, scopes, types and its package's index."""

    __slots__ = (
        "__weakref__",
        "_complex",
        "_imports",
        "_package_name",
        "_reader",
        "_scopes",
        "_typer",
        "package",
        "ranges",
        "root",
        "source",
        "tree",
    )

    def __init__(
        self,
        source: SourceFile,
        tree: Tree,
        package: Package,
        ranges: tuple[tuple[int, int], ...] | None = None,
    ) -> None:
        self.source = source
        self.tree = tree
        self.root: Node = tree.root_node
        self.package = package
        # The byte ranges that were parsed, when not the whole file (treesitter.parse): the tree
        # holds only the declarations in them.
        self.ranges = ranges
        # Built on first use: most parsed files have no query match, and need neither.
        self._imports: Imports | None = None
        self._package_name: str | None = None
        self._reader: TypeReader | None = None
        self._scopes: dict[int, FunctionScope | None] = {}
        self._complex: dict[int, str | None] = {}
        self._typer: ExprTyper | None = None

    @property
    def imports(self) -> Imports:
        if self._imports is None:
            self._imports = Imports.from_root(self.root, self.source.data)
        return self._imports

    @property
    def reader(self) -> TypeReader:
        if self._reader is None:
            self._reader = TypeReader(
                self.source.data, self.imports.path, dot=tuple(self.imports.dot)
            )
        return self._reader

    @property
    def path(self) -> str:
        return self.source.path

    def text(self, node: Node) -> str:
        return self.source.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    @property
    def package_name(self) -> str:
        if self._package_name is None:
            self._package_name = ""
            for c in self.root.named_children:
                if c.type == "package_clause":
                    if c.named_child_count:
                        self._package_name = self.text(c.named_children[0])
                    break
        return self._package_name

    @property
    def index(self) -> PackageIndex:
        return self.package.index(self.package_name)

    @property
    def typer(self) -> ExprTyper:
        if self._typer is None:
            self._typer = ExprTyper(self.reader, self.imports, self.index, _scope_of(self))
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

    def covers(self, start: int, end: int) -> bool:
        """Whether the tree holds the bytes from start to end."""
        return self.ranges is None or any(a <= start and end <= b for a, b in self.ranges)

    def decls(self) -> FileDecls:
        return extract(self.source.path, self.root, self.source.data, self.imports)


def _scope_of(ctx: FileContext) -> Callable[[Node], FunctionScope | None]:
    """ctx.scope_of without a strong reference: the typer lives in ctx, and a cycle would keep
    the tree alive until the cycle collector happens to run."""
    ref = weakref.ref(ctx)

    def scope_of(node: Node) -> FunctionScope | None:
        alive = ref()
        return alive.scope_of(node) if alive is not None else None

    return scope_of
