"""The type of an expression, wherever the source states or implies it.

Declarations, parameters, composite literals, `new`, `make`, conversions, type assertions, field
and method lookups through the package index, and common standard-library calls. Anything else
is UNKNOWN, and rules treat UNKNOWN as "do not report".
"""

from __future__ import annotations

from collections.abc import Callable

from golint_mem.go import stdlib
from golint_mem.go.imports import Imports
from golint_mem.go.index import PackageIndex
from golint_mem.go.scopes import Decl, FunctionScope
from golint_mem.go.syntax import operator
from golint_mem.go.typereader import TypeReader
from golint_mem.go.types import (
    BOOL,
    EMPTY_INTERFACE,
    INT,
    NIL,
    STRING,
    UNKNOWN,
    GoType,
    Kind,
    basic,
    deref,
    pointer,
    slice_of,
)
from golint_mem.treesitter import Node

ScopeOf = Callable[[Node], FunctionScope | None]

_MAX_DEPTH = 24
_UNTYPED_DEFAULT = {"int": INT, "float": basic("float64"), "string": STRING, "rune": basic("rune")}
_UNTYPED_DEFAULT["bool"] = BOOL
_LITERALS = {
    "interpreted_string_literal": "string",
    "raw_string_literal": "string",
    "int_literal": "int",
    "float_literal": "float",
    "imaginary_literal": "complex",
    "rune_literal": "rune",
    "true": "bool",
    "false": "bool",
}
_COMPARISONS = frozenset(("==", "!=", "<", "<=", ">", ">=", "&&", "||"))


