"""The semantic view of one file (FileContext) and of its package (Package), built lazily.

A FileContext holds the file's tree while the file is being checked; the Package keeps the
declarations of every file of the directory as plain data, and parses a sibling again only when
a rule needs to look into one of its function bodies. Trees are kept within a byte budget, since a
tree costs about 36 times its source in memory.
"""

from __future__ import annotations

import re
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from golint_mem import treesitter
from golint_mem.go.decls import FileDecls, FuncDecl
from golint_mem.go.extract import extract
from golint_mem.go.imports import Imports
from golint_mem.go.index import PackageIndex
from golint_mem.go.infer import ExprTyper
from golint_mem.go.outline import declarations
from golint_mem.go.scopes import FunctionScope
from golint_mem.go.syntax import enclosing_function
from golint_mem.go.toplevel import LITERALS, TopLevel, top_level
from golint_mem.go.typereader import TypeReader
from golint_mem.pgo import HotFunctions
from golint_mem.source import SourceFile
from golint_mem.treesitter import Node, Tree

# Bytes of source whose trees a package keeps parsed: a tree costs 20 to 35 times its source, so
# this is 10 to 18 MB. A larger file parsed only for its declarations is not kept at all.
_TREE_BUDGET = 500_000
_KEEP_FOR_DECLS = _TREE_BUDGET // 4

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
        self._order = {p: i for i, p in enumerate(sorted(self.files))}
        self._data: dict[str, bytes] = {}
        self._mentions: dict[str, list[str]] = {}
        self._outside_bodies: dict[str, bytes] = {}
        # Functions parsed alone, to look into their bodies (function()), by file and start.
        self._pieces: OrderedDict[tuple[str, int], tuple[FileContext, int]] = OrderedDict()
        self._pieces_kept = 0
        self._files_of: dict[bytes, list[str]] | None = None
        self._decls: dict[str, FileDecls] = {}
        self._contexts: OrderedDict[str, FileContext] = OrderedDict()
        self._kept = 0  # bytes of source in _contexts
        self._indexes: dict[str, PackageIndex] = {}
        # Rules may memoise facts about the package's functions here (keyed by rule and name).
        self.memo: dict[tuple[str, str], Any] = {}
        # Set by the engine when a CPU profile is in use: the hot functions, and the import path
        # of this directory (None when no go.mod says it).
        self.hot: HotFunctions | None = None
        self.import_path: str | None = None

    def add(self, ctx: FileContext) -> None:
        """Register a file the engine parsed itself, so nothing is parsed twice."""
        old = self._contexts.pop(ctx.path, None)
        if old is not None:
            self._kept -= len(old.source.data)
        self._contexts[ctx.path] = ctx
        self._kept += len(ctx.source.data)
        self._trim(keep=ctx.path)

    def parsed(self, path: str) -> FileContext | None:
        """The file's context if its whole tree is kept, without parsing it."""
        ctx = self._contexts.get(path)
        return ctx if ctx is not None and ctx.ranges is None else None

    def context(self, path: str, keep: bool = True) -> FileContext | None:
        """The whole file parsed; kept within the budget unless `keep` is False."""
        ctx = self._contexts.get(path)
        if ctx is not None and ctx.ranges is None:
            self._contexts.move_to_end(path)
            return ctx
        if path not in self.files:
            return None
        try:
            data = self.read(path)
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
        if keep:
            self.add(ctx)
        return ctx

    def _trim(self, keep: str) -> None:
        if self._kept <= _TREE_BUDGET:
            return
        for path in list(self._contexts):  # least recently used first
            if self._kept <= _TREE_BUDGET:
                break
            if path != keep:
                self._kept -= len(self._contexts.pop(path).source.data)

    def release(self, path: str) -> None:
        """Forget a file's tree once it is checked; its declarations stay in the index."""
        ctx = self._contexts.pop(path, None)
        if ctx is not None:
            self._kept -= len(ctx.source.data)

    def file_decls(self, path: str) -> FileDecls | None:
        fd = self._decls.get(path)
        if fd is not None:
            return fd
        ctx = self.parsed(path)
        if ctx is None:
            try:
                data = SourceFile(path, self.read(path)).data
            except OSError:
                return None
            if self.max_bytes is not None and len(data) > self.max_bytes:
                return None
            # The outline (function bodies left out) parses in a third of the time.
            started = time.monotonic()
            try:
                fd = declarations(path, data, self.timeout, self.top_level(path, data).bodies)
            finally:
                self.parse_seconds += time.monotonic() - started
            if fd is None:
                ctx = self.context(path, keep=len(data) <= _KEEP_FOR_DECLS)
        if fd is None:
            if ctx is None:
                return None
            fd = ctx.decls()
        self._decls[path] = fd
        return fd

    def top_level(self, path: str, data: bytes) -> TopLevel:
        """Where the file's top-level declarations lie (toplevel.py), worked out once; `data` is
        the file's source as the engine parses it."""
        key = ("top level", path)
        found: TopLevel | None = self.memo.get(key)
        if found is None or found.size != len(data):
            found = self.memo[key] = top_level(data)
        return found

    def read(self, path: str) -> bytes:
        """A file's bytes, read once (OSError when it cannot be read)."""
        data = self._data.get(path)
        if data is None:
            data = self._data[path] = self.files[path].read()
        return data

    def close(self) -> None:
        """Drop every tree and fact at once, when the package is done: the trees must not wait
        for the cycle collector, which counts Python objects and not the memory of trees."""
        self._contexts.clear()
        self._kept = 0
        self._indexes.clear()
        self._decls.clear()
        self._data.clear()
        self._mentions.clear()
        self._outside_bodies.clear()
        self._pieces.clear()
        self._pieces_kept = 0
        self._files_of = None
        self.memo.clear()

    def index(self, package_name: str) -> PackageIndex:
        idx = self._indexes.get(package_name)
        if idx is None:
            idx = self._indexes[package_name] = PackageIndex(package=package_name, source=self)
        return idx

    # -- the index's DeclSource --------------------------------------------------------------

    def spells(self, path: str, name: str) -> bool:
        """Whether the file's bytes hold `name` as an identifier (False when unreadable)."""
        return _mentions(self._peek(path), name.encode())

    def _declared(self, path: str) -> bytes:
        """The file's text where a package-level declaration can be: all of it but, of the
        functions the layout found, what follows the name (`func (r T) Name`: a method's
        receiver type is where methods_of looks), comments and literals left out. A declaration
        of `x` spells `x` there."""
        text = self._outside_bodies.get(path)
        if text is None:
            data = SourceFile(path, self._peek(path)).data
            parts, prev = [], 0
            for f in self.top_level(path, data).functions:
                parts.append(data[prev : f.params])
                prev = f.end
            parts.append(data[prev:])
            text = LITERALS.sub(b" ", b"\n".join(parts))
            self._outside_bodies[path] = text
        return text

    def _where(self) -> dict[bytes, list[str]]:
        """Every identifier spelled outside function bodies, with the files, in file order."""
        if self._files_of is None:
            where: dict[bytes, list[str]] = {}
            for p in self._order:
                for token in set(_TOKEN.findall(self._declared(p))):
                    where.setdefault(token, []).append(p)
            self._files_of = where
        return self._files_of

    def declaring(self, name: str) -> Iterator[FileDecls]:
        paths = self._mentions.get(name)
        if paths is None:
            if len(self._mentions) < _SCAN_NAMES:
                word = name.encode()
                paths = [p for p in self._order if _mentions(self._declared(p), word)]
            else:
                paths = self._where().get(name.encode(), [])
            self._mentions[name] = paths
        for p in paths:
            fd = self.file_decls(p)
            if fd is not None:
                yield fd

    def everything(self) -> Iterator[FileDecls]:
        for p in self._order:
            fd = self.file_decls(p)
            if fd is not None:
                yield fd

    def rank(self, path: str) -> int:
        return self._order[path]

    def _piece(self, path: str, start: int, end: int) -> FileContext | None:
        """The file parsed in part: its prelude and the piece holding start..end; kept within a
        small budget of its own. None when the layout will not do."""
        key = (path, start)
        kept = self._pieces.get(key)
        if kept is not None:
            self._pieces.move_to_end(key)
            return kept[0]
        try:
            data = SourceFile(path, self.read(path)).data
        except OSError:
            return None
        lay = self.top_level(path, data)
        piece = next(((a, b) for a, b, _ in lay.pieces() if a <= start and end <= b), None)
        if lay.prelude is None or piece is None:
            return None
        ranges = [(0, lay.prelude), piece] if piece[0] >= lay.prelude else [(0, piece[1])]
        started = time.monotonic()
        try:
            tree = treesitter.parse(data, self.timeout, ranges)
        except treesitter.ParseTimeout:
            return None
        finally:
            self.parse_seconds += time.monotonic() - started
        if tree.root_node.has_error:
            return None
        ctx = FileContext(SourceFile(path, data), tree, self, tuple(ranges))
        size = piece[1] - piece[0]
        self._pieces[key] = (ctx, size)
        self._pieces_kept += size
        while self._pieces_kept > _TREE_BUDGET // 4 and len(self._pieces) > 1:
            _, (_, dropped) = self._pieces.popitem(last=False)
            self._pieces_kept -= dropped
        return ctx

    def _peek(self, path: str) -> bytes:
        try:
            return self.read(path)
        except OSError:
            return b""  # drops out of the index, as it would when parsed

    def function(self, fd: FuncDecl) -> tuple[FileContext, Node] | None:
        """The parsed declaration of an indexed function, to look into its body: from a kept
        tree that holds it, else from its piece of the file parsed alone (toplevel.py), else from
        the whole file."""
        ctx = self._contexts.get(fd.file)
        if ctx is None or not ctx.covers(fd.start, fd.end):
            ctx = self._piece(fd.file, fd.start, fd.end) or self.context(fd.file)
        if ctx is None:
            return None
        node = ctx.root.descendant_for_byte_range(fd.start, fd.end)
        while node is not None and not (node.start_byte == fd.start and node.end_byte == fd.end):
            node = node.parent
        if node is None or node.type not in ("function_declaration", "method_declaration"):
            return None
        return ctx, node


