"""A small model of Go types, built from type syntax; enough to tell a pool from a slice.

Named types carry the import path of their package ("" for the package being checked), so a
local type that happens to be called `Pool` is never `sync.Pool`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from golint_mem.treesitter import Node


class Kind(StrEnum):
    NAMED = "named"
    BASIC = "basic"
    POINTER = "pointer"
    SLICE = "slice"
    ARRAY = "array"
    MAP = "map"
    CHAN = "chan"
    FUNC = "func"
    INTERFACE = "interface"
    STRUCT = "struct"
    TYPEPARAM = "typeparam"
    UNTYPED = (
        "untyped"  # constants and nil: name is "int", "float", "string", "rune", "bool", "nil"
    )
    TUPLE = "tuple"  # the results of a call with several results
    RESULT_OF = "result_of"  # the result of a package function not yet looked up (name = function)
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the field name; for an embedded field, the type's name
    type: GoType
    embedded: bool = False


@dataclass(frozen=True, slots=True)
class GoType:
    kind: Kind
    name: str = ""
    pkg: str = ""  # import path of a named type; "" for the package being checked
    elem: GoType | None = None  # pointer, slice, array and chan element; map value
    key: GoType | None = None  # map key
    params: tuple[GoType, ...] = ()
    results: tuple[GoType, ...] = ()  # func results; tuple members
    fields: tuple[Field, ...] = ()  # struct fields; interface methods (type = the method's FUNC)
    variadic: bool = False
    args: tuple[GoType, ...] = ()  # type arguments of an instantiated generic named type

    def __str__(self) -> str:
        return describe(self)


UNKNOWN = GoType(Kind.UNKNOWN)
EMPTY_INTERFACE = GoType(Kind.INTERFACE)
ERROR = GoType(Kind.NAMED, name="error")
STRING = GoType(Kind.BASIC, name="string")
INT = GoType(Kind.BASIC, name="int")
BOOL = GoType(Kind.BASIC, name="bool")
BYTE = GoType(Kind.BASIC, name="byte")
BYTES = GoType(Kind.SLICE, elem=BYTE)
NIL = GoType(Kind.UNTYPED, name="nil")

BASIC_NAMES = frozenset(
    [
        "bool",
        "string",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "float32",
        "float64",
        "complex64",
        "complex128",
        "byte",
        "rune",
    ]
)
_BASIC_ALIASES = {"uint8": "byte", "int32": "rune"}


def basic(name: str) -> GoType:
    return GoType(Kind.BASIC, name=_BASIC_ALIASES.get(name, name))


def named(pkg: str, name: str) -> GoType:
    return GoType(Kind.NAMED, name=name, pkg=pkg)


def pointer(elem: GoType) -> GoType:
    return GoType(Kind.POINTER, elem=elem)


def slice_of(elem: GoType) -> GoType:
    return GoType(Kind.SLICE, elem=elem)


def deref(t: GoType) -> GoType:
    return t.elem if t.kind is Kind.POINTER and t.elem is not None else t


def is_named(t: GoType, pkg: str, name: str) -> bool:
    return t.kind is Kind.NAMED and t.pkg == pkg and t.name == name


def is_empty_interface(t: GoType) -> bool:
    return t.kind is Kind.INTERFACE and not t.fields


def is_byte_slice(t: GoType) -> bool:
    return t.kind is Kind.SLICE and t.elem is not None and t.elem == BYTE


def describe(t: GoType) -> str:
    """Go syntax for a type, with packages shown by the last element of their path."""
    k = t.kind
    if k in (Kind.NAMED, Kind.TYPEPARAM, Kind.BASIC):
        prefix = t.pkg.rsplit("/", 1)[-1] + "." if t.pkg else ""
        args = "[" + ", ".join(map(describe, t.args)) + "]" if t.args else ""
        return prefix + t.name + args
    inner = describe(t.elem) if t.elem is not None else "?"
    if k is Kind.POINTER:
        return "*" + inner
    if k is Kind.SLICE:
        return "[]" + inner
    if k is Kind.ARRAY:
        return f"[{t.name or '...'}]{inner}"
    if k is Kind.MAP:
        return f"map[{describe(t.key) if t.key else '?'}]{inner}"
    if k is Kind.CHAN:
        return "chan " + inner
    if k is Kind.INTERFACE:
        return "any" if not t.fields else "interface{...}"
    if k is Kind.STRUCT:
        return "struct{...}"
    if k is Kind.FUNC:
        return "func(...)"
    if k is Kind.UNTYPED:
        return "untyped " + t.name
    return "?"


Resolver = Callable[[str], str | None]  # local package name -> import path
_MAX_DEPTH = 64  # levels of type syntax read; deeper is UNKNOWN


class TypeReader:
    """Turns type syntax into GoType for one file: its imports and the type parameters in scope."""

    __slots__ = ("_data", "_dot", "_imports", "typeparams")

    def __init__(
        self,
        data: bytes,
        imports: Resolver,
        typeparams: frozenset[str] = frozenset(),
        dot: tuple[str, ...] = (),
    ):
        self._data = data
        self._imports = imports
        self.typeparams = typeparams
        self._dot = dot  # packages imported with `.`

    def with_typeparams(self, names: frozenset[str]) -> TypeReader:
        if not names:
            return self
        return TypeReader(self._data, self._imports, self.typeparams | names, self._dot)

    def text(self, node: Node) -> str:
        return self._data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def read(self, node: Node | None, depth: int = 0) -> GoType:
        # Type syntax can nest without limit (`**...*int`, 20,000 levels in hostile input): past
        # _MAX_DEPTH the type is UNKNOWN, which no rule reports on, instead of a RecursionError.
        if node is None or depth > _MAX_DEPTH:
            return UNKNOWN
        d = depth + 1
        k = node.type
        if k == "type_identifier" or k == "identifier":
            return self._ident(self.text(node))
        if k == "qualified_type":
            pkg_node, name_node = (
                node.child_by_field_name("package"),
                node.child_by_field_name("name"),
            )
            if pkg_node is None or name_node is None:
                return UNKNOWN
            path = self._imports(self.text(pkg_node))
            return named(path, self.text(name_node)) if path is not None else UNKNOWN
        if k == "pointer_type":
            return pointer(self.read(node.named_children[0] if node.named_child_count else None, d))
        if k == "slice_type":
            return slice_of(self.read(node.child_by_field_name("element"), d))
        if k in ("array_type", "implicit_length_array_type"):
            length = node.child_by_field_name("length")
            n = self.text(length) if length is not None else "..."
            return GoType(
                Kind.ARRAY, name=n, elem=self.read(node.child_by_field_name("element"), d)
            )
        if k == "map_type":
            return GoType(
                Kind.MAP,
                key=self.read(node.child_by_field_name("key"), d),
                elem=self.read(node.child_by_field_name("value"), d),
            )
        if k == "channel_type":
            return GoType(Kind.CHAN, elem=self.read(node.child_by_field_name("value"), d))
        if k == "function_type":
            return self.signature(node, d)
        if k == "interface_type":
            return self._interface(node, d)
        if k == "struct_type":
            return GoType(Kind.STRUCT, fields=self.struct_fields(node, d))
        if k == "generic_type":
            base = self.read(node.child_by_field_name("type"), d)
            targs = node.child_by_field_name("type_arguments")
            if base.kind is Kind.NAMED and targs is not None:
                args = tuple(self.read(_unwrap_elem(a), d) for a in targs.named_children)
                return GoType(Kind.NAMED, name=base.name, pkg=base.pkg, args=args)
            return base
        if k in ("parenthesized_type", "type_elem", "type_constraint") and node.named_child_count:
            if node.named_child_count == 1:
                return self.read(node.named_children[0], d)
            return UNKNOWN  # a union of types
        return UNKNOWN

    def _ident(self, name: str) -> GoType:
        if name in self.typeparams:
            return GoType(Kind.TYPEPARAM, name=name)
        if name in BASIC_NAMES:
            return basic(name)
        if name in ("any", "interface{}"):
            return EMPTY_INTERFACE
        if name == "error":
            return ERROR
        if name == "comparable":
            return GoType(Kind.INTERFACE, name="comparable", fields=(Field("==", UNKNOWN),))
        if self._dot:
            from golint_mem.go.stdlib import exports

            # A dot-imported name cannot also be declared in the package (Go rejects that), so
            # a known export of a dot-imported standard package is that package's type.
            for path in self._dot:
                if name in exports(path):
                    return named(path, name)
        return named("", name)

    def _interface(self, node: Node, depth: int) -> GoType:
        methods: list[Field] = []
        for child in node.named_children:
            if child.type == "method_elem":
                name = child.child_by_field_name("name")
                methods.append(Field(self.text(name) if name else "", self.signature(child, depth)))
            elif child.type in ("type_elem", "constraint_elem"):
                # A constraint: not a plain interface value type; keep it non-empty.
                methods.append(Field("~", UNKNOWN))
            elif child.type in ("qualified_type", "type_identifier"):
                methods.append(Field(self.text(child), self.read(child, depth), embedded=True))
        return GoType(Kind.INTERFACE, fields=tuple(methods))

    def struct_fields(self, node: Node, depth: int = 0) -> tuple[Field, ...]:
        fields: list[Field] = []
        body = next((c for c in node.named_children if c.type == "field_declaration_list"), None)
        if body is None:
            return ()
        for decl in body.named_children:
            if decl.type != "field_declaration":
                continue
            type_node = decl.child_by_field_name("type")
            t = self.read(type_node, depth)
            names = decl.children_by_field_name("name")
            if names:
                fields.extend(Field(self.text(n), t) for n in names)
            else:  # embedded: the field's name is the type's name
                base = deref(t)
                fields.append(Field(base.name or self.text(type_node or decl), t, embedded=True))
        return tuple(fields)

    def signature(self, node: Node, depth: int = 0) -> GoType:
        """A FUNC type from anything with `parameters` and `result` fields."""
        params: list[GoType] = []
        variadic = False
        plist = node.child_by_field_name("parameters")
        for p in plist.named_children if plist is not None else ():
            if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            t = self.read(p.child_by_field_name("type"), depth)
            if p.type == "variadic_parameter_declaration":
                variadic = True
                t = slice_of(t)
            params.extend([t] * max(1, len(p.children_by_field_name("name"))))
        return GoType(
            Kind.FUNC,
            params=tuple(params),
            results=self.results(node.child_by_field_name("result"), depth),
            variadic=variadic,
        )

    def results(self, node: Node | None, depth: int = 0) -> tuple[GoType, ...]:
        if node is None:
            return ()
        if node.type != "parameter_list":
            return (self.read(node, depth),)
        out: list[GoType] = []
        for p in node.named_children:
            if p.type == "parameter_declaration":
                t = self.read(p.child_by_field_name("type"), depth)
                out.extend([t] * max(1, len(p.children_by_field_name("name"))))
        return tuple(out)


def _unwrap_elem(node: Node) -> Node:
    return node.named_children[0] if node.type == "type_elem" and node.named_child_count else node


def typeparam_names(node: Node | None, text: Callable[[Node], str]) -> frozenset[str]:
    """The names declared by a type_parameter_list."""
    if node is None:
        return frozenset()
    return frozenset(
        text(n)
        for decl in node.named_children
        if decl.type == "type_parameter_declaration"
        for n in decl.children_by_field_name("name")
    )
