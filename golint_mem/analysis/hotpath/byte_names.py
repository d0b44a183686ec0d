"""The names that can lead the typer to a byte slice, found in source text.

The typer (go/infer.py) knows a value is a []byte only from text it reads: type syntax spelling
`byte` or `uint8`, the standard-library names of stdlib.byte_names (a function only where its
package is imported), and declarations, each read for what decides a type: a call by its callee
(and the first argument of append, min and max, the type of new and make), a selector by its
field or method, an index or slice by its operand, a conversion, assertion or composite literal
by its type, a function by its results (and its parameters when they are functions: range over
a function), a struct only through its fields, an interface not at all. So a value can be typed
as a []byte only when the names its type can come from (names_of) hold one of those triggers, or
a name whose declaration does, in turn. Following that from the triggers gives a superset of
what the typer can know: byte_sources.py does it for the package-level declarations, and
locals_of() here for those inside one top-level declaration.

A name reached through a selector (a struct field, a method, a package's member) is kept with a
leading "." (SELECTOR), apart from the same name as an identifier: a bare `p` is never the field
`p`. Text read without a parse (tokens()) does not tell them apart, and is tested against both
(plain()).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from golint_mem import treesitter
from golint_mem.go.file import FileContext
from golint_mem.go.stdlib import byte_names
from golint_mem.treesitter import Node

TOKEN = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
# A token standing for slice, array or variadic syntax with the element byte (or uint8): the only
# byte type syntax that gives a byte slice (a scalar byte never does, nor a slice of a type
# defined as byte). Spelled in text as `]byte`, `...byte`, `](byte)`, with spaces or a comment
# between; a `(` or a `/` before it counts whatever it closes.
SLICE = b"[]byte"
SELECTOR = b"."
_SLICE_SYNTAX = re.compile(rb"[\].(/][ \t\r\n]*(?:byte|uint8)\b")
_COMPARISONS = frozenset((b"==", b"!=", b"<", b"<=", b">", b">=", b"&&", b"||"))
_FIRST_ARG = frozenset((b"append", b"min", b"max"))
_TYPE_ARG = frozenset((b"new", b"make"))
# What a struct type reachable from a declaration's type cannot be inside: a composite literal's
# elements, a function body (a type declared there is that function's).
_NO_FIELDS = frozenset(("literal_value", "block"))
_ARRAYS = frozenset(("slice_type", "array_type", "implicit_length_array_type"))
_TYPED = frozenset(("type_assertion_expression", "type_conversion_expression", "composite_literal"))
_TYPES = frozenset(
    (
        "type_identifier",
        "qualified_type",
        "generic_type",
        "pointer_type",
        "slice_type",
        "array_type",
        "implicit_length_array_type",
        "map_type",
        "channel_type",
        "function_type",
        "struct_type",
        "interface_type",
        "parenthesized_type",
    )
)
# Literals and comments: no name of them can give a type.
NO_NAMES = frozenset(
    (
        "interpreted_string_literal",
        "raw_string_literal",
        "int_literal",
        "float_literal",
        "imaginary_literal",
        "rune_literal",
        "nil",
        "true",
        "false",
        "iota",
        "comment",
    )
)


def tokens(data: bytes, start: int = 0, end: int | None = None) -> set[bytes]:
    """The identifiers of the text, and SLICE when it spells a byte slice type."""
    stop = len(data) if end is None else end
    found = set(TOKEN.findall(data, start, stop))
    if (b"byte" in found or b"uint8" in found) and _SLICE_SYNTAX.search(data, start, stop):
        found.add(SLICE)
    return found


# The byte slice syntax as gofmt writes it (`[]byte`, `...byte`, `[]uint8`), each regex led by
# its literal so that it scans at C speed: a text it matches spells SLICE; one it does not may
# still (`[] byte`), which tokens() finds.
_GOFMT_SLICE = (re.compile(rb"byte(?<=[\].(/]byte)\b"), re.compile(rb"uint8(?<=[\].(/]uint8)\b"))


def spells_slice(data: bytes, start: int, end: int) -> bool:
    """Whether tokens(data, start, end) holds SLICE, when this says so (a quick test first)."""
    return any(r.search(data, start, end) is not None for r in _GOFMT_SLICE)


def triggers(imports: frozenset[str] | None) -> frozenset[bytes]:
    """The names that give a byte type by themselves in a file with these imports (None: any):
    byte slice syntax, the standard types (in type syntax, and converted to as pkg.T), methods
    (by selector), and functions (pkg.F, or F dot-imported)."""
    return _triggers(imports)


@cache
def _triggers(imports: frozenset[str] | None) -> frozenset[bytes]:
    types, methods, by_path = byte_names()
    names = {SLICE} | {n.encode() for n in types} | {dot(n.encode()) for n in (*types, *methods)}
    for path, funcs in by_path.items():
        if imports is None or path in imports:
            names |= {n.encode() for n in funcs} | {dot(n.encode()) for n in funcs}
    return frozenset(names)


def plain(names: Iterable[bytes]) -> frozenset[bytes]:
    """The names as text spells them, selector or not."""
    return frozenset(n[1:] if n[:1] == SELECTOR else n for n in names)


@cache
def plain_of(names: frozenset[bytes]) -> frozenset[bytes]:
    """plain(), remembered for a set that comes back (the triggers of a set of imports)."""
    return plain(names)


def dot(name: bytes) -> bytes:
    return SELECTOR + name


def both(names: Iterable[bytes]) -> set[bytes]:
    out = set(names)
    return out | {dot(n) for n in out if n != SLICE}


# -- what decides a type ------------------------------------------------------------------------


def names_of(data: bytes, expr: Node) -> set[bytes]:
    """The names the typer can take an expression's type from (see the module docstring)."""
    out: set[bytes] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind == "identifier":
            out.add(node_bytes(data, node))
        elif kind == "parenthesized_expression":
            stack += node.named_children
        elif kind == "selector_expression":
            field = node.child_by_field_name("field")
            if field is not None:
                out.add(dot(node_bytes(data, field)))
        elif kind == "call_expression":
            _call(data, node, out, stack)
        elif kind in ("index_expression", "slice_expression", "unary_expression"):
            operand = node.child_by_field_name("operand")
            if operand is not None:
                stack.append(operand)
        elif kind == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is None or node_bytes(data, op) not in _COMPARISONS:
                stack += node.named_children
        elif kind in _TYPED:
            out |= type_names(data, node.child_by_field_name("type"))
        elif kind == "func_literal":
            out |= signature_names(data, node)
        elif kind in _TYPES:
            out |= type_names(data, node)
        elif kind not in NO_NAMES:  # anything not foreseen: every name of it, either way
            out |= both(tokens(data, node.start_byte, node.end_byte))
    return out


