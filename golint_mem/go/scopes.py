"""Which declaration an identifier inside a function refers to.

One pass over a top-level function (closures included) records every local declaration with the
byte range where it is visible, following the Go spec: a `:=` variable is visible from the end of
its statement to the end of the enclosing block, a parameter in the whole body, a range variable
in the loop body, a type-switch variable in each clause. Resolving a use then means picking the
innermost declaration whose range holds it. Objects here hold nodes and live only while their
file is being checked.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

from golint_mem.go.syntax import FUNCTION_TYPES, FUNCTIONS, var_specs
from golint_mem.go.typereader import TypeReader, typeparam_names
from golint_mem.treesitter import Node, matches, query, walk

_CONTAINERS = frozenset(
    (
        "block",
        "for_statement",
        "if_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
        "expression_case",
        "default_case",
        "type_case",
        "communication_case",
        "func_literal",
        "function_declaration",
        "method_declaration",
    )
)

# Kinds a `:=` in the same block may assign to instead of declaring anew; parameters share the
# function body's outermost block.
_REUSABLE = frozenset(("short", "var", "param", "result", "receiver"))


@dataclass(eq=False, slots=True)
class Decl:
    name: str
    offset: int  # start of the declaring identifier
    scope: tuple[int, int]
    kind: str  # param, result, receiver, var, const, short, range, typeswitch, recv
    node: Node  # the declaring identifier
    type_node: Node | None = None
    value: Node | None = None  # the initialiser, or the range/switch operand
    index: int = -1  # position in a multi-value assignment from one expression
    variadic: bool = False
    func: Node | None = None  # the function (or literal) that declares it
    assigns: list[tuple[int, Node | None, int]] = field(default_factory=list)


class FunctionScope:
    """Local declarations of one top-level function, method, or package-level func literal."""

    __slots__ = (
        "_by_end",
        "_data",
        "_declaring",
        "_idents",
        "_ordered",
        "_starts",
        "decls",
        "func",
        "reader",
    )

    def __init__(self, func: Node, data: bytes, reader: TypeReader) -> None:
        self.func = func
        self._data = data
        self.decls: dict[str, list[Decl]] = defaultdict(list)
        self._idents: dict[str, list[Node]] | None = None
        # The same declarations by name sorted by where their scope starts, and by name and where
        # it ends: a name declared in thousands of blocks must not make each lookup scan them all.
        self._starts: dict[str, list[int]] = defaultdict(list)
        self._ordered: dict[str, list[Decl]] = defaultdict(list)
        self._by_end: dict[tuple[str, int], list[Decl]] = defaultdict(list)
        self._declaring: dict[str, set[int]] = defaultdict(set)  # offsets of declaring names
        # Type parameters of the function (and its receiver type) shape how types read.
        self.reader = reader.with_typeparams(_typeparams(func, reader))
        self._collect()

    def text(self, node: Node) -> str:
        return self._data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    @property
    def idents(self) -> dict[str, list[Node]]:
        """Every identifier of the function by name, in order (found on first use)."""
        if self._idents is None:
            found: dict[str, list[Node]] = defaultdict(list)
            for _, m in matches(query("(identifier) @i"), self.func):
                node = m["i"][0]
                found[self.text(node)].append(node)
            for nodes in found.values():
                nodes.sort(key=_start)
            self._idents = found
        return self._idents

    def resolve(self, name: str, offset: int) -> Decl | None:
        """The innermost declaration of `name` visible at `offset`: of those whose scope holds
        it, the one whose scope starts last (the last declared, on a tie)."""
        ordered = self._ordered.get(name)
        if not ordered:
            return None
        for i in range(bisect.bisect_right(self._starts[name], offset) - 1, -1, -1):
            if offset < ordered[i].scope[1]:
                return ordered[i]
        return None

    def resolve_node(self, ident: Node) -> Decl | None:
        return self.resolve(self.text(ident), ident.start_byte)

    def uses(self, decl: Decl) -> list[Node]:
        """Identifiers referring to `decl`, in order.

        Declaring identifiers are not uses, not even of the outer variable they shadow: in
        `switch v := v.(type)` and `x := x` the left-hand name is not the outer one.
        """
        # Only identifiers inside the declaration's scope can refer to it: with the same name
        # declared in many blocks of one function, looking at them all would be quadratic.
        idents = self.idents.get(decl.name, [])
        declaring = self._declaring.get(decl.name, set())
        lo, hi = decl.scope
        first = bisect.bisect_left(idents, lo, key=_start)
        last = bisect.bisect_left(idents, hi, key=_start)
        return [
            n
            for n in idents[first:last]
            if n.start_byte not in declaring and self.resolve(decl.name, n.start_byte) is decl
        ]

    # -- collection ----------------------------------------------------------------------------

    def _add(self, ident: Node, scope: tuple[int, int], kind: str, **kw: object) -> Decl | None:
        name = self.text(ident)
        if name == "_":
            return None
        d = Decl(name, ident.start_byte, scope, kind, ident, **kw)  # type: ignore[arg-type]
        self.decls[name].append(d)
        i = bisect.bisect_right(self._starts[name], scope[0])
        self._starts[name].insert(i, scope[0])
        self._ordered[name].insert(i, d)
        self._by_end[(name, scope[1])].append(d)
        self._declaring[name].add(d.offset)
        return d

    def _collect(self) -> None:
        # The declaring nodes in document order (a parent before what it holds), found in C.
        found = [m["n"][0] for _, m in matches(query(_DECLARING), self.func)]
        found.sort(key=_preorder)
        for node in found:
            t = node.type
            if t in FUNCTION_TYPES:
                self._params(node)
            elif t == "short_var_declaration":
                self._short(node)
            elif t in ("var_declaration", "const_declaration"):
                self._var(node)
            elif t == "range_clause":
                self._range(node)
            elif t == "type_switch_statement":
                self._type_switch(node)
            elif t == "receive_statement":
                self._receive(node)
            elif t == "assignment_statement":
                self._assignment(node)

    def _params(self, fn: Node) -> None:
        body = fn.child_by_field_name("body")
        if body is None:
            return
        scope = (body.start_byte, body.end_byte)
        for field_name, kind in (
            ("receiver", "receiver"),
            ("parameters", "param"),
            ("result", "result"),
        ):
            plist = fn.child_by_field_name(field_name)
            if plist is None or plist.type != "parameter_list":
                continue
            for p in plist.named_children:
                if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                    continue
                tn = p.child_by_field_name("type")
                for ident in p.children_by_field_name("name"):
                    self._add(
                        ident,
                        scope,
                        kind,
                        type_node=tn,
                        variadic=p.type == "variadic_parameter_declaration",
                        func=fn,
                    )

    def _container_end(self, stmt: Node) -> int:
        parent = stmt.parent
        while parent is not None and parent.type not in _CONTAINERS:
            parent = parent.parent
        return parent.end_byte if parent is not None else self.func.end_byte

    def _short(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None:
            return
        names = left.named_children
        values = right.named_children if right is not None else []
        scope = (node.end_byte, self._container_end(node))
        for i, ident in enumerate(names):
            if ident.type != "identifier":
                continue
            value, index = _value_for(values, len(names), i)
            prior = self._same_scope(self.text(ident), scope)
            if prior is not None:  # `a, err := ...` reuses err declared in the same scope
                prior.assigns.append((ident.start_byte, value, index))
                continue
            self._add(ident, scope, "short", value=value, index=index, func=self._func_of(node))

    def _same_scope(self, name: str, scope: tuple[int, int]) -> Decl | None:
        for d in self._by_end.get((name, scope[1]), ()):
            if d.scope[0] <= scope[0] and d.kind in _REUSABLE:
                return d
        return None

    def _var(self, node: Node) -> None:
        end = self._container_end(node)
        kind = "const" if node.type == "const_declaration" else "var"
        for spec in var_specs(node):
            names = spec.children_by_field_name("name")
            values_node = spec.child_by_field_name("value")
            values = values_node.named_children if values_node is not None else []
            tn = spec.child_by_field_name("type")
            for i, ident in enumerate(names):
                value, index = _value_for(values, len(names), i)
                self._add(
                    ident,
                    (spec.end_byte, end),
                    kind,
                    type_node=tn,
                    value=value,
                    index=index,
                    func=self._func_of(node),
                )

    def _range(self, node: Node) -> None:
        left = node.child_by_field_name("left")
        if left is None or not any(c.type == ":=" for c in node.children):
            return
        loop = node.parent
        body = loop.child_by_field_name("body") if loop is not None else None
        if body is None:
            return
        right = node.child_by_field_name("right")
        for i, ident in enumerate(left.named_children):
            if ident.type == "identifier":
                self._add(
                    ident,
                    (body.start_byte, body.end_byte),
                    "range",
                    value=right,
                    index=i,
                    func=self._func_of(node),
                )

    def _type_switch(self, node: Node) -> None:
        alias = node.child_by_field_name("alias")
        if alias is None or not alias.named_child_count:
            return
        ident = alias.named_children[0]
        value = node.child_by_field_name("value")
        for clause in node.named_children:
            if clause.type not in ("type_case", "default_case"):
                continue
            types = clause.children_by_field_name("type")
            self._add(
                ident,
                (clause.start_byte, clause.end_byte),
                "typeswitch",
                type_node=types[0] if len(types) == 1 else None,
                value=value,
                func=self._func_of(node),
            )

    def _receive(self, node: Node) -> None:
        left = node.child_by_field_name("left")
        if left is None or not any(c.type == ":=" for c in node.children):
            return
        clause = node.parent
        end = clause.end_byte if clause is not None else node.end_byte
        right = node.child_by_field_name("right")
        for i, ident in enumerate(left.named_children):
            if ident.type == "identifier":
                self._add(ident, (node.end_byte, end), "short", value=right, index=i)

    def _assignment(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        names, values = left.named_children, right.named_children
        plain = any(c.type == "=" for c in node.children)
        for i, target in enumerate(names):
            if target.type != "identifier":
                continue
            d = self.resolve(self.text(target), target.start_byte)
            if d is not None:
                value, index = _value_for(values, len(names), i) if plain else (None, -1)
                d.assigns.append((node.start_byte, value, index))

    def _func_of(self, node: Node) -> Node:
        """The innermost function (or literal) holding `node`: found by descending from the
        function, which is linear in the depth, where climbing parents would be quadratic."""
        found = cur = self.func
        while (below := cur.child_with_descendant(node)) is not None and below != node:
            if below.type in FUNCTION_TYPES:
                found = below
            cur = below
        return found


def _start(node: Node) -> int:
    return node.start_byte


def _preorder(node: Node) -> tuple[int, int]:
    return node.start_byte, -node.end_byte


_DECLARING = "\n".join(
    f"({kind}) @n"
    for kind in (
        *FUNCTIONS,
        "short_var_declaration",
        "var_declaration",
        "const_declaration",
        "range_clause",
        "type_switch_statement",
        "receive_statement",
        "assignment_statement",
    )
)


def _value_for(values: list[Node], n_names: int, i: int) -> tuple[Node | None, int]:
    """The expression giving the i-th of n names its value, and the result index within it."""
    if len(values) == n_names:
        return values[i], -1
    if len(values) == 1:
        return values[0], i
    return None, -1


def _typeparams(func: Node, reader: TypeReader) -> frozenset[str]:
    names = typeparam_names(func.child_by_field_name("type_parameters"), reader.text)
    recv = func.child_by_field_name("receiver")
    if recv is not None:
        for n in walk(recv):
            if n.type == "type_arguments":
                names |= frozenset(reader.text(a) for a in n.named_children)
    return names
