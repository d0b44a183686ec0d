"""sync.Pool calls: which calls are calls of a pool's methods, which pool each is (the same pool
gives the same key in every function), and every such call in the package."""

from __future__ import annotations

from dataclasses import dataclass

from golint_mem.go.boxing import boxes
from golint_mem.go.facts import Fact
from golint_mem.go.file import FileContext
from golint_mem.go.package import Package
from golint_mem.go.syntax import unparen
from golint_mem.go.types import GoType, Kind, deref, is_named
from golint_mem.treesitter import Node, matches, query


@dataclass(frozen=True, slots=True)
class PoolRef:
    key: tuple[str, ...]  # identity: the same pool gives the same key in every function
    text: str  # the pool expression as written


def pool_call(ctx: FileContext, call: Node, method: str) -> tuple[PoolRef, Node] | None:
    """For `P.<method>(...)` on a sync.Pool, the pool and the receiver node."""
    fn = unparen(call.child_by_field_name("function"))
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
    node = unparen(node) or node
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


def pool_sites(ctx: FileContext, method: str) -> tuple[Site, ...]:
    """Every call of `method` on a sync.Pool in the package of ctx's file."""
    return SITES.of(ctx.package, (ctx.package_name, method))


def _sites(package: Package, key: tuple[str, str]) -> tuple[Site, ...]:
    """Every call of a method on a sync.Pool in the files of a package name; files are parsed as
    needed."""
    package_name, method = key
    sites: list[Site] = []
    q = query(_SITES_QUERY)
    for path in sorted(package.files):
        if not package.spells(path, method):
            continue  # tested on the bytes: a file without a call is not parsed
        fctx = package.trees.get(path)
        if fctx is None or fctx.package_name != package_name:
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
    return tuple(sites)


# Calls of a pool method, by package name and method name.
SITES: Fact[tuple[str, str], tuple[Site, ...]] = Fact("pool calls", _sites, cycle=())


def get_sites(ctx: FileContext, pool: tuple[str, ...]) -> int:
    """How many `Get` calls on this pool the package has."""
    return sum(1 for site in pool_sites(ctx, "Get") if site.pool == pool)
