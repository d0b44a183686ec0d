"""A file's package-level declarations (decls.py), read from its tree."""

from __future__ import annotations

from golint_mem.go.decls import FileDecls, FuncDecl, TypeDecl, VarDecl
from golint_mem.go.imports import Imports
from golint_mem.go.infer import ExprTyper
from golint_mem.go.syntax import doc_comment, var_specs
from golint_mem.go.typereader import TypeReader, typeparam_names
from golint_mem.go.types import UNKNOWN, Kind
from golint_mem.treesitter import Node


def extract(path: str, root: Node, data: bytes, imports: Imports) -> FileDecls:
    reader = TypeReader(data, imports.path, dot=tuple(imports.dot))
    typer = ExprTyper(reader, imports, index=None, scopes=None)
    out = FileDecls(path)
    for node in root.named_children:
        kind = node.type
        if kind == "package_clause" and node.named_child_count:
            out.package = reader.text(node.named_children[0])
        elif kind == "type_declaration":
            for spec in node.named_children:
                _type_spec(spec, reader, out)
        elif kind in ("var_declaration", "const_declaration"):
            for spec in var_specs(node):
                _var_spec(spec, reader, typer, out, const=kind == "const_declaration")
        elif kind in ("function_declaration", "method_declaration"):
            fd = _func(node, reader, data, path)
            if fd is not None:
                if fd.recv:
                    out.methods[(fd.recv, fd.name)] = fd
                else:
                    out.funcs[fd.name] = fd
    return out


def _type_spec(spec: Node, reader: TypeReader, out: FileDecls) -> None:
    if spec.type not in ("type_spec", "type_alias"):
        return
    name = spec.child_by_field_name("name")
    if name is None:
        return
    tparams = typeparam_names(spec.child_by_field_name("type_parameters"), reader.text)
    t = reader.with_typeparams(tparams).read(spec.child_by_field_name("type"))
    n = reader.text(name)
    out.types[n] = TypeDecl(
        n, t, spec.type == "type_alias", tuple(sorted(tparams)), out.path, spec.start_byte
    )


def _var_spec(
    spec: Node, reader: TypeReader, typer: ExprTyper, out: FileDecls, const: bool
) -> None:
    names = spec.children_by_field_name("name")
    type_node = spec.child_by_field_name("type")
    declared = reader.read(type_node) if type_node is not None else None
    values_node = spec.child_by_field_name("value")
    values = values_node.named_children if values_node is not None else []
    for i, name in enumerate(names):
        n = reader.text(name)
        if n == "_":
            continue
        if declared is not None:
            t = declared
        elif len(values) == len(names):
            t = typer.default(typer.type_of(values[i]))
        elif len(values) == 1:
            t = typer.type_of(values[0])
            t = t.results[i] if t.kind is Kind.TUPLE and i < len(t.results) else UNKNOWN
        else:
            t = UNKNOWN
        out.vars[n] = VarDecl(n, t, out.path, name.start_byte, const)


def _func(node: Node, reader: TypeReader, data: bytes, path: str) -> FuncDecl | None:
    name = node.child_by_field_name("name")
    if name is None:
        return None
    recv, recv_pointer, recv_name = "", False, ""
    tparams = typeparam_names(node.child_by_field_name("type_parameters"), reader.text)
    recv_list = node.child_by_field_name("receiver")
    if recv_list is not None:
        decl = next(
            (c for c in recv_list.named_children if c.type == "parameter_declaration"), None
        )
        if decl is None:
            return None
        rname = decl.child_by_field_name("name")
        recv_name = reader.text(rname) if rname is not None else ""
        rtype = decl.child_by_field_name("type")
        recv, recv_pointer, rparams = _receiver_type(rtype, reader)
        tparams |= rparams
    sig = reader.with_typeparams(tparams).signature(node)
    params = node.child_by_field_name("parameters")
    names = tuple(
        reader.text(n)
        for p in (params.named_children if params is not None else ())
        for n in p.children_by_field_name("name")
    )
    return FuncDecl(
        reader.text(name),
        recv,
        recv_pointer,
        recv_name,
        sig,
        names,
        path,
        node.start_byte,
        node.end_byte,
        doc_comment(node, data),
    )


def _receiver_type(node: Node | None, reader: TypeReader) -> tuple[str, bool, frozenset[str]]:
    """Base type name, pointer or not, and the type parameter names of a receiver type."""
    pointer = False
    while node is not None and node.type in ("pointer_type", "parenthesized_type"):
        pointer = pointer or node.type == "pointer_type"
        node = node.named_children[0] if node.named_child_count else None
    if node is None:
        return "", pointer, frozenset()
    if node.type == "generic_type":
        base = node.child_by_field_name("type")
        args = node.child_by_field_name("type_arguments")
        names = frozenset(reader.text(a) for a in (args.named_children if args else ()))
        return (reader.text(base) if base is not None else ""), pointer, names
    return reader.text(node), pointer, frozenset()