def _call(data: bytes, call: Node, out: set[bytes], stack: list[Node]) -> None:
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    first = next((a for a in args.named_children if a.type != "comment"), None) if args else None
    if fn is None:
        return
    if fn.type == "identifier":
        name = node_bytes(data, fn)
        out.add(name)
        if first is not None and name in _FIRST_ARG:
            stack.append(first)
        elif first is not None and name in _TYPE_ARG:
            out |= type_names(data, first)
    elif fn.type == "selector_expression":
        field = fn.child_by_field_name("field")
        if field is not None:
            out.add(dot(node_bytes(data, field)))
    else:  # a func literal called, an instantiated generic, a parenthesized callee...
        stack.append(fn)


def type_names(data: bytes, node: Node | None) -> set[bytes]:
    """The names a value of this type syntax can take a byte type from: all of it but struct and
    interface bodies (a struct's bytes are its fields'), and a function type's results (and
    parameters, when they are functions)."""
    out: set[bytes] = set()
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        kind = n.type
        if kind in ("struct_type", "interface_type"):
            continue
        if kind in _ARRAYS and is_byte(data, n.child_by_field_name("element")):
            out.add(SLICE)
        if kind == "function_type":
            out |= signature_names(data, n)
        elif kind in ("identifier", "type_identifier", "field_identifier", "package_identifier"):
            out.add(node_bytes(data, n))
        else:
            stack += n.named_children
    return out


def is_byte(data: bytes, node: Node | None) -> bool:
    while node is not None and node.type == "parenthesized_type" and node.named_child_count:
        node = node.named_children[0]
    if node is None or node.type != "type_identifier":
        return False
    return node_bytes(data, node) in (b"byte", b"uint8")


def signature_names(data: bytes, fn: Node) -> set[bytes]:
    out = type_names(data, fn.child_by_field_name("result"))
    params = fn.child_by_field_name("parameters")
    if params is not None and _has_function(params):  # what ranging over it yields
        out |= tokens(data, params.start_byte, params.end_byte)
    return out