def _scope_of(ctx: FileContext) -> Callable[[Node], FunctionScope | None]:
    """ctx.scope_of without a strong reference: the typer lives in ctx, and a cycle would keep
    the tree alive until the cycle collector happens to run."""
    ref = weakref.ref(ctx)

    def scope_of(node: Node) -> FunctionScope | None:
        alive = ref()
        return alive.scope_of(node) if alive is not None else None

    return scope_of


# After this many names looked up in a package, the package's identifiers are collected once,
# with the files that spell each (about 20 ms per MB), instead of searching the bytes for every
# name in every file.
_SCAN_NAMES = 16
# Identifiers as Go spells them (bytes of non-ASCII letters included); numbers are harmless extras.
_TOKEN = re.compile(rb"[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*")
_IDENT = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _mentions(data: bytes, word: bytes) -> bool:
    """Whether `word` occurs in `data` as a whole identifier.

    A non-ASCII neighbour counts as a boundary: a file is then loaded that need not be, which
    costs time and never an answer.
    """
    if len(word) <= 2:  # short names hide inside many longer ones: let the regex engine look
        return (
            re.search(rb"(?<![A-Za-z0-9_])" + re.escape(word) + rb"(?![A-Za-z0-9_])", data)
            is not None
        )
    start = 0
    end_of_data = len(data)
    while True:
        i = data.find(word, start)
        if i < 0:
            return False
        end = i + len(word)
        if (i == 0 or data[i - 1] not in _IDENT) and (
            end == end_of_data or data[end] not in _IDENT
        ):
            return True
        start = i + 1
