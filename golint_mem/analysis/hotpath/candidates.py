"""Where a []byte can be boxed on a hot path, judged from names before any typing (GM202).

Most values of a file cannot be byte slices, and most of its code cannot be hot: both can be told
from the bytes and the names alone (byte_names.py, hot.py), far faster than by typing each value.
byte_pieces is GM202's SCOPE: the top-level declarations that can report. Screen.may_be_bytes
rejects a value whose type cannot come from a name that gives a byte type.
"""

from __future__ import annotations

from golint_mem.analysis.hotpath.byte_names import (
    NO_NAMES,
    locals_of,
    names_of,
    plain,
    plain_of,
    spells_slice,
    tokens,
    triggers,
)
from golint_mem.analysis.hotpath.byte_sources import BYTE_SOURCES
from golint_mem.analysis.hotpath.hot import may_be_hot
from golint_mem.go.facts import Fact
from golint_mem.go.file import FileContext
from golint_mem.go.package import Package
from golint_mem.go.syntax import unparen
from golint_mem.go.types import BASIC_NAMES
from golint_mem.model import Span
from golint_mem.treesitter import Node

# Expressions that cannot have a []byte type.
NEVER_BYTES = NO_NAMES | {
    "func_literal",
    "binary_expression",
    "literal_value",
    "type_identifier",
    "array_type",
    "slice_type",
    "map_type",
    "pointer_type",
}

# BYTE_SOURCES as text spells them, selector or not.
SPELLED: Fact[None, frozenset[bytes]] = Fact(
    "names that can give a byte type, as spelled",
    lambda package, _: plain(BYTE_SOURCES.of(package, None)),
    cycle=frozenset(),
)


def byte_pieces(package: Package, path: str, data: bytes) -> list[Span] | None:
    """The top-level declarations that can report, from the bytes: those whose text can be hot
    and spells a name that can give the typer a byte slice (a fifth of the standard library's
    bytes, and all that is parsed of a file when no other rule needs it)."""
    if b"golintmem:" in data:
        return None  # a mark in a doc comment: the whole tree is needed
    top = package.top_level(path, data)
    hot = may_be_hot(path, data, top.imports, package.hot is not None)
    names = plain_of(triggers(top.imports))
    out = []
    for start, end, _ in top.pieces():
        if hot(start, end):
            if spells_slice(data, start, end):  # SLICE is a trigger: no need to tokenise
                out.append(Span(start, end))
                continue
            found = tokens(data, start, end)
            if not found.isdisjoint(names) or not found.isdisjoint(SPELLED.of(package, None)):
                out.append(Span(start, end))
    return out


class Screen:
    """The names that can give a byte type in one file: the triggers its imports allow, the
    package's byte sources, and the locals of each top-level declaration (found when asked)."""

    __slots__ = ("_local", "_names", "f")

    def __init__(self, f: FileContext) -> None:
        self.f = f
        imports = f.package.top_level(f.path, f.source.data).imports
        self._names = triggers(imports) | BYTE_SOURCES.of(f.package, None)
        self._local: dict[int, frozenset[bytes]] = {}

    def may_be_bytes(self, value: Node) -> bool:
        """Whether the names the value's type can come from (or the operand's, when it is an
        explicit conversion) hold one that can give a byte type."""
        f = self.f
        data = f.source.data
        spelled = names_of(data, value)
        if _may_convert(f, value):
            args = value.child_by_field_name("arguments")
            if args is not None and args.named_child_count == 1:
                spelled |= names_of(data, args.named_children[0])
        if not spelled.isdisjoint(self._names):
            return True
        top = f.root.child_with_descendant(value) or value
        found = self._local.get(top.start_byte)
        if found is None:
            found = self._local[top.start_byte] = locals_of(f, top, self._names)
        return not spelled.isdisjoint(found)


def _may_convert(f: FileContext, value: Node) -> bool:
    """Whether `value` may be an explicit conversion to an interface, `any(b)`: a call whose
    callee is (parenthesized) a name, not a basic type's (typer.is_type_name)."""
    if value.type != "call_expression":
        return False
    fn = unparen(value.child_by_field_name("function"))
    return fn is not None and fn.type != "selector_expression" and f.text(fn) not in BASIC_NAMES
