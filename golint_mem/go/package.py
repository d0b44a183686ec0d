"""One package: the .go files of a directory, as the engine lints them together.

What it holds is computed on demand and dropped at once when the package is done (close()):
- the files' bytes (read), and where their top-level declarations lie (top_level);
- their trees, within a byte budget (trees: Trees.get is how an analysis gets a tree);
- their package-level declarations, and an index per package name over them (decls, index);
- the facts analyses work out about it, once per key (facts: see facts.py);
- the CPU profile's hot functions, when one is in use (hot, import_path).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from golint_mem.go.declaring import Declarations, mentions
from golint_mem.go.facts import Facts
from golint_mem.go.index import PackageIndex
from golint_mem.go.toplevel import TopLevel, top_level
from golint_mem.go.trees import Trees
from golint_mem.pgo import HotFunctions
from golint_mem.source import SourceFile


@dataclass(frozen=True, slots=True)
class PackageFile:
    path: str  # absolute path
    display: str
    read: Callable[[], bytes]


class Package:
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
        self.trees = Trees(self)
        self.decls = Declarations(self)
        self.facts = Facts()
        # Set by the engine when a CPU profile is in use: the hot functions, and the import path
        # of this directory (None when no go.mod says it).
        self.hot: HotFunctions | None = None
        self.import_path: str | None = None
        self._data: dict[str, bytes] = {}
        self._top_level: dict[str, TopLevel] = {}
        self._indexes: dict[str, PackageIndex] = {}

    def read(self, path: str) -> bytes:
        """A file's bytes, read once (OSError when it cannot be read)."""
        data = self._data.get(path)
        if data is None:
            data = self._data[path] = self.files[path].read()
        return data

    def peek(self, path: str) -> bytes:
        """A file's bytes; none when it cannot be read (it drops out, as it would when parsed)."""
        try:
            return self.read(path)
        except OSError:
            return b""

    def source(self, path: str) -> bytes | None:
        """A file's source as the engine parses it; None when it cannot be read or is over the
        size limit (the engine skips it)."""
        try:
            data = SourceFile(path, self.read(path)).data
        except OSError:
            return None
        if self.max_bytes is not None and len(data) > self.max_bytes:
            return None
        return data

    def spells(self, path: str, name: str) -> bool:
        """Whether the file's bytes hold `name` as an identifier (False when unreadable)."""
        return mentions(self.peek(path), name.encode())

    def top_level(self, path: str, data: bytes) -> TopLevel:
        """Where the file's top-level declarations lie (toplevel.py), worked out once; `data` is
        the file's source as the engine parses it."""
        found = self._top_level.get(path)
        if found is None or found.size != len(data):
            found = self._top_level[path] = top_level(data)
        return found

    def index(self, package_name: str) -> PackageIndex:
        """The declarations of the files of that package name (p, or the external test p_test)."""
        idx = self._indexes.get(package_name)
        if idx is None:
            idx = self._indexes[package_name] = PackageIndex(
                package=package_name, source=self.decls
            )
        return idx

    def close(self) -> None:
        """Drop every tree and fact at once, when the package is done: the trees must not wait
        for the cycle collector, which counts Python objects and not the memory of trees."""
        self.trees.clear()
        self.decls.clear()
        self.facts.clear()
        self._indexes.clear()
        self._data.clear()
        self._top_level.clear()
