"""sync.Pool facts shared by the GM1xx rules: which calls are pool calls, where a value put back
came from, and what happened to it in between (writes, resets)."""

from __future__ import annotations

from dataclasses import dataclass

from golint_mem.analysis.pools.effects import Effects, Event
from golint_mem.go.decls import FuncDecl
from golint_mem.go.flow import in_defer, reaches
from golint_mem.go.package import FileContext
from golint_mem.go.scopes import Decl, FunctionScope
from golint_mem.go.types import GoType, Kind, deref, is_named
from golint_mem.treesitter import Node, matches, query, walk


@dataclass(frozen=True, slots=True)
class PoolRef:
    key: tuple[str, ...]  # identity: the same pool gives the same key in every function
    text: str  # the pool expression as written


def _strip(node: Node | None) -> Node | None:
    while node is not None and node.type == "parenthesized_expression" and node.named_child_count:
        node = node.named_children[0]
    return node


def pool_call(ctx: FileContext, call: Node, method: str) -> tuple[PoolRef, Node] | None:
    """For `P.<method>(...)` on a sync.Pool, the pool and the receiver node."""
    fn = _strip(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return None
    field = fn.child_by_field_name("field")
    recv = fn.child_by_field_name("operand")
    if field is None or recv is None or ctx.text(field) != method:
        return None
    ref = pool_ref(ctx, recv, method)
    return (ref, recv) if ref is not None else None


def is_pool_type(ctx: FileContext, t: GoType, method: str = "") -> bool:
    """A sync.Pool, a pointer to one, or a struct that embeds one and does not redefine `method`."""
    index = ctx.index
    t = index.alias_target(t)
    base = deref(t)
    if is_named(base, "sync", "Pool"):
        return True
    if base.kind is not Kind.NAMED or base.pkg:
        return False
    if method and index.has_own_method(base, method):
        return False
    return index.embedded_path(base, "sync", "Pool")


def pool_ref(ctx: FileContext, recv: Node, method: str = "") -> PoolRef | None:
    if not is_pool_type(ctx, ctx.typer.type_of(recv), method):
        return None
    return PoolRef(pool_key(ctx, recv), ctx.text(recv))


def pool_key(ctx: FileContext, node: Node) -> tuple[str, ...]:
    node = _strip(node) or node
    k = node.type
    if k == "identifier":
        scope = ctx.scope_of(node)
        decl = scope.resolve_node(node) if scope is not None else None
        if decl is not None:
            if decl.kind == "receiver":
                return ("recv", str(ctx.typer.decl_type(decl)))
            return ("local", ctx.path, str(decl.offset))
        return ("var", ctx.text(node))
    if k == "selector_expression":
        operand, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
        if operand is not None and field is not None:
            path = ctx.typer.package_of(operand)
            if path is not None:
                return ("pkgvar", path, ctx.text(field))
            owner = deref(ctx.typer.type_of(operand))
            if owner.kind is not Kind.UNKNOWN:
                return ("field", str(owner), ctx.text(field))
            return ("field", "?", ctx.text(field))
    if k == "index_expression":
        operand = node.child_by_field_name("operand")
        if operand is not None:
            return ("elem", *pool_key(ctx, operand))
    if k == "unary_expression":
        operand = node.child_by_field_name("operand")
        if operand is not None:
            return pool_key(ctx, operand)
    if k == "call_expression":
        fn = node.child_by_field_name("function")
        return ("call", ctx.text(fn) if fn is not None else "")
    return ("text", ctx.text(node))


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
    value = _strip(value)
    while value is not None and value.type in ("type_assertion_expression", "unary_expression"):
        if value.type == "unary_expression" and value.child_by_field_name("operator") is None:
            break
        value = _strip(value.child_by_field_name("operand"))
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
    info = acquire_info(ctx, helper)
    if info is None:
        return None
    return Origin(info[0], stmt_end, value, helper, info[1])


@dataclass(frozen=True, slots=True)
class Return:
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


def returned(ctx: FileContext, put: Node, arg: Node) -> Return | None:
    """The Return when `put` is `P.Put(arg)` on a sync.Pool and arg holds what P gave."""
    found = pool_call(ctx, put, "Put")
    scope = ctx.scope_of(put) if found is not None else None
    decl = scope.resolve_node(arg) if scope is not None else None
    if found is None or scope is None or decl is None:
        return None
    deferred = defer_of(put)
    org = origin(ctx, scope, decl, deferred or put)
    if org is None or org.pool != found[0].key:
        return None
    return Return(found[0], scope, decl, org, deferred)


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
    fn = _strip(call.child_by_field_name("function"))
    if fn is None:
        return None
    index = ctx.index
    if fn.type == "identifier" and ctx.typer.decl_of(fn) is None:
        return index.funcs.get(ctx.text(fn))
    if fn.type == "selector_expression":
        operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if operand is None or field is None or ctx.typer.package_of(operand) is not None:
            return None
        return index.method(ctx.typer.type_of(operand), ctx.text(field))
    return None


def acquire_info(ctx: FileContext, fd: FuncDecl) -> tuple[tuple[str, ...], bool] | None:
    """For an acquire helper (returns a value it got from a pool): the pool, and whether it
    resets the value before returning it."""
    memo_key = ("acquire", fd.file + ":" + fd.key)
    if memo_key in ctx.package.memo:
        cached: tuple[tuple[str, ...], bool] | None = ctx.package.memo[memo_key]
        return cached
    ctx.package.memo[memo_key] = None  # recursion guard
    result = _acquire_info(ctx, fd)
    ctx.package.memo[memo_key] = result
    return result


def _acquire_info(ctx: FileContext, fd: FuncDecl) -> tuple[tuple[str, ...], bool] | None:
    found = ctx.package.function(fd)
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


def put_target(call: Node) -> Node | None:
    args = call.child_by_field_name("arguments")
    if args is None or args.named_child_count != 1:
        return None
    return args.named_children[0]


def defer_of(put: Node) -> Node | None:
    return in_defer(put)


@dataclass(frozen=True, slots=True)
class Site:
    """A call of a pool method somewhere in the package, as plain data."""

    pool: tuple[str, ...]
    path: str
    offset: int
    boxes: bool  # for Put: the argument is a value that allocates when boxed


_SITES_QUERY = """
(call_expression
  function: (selector_expression field: (field_identifier) @method)
  arguments: (argument_list) @args) @call
"""


def pool_sites(ctx: FileContext, method: str) -> list[Site]:
    """Every call of `method` on a sync.Pool in the package; files are parsed as needed."""
    from golint_mem.go.boxing import boxes

    memo_key = ("sites", method)
    cached = ctx.package.memo.get(memo_key)
    if isinstance(cached, list):
        return cached
    sites: list[Site] = []
    q = query(_SITES_QUERY)
    for path in sorted(ctx.package.files):
        if not ctx.package.spells(path, method):
            continue  # tested on the bytes: a file without a call is not parsed
        fctx = ctx if path == ctx.path else ctx.package.context(path)
        if fctx is None or fctx.package_name != ctx.package_name:
            continue
        for _, m in matches(q, fctx.root):
            if fctx.text(m["method"][0]) != method:
                continue
            call = m["call"][0]
            got = pool_call(fctx, call, method)
            if got is None:
                continue
            args = m["args"][0].named_children
            boxed = len(args) == 1 and boxes(fctx.index, fctx.typer.type_of(args[0]))
            sites.append(Site(got[0].key, path, call.start_byte, boxed))
    ctx.package.memo[memo_key] = sites
    return sites


def get_sites(ctx: FileContext, pool: tuple[str, ...]) -> int:
    """How many `Get` calls on this pool the package has."""
    return sum(1 for site in pool_sites(ctx, "Get") if site.pool == pool)
