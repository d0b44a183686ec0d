"""GM102: a value that is not pointer-shaped goes into a sync.Pool, and is boxed each time."""

from __future__ import annotations

import re
from collections.abc import Iterator

from golint_mem.model import Confidence, Finding, RuleMeta, Severity
from golint_mem.rule import Context
from golint_mem.semantics import pools
from golint_mem.semantics.context import FileContext
from golint_mem.semantics.types import GoType, Kind, describe
from golint_mem.treesitter import Node, walk

META = RuleMeta(
    code="GM102",
    name="pool-put-non-pointer",
    summary="a non-pointer value (slice, string, struct...) put into a sync.Pool allocates on every Put",
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    tags=("sync.Pool", "performance", "memory"),
)

QUERY = """
(call_expression
  function: (selector_expression field: (field_identifier) @_m (#eq? @_m "Put"))
  arguments: (argument_list . (_) @arg .)) @put
(keyed_element
  key: (literal_element (identifier) @_k (#eq? @_k "New"))
  value: (literal_element (func_literal) @new)) @newkv
(assignment_statement
  left: (expression_list . (selector_expression field: (field_identifier) @_n (#eq? @_n "New")) @newsel .)
  right: (expression_list . (func_literal) @new .))
"""

PREFILTER = re.compile(rb"\bPut\b|\bNew\b")

# Kinds an interface holds without allocating; everything else is copied to the heap.
_BOXED = frozenset((Kind.SLICE, Kind.ARRAY, Kind.STRUCT, Kind.BASIC))
_FREE_BASICS = frozenset(("bool", "byte", "int8", "uint8"))  # one-byte values are preallocated


def check(ctx: Context) -> Iterator[Finding]:
    f = ctx.file
    for m in ctx.matches:
        if "put" in m:
            call, arg = m["put"][0], m["arg"][0]
            put = pools.pool_call(f, call, "Put")
            if put is None:
                continue
            t = f.typer.type_of(arg)
            if boxed(f, t):
                yield ctx.finding(
                    arg,
                    f"{put[0].text}.Put({ctx.text(arg)}) boxes a {describe(t)}, allocating on "
                    f"every call: store a *{describe(t)} instead",
                )
        elif "new" in m:
            pool = _pool_of_new(f, m)
            if pool is not None:
                yield from _new_results(ctx, pool, m["new"][0])


def boxed(f: FileContext, t: GoType) -> bool:
    """Whether converting a value of type t to an interface allocates (so t is not pointer-shaped).

    Unknown types, type parameters and untyped constants (stored statically) are never reported.
    """
    t = f.index.alias_target(t)
    if t.kind is Kind.NAMED and t.pkg == "unsafe":
        return False
    u = f.index.underlying(t)
    if u.kind not in _BOXED:
        return False
    if u.kind is Kind.BASIC and u.name in _FREE_BASICS:
        return False
    if u.kind is Kind.STRUCT:
        if t.kind is Kind.STRUCT and not t.fields and t.pkg == "":
            return False  # an anonymous empty struct: zero-sized, never allocates
        fields = u.fields
        if not fields and t.kind is Kind.STRUCT:
            return False
        if len(fields) == 1 and f.index.underlying(fields[0].type).kind is Kind.POINTER:
            return False  # a one-pointer struct is stored directly in the interface
        if not fields and t.kind is Kind.NAMED and not t.pkg:
            return False  # a local empty struct type
    return True


def _pool_of_new(f: FileContext, m: dict[str, list[Node]]) -> str | None:
    if "newkv" in m:
        lit = m["newkv"][0].parent
        composite = lit.parent if lit is not None else None
        if composite is None or composite.type != "composite_literal":
            return None
        t = f.typer.type_of(composite)
        if not pools.is_pool_type(f, t):
            return None
        holder = composite.parent
        while holder is not None and holder.type in ("unary_expression", "expression_list"):
            holder = holder.parent
        name = _declared_name(f, holder)
        return name or "the pool"
    sel = m["newsel"][0]
    operand = sel.child_by_field_name("operand")
    if operand is None or not pools.is_pool_type(f, f.typer.type_of(operand)):
        return None
    return f.text(operand)


def _declared_name(f: FileContext, holder: Node | None) -> str:
    if holder is None:
        return ""
    if holder.type in ("var_spec", "short_var_declaration", "keyed_element", "assignment_statement"):
        target = holder.child_by_field_name("name") or holder.child_by_field_name("left")
        if target is None and holder.type == "keyed_element":
            target = holder.named_children[0] if holder.named_child_count else None
        if target is not None:
            return f.text(target).strip()
    return ""


def _new_results(ctx: Context, pool: str, fn: Node) -> Iterator[Finding]:
    f = ctx.file
    body = fn.child_by_field_name("body")
    if body is None:
        return
    for node in walk(body):
        if node.type != "return_statement" or _nested_literal(node, fn):
            continue
        values = node.named_children[0].named_children if node.named_child_count else []
        if len(values) != 1:
            continue
        t = f.typer.type_of(values[0])
        if boxed(f, t):
            yield ctx.finding(
                values[0],
                f"the New func of {pool} returns a {describe(t)}, boxed into an allocation: "
                f"return a *{describe(t)} instead",
            )


def _nested_literal(node: Node, fn: Node) -> bool:
    cur = node.parent
    while cur is not None and cur != fn:
        if cur.type == "func_literal":
            return True
        cur = cur.parent
    return False
