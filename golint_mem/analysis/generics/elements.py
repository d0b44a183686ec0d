"""What a `[]any` or `map[K]any` variable holds, judged from every use of it.

`Holds` walks the uses of one container variable and of the element variables ranged out of it.
An element may only be type-asserted (`x.(T)`, `v, ok := x.(T)`, a type switch with one type
case); a value put in (`append`, `xs[i] = v`, a composite literal) must have a known type. Any use
it cannot place in one of those forms (passed on, compared, re-sliced elsewhere, captured into
another variable, returned...) fails the judgement, unless the caller's `extra` accepts it. The
answer is the one concrete type every element was seen as, or None.
"""

from __future__ import annotations

from collections.abc import Callable

from golint_mem.go import stdlib
from golint_mem.go.file import FileContext
from golint_mem.go.index import PackageIndex
from golint_mem.go.scopes import Decl, FunctionScope
from golint_mem.go.syntax import innermost_function, is_field, operator
from golint_mem.go.typereader import TypeReader
from golint_mem.go.types import GoType, Kind
from golint_mem.treesitter import Node, walk

Extra = Callable[[Node], bool]
_CONCRETE = frozenset(
    (Kind.BASIC, Kind.POINTER, Kind.SLICE, Kind.ARRAY, Kind.MAP, Kind.CHAN, Kind.FUNC, Kind.STRUCT)
)


def concrete(index: PackageIndex, t: GoType) -> bool:
    """A type known not to be an interface (nor a type parameter): `[]T` holds it unboxed."""
    if t.kind in _CONCRETE:
        return True
    if t.kind is not Kind.NAMED or t.name == "error":
        return False
    u = index.underlying(t) if not t.pkg else stdlib.underlying(t)
    return u is not None and u.kind in _CONCRETE


