"""A pooled value's life between Get and Put: where a value put back came from (the pool's Get,
or a helper around it), and what happened to it in between (writes, resets)."""

from __future__ import annotations

from dataclasses import dataclass

from golint_mem.analysis.pools.calls import PoolRef, pool_call
from golint_mem.analysis.pools.effects import Effects, Event
from golint_mem.go.decls import FuncDecl
from golint_mem.go.facts import Fact
from golint_mem.go.file import FileContext
from golint_mem.go.flow import in_defer, reaches
from golint_mem.go.package import Package
from golint_mem.go.scopes import Decl, FunctionScope
from golint_mem.go.syntax import selector, unparen
from golint_mem.treesitter import Node, walk

# -- where a value came from -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Origin:
    pool: tuple[str, ...]
    start: int  # events on the value count from here
    node: Node  # the Get call, or the call of the acquire helper
    helper: FuncDecl | None = None
    helper_resets: bool = False  # the helper resets the value right after its Get


def _unwrap_get(value: Node | None) -> Node | None:
    """`P.Get()` from `P.Get().(T)`, `(P.Get())`, `*P.Get().(*T)` and the like."""
    value = unparen(value)
    while value is not None and value.type in ("type_assertion_expression", "unary_expression"):
        if value.type == "unary_expression" and value.child_by_field_name("operator") is None:
            break
        value = unparen(value.child_by_field_name("operand"))
    return value


def origin(ctx: FileContext, scope: FunctionScope, decl: Decl, before: Node) -> Origin | None:
    """The pool a local variable's value came from, as of the statement `before`."""
    candidates: list[tuple[int, Node | None, int]] = [(decl.offset, decl.value, decl.index)]
    candidates += decl.assigns
    last: tuple[int, Node | None, int] | None = None
    for offset, value, index in candidates:
        if offset >= before.start_byte:
            continue
        if last is None or offset > last[0]:
            last = (offset, value, index)
    if last is None or last[1] is None or last[2] > 0:
        return None
    value = _unwrap_get(last[1])
    if value is None or value.type != "call_expression":
        return None
    stmt_end = _statement_end(value)
    got = pool_call(ctx, value, "Get")
    if got is not None:
        return Origin(got[0].key, stmt_end, value)
    helper = _called_function(ctx, value)
    if helper is None:
        return None
    info = ACQUIRED.of(ctx.package, helper)
    if info is None:
        return None
    return Origin(info[0], stmt_end, value, helper, info[1])


@dataclass(frozen=True, slots=True)
class PutBack:
    """A `P.Put(x)` of a local variable whose value came from the same pool's Get (or a helper
    around it): what GM101 and GM103 then look at."""

    pool: PoolRef
    scope: FunctionScope
    decl: Decl  # x's declaration
    origin: Origin
    deferred: Node | None  # the defer statement the Put runs in, if any

    def events(self, effects: Effects, put: Node) -> list[Event]:
        """What happens to the value between its Get and the Put."""
        evs = effects.events(self.scope, self.decl)
        return window(evs, self.origin.start, put, self.deferred)


def put_back(ctx: FileContext, put: Node, arg: Node) -> PutBack | None:
    """The PutBack when `put` is `P.Put(arg)` on a sync.Pool and arg holds what P gave."""
    found = pool_call(ctx, put, "Put")
    scope = ctx.scope_of(put) if found is not None else None
    decl = scope.resolve_node(arg) if scope is not None else None
    if found is None or scope is None or decl is None:
        return None
    deferred = in_defer(put)
    org = origin(ctx, scope, decl, deferred or put)
    if org is None or org.pool != found[0].key:
        return None
    return PutBack(found[0], scope, decl, org, deferred)


def _statement_end(node: Node) -> int:
    cur: Node | None = node
    while (
        cur is not None
        and cur.parent is not None
        and cur.parent.type
        not in (
            "statement_list",
            "block",
        )
    ):
        cur = cur.parent
    return cur.end_byte if cur is not None else node.end_byte


def _called_function(ctx: FileContext, call: Node) -> FuncDecl | None:
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return None
    index = ctx.index
    if fn.type == "identifier" and ctx.typer.decl_of(fn) is None:
        return index.funcs.get(ctx.text(fn))
    parts = selector(fn)
    if parts is not None:
        operand, field = parts
        if ctx.typer.package_of(operand) is not None:
            return None
        return index.method(ctx.typer.type_of(operand), ctx.text(field))
    return None


def _acquired(package: Package, fd: FuncDecl) -> tuple[tuple[str, ...], bool] | None:
    found = package.trees.function(fd)
    if found is None:
        return None
    hctx, fn = found
    body = fn.child_by_field_name("body")
    scope = hctx.scope_of(fn)
    if body is None or scope is None:
        return None
    for node in walk(body):
        if node.type != "return_statement" or not node.named_child_count:
            continue
        values = node.named_children[0].named_children
        if not values:
            continue
        first = _unwrap_get(values[0])
        if first is None:
            continue
        if first.type == "call_expression":
            got = pool_call(hctx, first, "Get")
            if got is not None:
                return got[0].key, False
        if first.type == "identifier":
            decl = scope.resolve_node(first)
            if decl is None:
                continue
            org = origin(hctx, scope, decl, node)
            if org is None or org.helper is not None:
                continue
            evs = [
                e
                for e in Effects(hctx).events(scope, decl)
                if org.start <= e.offset < node.start_byte and (e.kind.writes or e.kind.resets)
            ]
            return org.pool, bool(evs) and evs[0].kind.resets
    return None


# For an acquire helper (a function that returns a value it got from a pool): the pool, and
# whether it resets the value before returning it.
ACQUIRED: Fact[FuncDecl, tuple[tuple[str, ...], bool] | None] = Fact(
    "pool acquire helper", _acquired, cycle=None
)


# -- putting it together -----------------------------------------------------------------------


def window(evs: list[Event], start: int, put: Node, deferred: Node | None) -> list[Event]:
    """The events between a value's origin and the Put, in execution order."""
    if deferred is None:
        return sorted(
            (
                e
                for e in evs
                if start <= e.offset and e.offset < put.start_byte and reaches(e.node, put)
            ),
            key=lambda e: e.offset,
        )
    # A deferred Put runs when the function returns: everything after the origin comes first,
    # then what the deferred call itself does before the Put.
    inside = [e for e in evs if deferred.start_byte <= e.offset < put.start_byte]
    outside = [
        e
        for e in evs
        if start <= e.offset and not deferred.start_byte <= e.offset < deferred.end_byte
    ]
    return sorted(outside, key=lambda e: e.offset) + sorted(inside, key=lambda e: e.offset)
