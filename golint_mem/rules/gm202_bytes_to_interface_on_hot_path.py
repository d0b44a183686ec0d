"""GM202: a []byte is boxed into an interface that escapes, on a hot path: one allocation each."""

from __future__ import annotations

from collections.abc import Iterator

from golint_mem.analysis.hotpath.byte_sources import (
    NO_NAMES,
    carriers,
    locals_of,
    names_of,
    plain,
    plain_of,
    spells_slice,
    tokens,
    triggers,
)
from golint_mem.analysis.hotpath.escapes import escape_site, is_interface, may_escape
from golint_mem.analysis.hotpath.hot import hot_reason, hot_regions, may_be_hot
from golint_mem.go.package import FileContext, Package
from golint_mem.go.types import BASIC_NAMES, GoType, describe, is_byte_slice
from golint_mem.model import Confidence, Finding, RuleMeta, Severity, Span
from golint_mem.rule import Context
from golint_mem.treesitter import Node

META = RuleMeta(
    code="GM202",
    name="bytes-to-interface-on-hot-path",
    summary="a []byte converted to an escaping interface on a hot path allocates its slice header",
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    tags=("boxing", "performance", "memory"),
)

# Every position where a value may be converted to an interface, for the kinds of expression the
# typer can give a type (go/infer.py; the rest are literals, operators and types); check() decides.
_TYPED = """[(identifier) (selector_expression) (call_expression) (index_expression)
 (slice_expression) (unary_expression) (parenthesized_expression) (composite_literal)
 (type_conversion_expression) (type_assertion_expression)] @v"""
QUERY = f"""
(argument_list {_TYPED})
(assignment_statement right: (expression_list {_TYPED}))
(send_statement value: {_TYPED})
(return_statement (expression_list {_TYPED}))
(keyed_element value: (literal_element {_TYPED}))
"""

# A profile can make any function hot, and a named []byte type may be declared in another file.
PREFILTER = None
# Only values in loop bodies and in handler, marked or profiled functions can be hot: the query
# runs there alone (a quarter of the values of the standard library).
REGIONS = hot_regions


def _pieces(package: Package, path: str, data: bytes) -> list[Span] | None:
    """The top-level declarations that can report, from the bytes: those whose text can be hot
    and spells a name that can give the typer a byte slice (a fifth of the standard library's
    bytes, and all that is parsed of a file when no other rule needs it)."""
    if b"golintmem:" in data:
        return None  # a mark in a doc comment: the whole tree is needed
    lay = package.top_level(path, data)
    hot = may_be_hot(path, data, lay.imports, package.hot is not None)
    names = plain_of(triggers(lay.imports))
    out = []
    for start, end, _ in lay.pieces():
        if hot(start, end):
            if spells_slice(data, start, end):  # SLICE is a trigger: no need to tokenise
                out.append(Span(start, end))
                continue
            found = tokens(data, start, end)
            if not found.isdisjoint(names) or not found.isdisjoint(_spelled(package)):
                out.append(Span(start, end))
    return out


def _spelled(package: Package) -> frozenset[bytes]:
    key = ("gm202-carriers", "")
    found: frozenset[bytes] | None = package.memo.get(key)
    if found is None:
        found = package.memo[key] = plain(carriers(package))
    return found


SCOPE = _pieces


# Expressions that cannot have a []byte type.
_NEVER_BYTES = NO_NAMES | {
    "func_literal",
    "binary_expression",
    "literal_value",
    "type_identifier",
    "array_type",
    "slice_type",
    "map_type",
    "pointer_type",
}
_MAX_SHOWN = 40


def check(ctx: Context) -> Iterator[Finding]:
    f = ctx.file
    names = triggers(f.package.top_level(f.path, f.source.data).imports) | carriers(f.package)
    local: dict[int, frozenset[bytes]] = {}
    for m in ctx.matches:
        value = m["v"][0]
        if value.type in _NEVER_BYTES or not may_escape(f, value, by_bytes=True):
            continue
        if not _may_be_bytes(f, value, names, local):
            continue
        reason = hot_reason(f, value)
        if reason is None:
            continue
        t = _boxed_type(f, value)
        if t is None:
            continue
        site = escape_site(f, value)
        if site is None:
            continue
        yield ctx.finding(
            value,
            f"{_shown(ctx.text(value))} ({describe(t)}) is boxed for {site}: "
            f"a 24-byte heap allocation each time, {reason}",
        )


def _may_be_bytes(
    f: FileContext, value: Node, names: frozenset[bytes], local: dict[int, frozenset[bytes]]
) -> bool:
    """Whether the names the value's type can come from (or the operand's, when it is an
    explicit conversion) hold one that can give a byte type (byte_sources.py)."""
    data = f.source.data
    spelled = names_of(data, value)
    if _may_convert(f, value):
        args = value.child_by_field_name("arguments")
        if args is not None and args.named_child_count == 1:
            spelled |= names_of(data, args.named_children[0])
    if not spelled.isdisjoint(names):
        return True
    top = f.root.child_with_descendant(value) or value
    found = local.get(top.start_byte)
    if found is None:
        found = local[top.start_byte] = locals_of(f, top, names)
    return not spelled.isdisjoint(found)


def _may_convert(f: FileContext, value: Node) -> bool:
    """Whether `value` may be an explicit conversion to an interface, `any(b)`: a call whose
    callee is (parenthesized) a name, not a basic type's (typer.is_type_name)."""
    if value.type != "call_expression":
        return False
    fn = value.child_by_field_name("function")
    while fn is not None and fn.type == "parenthesized_expression" and fn.named_child_count:
        fn = fn.named_children[0]
    return fn is not None and fn.type != "selector_expression" and f.text(fn) not in BASIC_NAMES


def _boxed_type(f: FileContext, value: Node) -> GoType | None:
    """The byte-slice type converted to an interface at `value`: its own, or the operand's of
    an explicit `any(b)`."""
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        conv = f.typer.is_type_name(fn) if fn is not None else None
        one = args is not None and args.named_child_count == 1
        if conv is not None and args is not None and one and is_interface(f, conv):
            value = args.named_children[0]
    t = f.typer.type_of(value)
    return t if is_byte_slice(f.index.underlying(f.index.alias_target(t))) else None


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."