class Holds:
    """The element type seen across the uses of container variables of one function."""

    __slots__ = ("extra", "f", "failed", "reads", "scope", "types")

    def __init__(self, f: FileContext, scope: FunctionScope, extra: Extra | None = None) -> None:
        self.f = f
        self.scope = scope
        self.extra = extra
        self.types: set[GoType] = set()
        self.reads = 0
        self.failed = False

    @property
    def only(self) -> GoType | None:
        if self.failed or len(self.types) != 1:
            return None
        return next(iter(self.types))

    @property
    def reader(self) -> TypeReader:
        return self.scope.reader

    def fail(self) -> None:
        self.failed = True

    def text(self, node: Node) -> str:
        return self.f.text(node)

    def _same(self, node: Node, d: Decl) -> bool:
        return node.type == "identifier" and self.scope.resolve_node(node) is d

    # -- what goes in ------------------------------------------------------------------------------

    def value(self, node: Node) -> None:
        """A value stored as an element: its type must be known and concrete."""
        t = self.f.typer.default(self.f.typer.type_of(node))
        if concrete(self.f.index, t):
            self.types.add(t)
        else:
            self.fail()

    def literal(self, node: Node) -> None:
        """A composite literal `[]any{...}` / `map[K]any{...}`: every element is a value."""
        body = node.child_by_field_name("body")
        for el in body.named_children if body is not None else ():
            if el.type == "keyed_element":
                el = el.named_children[-1]
            if el.type == "literal_element" and el.named_child_count == 1:
                self.value(el.named_children[0])
            elif el.type != "comment":
                self.fail()

    def init(self, node: Node | None, decl: Decl) -> None:
        """A container's initial (or reassigned) value: empty, built here, or its own re-slice."""
        if node is None or node.type == "nil":
            return
        if node.type == "composite_literal":
            self.literal(node)
        elif node.type == "call_expression" and self._builtin(node) == "make":
            return
        elif node.type == "call_expression" and self._builtin(node) == "append":
            self._append(node, decl)
        elif node.type == "slice_expression" and self._same(_field(node, "operand"), decl):
            return
        else:
            self.fail()

    def _append(self, call: Node, decl: Decl) -> None:
        args = _args(call)
        if not args or not self._same(args[0], decl):
            self.fail()
            return
        for a in args[1:]:
            if a.type == "variadic_argument":
                self.fail()
            else:
                self.value(a)

    def _builtin(self, call: Node) -> str:
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "identifier" or self.scope.resolve_node(fn) is not None:
            return ""
        return self.text(fn)

    # -- what comes out --------------------------------------------------------------------------

    def asserted(self, type_node: Node | None) -> None:
        t = self.reader.read(type_node)
        if concrete(self.f.index, t):
            self.types.add(t)
            self.reads += 1
        else:
            self.fail()

    def element(self, node: Node) -> None:
        """An element expression (`xs[i]`, a range value): it may only be type-asserted."""
        parent = node.parent
        if parent is None:
            self.fail()
        elif parent.type == "type_assertion_expression" and is_field(parent, "operand", node):
            self.asserted(parent.child_by_field_name("type"))
        elif parent.type == "type_switch_statement" and is_field(parent, "value", node):
            self._switch(parent)
        else:
            self.fail()

    def _switch(self, sw: Node) -> None:
        cases = [c for c in sw.named_children if c.type == "type_case"]
        types = cases[0].children_by_field_name("type") if len(cases) == 1 else []
        if len(types) != 1 or types[0].type == "nil":
            self.fail()
            return
        self.asserted(types[0])
        alias = sw.child_by_field_name("alias")
        if alias is None:
            return
        for clause in sw.named_children:  # in `default:` the variable is still the boxed value
            if clause.type == "default_case":
                for d in self.scope.decls.get(self.text(alias.named_children[0]), ()):
                    if d.scope == (clause.start_byte, clause.end_byte) and self.scope.uses(d):
                        self.fail()

    def built(self, node: Node) -> None:
        """A container value made here: nil, a literal, or a local only filled with values.

        `extra` must accept the use of a local that `node` itself is.
        """
        if node.type == "nil":
            return
        if node.type == "composite_literal":
            self.literal(node)
            return
        decl = self.scope.resolve_node(node) if node.type == "identifier" else None
        if decl is None or decl.kind not in ("short", "var", "result") or decl.index >= 0:
            self.fail()
            return
        if decl.kind != "result":
            self.init(decl.value, decl)
        self.container(decl)

    def argument(self, call: Node, pos: int, sig: GoType) -> None:
        """What a call passes for parameter `pos` of a function with signature `sig`."""
        args = _args(call)
        n = len(sig.params)
        spread = [a for a in args if a.type == "variadic_argument"]
        if sig.variadic and pos == n - 1 and len(args) >= pos:
            rest = args[pos:]
            if len(rest) == 1 and rest == spread:
                self._built_arg(rest[0].named_children[0])
            elif not spread:
                for a in rest:
                    self.value(a)
            else:
                self.fail()
        elif len(args) == n and not spread and pos < n:  # pos: from the index, maybe stale
            self._built_arg(args[pos])
        else:
            self.fail()

    def _built_arg(self, arg: Node) -> None:
        self.extra = lambda use: use == arg
        self.built(arg)

    def returned(self, fn: Node, pos: int, n: int, named: Decl | None) -> None:
        """What the returns of `fn` give as result `pos` of `n` (`named` when it has a name)."""
        self.extra = lambda use: _returned(use, fn, pos, n)
        if named is not None:
            self.container(named)
        body = fn.child_by_field_name("body")
        for ret in walk(body) if body is not None else ():
            if ret.type != "return_statement" or innermost_function(ret) != fn:
                continue
            values = ret.named_children[0].named_children if ret.named_child_count else []
            if len(values) == n and pos < n:  # in broken code the index may disagree
                self.built(values[pos])
            elif values or named is None:
                self.fail()

    def consumer(self, call: Node, pos: int, n: int) -> None:
        """How a caller uses result `pos` of `n`: dropped, ranged over, or held in a new local
        that is judged like any container."""
        parent = call.parent
        if parent is None:
            self.fail()
            return
        if parent.type == "expression_statement":
            return
        if parent.type == "range_clause" and is_field(parent, "right", call) and n == 1:
            self._range(parent)
            return
        stmt = parent.parent if parent.type == "expression_list" else None
        left = stmt.child_by_field_name("left") if stmt is not None else None
        if stmt is None or left is None:
            self.fail()
            return
        names = left.named_children
        one = parent.named_children == [call] and len(names) == n
        target = names[pos] if one and pos < n and stmt.type == "short_var_declaration" else None
        if target is None or target.type != "identifier":
            self.fail()
        elif self.text(target) != "_":
            d = self.scope.resolve(self.text(target), stmt.end_byte)
            if d is None or d.node != target:
                self.fail()
            else:
                self.container(d)

    def element_var(self, decl: Decl) -> None:
        for use in self.scope.uses(decl):
            self.element(use)

    # -- the container ---------------------------------------------------------------------------

    def container(self, decl: Decl) -> None:
        """Judge every use of a container variable."""
        for use in self.scope.uses(decl):
            if self.failed:
                return
            if self.extra is not None and self.extra(use):
                continue
            self._use(use, decl)

    def _use(self, use: Node, decl: Decl) -> None:
        parent = use.parent
        kind = parent.type if parent is not None else ""
        if parent is None:
            self.fail()
        elif kind == "index_expression" and is_field(parent, "operand", use):
            self._index(parent)
        elif kind == "range_clause" and is_field(parent, "right", use):
            self._range(parent)
        elif kind == "argument_list":
            call = parent.parent
            name = self._builtin(call) if call is not None else ""
            first = parent.named_children[0] == use
            if name in ("len", "cap") and parent.named_child_count == 1:
                return
            if name == "delete" and first:
                return
            if name == "append" and first and call is not None and _assigned_to(call, self, decl):
                return  # judged where it is assigned back
            self.fail()
        elif kind == "binary_expression":
            other = [c for c in parent.named_children if c != use]
            if operator(parent) not in ("==", "!=") or len(other) != 1 or other[0].type != "nil":
                self.fail()
        elif kind == "slice_expression" and is_field(parent, "operand", use):
            if not _assigned_to(parent, self, decl):
                self.fail()
        elif kind == "expression_list" and is_field(parent.parent, "left", parent):
            self._assigned(parent, use, decl)
        else:
            self.fail()

    def _index(self, ix: Node) -> None:
        parent = ix.parent
        if parent is not None and parent.type == "expression_list":
            stmt = parent.parent
            if stmt is not None and is_field(stmt, "left", parent):
                value = _counterpart(stmt, parent, ix)
                if value is None or operator(stmt) != "=":
                    self.fail()
                else:
                    self.value(value)
                return
            if stmt is not None and _discarded_value(stmt, ix, self):
                return  # `_, ok := m[k]`
        self.element(ix)

    def _range(self, clause: Node) -> None:
        left = clause.child_by_field_name("left")
        names = left.named_children if left is not None else []
        if len(names) < 2 or self.text(names[1]) == "_":
            return  # keys only
        if not any(c.type == ":=" for c in clause.children):
            self.fail()
            return
        d = self.scope.resolve(self.text(names[1]), _body_start(clause))
        if d is None or d.node != names[1]:
            self.fail()
        else:
            self.element_var(d)

    def _assigned(self, left: Node, use: Node, decl: Decl) -> None:
        stmt = left.parent
        if stmt is None or stmt.type != "assignment_statement" or operator(stmt) != "=":
            self.fail()
            return
        self.init(_counterpart(stmt, left, use), decl)


