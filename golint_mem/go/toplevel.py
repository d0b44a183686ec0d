"""Where a Go file's top-level declarations lie, read from its bytes before any parse.

The file is cut into pieces, each a run of whole top-level declarations: every function whose
`func` starts a line and that has a body (the outline's scanner finds them, skipping literals
and comments, and gives up when unsure), and the gaps between them (types, variables, constants,
imports, and anything laid out otherwise). A piece is what the parser may be given alone, after
the package clause and imports (the prelude): its subtree is the one the whole file gives.

A function is a piece of its own only when its head names it (`func Name(`, `func (r T) Name(`)
and nothing but a line comment follows its closing brace on that line: a func literal that
happens to start a line, or a declaration that begins after the brace, stays in its gap. A gap
is then whole declarations too, since every piece around it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from golint_mem.go.outline import functions

_HEAD = re.compile(
    rb"func(?:[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*[\[(]"
    rb"|[ \t]*\((?:[^()\n]|\([^()\n]*\))*\)[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\()"
)
_TAIL = re.compile(rb"[ \t\r]*(?://[^\n]*)?(?:\n|\Z)")
# Spaces and comments; the package clause; import declarations, single or grouped.
_BLANK = rb"(?:\s++|//[^\n]*+|/\*.*?\*/)*+"
_NAME = rb"[A-Za-z_][A-Za-z0-9_]*+"
_PATH = rb'(?:"(?:[^"\\\n]|\\.)*+"|`[^`]*+`)'
_SPEC = rb"(?:(?:" + _NAME + rb"|\.)" + _BLANK + rb")?" + _PATH
_PRELUDE = re.compile(
    _BLANK
    + rb"package\b"
    + _BLANK
    + _NAME
    + rb"(?:"
    + _BLANK
    + rb"(?:;|import\b"
    + _BLANK
    + rb"(?:\((?:"
    + _BLANK
    + rb"(?:"
    + _SPEC
    + rb"|;))*+"
    + _BLANK
    + rb"\)|"
    + _SPEC
    + rb")))*+",
    re.DOTALL,
)
# What may follow the prelude: the first other declaration, or the end of the file.
_AFTER = re.compile(_BLANK + rb"(?:(?:func|type|var|const)\b|\Z)", re.DOTALL)
_IMPORT_PATH = re.compile(rb'"((?:[^"\\\n]|\\.)*)"|`([^`]*)`')


@dataclass(frozen=True, slots=True)
class Function:
    name: bytes
    receiver: bool  # a method
    start: int  # the `func` that starts its line
    params: int  # the `(` of its parameters, or the `[` of its type parameters
    body: int  # the `{` of its body
    end: int  # just after the line of its closing `}`


@dataclass(frozen=True, slots=True)
class Layout:
    size: int
    # End of the line that ends the package clause and imports; None when they do not read as
    # expected (then the file is parsed whole).
    prelude: int | None
    imports: frozenset[str] | None  # the imported paths; None when not known
    functions: tuple[Function, ...]
    # What outline.functions found (every body, named or not); None when it gave up.
    bodies: tuple[tuple[int, int, int], ...] | None

    def pieces(self) -> Iterator[tuple[int, int, Function | None]]:
        """Every byte of the file once, in order: the functions, and the gaps between them."""
        prev = 0
        for f in self.functions:
            if prev < f.start:
                yield prev, f.start, None
            yield f.start, f.end, f
            prev = f.end
        if prev < self.size:
            yield prev, self.size, None


def layout(data: bytes) -> Layout:
    found = functions(data)
    funcs: list[Function] = []
    for start, open_, close in found or ():
        head = _HEAD.match(data, start)
        tail = _TAIL.match(data, close + 1)
        if head is None or tail is None:
            continue  # stays in its gap
        name = head.group(1) or head.group(2)
        method = head.group(1) is None
        funcs.append(Function(name, method, start, head.end() - 1, open_ - 1, tail.end()))
    prelude = _PRELUDE.match(data)
    line = _TAIL.match(data, prelude.end()) if prelude is not None else None
    end: int | None = None
    imports: frozenset[str] | None = None
    if prelude is not None and line is not None and _AFTER.match(data, line.end()) is not None:
        end = line.end()  # through the end of its line, as the pieces after it start a line
        imports = frozenset(
            (m.group(1) if m.group(1) is not None else m.group(2)).decode("utf-8", "replace")
            for m in _IMPORT_PATH.finditer(data, 0, end)
        )
    if funcs and end is not None and funcs[0].start < end:
        end, imports = None, None  # not what it seemed
    bodies = tuple(found) if found is not None else None
    return Layout(len(data), end, imports, tuple(funcs), bodies)
