"""Type syntax to GoType, for one file: its imports, and the type parameters in scope."""

from __future__ import annotations

from collections.abc import Callable

from golint_mem.go.stdlib import exports
from golint_mem.go.types import (
    BASIC_NAMES,
    EMPTY_INTERFACE,
    ERROR,
    UNKNOWN,
    Field,
    GoType,
    Kind,
    basic,
    deref,
    named,
    pointer,
    slice_of,
)
from golint_mem.treesitter import Node

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
