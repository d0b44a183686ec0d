"""A file's outline: the file without the bodies of its top-level functions.

The package index needs only declarations, and most of a Go file is function bodies. The outline
keeps each body's braces and newlines (so line numbers hold) and drops the rest, and parses in a
fraction of the time; `Outline.offset` maps its byte offsets back to the file's.

A function declaration is found where gofmt puts it, `func` at the start of a line (one written
elsewhere keeps its body), outside raw strings and comments; regexes step from token to token
through its signature to the `{` and through its body to the matching `}`, skipping comments,
strings and runes whole. When the scanner is unsure it gives up (None), and the caller parses the
whole file, as it does when the outline has a syntax error.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from golint_mem import treesitter
from golint_mem.go.decls import FileDecls
from golint_mem.go.extract import extract
from golint_mem.go.imports import Imports

_LITERALS = rb"""//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*'"""
# A function declaration starts a line (gofmt's layout; one written elsewhere keeps its body).
_FUNC_LINE = re.compile(rb"^func\b", re.MULTILINE)
# In a signature every brace but the body's follows struct or interface.
_TO_OPEN = re.compile(rb"""(?:[^{"'`/]++|/(?![/*])|""" + _LITERALS + rb""")*+\{""", re.DOTALL)
_TYPE_KEYWORD = re.compile(rb"\b(?:struct|interface)\s*$")
_DECLARATION_LINE = re.compile(rb"\n(?:func|type|var|const|import)\b")
# Everything up to the next brace, literals and comments whole, in one step of the regex engine.
_TO_BRACE = re.compile(rb"""(?:[^{}"'`/]++|/(?![/*])|""" + _LITERALS + rb""")*+([{}])""", re.DOTALL)
_LITERAL = re.compile(_LITERALS + rb"""|["'`]""", re.DOTALL)
# A whole body in one match when its braces nest at most _NESTED deep: the same steps as
# _TO_BRACE's, with each inner pair of braces taken as a group (the regex engine has no
# recursion, so each level is spelled out). Deeper, the match fails and _TO_BRACE steps.
_NESTED = 12
_ATOM = rb"""(?:[^{}"'`/]++|/(?![/*])|""" + _LITERALS + rb")"
_INSIDE = _ATOM + rb"*+"
for _ in range(_NESTED):
    _INSIDE = rb"(?:" + _ATOM + rb"|\{" + _INSIDE + rb"\})*+"
_TO_END = re.compile(_INSIDE + rb"\}", re.DOTALL)


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


def _bodies(data: bytes) -> list[tuple[int, int]] | None:
    found = functions(data)
    return None if found is None else [(start, end) for _, start, end in found]


def functions(data: bytes) -> list[tuple[int, int, int]] | None:
    """Top-level functions with a body: where the line of `func` starts, and the bytes strictly
    between the body's braces; None when unsure (see the module docstring)."""
    spans: list[tuple[int, int, int]] = []
    pos = 0
    while True:
        m = _FUNC_LINE.search(data, pos)
        if m is None:
            return spans
        inside = _literal_across(data, pos, m.start())
        if inside is None:
            return None
        if inside > m.start():  # `func` at the start of a line of a raw string or comment
            pos = inside
            continue
        start = _body_start(data, m.end())
        if start is None:  # no body (implemented in assembly), or not what it seemed
            pos = m.end()
            continue
        end = _body_end(data, start)
        if end is None:
            return None
        spans.append((m.start(), start, end))
        pos = end + 1


def _body_start(data: bytes, pos: int) -> int | None:
    """Just after the `{` opening the body of the func whose keyword ends at pos; None when the
    declaration has no body (it is implemented in assembly)."""
    start = pos
    while True:
        m = _TO_OPEN.match(data, pos)
        if m is None:
            return None
        brace = m.end() - 1
        if _DECLARATION_LINE.search(data, start, brace) is not None:
            return None  # the next declaration came first
        before = _TYPE_KEYWORD.search(data, max(start, brace - 64), brace)
        if before is None:
            if data[start:brace].rstrip().endswith(b"*/"):
                return None  # a comment just before the brace: not worth the trouble
            return brace + 1
        end = _body_end(data, brace + 1)  # struct{...} or interface{...} in the signature
        if end is None:
            return None
        pos = end + 1


def _literal_across(data: bytes, pos: int, at: int) -> int | None:
    """Where the comment or literal holding offset `at` ends, when one does (else `at`); `pos` is
    outside any. None when a literal does not end."""
    if b"`" not in data[pos:at] and b"/*" not in data[pos:at]:
        return at  # only these span lines: `at` starts a line, so it is in none
    search = _LITERAL.search
    while True:
        m = search(data, pos)
        if m is None or m.start() >= at:
            return at
        if m.end() - m.start() == 1:
            return None
        if m.end() > at:
            return m.end()
        pos = m.end()


def _body_end(data: bytes, pos: int) -> int | None:
    """The index of the `}` closing a body whose `{` ends just before pos."""
    whole = _TO_END.match(data, pos)
    if whole is not None:
        return whole.end() - 1
    depth = 1
    match = _TO_BRACE.match
    while True:
        m = match(data, pos)
        if m is None:
            return None  # a literal that does not end, or no brace left
        pos = m.end()
        if m.group(1) == b"{":
            depth += 1
            continue
        depth -= 1
        if depth == 0:
            return pos - 1


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
