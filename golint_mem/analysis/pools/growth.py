"""Whether a write to a buffer can only grow it by a small, fixed amount.

`b.WriteByte(c)`, `append(*b, '.', '0')` or `strconv.AppendInt(b, n, 10)` add a few bytes; run once
they cannot make a buffer huge. Inside a loop, or with data from elsewhere, they can.
"""

from __future__ import annotations

from golint_mem.go.file import FileContext
from golint_mem.treesitter import Node

_SMALL_METHODS = frozenset(("WriteByte", "WriteRune"))
_SMALL_APPENDERS = frozenset(("AppendInt", "AppendUint", "AppendFloat", "AppendBool"))
_LITERALS = frozenset(
    ("rune_literal", "int_literal", "interpreted_string_literal", "raw_string_literal")
)
_LOOPS = frozenset(("for_statement",))
_STATEMENTS = frozenset(("expression_statement", "assignment_statement", "short_var_declaration"))
_STOP = frozenset(("function_declaration", "method_declaration", "func_literal"))


def bounded_growth(f: FileContext, use: Node, since: int) -> bool:
    """True when the write at `use` adds a bounded number of bytes and is not repeated by a loop
    that started after `since` (the Get)."""
    if _in_loop(use, since):
        return False
    stmt = use.parent
    while stmt is not None and stmt.type not in _STATEMENTS:
        stmt = stmt.parent
    if stmt is None:
        return False
    if stmt.type == "expression_statement":
        call = stmt.named_children[0] if stmt.named_child_count else None
    else:
        right = stmt.child_by_field_name("right")
        values = right.named_children if right is not None else []
        call = values[0] if len(values) == 1 else None
    return call is not None and call.type == "call_expression" and _small_call(f, call)


def _in_loop(node: Node, since: int) -> bool:
    cur = node.parent
    while cur is not None and cur.type not in _STOP:
        if cur.type in _LOOPS and cur.start_byte >= since:
            return True
        cur = cur.parent
    return False


def _small_call(f: FileContext, call: Node) -> bool:
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or args is None:
        return False
    rest = args.named_children[1:]
    if fn.type == "selector_expression":
        field = fn.child_by_field_name("field")
        operand = fn.child_by_field_name("operand")
        name = f.text(field) if field is not None else ""
        if name in _SMALL_METHODS:
            return True
        if name in ("WriteString", "Write") and all(
            a.type in _LITERALS for a in args.named_children
        ):
            return True
        if operand is not None and f.typer.package_of(operand) == "strconv":
            return name in _SMALL_APPENDERS
        return False
    if fn.type == "identifier" and f.text(fn) == "append" and f.typer.decl_of(fn) is None:
        return all(a.type in _LITERALS for a in rest)
    return False