def _field(node: Node, name: str) -> Node:
    child = node.child_by_field_name(name)
    return child if child is not None else node


def _args(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    return [a for a in args.named_children if a.type != "comment"] if args is not None else []


def _counterpart(stmt: Node, left: Node, target: Node) -> Node | None:
    """The right-hand value assigned to `target` in `a, b = x, y` (None when not one-to-one)."""
    right = stmt.child_by_field_name("right")
    names = left.named_children
    values = right.named_children if right is not None else []
    if len(names) != len(values):
        return None
    return next((v for n, v in zip(names, values, strict=True) if n == target), None)


def _assigned_to(expr: Node, holds: Holds, decl: Decl) -> bool:
    """`xs = append(xs, ...)` / `xs = xs[:0]`: the expression goes back into the same variable."""
    right = expr.parent
    stmt = right.parent if right is not None else None
    if right is None or stmt is None or stmt.type != "assignment_statement":
        return False
    left = stmt.child_by_field_name("left")
    if left is None or len(left.named_children) != len(right.named_children):
        return False
    i = right.named_children.index(expr)
    return holds._same(left.named_children[i], decl)


def _returned(use: Node, fn: Node, pos: int, n: int) -> bool:
    """`use` is result `pos` of `n` in a return statement of `fn` itself."""
    values = use.parent
    ret = values.parent if values is not None else None
    if values is None or ret is None or ret.type != "return_statement":
        return False
    children = values.named_children
    return len(children) == n and children.index(use) == pos and innermost_function(ret) == fn


def _discarded_value(stmt: Node, ix: Node, holds: Holds) -> bool:
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
    if left is None or right is None or right.named_children != [ix]:
        return False
    return len(left.named_children) == 2 and holds.text(left.named_children[0]) == "_"


def _body_start(clause: Node) -> int:
    loop = clause.parent
    body = loop.child_by_field_name("body") if loop is not None else None
    return body.start_byte if body is not None else clause.end_byte