def _has_function(node: Node) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "function_type":
            return True
        stack += n.named_children
    return False


_FIELDS = "(field_declaration) @f"


def fields(data: bytes, node: Node) -> list[Declared]:
    """Every struct field declared in the subtree, with the names its type comes from (an
    embedded field is named by its type); found by a query, the subtrees no field of a
    declaration can be in (_NO_FIELDS) left out after."""
    out: list[Declared] = []
    for _, m in treesitter.matches(treesitter.query(_FIELDS), node):
        field = m["f"][0]
        up = field.parent
        while up is not None and up.type not in _NO_FIELDS and up != node:
            up = up.parent
        if up is None or up.type not in _NO_FIELDS:
            out.append(_field(data, field))
    return out


def _field(data: bytes, node: Node) -> Declared:
    """A struct field, reached by selector: named, or embedded and named by its type."""
    found = type_names(data, node.child_by_field_name("type"))
    names = [node_bytes(data, x) for x in node.children_by_field_name("name")] or found
    return Declared({dot(n) for n in names if n != SLICE}, found)


def node_bytes(data: bytes, node: Node) -> bytes:
    return data[node.start_byte : node.end_byte]


@dataclass(slots=True)
class Declared:
    """A declaration: the names it declares, and the names its type comes from."""

    names: set[bytes]
    tokens: set[bytes]  # the names its type comes from


def spec(data: bytes, spec: Node) -> Declared:
    names = {node_bytes(data, n) for n in spec.children_by_field_name("name")}
    t = spec.child_by_field_name("type")
    if t is not None:
        return Declared(names, type_names(data, t))
    values = spec.child_by_field_name("value")
    found: set[bytes] = set()
    for v in values.named_children if values is not None else ():
        found |= names_of(data, v)
    return Declared(names, found)


# -- inside a function --------------------------------------------------------------------------

_DECLARING = """
(parameter_declaration) @d
(variadic_parameter_declaration) @d
(short_var_declaration) @d
(var_spec) @d
(const_spec) @d
(type_spec) @d
(type_alias) @d
(range_clause) @d
(receive_statement) @d
(type_switch_statement) @d
(field_declaration) @d
"""


def locals_of(ctx: FileContext, top: Node, known: frozenset[bytes]) -> frozenset[bytes]:
    """The names declared inside `top` (a top-level declaration), struct fields included, whose
    type can come from a name of `known` (triggers and byte sources) or another such local, by name
    (shadowing ignored)."""
    data = ctx.source.data
    decls: list[Declared] = []
    for _, m in treesitter.matches(treesitter.query(_DECLARING), top):
        decls.append(_local(data, m["d"][0]))
    found: set[bytes] = set()
    hits: set[bytes] | frozenset[bytes] = known
    while True:
        new: set[bytes] = set()
        rest: list[Declared] = []
        for d in decls:
            if not d.tokens.isdisjoint(hits):
                new |= d.names - found
            else:
                rest.append(d)
        new -= known
        if not new:
            return frozenset(found)
        found |= new
        hits, decls = new, rest


def _local(data: bytes, node: Node) -> Declared:
    kind = node.type
    if kind == "field_declaration":
        return _field(data, node)
    if kind in ("parameter_declaration", "variadic_parameter_declaration"):
        t = node.child_by_field_name("type")
        found = type_names(data, t)
        if kind == "variadic_parameter_declaration" and is_byte(data, t):
            found.add(SLICE)
        return Declared({node_bytes(data, n) for n in node.children_by_field_name("name")}, found)
    if kind in ("var_spec", "const_spec", "type_spec", "type_alias"):
        return spec(data, node)
    if kind == "type_switch_statement":
        found = set()
        value = node.child_by_field_name("value")
        if value is not None:
            found = names_of(data, value)
        for clause in node.named_children:
            for t in clause.children_by_field_name("type"):
                found |= type_names(data, t)
        return Declared(_identifiers(data, node.child_by_field_name("alias")), found)
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    found = set()
    if right is not None:
        values = right.named_children if right.type == "expression_list" else [right]
        for v in values:
            found |= names_of(data, v)
    return Declared(_identifiers(data, left), found)


def _identifiers(data: bytes, node: Node | None) -> set[bytes]:
    if node is None:
        return set()
    if node.type == "identifier":
        return {node_bytes(data, node)}
    return {node_bytes(data, c) for c in node.named_children if c.type == "identifier"}
