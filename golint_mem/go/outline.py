"""A file's outline: the file without the bodies of its top-level functions.

The package index needs only declarations, and most of a Go file is function bodies. The outline
keeps each body's braces and newlines (so line numbers hold) and drops the rest, and parses in a
fraction of the time; `Outline.offset` maps its byte offsets back to the file's. The bodies are
those toplevel.functions() finds; when it is unsure, or the outline has a syntax error, the
caller parses the whole file.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace

from golint_mem import treesitter
from golint_mem.go.decls import FileDecls
from golint_mem.go.extract import extract
from golint_mem.go.imports import Imports
from golint_mem.go.toplevel import functions


@dataclass(frozen=True, slots=True)
class Outline:
    text: bytes
    # Outline offsets where a dropped stretch ends, and the bytes dropped up to there.
    _at: tuple[int, ...]
    _dropped: tuple[int, ...]

    def offset(self, pos: int) -> int:
        """The file's offset of an outline offset outside the bodies."""
        i = bisect.bisect_right(self._at, pos)
        return pos + (self._dropped[i - 1] if i else 0)


def outline(data: bytes, found: Sequence[tuple[int, int, int]] | None = None) -> Outline | None:
    """`data` with top-level function bodies reduced to their newlines; None when unsure.
    `found`: what functions(data) gives, when already known."""
    if found is None:
        found = functions(data)
    if found is None:
        return None
    bodies = [(start, end) for _, start, end in found]
    parts: list[bytes] = []
    at: list[int] = []
    dropped: list[int] = []
    prev = 0
    length = 0
    total = 0
    for start, end in bodies:  # the bytes strictly between the braces
        kept = b"\n" * data.count(b"\n", start, end)
        parts += (data[prev:start], kept)
        length += start - prev + len(kept)
        total += end - start - len(kept)
        at.append(length)
        dropped.append(total)
        prev = end
    parts.append(data[prev:])
    return Outline(b"".join(parts), tuple(at), tuple(dropped))


def declarations(
    path: str,
    data: bytes,
    timeout: float | None,
    found: Sequence[tuple[int, int, int]] | None = None,
) -> FileDecls | None:
    """The file's declarations read from its outline; None when the outline will not do.
    `found`: what functions(data) gives, when already known."""
    out = outline(data, found)
    if out is None:
        return None
    try:
        tree = treesitter.parse(out.text, timeout)
    except treesitter.ParseTimeout:
        return None
    root = tree.root_node
    if root.has_error:
        return None
    fd = extract(path, root, out.text, Imports.from_root(root, out.text))
    if not out._at:
        return fd
    at = out.offset
    fd.types = {k: replace(t, start=at(t.start)) for k, t in fd.types.items()}
    fd.vars = {k: replace(v, start=at(v.start)) for k, v in fd.vars.items()}
    fd.funcs = {k: replace(f, start=at(f.start), end=at(f.end)) for k, f in fd.funcs.items()}
    fd.methods = {k: replace(f, start=at(f.start), end=at(f.end)) for k, f in fd.methods.items()}
    return fd
