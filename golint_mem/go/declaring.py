"""The package-level declarations of a package's files, each read once, and which files may
declare a name (the package index's DeclSource).

A declaration of `x` spells `x`: a file whose bytes, outside function bodies, comments and
literals, do not hold the identifier cannot declare it, and is not read for it. A file is read
from its outline (outline.py: function bodies left out), which parses in a third of the time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from golint_mem.go.decls import FileDecls
from golint_mem.go.outline import declarations
from golint_mem.go.toplevel import LITERALS
from golint_mem.go.trees import BUDGET

if TYPE_CHECKING:
    from golint_mem.go.package import Package

# A larger file parsed whole for its declarations (when its outline will not do) is not kept.
_KEEP_FOR_DECLS = BUDGET // 4
# After this many names looked up in a package, the package's identifiers are collected once,
# with the files that spell each (about 20 ms per MB), instead of searching the bytes for every
# name in every file.
_SCAN_NAMES = 16
# Identifiers as Go spells them (bytes of non-ASCII letters included); numbers are harmless extras.
_TOKEN = re.compile(rb"[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*")
_IDENT = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


class Declarations:
    __slots__ = ("_files", "_files_of", "_mentions", "_order", "_outside_bodies", "_package")

    def __init__(self, package: Package) -> None:
        self._package = package
        self._order = {p: i for i, p in enumerate(sorted(package.files))}
        self._files: dict[str, FileDecls] = {}
        self._mentions: dict[str, list[str]] = {}
        self._outside_bodies: dict[str, bytes] = {}
        self._files_of: dict[bytes, list[str]] | None = None

    def of(self, path: str) -> FileDecls | None:
        """The file's declarations; None when it cannot be read or parsed."""
        fd = self._files.get(path)
        if fd is not None:
            return fd
        package = self._package
        ctx = package.trees.kept(path)
        if ctx is None:
            data = package.source(path)
            if data is None:
                return None
            started = time.monotonic()
            try:
                fd = declarations(path, data, package.timeout, package.top_level(path, data).bodies)
            finally:
                package.parse_seconds += time.monotonic() - started
            if fd is None:
                ctx = package.trees.get(path, keep=len(data) <= _KEEP_FOR_DECLS)
        if fd is None:
            if ctx is None:
                return None
            fd = ctx.decls()
        self._files[path] = fd
        return fd

    def declaring(self, name: str) -> Iterator[FileDecls]:
        """Every file that may declare `name` (its bytes hold the identifier), in file order."""
        paths = self._mentions.get(name)
        if paths is None:
            if len(self._mentions) < _SCAN_NAMES:
                word = name.encode()
                paths = [p for p in self._order if mentions(self._declared(p), word)]
            else:
                paths = self._where().get(name.encode(), [])
            self._mentions[name] = paths
        for p in paths:
            fd = self.of(p)
            if fd is not None:
                yield fd

    def everything(self) -> Iterator[FileDecls]:
        for p in self._order:
            fd = self.of(p)
            if fd is not None:
                yield fd

    def rank(self, path: str) -> int:
        """A file's place in the package's file order."""
        return self._order[path]

    def clear(self) -> None:
        self._files.clear()
        self._mentions.clear()
        self._outside_bodies.clear()
        self._files_of = None

    def _declared(self, path: str) -> bytes:
        """The file's text where a package-level declaration can be: all of it but, of the
        functions toplevel.py found, what follows the name (`func (r T) Name`: a method's
        receiver type is where methods_of looks), comments and literals left out. A declaration
        of `x` spells `x` there."""
        text = self._outside_bodies.get(path)
        if text is None:
            # Unreadable or over the size limit: of() has no declarations for it either.
            data = self._package.source(path) or b""
            parts, prev = [], 0
            for f in self._package.top_level(path, data).functions:
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


def mentions(data: bytes, word: bytes) -> bool:
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
