"""The control-flow graph of one Go function body, in the manner of golang.org/x/tools/go/cfg.

Blocks hold the nodes that run in order: simple statements, each `var` spec, the conditions,
tags and case values of control statements, the `range` expression and its key/value list, a
`select` case's send or receive, and the `return`/`break`/`continue`/`goto`/`fallthrough` that
ends a block. Control statements themselves are edges. A block whose last node is a condition
has two successors, the true edge first; a type switch or a `select` is one block with an edge
per case. `&&`, `||` and `!` in `if` and `for` conditions are split into blocks, so each operand
is a node of its own.

Every `return`, and the end of the body, jumps to the one `exit` block: the deferred calls run
there. A `defer` statement stays a node where it registers its call; `Graph.deferred(block)` says
which defers are registered on every path and on some path that reaches a block, so a rule asks
"is this deferred Put armed at this return" of the graph instead of re-walking the source (the
model of go/ssa's RunDefers, where x/tools/go/cfg leaves defers as plain statements). A call that
never returns (`panic`, `os.Exit`, `t.Fatal`...) ends its block with no successor: panicking paths
do not reach `exit`, which is what a linter wants (a buffer dirty on a panicking path is noise).

Function literals are not entered: each has a graph of its own (`Graph.literals`, `build_all`).
The builder keeps its own stack, so nesting depth costs no Python recursion.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from golint_mem.go import dataflow
from golint_mem.go.cfgbuild import Block as Block  # the blocks' type, for rules
from golint_mem.go.cfgbuild import Builder, text
from golint_mem.treesitter import Node, matches, query

# Calls after which control does not go on, by qualifier: "" the builtins, "*" a method on any
# receiver (testing.T/B/F, and log.Logger, logrus, zap and klog loggers, whose Fatal exits).
# Names are read as written: an import renamed or a shadowed `os` is not seen.
NO_RETURN: Mapping[str, frozenset[str]] = {
    "": frozenset({"panic"}),
    "os": frozenset({"Exit"}),
    "syscall": frozenset({"Exit"}),
    "runtime": frozenset({"Goexit"}),
    "log": frozenset({"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"}),
    "*": frozenset({"Fatal", "Fatalf", "Fatalln", "FailNow", "SkipNow"}),
}

FUNCS = frozenset(("function_declaration", "method_declaration", "func_literal"))


def never_returns(call: Node, source: bytes) -> bool:
    """Whether `call` (a call_expression) is one of the NO_RETURN table."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "identifier":
        return text(fn, source) in NO_RETURN[""]
    if fn.type != "selector_expression":
        return False
    operand, name = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if operand is None or name is None:
        return False
    method = text(name, source)
    if method in NO_RETURN["*"]:
        return True
    return operand.type == "identifier" and method in NO_RETURN.get(text(operand, source), ())


class Graph:
    """The graph of one function: `blocks[0]` is entry, `blocks[-1]` is exit."""

    __slots__ = ("_deferred", "_where", "blocks", "defers", "func", "memo", "source")

    def __init__(self, func: Node, source: bytes, blocks: list[Block], defers: list[Node]) -> None:
        self.func = func
        self.source = source
        self.blocks = blocks
        self.defers = defers  # defer statements, in source order
        self._where: dict[Node, tuple[Block, int]] | None = None
        self._deferred: tuple[dataflow.Solution[Node], dataflow.Solution[Node]] | None = None
        self.memo: dict[str, object] = {}  # what analyses compute once per graph, by name

    @property
    def entry(self) -> Block:
        return self.blocks[0]

    @property
    def exit(self) -> Block:
        return self.blocks[-1]

    def returns(self) -> list[Block]:
        """The live blocks that leave the function normally: a `return`, or the end of the body."""
        return [b for b in self.exit.preds if b.live]

    def locate(self, node: Node) -> tuple[Block, int] | None:
        """The block and position of the innermost node of a block that holds `node`.

        None when `node` is not in this function's blocks (in a closure, or a control statement).
        """
        if self._where is None:
            self._where = {n: (b, i) for b in self.blocks for i, n in enumerate(b.nodes)}
        cur: Node | None = node
        while cur is not None:
            found = self._where.get(cur)
            if found is not None:
                return found
            if cur.type in FUNCS:
                return None
            cur = cur.parent
        return None

    def deferred(self, block: Block) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
        """The defer statements registered on every path, and on some path, to the end of
        `block`, each in the order they run (last registered first: the reverse of the source).

        A defer in a loop counts once; the order of registration is taken to be the source's.
        """
        if self._deferred is None:

            def register(n: Node, facts: frozenset[Node]) -> frozenset[Node]:
                return facts | {n} if n.type == "defer_statement" else facts

            self._deferred = (
                dataflow.forward(self, register, must=True),
                dataflow.forward(self, register),
            )
        order = {n: i for i, n in enumerate(self.defers)}
        every, some = (sorted(s.end[block.index], key=order.__getitem__) for s in self._deferred)
        return tuple(reversed(every)), tuple(reversed(some))

    def literals(self) -> list[Node]:
        """The func literals directly in this function (not inside another literal)."""
        out: list[Node] = []
        for lit in _literals(self.func, self.source):
            if not out or lit.start_byte >= out[-1].end_byte:
                out.append(lit)
        return out

    def format(self) -> str:
        """A listing for debugging and tests: `.i: kind`, its nodes, its successors."""
        lines: list[str] = []
        for b in self.blocks:
            lines.append(f".{b.index}: {b.kind}" + ("" if b.live else " (dead)"))
            lines.extend("\t" + " ".join(text(n, self.source).split()) for n in b.nodes)
            if b.succs:
                lines.append("\tsuccs: " + " ".join(str(s.index) for s in b.succs))
        return "\n".join(lines) + "\n"


def build(
    func: Node, source: bytes, no_return: Callable[[Node, bytes], bool] = never_returns
) -> Graph:
    """The graph of a function_declaration, method_declaration or func_literal."""
    blocks, defers = Builder(source, no_return).run(func)
    return Graph(func, source, blocks, defers)


def build_all(func: Node, source: bytes) -> list[Graph]:
    """The graph of `func` and of every func literal inside it, at any depth, in source order."""
    return [build(func, source)] + [build(lit, source) for lit in _literals(func, source)]


def enclosing(node: Node) -> Node | None:
    """The innermost function declaration, method or func literal holding `node` (or None)."""
    cur = node.parent
    while cur is not None and cur.type not in FUNCS:
        cur = cur.parent
    return cur


def _literals(func: Node, source: bytes) -> list[Node]:
    """Every func literal below `func`, in source order; one query walks the tree in C."""
    body = func.child_by_field_name("body")
    if body is None or source.find(b"func", body.start_byte, body.end_byte) < 0:
        return []
    found = [m["f"][0] for _, m in matches(query("(func_literal) @f"), func)]
    return sorted((n for n in found if n != func), key=lambda n: n.start_byte)
