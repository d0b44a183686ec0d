"""GM102: a value that is not pointer-shaped goes into a sync.Pool, and is boxed each time."""

from __future__ import annotations

from collections.abc import Iterator

from golint_mem.analysis.pools import calls as pools
from golint_mem.go.boxing import boxes
from golint_mem.go.file import FileContext
from golint_mem.go.types import describe
from golint_mem.model import Confidence, Finding, RuleMeta, Severity
from golint_mem.rule import AnyOf, Context, NoOptions, Rule
from golint_mem.treesitter import Node, walk

META = RuleMeta(
    code="GM102",
    name="pool-put-non-pointer",
    summary="a value that is not a pointer (slice, string, struct) allocates on each Pool.Put",
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
  left: (expression_list
    . (selector_expression field: (field_identifier) @_n (#eq? @_n "New")) @newsel .)
  right: (expression_list . (func_literal) @new .))
"""

# \bPut\b, or New as a key or an assignment's target: only spaces or a /* comment can come
# between New and its ':' or '=' (a newline would end the statement). Literals first, for speed.
PREFILTER = AnyOf(rb"Put(?<=\bPut)\b", rb"New(?<=\bNew)[ \t\r]*(?:/\*|[:=])")


def check(ctx: Context[NoOptions]) -> Iterator[Finding]:
    f = ctx.file
    for m in ctx.matches:
        if "put" in m:
            call, arg = m["put"][0], m["arg"][0]
            put = pools.pool_call(f, call, "Put")
            if put is None:
                continue
            t = f.typer.type_of(arg)
            if boxes(f.index, t):
                yield ctx.finding(
                    arg,
                    f"{put[0].text}.Put({ctx.text(arg)}) boxes {_a(describe(t))}, allocating on "
                    f"every call: store a *{describe(t)} instead",
                )
        elif "new" in m:
            pool = _pool_of_new(f, m)
            # New runs once per object: it matters only when Puts box the values again.
            if pool is not None and any(
                s.boxes and s.pool == pool[0] for s in pools.pool_sites(f, "Put")
            ):
                yield from _new_results(ctx, pool[1], m["new"][0])


def _pool_of_new(f: FileContext, m: dict[str, list[Node]]) -> tuple[tuple[str, ...], str] | None:
    """The identity and the name of the pool a New func belongs to."""
    if "newsel" in m:
        operand = m["newsel"][0].child_by_field_name("operand")
        if operand is None or not pools.is_pool_type(f, f.typer.type_of(operand)):
            return None
        return pools.pool_key(f, operand), f.text(operand)
    lit = m["newkv"][0].parent
    composite = lit.parent if lit is not None else None
    if composite is None or composite.type != "composite_literal":
        return None
    if not pools.is_pool_type(f, f.typer.type_of(composite)):
        return None
    holder = composite.parent
    while holder is not None and holder.type in ("unary_expression", "expression_list"):
        holder = holder.parent
    if holder is None:
        return None
    if holder.type == "var_spec":
        names = holder.children_by_field_name("name")
        if len(names) == 1:
            return pools.pool_key(f, names[0]), f.text(names[0])
    if holder.type in ("short_var_declaration", "assignment_statement"):
        left = holder.child_by_field_name("left")
        if left is not None and left.named_child_count == 1:
            return pools.pool_key(f, left.named_children[0]), f.text(left.named_children[0])
    if holder.type == "literal_element" and holder.parent is not None:
        kv = holder.parent  # keyed_element: `pool: sync.Pool{New: ...}` in a struct literal
        outer = kv.parent.parent if kv.parent is not None else None
        key = kv.named_children[0] if kv.named_child_count else None
        if kv.type == "keyed_element" and outer is not None and key is not None:
            owner = f.typer.type_of(outer)
            return ("field", str(owner), f.text(key).strip()), f.text(key).strip()
    return None


def _new_results(ctx: Context[NoOptions], pool: str, fn: Node) -> Iterator[Finding]:
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
        if boxes(f.index, t):
            yield ctx.finding(
                values[0],
                f"the New func of {pool} returns {_a(describe(t))}, boxed into an allocation: "
                f"return a *{describe(t)} instead",
            )


def _a(type_text: str) -> str:
    return ("an " if type_text[:1] in "aeiouAEIOU" else "a ") + type_text


def _nested_literal(node: Node, fn: Node) -> bool:
    cur = node.parent
    while cur is not None and cur != fn:
        if cur.type == "func_literal":
            return True
        cur = cur.parent
    return False


RULE = Rule(META, QUERY, check, prefilter=PREFILTER)
