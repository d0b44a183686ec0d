"""The builder of golint_mem.go.cfg: the blocks of one function body, from the tree-sitter tree,
as golang.org/x/tools/go/cfg/builder.go makes them from go/ast (see cfg.py for the model).

Statements are taken from a stack of iterators, not by recursion: a handler of a compound
statement is a generator that yields the statements to build before it goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from golint_mem.treesitter import Node

_PLAIN = frozenset(
    (
        "send_statement",
        "inc_statement",
        "dec_statement",
        "assignment_statement",
        "short_var_declaration",
        "go_statement",
    )
)
_SKIP = frozenset(("comment", "empty_statement", "const_declaration", "type_declaration"))
_BRANCHES = frozenset(
    ("break_statement", "continue_statement", "goto_statement", "fallthrough_statement")
)
_CASES = frozenset(("expression_case", "type_case", "communication_case", "default_case"))


@dataclass(eq=False, slots=True)
class Block:
    """A run of nodes that execute in order; `live` is False when entry cannot reach it.

    Successors: none after a call that never returns (or at exit); one after a jump; two after
    a condition (its last node), the true edge first, or at a `range` loop (body, then done);
    one per case after a type switch or `select` head. Kinds, for reading: entry, exit, if.then,
    if.else, if.done, cond.and, cond.or, for.loop, for.body, for.post, for.done, range.loop,
    range.body, range.done, switch.next, switch.case, switch.done, typeswitch.case,
    typeswitch.done, select.case, select.done, label.NAME, unreachable.return|branch|call.
    """

    index: int
    kind: str
    start: int  # byte offset where the block begins in the source
    nodes: list[Node]
    succs: list[Block]
    preds: list[Block]
    live: bool = False

    def __repr__(self) -> str:  # the default would recurse through succs forever
        return f"Block({self.index} {self.kind})"


def text(node: Node, source: bytes) -> str:
    return source[node.start_byte : node.end_byte].decode("utf-8", "replace")


@dataclass(slots=True)
class _Label:
    goto: Block
    brk: Block | None = None
    cont: Block | None = None


@dataclass(slots=True)
class _Targets:  # where an unlabelled branch inside a loop, switch or select goes
    brk: Block
    cont: Block | None = None
    fall: Block | None = None


class Builder:
    def __init__(self, source: bytes, no_return: Callable[[Node, bytes], bool]) -> None:
        self.source = source
        self.no_return = no_return
        self.blocks: list[Block] = []
        self.labels: dict[str, _Label] = {}
        self.targets: list[_Targets] = []
        self.defers: list[Node] = []
        self.current = self.new("entry", 0)
        self.exit = self.new("exit", 0)
        # After a return, branch or call that never returns, control is nowhere: `current` is
        # this sentinel, and a block is made only if a statement follows (dead code is kept).
        self.nowhere = Block(-1, "unreachable", 0, [], [], [])

    def run(self, func: Node) -> tuple[list[Block], list[Node]]:
        """The blocks, entry first and exit last, and the defer statements in source order."""
        body = func.child_by_field_name("body")
        exit_ = self.exit
        self.current.start = func.start_byte
        exit_.start = func.end_byte if body is None else body.end_byte
        stack: list[Iterator[Node]] = [] if body is None else [_statements(body)]
        while stack:
            s = next(stack[-1], None)
            if s is None:
                stack.pop()
                continue
            more = self.stmt(s)
            if more is not None:
                stack.append(more)
        self.jump(exit_)  # falling off the end of the body returns
        entry = self.blocks[0]
        rest = sorted(self.blocks[2:], key=lambda b: b.start)  # stable: ties keep creation order
        blocks = [entry, *rest, exit_]
        for i, b in enumerate(blocks):
            b.index = i
            for succ in b.succs:
                succ.preds.append(b)
        todo = [entry]
        while todo:
            b = todo.pop()
            if not b.live:
                b.live = True
                todo.extend(b.succs)
        self.defers.sort(key=lambda n: n.start_byte)  # a default case is built last
        return blocks, self.defers

    # -- blocks and edges

    def new(self, kind: str, start: int) -> Block:
        block = Block(len(self.blocks), kind, start, [], [], [])
        self.blocks.append(block)
        return block

    def here(self, start: int) -> Block:
        """The current block, made if control is nowhere."""
        if self.current is self.nowhere:
            self.current = self.new(self.nowhere.kind, start)
        return self.current

    def add(self, node: Node) -> None:
        block = self.current
        if block is self.nowhere:
            block = self.here(node.start_byte)
        block.nodes.append(node)

    def jump(self, *targets: Block) -> None:
        if self.current is not self.nowhere:
            self.current.succs.extend(targets)

    def stop(self, why: str) -> None:
        self.current = self.nowhere
        self.nowhere.kind = f"unreachable.{why}"

    def label(self, name: str, start: int) -> _Label:
        lb = self.labels.get(name)
        if lb is None:
            lb = self.labels[name] = _Label(self.new(f"label.{name}", start))
        return lb

    # -- statements: each returns the statements to run next, in order, or None

    def stmt(self, s: Node, label: _Label | None = None) -> Iterator[Node] | None:
        kind = s.type
        while kind == "labeled_statement":
            name = s.child_by_field_name("label")
            inner = next((c for c in s.named_children[1:] if c.type != "comment"), None)
            if name is None:
                return None
            label = self.label(text(name, self.source), s.start_byte)
            label.goto.start = s.start_byte  # a forward goto created it at the goto
            self.jump(label.goto)
            self.current = label.goto
            if inner is None:
                return None
            s, kind = inner, inner.type
        if kind in _PLAIN:
            self.add(s)
        elif kind == "expression_statement":
            self.add(s)
            call = s.named_child(0)
            if (
                call is not None
                and call.type == "call_expression"
                and self.no_return(call, self.source)
            ):
                self.stop("call")
        elif kind == "defer_statement":
            self.add(s)
            self.defers.append(s)
        elif kind == "return_statement":
            self.add(s)
            self.jump(self.exit)
            self.stop("return")
        elif kind in _BRANCHES:
            self.branch(s)
        elif kind == "var_declaration":
            for spec in s.named_children:
                specs = spec.named_children if spec.type == "var_spec_list" else [spec]
                for one in specs:
                    if one.type == "var_spec":
                        self.add(one)
        elif kind == "block":
            return _statements(s)
        elif kind == "if_statement":
            return self.if_(s)
        elif kind == "for_statement":
            return self.for_(s, label)
        elif kind == "expression_switch_statement":
            return self.switch(s, label)
        elif kind in ("type_switch_statement", "select_statement"):
            return self.multiway(s, label)
        elif kind not in _SKIP:
            self.add(s)  # ERROR and anything unforeseen: a plain node
        return None

    def branch(self, s: Node) -> None:
        self.add(s)
        named = next((c for c in s.named_children if c.type == "label_name"), None)
        name = None if named is None else text(named, self.source)
        target: Block | None = None
        kind = s.type
        if kind == "goto_statement":
            target = None if name is None else self.label(name, s.start_byte).goto
        elif name is not None:
            lb = self.label(name, s.start_byte)
            target = lb.brk if kind == "break_statement" else lb.cont
        else:
            for t in reversed(self.targets):
                if kind == "break_statement":
                    target = t.brk
                else:
                    target = t.cont if kind == "continue_statement" else t.fall
                if target is not None:
                    break
        if target is not None:  # a branch to nowhere (invalid Go) is a dead end
            self.jump(target)
        self.stop("branch")

    def cond(self, expr: Node | None, yes: Block, no: Block) -> None:
        """End the current block with `expr`, short-circuiting `&&`, `||` and `!`."""
        todo = [(expr, self.here(yes.start if expr is None else expr.start_byte), yes, no)]
        while todo:
            e, block, t, f = todo.pop()
            while e is not None and e.type == "parenthesized_expression":
                e = next((c for c in e.named_children if c.type != "comment"), None)
            op = None if e is None else e.child_by_field_name("operator")
            if e is not None and op is not None:
                left = e.child_by_field_name("left")
                right = e.child_by_field_name("right")
                if op.type in ("&&", "||") and left is not None and right is not None:
                    rhs = self.new("cond.and" if op.type == "&&" else "cond.or", right.start_byte)
                    todo.append((right, rhs, t, f))
                    todo.append((left, block, rhs, f) if op.type == "&&" else (left, block, t, rhs))
                    continue
                operand = e.child_by_field_name("operand")
                if op.type == "!" and operand is not None:
                    todo.append((operand, block, f, t))
                    continue
            if e is not None:
                block.nodes.append(e)
            block.succs.extend((t, f))

    def if_(self, s: Node) -> Iterator[Node]:
        init = s.child_by_field_name("initializer")
        if init is not None:
            yield init
        body = s.child_by_field_name("consequence")
        alt = s.child_by_field_name("alternative")
        then = self.new("if.then", s.end_byte if body is None else body.start_byte)
        done = self.new("if.done", s.end_byte)
        other = done if alt is None else self.new("if.else", alt.start_byte)
        self.cond(s.child_by_field_name("condition"), then, other)
        self.current = then
        if body is not None:
            yield body
        self.jump(done)
        if alt is not None:
            self.current = other
            yield alt
            self.jump(done)
        self.current = done

    def for_(self, s: Node, label: _Label | None) -> Iterator[Node]:
        head = next((c for c in s.named_children if c.type not in ("comment", "block")), None)
        body = s.child_by_field_name("body")
        body_start = s.end_byte if body is None else body.start_byte
        init = cond = post = None
        if head is None or head.type != "range_clause":
            if head is not None and head.type == "for_clause":
                init = head.child_by_field_name("initializer")
                cond = head.child_by_field_name("condition")
                post = head.child_by_field_name("update")
            else:
                cond = head
            if init is not None:
                yield init
            then = self.new("for.body", body_start)
            done = self.new("for.done", s.end_byte)
            loop = then if cond is None else self.new("for.loop", cond.start_byte)
            cont = loop if post is None else self.new("for.post", post.start_byte)
            self.jump(loop)
            self.current = loop
            if cond is not None:
                self.cond(cond, then, done)
        else:
            right = head.child_by_field_name("right")
            if right is not None:
                self.add(right)
            loop = cont = self.new("range.loop", head.start_byte)
            then = self.new("range.body", body_start)
            done = self.new("range.done", s.end_byte)
            self.jump(loop)
            self.current = loop
            self.jump(then, done)
            left = head.child_by_field_name("left")
            if left is not None:
                then.nodes.append(left)  # assigned at the start of each iteration
        self.current = then
        if label is not None:
            label.brk, label.cont = done, cont
        self.targets.append(_Targets(done, cont))
        if body is not None:
            yield body
        self.targets.pop()
        self.jump(cont)
        if post is not None:
            self.current = cont
            yield post
            self.jump(loop)
        self.current = done

    def switch(self, s: Node, label: _Label | None) -> Iterator[Node]:
        init = s.child_by_field_name("initializer")
        if init is not None:
            yield init
        tag = s.child_by_field_name("value")
        if tag is not None:
            self.add(tag)
        done = self.new("switch.done", s.end_byte)
        if label is not None:
            label.brk = done
        # Bodies are made ahead, so that `fallthrough` finds the next one in source order; the
        # default case is tried last wherever it stands (x/tools does the same).
        cases = [c for c in s.named_children if c.type in _CASES]
        bodies = [self.new("switch.case", c.start_byte) for c in cases]
        default: tuple[Node, Block, Block] | None = None
        for i, (case, body) in enumerate(zip(cases, bodies, strict=True)):
            fall = bodies[i + 1] if i + 1 < len(cases) else done
            if case.type == "default_case":
                default = (case, body, fall)
                continue
            values = case.child_by_field_name("value")
            for value in [] if values is None else values.named_children:
                if value.type == "comment":
                    continue
                nxt = self.new("switch.next", value.end_byte)
                self.add(value)
                self.jump(body, nxt)
                self.current = nxt
            test = self.current
            self.current = body
            yield from self.clause(case, _Targets(done, None, fall))
            self.jump(done)
            self.current = test
        if default is not None:
            case, body, fall = default
            self.jump(body)
            self.current = body
            yield from self.clause(case, _Targets(done, None, fall))
        self.jump(done)
        self.current = done

    def multiway(self, s: Node, label: _Label | None) -> Iterator[Node]:
        """A type switch or a select: one edge per case, taken by no expression of the source."""
        select = s.type == "select_statement"
        if not select:
            init = s.child_by_field_name("initializer")
            if init is not None:
                yield init
            for name in ("value", "alias"):
                part = s.child_by_field_name(name)
                if part is not None:
                    self.add(part)
        kind = "select" if select else "typeswitch"
        done = self.new(f"{kind}.done", s.end_byte)
        if label is not None:
            label.brk = done
        head = self.here(s.start_byte)
        cases = [c for c in s.named_children if c.type in _CASES]
        for case in cases:
            body = self.new(f"{kind}.case", case.start_byte)
            head.succs.append(body)
            self.current = body
            comm = case.child_by_field_name("communication")
            if comm is not None:
                self.add(comm)  # the send or receive of the case that proceeds
            yield from self.clause(case, _Targets(done))
            self.jump(done)
        if not select and not any(c.type == "default_case" for c in cases):
            head.succs.append(done)  # no case matches
        self.current = done  # `select {}` blocks forever: done is dead

    def clause(self, case: Node, targets: _Targets) -> Iterator[Node]:
        self.targets.append(targets)
        for c in case.named_children:
            if c.type == "statement_list":
                yield from c.named_children
        self.targets.pop()


def _statements(block: Node) -> Iterator[Node]:
    kids = block.named_children
    if len(kids) == 1 and kids[0].type == "statement_list":
        return iter(kids[0].named_children)
    return iter(
        [s for c in kids for s in (c.named_children if c.type == "statement_list" else [c])]
    )
