"""Small questions about Go syntax trees that every analysis asks: which node is which, through
parentheses, fields and enclosing functions."""

from __future__ import annotations

from golint_mem.treesitter import Node

# Function-like nodes: a declaration, a method, or a func literal.
FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")
FUNCTION_TYPES = frozenset(FUNCTIONS)


def unparen(node: Node | None) -> Node | None:
    """The expression inside any parentheses around it: `x` for `((x))`."""
    while node is not None and node.type == "parenthesized_expression" and node.named_child_count:
        node = node.named_children[0]
    return node


def operator(node: Node) -> str:
    """The operator of a unary, binary or assignment node: its `operator` field, or its first
    anonymous child ("" when it has neither)."""
    op = node.child_by_field_name("operator")
    if op is not None:
        return op.type
    return next((c.type for c in node.children if not c.is_named), "")


def same_node(a: Node | None, b: Node) -> bool:
    """Whether `a` is `b`: the same span and kind (two Node objects may stand for one node)."""
    return (
        a is not None
        and a.start_byte == b.start_byte
        and a.end_byte == b.end_byte
        and a.type == b.type
    )


def is_field(parent: Node | None, name: str, child: Node) -> bool:
    """Whether `child` is the `name` field of `parent` (`body` of a loop, `left` of `x = y`)."""
    return parent is not None and same_node(parent.child_by_field_name(name), child)


def selector(node: Node | None) -> tuple[Node, Node] | None:
    """The operand and the field of `x.f`, or None when `node` is not a whole selector."""
    if node is None or node.type != "selector_expression":
        return None
    operand, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
    if operand is None or field is None:
        return None
    return operand, field


def var_specs(node: Node) -> list[Node]:
    """The specs of a var or const declaration, grouped in parentheses or not."""
    specs: list[Node] = []
    for child in node.named_children:
        if child.type in ("var_spec_list", "const_spec_list"):
            specs.extend(c for c in child.named_children if c.type in ("var_spec", "const_spec"))
        elif child.type in ("var_spec", "const_spec"):
            specs.append(child)
    return specs


def innermost_function(node: Node) -> Node | None:
    """The function, method or func literal that holds `node` most closely."""
    cur = node.parent
    while cur is not None and cur.type not in FUNCTION_TYPES:
        cur = cur.parent
    return cur


def enclosing_function(node: Node, root: Node) -> Node | None:
    """The top-level function-like declaration of a node (function, method, or a package var's
    func literal), found by descending from the tree's `root`: asking a node for its parent costs
    time in proportion to its depth, so climbing from a deeply nested node is quadratic."""
    cur: Node | None = root
    while cur is not None and cur.type not in FUNCTION_TYPES:
        cur = cur.child_with_descendant(node) if cur != node else None
    return cur


def doc_comment(node: Node, data: bytes) -> str:
    """The `//` comment lines directly above a declaration, no blank line between."""
    lines: list[str] = []
    prev = node.prev_sibling
    expect_line = node.start_point[0] - 1
    while prev is not None and prev.type == "comment" and prev.end_point[0] == expect_line:
        lines.append(data[prev.start_byte : prev.end_byte].decode("utf-8", "replace"))
        expect_line = prev.start_point[0] - 1
        prev = prev.prev_sibling
    return "\n".join(reversed(lines))
