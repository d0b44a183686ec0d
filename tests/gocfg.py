"""Helpers of the control-flow graph tests: build a graph from Go text, find its blocks, and
check the invariants every graph must keep."""

from __future__ import annotations

from collections import Counter

from golint_mem.go import cfg
from golint_mem.treesitter import Node, parse, walk

# The nodes a graph must hold exactly once each: every simple statement of the function (an
# `if` initializer, a `for` update and a `select` case's send or receive included).
STATEMENTS = frozenset(
    (
        "expression_statement",
        "send_statement",
        "receive_statement",
        "inc_statement",
        "dec_statement",
        "assignment_statement",
        "short_var_declaration",
        "go_statement",
        "defer_statement",
        "return_statement",
        "break_statement",
        "continue_statement",
        "goto_statement",
        "fallthrough_statement",
        "var_spec",
    )
)


def source(body: str, head: str = "func f()") -> bytes:
    return f"package p\n\n{head} {{\n{body}\n}}\n".encode()


def functions(data: bytes) -> list[Node]:
    tree = parse(data)
    return [n for n in tree.root_node.named_children if n.type in cfg.FUNCS]


def graph(body: str, head: str = "func f()") -> cfg.Graph:
    data = source(body, head)
    (func,) = functions(data)
    g = cfg.build(func, data)
    check(g)
    return g


def text(g: cfg.Graph, node: Node) -> str:
    return " ".join(g.source[node.start_byte : node.end_byte].decode().split())


def node(g: cfg.Graph, wanted: str) -> Node:
    """The one node of a block whose text is `wanted` (whitespace aside)."""
    found = [n for b in g.blocks for n in b.nodes if text(g, n) == wanted]
    assert len(found) == 1, (wanted, found, g.format())
    return found[0]


def block(g: cfg.Graph, wanted: str) -> cfg.Block:
    """The block holding the node whose text is `wanted`."""
    where = g.locate(node(g, wanted))
    assert where is not None
    return where[0]


def kinds(blocks: list[cfg.Block]) -> list[str]:
    return [b.kind for b in blocks]


def check(g: cfg.Graph, valid: bool = True) -> None:
    """The invariants of every graph; raise AssertionError with the listing when one fails.

    With `valid` False (source that does not parse cleanly), only the shape is checked: a
    branch may go nowhere, and statements inside ERROR nodes are in no block.
    """
    listing = g.format()
    blocks = g.blocks
    assert blocks[0].kind == "entry" and blocks[-1].kind == "exit", listing
    assert [b.index for b in blocks] == list(range(len(blocks))), listing
    starts = [b.start for b in blocks[1:-1]]
    assert starts == sorted(starts), listing  # indices follow the source
    assert not g.exit.succs and not g.exit.nodes and not g.entry.preds, listing
    edges = Counter((a.index, b.index) for a in blocks for b in a.succs)
    back = Counter((a.index, b.index) for b in blocks for a in b.preds)
    assert edges == back, listing
    seen = {g.entry.index}
    todo = [g.entry]
    while todo:
        for s in todo.pop().succs:
            if s.index not in seen:
                seen.add(s.index)
                todo.append(s)
    assert [b.live for b in blocks] == [b.index in seen for b in blocks], listing
    held = Counter(n for b in blocks for n in b.nodes)
    assert all(count == 1 for count in held.values()), listing
    if not valid:
        return
    for b in blocks[:-1]:
        if b.nodes and not b.succs:  # only a call that never returns ends a path elsewhere
            last = b.nodes[-1]
            call = last.named_child(0)
            assert last.type == "expression_statement" and call is not None, listing
            assert cfg.never_returns(call, g.source), listing
        if b.kind.startswith("unreachable"):
            assert b.nodes or b.succs, listing  # dead code makes a block, nothing else does
        for n in b.nodes:
            if n.type in ("return_statement", "goto_statement"):
                assert n == b.nodes[-1] and len(b.succs) == 1, listing
            if n.type == "return_statement":
                assert b.succs == [g.exit], listing
    body = g.func.child_by_field_name("body")
    if body is not None:
        wanted = {n for n in _own(g.func) if n.type in STATEMENTS}
        assert wanted <= set(held), (listing, wanted - set(held))
    defers = [n for n in held if n.type == "defer_statement"]
    assert g.defers == sorted(defers, key=lambda n: n.start_byte), listing


def _own(func: Node) -> list[Node]:
    """The nodes of `func` outside its func literals."""
    inner = [lit for lit in walk(func) if lit.type == "func_literal" and lit != func]
    return [
        n
        for n in walk(func)
        if not any(lit.start_byte <= n.start_byte < lit.end_byte for lit in inner)
    ]
