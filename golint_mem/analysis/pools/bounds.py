"""Whether a Put is guarded by an upper bound on the value's capacity or length.

A bound is a comparison of `cap(x)`, `len(x)`, `x.Cap()` or `x.Len()` (x possibly behind `*` or
a field) that only lets small values reach the Put: the Put inside `if cap(x) <= n {...}`, in the
`else` of `if cap(x) > n`, or after an `if cap(x) > n {...}` that does not hold it. A lower bound
(`if cap(x) < n { return }`) lets only the big ones through and is not a bound.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from golint_mem.go.decls import FuncDecl
from golint_mem.go.facts import Fact
from golint_mem.go.file import FileContext
from golint_mem.go.flow import ancestors, reaches
from golint_mem.go.package import Package
from golint_mem.go.scopes import Decl, FunctionScope
from golint_mem.go.syntax import is_field, same_node
from golint_mem.treesitter import Node, walk, walk_range

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


@dataclass(frozen=True, slots=True)
class Bound:
    found: bool
    limit: int | None = None  # the constant compared against, when it can be evaluated


def capacity_bound(
    f: FileContext, scope: FunctionScope, decl: Decl, put: Node, start: int
) -> Bound:
    # 1. the Put sits in a branch that only small values take
    chain = [put, *ancestors(put)]
    for child, node in itertools.pairwise(chain):
        if node.type != "if_statement":
            continue
        cond = node.child_by_field_name("condition")
        cons = node.child_by_field_name("consequence")
        in_then = same_node(cons, child)
        found = _compare(f, scope, decl, cond, want="small" if in_then else "big")
        if found is not None and (in_then or is_field(node, "alternative", child)):
            return found
    # 2. an earlier `if cap(x) > n { ... }` that the Put is not inside
    for node in walk_range(scope.func, start, put.start_byte):
        if node.type != "if_statement" or node.start_byte < start:
            continue
        if node.start_byte >= put.start_byte:
            break
        if node.start_byte <= put.start_byte < node.end_byte:
            continue
        found = _compare(f, scope, decl, node.child_by_field_name("condition"), want="big")
        if found is not None and reaches(node, put):
            return found
    # 3. a method of the package called on it that bounds its receiver, as gob's
    #    encBuffer.Reset does: `if len(e.data) >= tooBig { e.data = e.scratch[0:0] }`
    for use in scope.uses(decl):
        if not start <= use.start_byte < put.start_byte:
            continue
        sel = use.parent
        call = sel.parent if sel is not None else None
        if sel is None or call is None or sel.type != "selector_expression":
            continue
        field = sel.child_by_field_name("field")
        if call.type != "call_expression" or field is None:
            continue
        fd = f.index.method(f.typer.decl_type(decl), f.text(field))
        if fd is not None and fd.recv_pointer and BOUNDS_RECEIVER.of(f.package, fd):
            return Bound(True)
    return Bound(False)


def _bounds_receiver(package: Package, fd: FuncDecl) -> bool:
    found = package.trees.function(fd)
    result = False
    if found is not None and fd.recv_name:
        mctx, fn = found
        mscope = mctx.scope_of(fn)
        recv = next(
            (
                d
                for d in (mscope.decls.get(fd.recv_name, ()) if mscope else ())
                if d.kind == "receiver"
            ),
            None,
        )
        if mscope is not None and recv is not None:
            result = any(
                node.type == "if_statement"
                and _compare(mctx, mscope, recv, node.child_by_field_name("condition"), "big")
                is not None
                for node in walk(fn)
            )
    return result


# Whether a method drops its receiver's buffer when it is big (`if len(b.buf) > max {...}`).
BOUNDS_RECEIVER: Fact[FuncDecl, bool] = Fact("bounds its receiver", _bounds_receiver, cycle=False)


def _compare(
    f: FileContext, scope: FunctionScope, decl: Decl, cond: Node | None, want: str
) -> Bound | None:
    """A comparison in `cond` saying the value is big (or small) enough, joined by && or ||."""
    if cond is None:
        return None
    for node in walk(cond):
        if node.type != "binary_expression":
            continue
        op_node = node.child_by_field_name("operator")
        op = op_node.type if op_node is not None else ""
        if op not in _FLIP:
            continue
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            continue
        if _size_of(f, scope, decl, right):
            left, right, op = right, left, _FLIP[op]
        elif not _size_of(f, scope, decl, left):
            continue
        says = "big" if op in (">", ">=") else "small"
        if says == want:
            return Bound(True, evaluate(f, right))
    return None


def _size_of(f: FileContext, scope: FunctionScope, decl: Decl, node: Node, hop: int = 0) -> bool:
    """`cap(E)`, `len(E)`, `E.Cap()` or `E.Len()` with E mentioning the variable, or a local
    variable holding one (`if n := b.Cap(); n > max`)."""
    while node.type == "parenthesized_expression" and node.named_child_count:
        node = node.named_children[0]
    if node.type == "identifier" and hop == 0:
        held = scope.resolve_node(node)
        if held is not None and held.value is not None and held.index < 0:
            return _size_of(f, scope, decl, held.value, hop + 1)
        return False
    if node.type != "call_expression":
        return False
    fn = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if fn is None:
        return False
    if fn.type == "identifier" and f.text(fn) in ("cap", "len") and args is not None:
        target: Node | None = args.named_children[0] if args.named_child_count else None
    elif fn.type == "selector_expression":
        field = fn.child_by_field_name("field")
        if field is None or f.text(field) not in ("Cap", "Len"):
            return False
        target = fn.child_by_field_name("operand")
    else:
        return False
    if target is None:
        return False
    return any(n.type == "identifier" and _is_or_views(scope, n, decl) for n in walk(target))


def _is_or_views(scope: FunctionScope, ident: Node, decl: Decl) -> bool:
    """The identifier is the variable, or a local copy of (part of) what it points to, as in
    `buf := (*bp)[:0]`."""
    found = scope.resolve_node(ident)
    if found is decl:
        return True
    if found is None or found.value is None or found.index >= 0:
        return False
    return any(n.type == "identifier" and scope.resolve_node(n) is decl for n in walk(found.value))


def evaluate(f: FileContext, node: Node, depth: int = 0) -> int | None:
    """The value of a constant integer expression made of literals, + - * << and parentheses,
    and package-level constants of the file; None when it cannot be worked out."""
    if depth > 8:
        return None
    t = node.type
    if t == "int_literal":
        try:
            return int(f.text(node).replace("_", ""), 0)
        except ValueError:
            return None
    if t == "parenthesized_expression" and node.named_child_count:
        return evaluate(f, node.named_children[0], depth + 1)
    if t == "binary_expression":
        op = node.child_by_field_name("operator")
        a = evaluate(f, node.child_by_field_name("left") or node, depth + 1)
        b = evaluate(f, node.child_by_field_name("right") or node, depth + 1)
        if a is None or b is None or op is None:
            return None
        ops = {"+": a + b, "-": a - b, "*": a * b}
        if op.type in ops:
            return ops[op.type]
        if op.type == "<<" and 0 <= b < 64:
            return a << b
        return None
    return None
