"""Where a Go file's top-level declarations lie, read from its bytes before any parse.

A function declaration is found where gofmt puts it, `func` at the start of a line (one written
elsewhere stays in a gap), outside raw strings and comments; regexes step from token to token
through its signature to the `{` and through its body to the matching `}`, skipping comments,
strings and runes whole. When the scanner is unsure it gives up (None), and the caller parses the
whole file.

The file is cut into pieces, each a run of whole top-level declarations: every function whose
`func` starts a line and that has a body, and the gaps between them (types, variables, constants,
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

# Comments, and string, raw string and rune literals.
LITERAL_SYNTAX = rb"""//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*'"""
# A function declaration starts a line (gofmt's layout; one written elsewhere keeps its body).
_FUNC_LINE = re.compile(rb"^func\b", re.MULTILINE)
# In a signature every brace but the body's follows struct or interface.
TO_OPEN = re.compile(rb"""(?:[^{"'`/]++|/(?![/*])|""" + LITERAL_SYNTAX + rb""")*+\{""", re.DOTALL)
TYPE_KEYWORD = re.compile(rb"\b(?:struct|interface)\s*$")
_DECLARATION_LINE = re.compile(rb"\n(?:func|type|var|const|import)\b")
# Everything up to the next brace, literals and comments whole, in one step of the regex engine.
_TO_BRACE = re.compile(
    rb"""(?:[^{}"'`/]++|/(?![/*])|""" + LITERAL_SYNTAX + rb""")*+([{}])""", re.DOTALL
)
_LITERAL = re.compile(LITERAL_SYNTAX + rb"""|["'`]""", re.DOTALL)


# Comments and literals, whole: text in which no name declares anything.
LITERALS = re.compile(LITERAL_SYNTAX, re.DOTALL)

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
        end = body_end(data, start)
        if end is None:
            return None
        spans.append((m.start(), start, end))
        pos = end + 1


def _body_start(data: bytes, pos: int) -> int | None:
    """Just after the `{` opening the body of the func whose keyword ends at pos; None when the
    declaration has no body (it is implemented in assembly)."""
    start = pos
    while True:
        m = TO_OPEN.match(data, pos)
        if m is None:
            return None
        brace = m.end() - 1
        if _DECLARATION_LINE.search(data, start, brace) is not None:
            return None  # the next declaration came first
        before = TYPE_KEYWORD.search(data, max(start, brace - 64), brace)
        if before is None:
            if data[start:brace].rstrip().endswith(b"*/"):
                return None  # a comment just before the brace: not worth the trouble
            return brace + 1
        end = body_end(data, brace + 1)  # struct{...} or interface{...} in the signature
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


def body_end(data: bytes, pos: int) -> int | None:
    """The index of the `}` closing a body whose `{` ends just before pos."""
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


@dataclass(frozen=True, slots=True)
class Function:
    name: bytes
    receiver: bool  # a method
    start: int  # the `func` that starts its line
    params: int  # the `(` of its parameters, or the `[` of its type parameters
    body: int  # the `{` of its body
    end: int  # just after the line of its closing `}`


@dataclass(frozen=True, slots=True)
class TopLevel:
    size: int
    # End of the line that ends the package clause and imports; None when they do not read as
    # expected (then the file is parsed whole).
    prelude: int | None
    imports: frozenset[str] | None  # the imported paths; None when not known
    functions: tuple[Function, ...]
    # What functions() found (every body, named or not); None when it gave up.
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


def top_level(data: bytes) -> TopLevel:
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
    return TopLevel(len(data), end, imports, tuple(funcs), bodies)
