"""Just enough control flow to order events inside one function.

Source order stands in for execution order, with two corrections that matter for precision: an
event in one arm of an `if`/`switch` does not happen before a statement in another arm, and an
event in a branch that ends in `return` or `panic` does not reach what follows the branch.
"""

from __future__ import annotations

from golint_mem.go.syntax import FUNCTION_TYPES, same_node
from golint_mem.treesitter import Node

_BRANCHY = frozenset(
    ("if_statement", "expression_switch_statement", "type_switch_statement", "select_statement")
)
_CLAUSES = frozenset(("expression_case", "default_case", "type_case", "communication_case"))


def ancestors(node: Node) -> list[Node]:
    out: list[Node] = []
    cur = node.parent
    while cur is not None:
        out.append(cur)
        if cur.type in ("function_declaration", "method_declaration"):
            break
        cur = cur.parent
    return out


def reaches(event: Node, target: Node) -> bool:
    """Whether `event` (earlier in the source) can execute before `target` on some path."""
    if event.start_byte >= target.start_byte:
        return False
    target_chain = [target, *ancestors(target)]
    target_ids = {(n.start_byte, n.end_byte, n.type): i for i, n in enumerate(target_chain)}
    prev = event
    cur = event.parent
    while cur is not None:
        key = (cur.start_byte, cur.end_byte, cur.type)
        if key in target_ids:
            below_target = target_chain[target_ids[key] - 1] if target_ids[key] > 0 else target
            return not _exclusive(cur, prev, below_target)
        if _terminates(cur):
            return False
        if cur.type in FUNCTION_TYPES:
            return True  # an event inside a closure that does not hold the target
        prev = cur
        cur = cur.parent
    return True


def _exclusive(lca: Node, a: Node, b: Node) -> bool:
    """Whether children a and b of `lca` are arms that never both run in one pass."""
    if lca.type not in _BRANCHY or same_node(a, b):
        return False
    if lca.type == "if_statement":
        cons = lca.child_by_field_name("consequence")
        alt = lca.child_by_field_name("alternative")
        if cons is None or alt is None:
            return False
        return (same_node(a, cons) and same_node(b, alt)) or (
            same_node(a, alt) and same_node(b, cons)
        )
    return a.type in _CLAUSES and b.type in _CLAUSES


def _terminates(container: Node) -> bool:
    """Whether the statement list `container` ends in return or panic.

    Only containers that do not hold the target are asked, so control that enters one of them
    never leaves it towards the target.
    """
    if container.type != "statement_list":
        return False
    stmts = container.named_children
    return bool(stmts) and is_terminal(stmts[-1])


def is_terminal(stmt: Node) -> bool:
    if stmt.type == "return_statement":
        return True
    if stmt.type == "expression_statement" and stmt.named_child_count:
        call = stmt.named_children[0]
        fn = call.child_by_field_name("function") if call.type == "call_expression" else None
        return fn is not None and fn.type == "identifier" and fn.text == b"panic"
    return False


def in_defer(node: Node) -> Node | None:
    """The defer statement `node` sits in (directly or inside a deferred closure), if any."""
    cur = node.parent
    while cur is not None and cur.type not in ("function_declaration", "method_declaration"):
        if cur.type == "defer_statement":
            return cur
        cur = cur.parent
    return None
