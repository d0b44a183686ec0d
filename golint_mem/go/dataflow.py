"""Questions asked of a control-flow graph (golint_mem.go.cfg): facts by fixed point, and paths.

`forward` and `backward` solve a may (union) or must (intersection) problem whose facts are any
hashable values and whose transfer function the caller gives per node. A fact that pairs several
things (a typestate such as `(deferred Put armed, buffer dirty)`) keeps them together on each
path, which a set of separate facts would not. Blocks entry cannot reach keep the empty set.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from golint_mem.treesitter import Node

if TYPE_CHECKING:
    from golint_mem.go.cfg import Block, Graph

F = TypeVar("F", bound=Hashable)
Step = Callable[[Node, frozenset[F]], frozenset[F]]


@dataclass(frozen=True, slots=True)
class Solution(Generic[F]):
    """The facts where each block starts and ends, in program order, by block index."""

    graph: Graph
    start: tuple[frozenset[F], ...]
    end: tuple[frozenset[F], ...]
    step: Step[F]
    forward: bool

    def before(self, node: Node) -> frozenset[F]:
        """The facts just before `node` runs (a node of the graph, or one inside it)."""
        block, i = _where(self.graph, node)
        if self.forward:
            return _replay(self.step, block.nodes[:i], self.start[block.index])
        return self.step(block.nodes[i], self.after(node))

    def after(self, node: Node) -> frozenset[F]:
        """The facts just after `node` runs."""
        block, i = _where(self.graph, node)
        if self.forward:
            return self.step(block.nodes[i], self.before(node))
        return _replay(self.step, reversed(block.nodes[i + 1 :]), self.end[block.index])


def forward(
    graph: Graph, step: Step[F], *, init: frozenset[F] = frozenset(), must: bool = False
) -> Solution[F]:
    """Facts that flow along edges from `init` at entry; joined by intersection when `must`."""

    def transfer(block: Block, facts: frozenset[F]) -> frozenset[F]:
        return _replay(step, block.nodes, facts)

    into, out = _solve(graph, transfer, True, must, init)
    return Solution(graph, into, out, step, True)


def backward(
    graph: Graph, step: Step[F], *, init: frozenset[F] = frozenset(), must: bool = False
) -> Solution[F]:
    """Facts that flow against edges from `init` at every block without successors (exit, and
    the calls that never return), through each node in reverse."""

    def transfer(block: Block, facts: frozenset[F]) -> frozenset[F]:
        return _replay(step, reversed(block.nodes), facts)

    into, out = _solve(graph, transfer, False, must, init)
    return Solution(graph, out, into, step, False)


def path_exists(
    graph: Graph,
    src: Node | Block,
    dst: Node | Block,
    avoid: Callable[[Node], bool] = lambda _: False,
) -> bool:
    """Whether some path runs from `src` to `dst` through no node for which `avoid` holds.

    A node as `src` starts the path just after it, a block just before its first node; a node
    as `dst` ends the path just before it, a block (such as `graph.exit`) as it is entered. The
    path may not be empty: from a node to itself it goes round a loop.
    """
    if isinstance(src, Node):
        first, i = _where(graph, src)
        i += 1
    else:
        first, i = src, 0
    target, j = (_where(graph, dst)) if isinstance(dst, Node) else (dst, 0)
    if first is target and i <= j:  # straight down the block, or not at all
        return not any(map(avoid, first.nodes[i:j]))
    if any(map(avoid, first.nodes[i:])):
        return False
    seen: set[int] = set()
    todo = list(first.succs)
    while todo:
        block = todo.pop()
        if block.index in seen:
            continue
        seen.add(block.index)
        if block is target and not any(map(avoid, block.nodes[:j])):
            return True
        if not any(map(avoid, block.nodes)):
            todo.extend(block.succs)
    return False


def idoms(graph: Graph, *, post: bool = False) -> list[int | None]:
    """The immediate dominator of each block (with `post`, its immediate postdominator), by
    index; None for a root (entry; with `post`, a block without successors) and for a block no
    root reaches. Cooper, Harvey and Kennedy's iteration over a reverse postorder; computed
    once per graph."""
    key = "postdominators" if post else "dominators"
    found = graph.memo.get(key)
    if found is None:
        found = graph.memo[key] = _idoms(graph, post)
    return cast("list[int | None]", found)


def dominates(graph: Graph, a: Node, b: Node, *, post: bool = False) -> bool:
    """Whether every path from entry to `b` runs `a` first (with `post`: every path from `a`
    to an end of the function runs `b` after it). A node dominates itself."""
    (ba, i), (bb, j) = _where(graph, a), _where(graph, b)
    if ba is bb:
        return i <= j
    up = idoms(graph, post=post)
    top, below = (bb.index, ba.index) if post else (ba.index, bb.index)
    cur = up[below]
    while cur is not None:
        if cur == top:
            return True
        cur = up[cur]
    return False


def _where(graph: Graph, node: Node) -> tuple[Block, int]:
    found = graph.locate(node)
    if found is None:
        raise ValueError(f"{node.type} at byte {node.start_byte} is not in this function's graph")
    return found


def _replay(step: Step[F], nodes: Iterable[Node], facts: frozenset[F]) -> frozenset[F]:
    for n in nodes:
        facts = step(n, facts)
    return facts


def _solve(
    graph: Graph,
    transfer: Callable[[Block, frozenset[F]], frozenset[F]],
    ahead: bool,
    must: bool,
    init: frozenset[F],
) -> tuple[tuple[frozenset[F], ...], tuple[frozenset[F], ...]]:
    """The facts entering and leaving each block, in the direction of the analysis.

    A block not yet reached holds None, the top of a must problem, left out of every join; the
    worklist takes blocks in reverse postorder (forward) or postorder (backward).
    """
    blocks = graph.blocks
    into: list[frozenset[F] | None] = [None] * len(blocks)
    out: list[frozenset[F] | None] = [None] * len(blocks)
    rank = _reverse_postorder(graph)
    if ahead:
        seeds = [graph.entry]
    else:
        seeds = [b for b in blocks if not b.succs]
        rank = [-r for r in rank]
    queue = [(rank[b.index], b.index) for b in seeds]
    heapq.heapify(queue)
    queued = {b.index for b in seeds}
    while queue:
        _, i = heapq.heappop(queue)
        queued.discard(i)
        block = blocks[i]
        sources = block.preds if ahead else block.succs
        facts = [f for f in (out[s.index] for s in sources) if f is not None]
        if not facts:
            joined = init
        elif must:
            joined = frozenset.intersection(*facts)
        else:
            joined = frozenset().union(*facts)
        into[i] = joined
        leaving = transfer(block, joined)
        if leaving == out[i]:
            continue
        out[i] = leaving
        for nxt in block.succs if ahead else block.preds:
            if nxt.index not in queued:
                queued.add(nxt.index)
                heapq.heappush(queue, (rank[nxt.index], nxt.index))
    empty: frozenset[F] = frozenset()
    return (
        tuple(empty if f is None else f for f in into),
        tuple(empty if f is None else f for f in out),
    )


def _reverse_postorder(graph: Graph) -> list[int]:
    """The rank of each block in a reverse postorder from entry; unreached blocks rank last."""
    n = len(graph.blocks)
    rank = [n + b.index for b in graph.blocks]
    seen = [False] * n
    post: list[int] = []
    stack = [(graph.entry, 0)]
    seen[graph.entry.index] = True
    while stack:
        block, k = stack[-1]
        if k < len(block.succs):
            stack[-1] = (block, k + 1)
            nxt = block.succs[k]
            if not seen[nxt.index]:
                seen[nxt.index] = True
                stack.append((nxt, 0))
        else:
            stack.pop()
            post.append(block.index)
    for r, i in enumerate(reversed(post)):
        rank[i] = r
    return rank


def _idoms(graph: Graph, post: bool) -> list[int | None]:
    blocks = graph.blocks
    n = len(blocks)
    roots = [b.index for b in blocks if not b.succs] if post else [graph.entry.index]
    ahead = [[p.index for p in b.preds] if post else [s.index for s in b.succs] for b in blocks]
    behind = [[s.index for s in b.succs] if post else [p.index for p in b.preds] for b in blocks]
    # Postorder from a virtual root (index n) whose successors are the roots.
    ahead.append(roots)
    seen = [False] * (n + 1)
    seen[n] = True
    order: list[int] = []
    stack = [(n, 0)]
    while stack:
        at, k = stack[-1]
        if k < len(ahead[at]):
            stack[-1] = (at, k + 1)
            nxt = ahead[at][k]
            if not seen[nxt]:
                seen[nxt] = True
                stack.append((nxt, 0))
        else:
            stack.pop()
            order.append(at)
    rank = [-1] * (n + 1)
    for r, at in enumerate(order):
        rank[at] = r  # the virtual root ranks highest
    for r in roots:
        behind[r] = [*behind[r], n]
    up: list[int | None] = [None] * (n + 1)
    up[n] = n
    changed = True
    while changed:
        changed = False
        for at in reversed(order[:-1]):  # reverse postorder, the virtual root left out
            new: int | None = None
            for p in behind[at]:
                if up[p] is None:
                    continue
                new = p if new is None else _meet(up, rank, p, new)
            if up[at] != new:
                up[at] = new
                changed = True
    return [None if d == n else d for d in up[:n]]


def _meet(up: list[int | None], rank: list[int], a: int, b: int) -> int:
    while a != b:
        while rank[a] < rank[b]:
            a = cast(int, up[a])
        while rank[b] < rank[a]:
            b = cast(int, up[b])
    return a