class ExprTyper:
    __slots__ = ("_busy", "_decl_types", "_types", "imports", "index", "reader", "scopes")

    def __init__(
        self,
        reader: TypeReader,
        imports: Imports,
        index: PackageIndex | None,
        scopes: ScopeOf | None,
    ) -> None:
        self.reader = reader
        self.imports = imports
        self.index = index
        self.scopes = scopes
        self._decl_types: dict[int, GoType] = {}
        self._busy: set[int] = set()
        # type_of by node and depth: a call types its callee's operand twice, so a chain like
        # x.F().F()...F() took 2**depth steps without it.
        self._types: dict[tuple[int, int, int], GoType] = {}

    # -- helpers -------------------------------------------------------------------------------

    def underlying(self, t: GoType) -> GoType:
        if self.index is not None:
            return self.index.underlying(t)
        return stdlib.underlying(t) or t if t.kind is Kind.NAMED and t.pkg else t

    @staticmethod
    def default(t: GoType) -> GoType:
        """The type an untyped constant gets in a variable declaration."""
        if t.kind is Kind.UNTYPED:
            return _UNTYPED_DEFAULT.get(t.name, UNKNOWN)
        return t

    def decl_of(self, ident: Node) -> Decl | None:
        scope = self.scopes(ident) if self.scopes is not None else None
        return scope.resolve_node(ident) if scope is not None else None

    def package_of(self, ident: Node) -> str | None:
        """The import path an identifier names, unless a local declaration shadows it."""
        if ident.type != "identifier":
            return None
        path = self.imports.path(self.reader.text(ident))
        if path is None or self.decl_of(ident) is not None:
            return None
        return path

    def is_type_name(self, node: Node, depth: int = 0) -> GoType | None:
        """The type a name denotes when used as an expression (a conversion `T(x)`), else None."""
        if depth > _MAX_DEPTH:
            return None
        if node.type == "identifier":
            if self.decl_of(node) is not None:
                return None
            name = self.reader.text(node)
            t = self.reader.read(node)
            if t.kind in (Kind.BASIC, Kind.TYPEPARAM, Kind.INTERFACE):
                return t
            if t.kind is Kind.NAMED and self.index is not None and name in self.index.types:
                return t
            return None
        if node.type == "parenthesized_expression" and node.named_child_count == 1:
            inner = node.named_children[0]
            if inner.type == "unary_expression" and operator(inner) == "*":
                operand = inner.child_by_field_name("operand")
                base = self.is_type_name(operand, depth + 1) if operand is not None else None
                return pointer(base) if base is not None else None
            return self.is_type_name(inner, depth + 1)
        if node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            if operand is not None and self.package_of(operand) is not None:
                return None  # pkg.Name(x) may be a call or a conversion: leave it unknown
        return None

    # -- the entry point -----------------------------------------------------------------------

    def type_of(self, node: Node | None, depth: int = 0) -> GoType:
        if node is None or depth > _MAX_DEPTH:
            return UNKNOWN
        if self._busy:  # inside a declaration's type: a cycle may cut this one short, so no memo
            return self._type_of(node, depth)
        key = (node.id, node.start_byte, depth)
        t = self._types.get(key)
        if t is None:
            t = self._types[key] = self._type_of(node, depth)
        return t

    def _type_of(self, node: Node, depth: int) -> GoType:
        k = node.type
        d = depth + 1
        if k == "parenthesized_expression":
            return self.type_of(node.named_children[0], d) if node.named_child_count else UNKNOWN
        if k == "identifier":
            return self._ident(node, d)
        if k in _LITERALS:
            return GoType(Kind.UNTYPED, name=_LITERALS[k])
        if k == "nil":
            return NIL
        if k == "iota":
            return GoType(Kind.UNTYPED, name="int")
        if k == "selector_expression":
            return self._selector(node, d)
        if k == "call_expression":
            return self._call(node, d)
        if k in ("type_conversion_expression", "type_assertion_expression", "composite_literal"):
            return self.reader.read(node.child_by_field_name("type"))
        if k == "func_literal":
            return self.reader.signature(node)
        if k == "unary_expression":
            return self._unary(node, d)
        if k == "binary_expression":
            op = operator(node)
            if op in _COMPARISONS:
                return GoType(Kind.UNTYPED, name="bool")
            left = self.type_of(node.child_by_field_name("left"), d)
            if op in ("<<", ">>") or left.kind not in (Kind.UNKNOWN, Kind.UNTYPED):
                return left
            return self.type_of(node.child_by_field_name("right"), d)
        if k == "index_expression":
            return self._elem(self.type_of(node.child_by_field_name("operand"), d))
        if k == "slice_expression":
            t = self.type_of(node.child_by_field_name("operand"), d)
            u = self.underlying(deref(t))
            if u.kind is Kind.ARRAY and u.elem is not None:
                return slice_of(u.elem)
            if t.kind is Kind.UNTYPED and t.name == "string":
                return STRING
            return t
        return UNKNOWN

    # -- cases ---------------------------------------------------------------------------------

    def _ident(self, node: Node, depth: int) -> GoType:
        decl = self.decl_of(node)
        if decl is not None:
            return self.decl_type(decl, depth)
        name = self.reader.text(node)
        if name in ("true", "false"):
            return GoType(Kind.UNTYPED, name="bool")
        if self.index is not None:
            t = self.index.var_type(name)
            if t is not None:
                return t
            fd = self.index.funcs.get(name)
            if fd is not None:
                return fd.sig
        return UNKNOWN

    def decl_type(self, decl: Decl, depth: int = 0) -> GoType:
        key = id(decl)
        cached = self._decl_types.get(key)
        if cached is not None:
            return cached
        if key in self._busy:
            return UNKNOWN
        self._busy.add(key)
        try:
            t = self._decl_type(decl, depth)
        finally:
            self._busy.discard(key)
        self._decl_types[key] = t
        return t

    def _decl_type(self, decl: Decl, depth: int) -> GoType:
        reader = self._reader_for(decl)
        if decl.type_node is not None:
            t = reader.read(decl.type_node)
            return slice_of(t) if decl.variadic else t
        if decl.kind == "range":
            return self._range_var(self.type_of(decl.value, depth), decl.index)
        if decl.kind == "typeswitch":
            return (
                self.type_of(decl.value.child_by_field_name("operand"), depth)
                if (decl.value is not None and decl.value.type == "type_assertion_expression")
                else self.type_of(decl.value, depth)
            )
        if decl.value is None:
            return UNKNOWN
        t = self.type_of(decl.value, depth)
        if decl.index >= 0:
            if t.kind is Kind.TUPLE:
                return t.results[decl.index] if decl.index < len(t.results) else UNKNOWN
            # comma-ok forms: v, ok := x.(T) / m[k] / <-ch
            if decl.index == 1:
                return BOOL
            return t
        return self.default(t)

    def _reader_for(self, decl: Decl) -> TypeReader:
        scope = self.scopes(decl.node) if self.scopes is not None else None
        return scope.reader if scope is not None else self.reader

    def _range_var(self, t: GoType, index: int) -> GoType:
        u = self.underlying(deref(t))
        if u.kind is Kind.MAP:
            return (u.key or UNKNOWN) if index == 0 else (u.elem or UNKNOWN)
        if u.kind is Kind.CHAN:
            return (u.elem or UNKNOWN) if index == 0 else UNKNOWN
        if u.kind in (Kind.SLICE, Kind.ARRAY):
            return INT if index == 0 else (u.elem or UNKNOWN)
        if (u.kind is Kind.BASIC and u.name == "string") or (
            u.kind is Kind.UNTYPED and u.name == "string"
        ):
            return INT if index == 0 else basic("rune")
        if u.kind in (Kind.BASIC, Kind.UNTYPED) and index == 0:
            return INT
        if u.kind is Kind.FUNC and len(u.params) == 1:  # range over func(yield func(K[, V]) bool)
            y = self.underlying(u.params[0])
            if y.kind is Kind.FUNC and index < len(y.params):
                return y.params[index]
        return UNKNOWN

    def _elem(self, t: GoType) -> GoType:
        u = self.underlying(t)
        if u.kind is Kind.POINTER and u.elem is not None:
            u = self.underlying(u.elem)
        if u.kind in (Kind.SLICE, Kind.ARRAY, Kind.MAP):
            return u.elem or UNKNOWN
        if u.kind is Kind.BASIC and u.name == "string":
            return basic("byte")
        return UNKNOWN

    def _selector(self, node: Node, depth: int) -> GoType:
        operand = node.child_by_field_name("operand")
        field = node.child_by_field_name("field")
        if operand is None or field is None:
            return UNKNOWN
        if self.package_of(operand) is not None:
            return UNKNOWN  # a member of another package: not known without its source
        t = self.type_of(operand, depth)
        name = self.reader.text(field)
        if self.index is not None:
            ft = self.index.field(t, name)
            if ft is not None:
                return ft
            m = self.index.method(t, name)
            if m is not None:
                return m.sig
        u = self.underlying(deref(t))
        for f in u.fields if u.kind is Kind.STRUCT else ():
            if f.name == name:
                return f.type
        return UNKNOWN

    def _unary(self, node: Node, depth: int) -> GoType:
        op = operator(node)
        inner = self.type_of(node.child_by_field_name("operand"), depth)
        if op == "&":
            return pointer(inner) if inner.kind is not Kind.UNKNOWN else UNKNOWN
        if op == "*":
            return inner.elem or UNKNOWN if inner.kind is Kind.POINTER else UNKNOWN
        if op == "<-":
            u = self.underlying(inner)
            return u.elem or UNKNOWN if u.kind is Kind.CHAN else UNKNOWN
        if op == "!":
            return GoType(Kind.UNTYPED, name="bool")
        return inner

    def _call(self, node: Node, depth: int) -> GoType:
        fn = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        args = args_node.named_children if args_node is not None else []
        if fn is None:
            return UNKNOWN
        conv = self.is_type_name(fn)
        if conv is not None:
            return conv
        if fn.type == "identifier" and self.decl_of(fn) is None:
            name = self.reader.text(fn)
            if name == "new" and args:
                return pointer(self.reader.read(args[0]))
            if name == "make" and args:
                return self.reader.read(args[0])
            if name == "append" and args:
                return self.default(self.type_of(args[0], depth))
            if name in ("len", "cap", "copy"):
                return INT
            if name in ("min", "max") and args:
                return self.type_of(args[0], depth)
            local = self.index is not None and name in self.index.funcs
            for dot_path in () if local else self.imports.dot:
                dotted = stdlib.func_results(dot_path, name)
                if dotted is not None:
                    return stdlib.single(dotted)
            if self.index is None:
                return GoType(Kind.RESULT_OF, name=name)
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            field = fn.child_by_field_name("field")
            if operand is None or field is None:
                return UNKNOWN
            name = self.reader.text(field)
            path = self.package_of(operand)
            if path is not None:
                return stdlib.single(stdlib.func_results(path, name))
            recv = self.type_of(operand, depth)
            found = stdlib.method_results(recv, name)
            if found is not None:
                return stdlib.single(found)
            if self.index is not None:
                m = self.index.method(recv, name)
                if m is not None:
                    return stdlib.single(m.sig.results)
                if name == "Get" and self.index.embedded_path(recv, "sync", "Pool"):
                    return EMPTY_INTERFACE
        if fn.type == "index_expression":  # an instantiated generic function
            fn = fn.child_by_field_name("operand") or fn
        t = self.type_of(fn, depth)
        u = self.underlying(t)
        if u.kind is Kind.FUNC:
            return stdlib.single(u.results) if u.results else GoType(Kind.TUPLE)
        return UNKNOWN
