"""Every call of a package-level function or method, found in the files of its package.

The answer is all or nothing: a reference that is not a plain call (a function value, a method
value, a method named in an interface of the package, a selector whose receiver type is unknown)
makes it None, because the function may then be reached from places the caller cannot see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from golint_mem.go.decls import FuncDecl
from golint_mem.go.file import FileContext
from golint_mem.go.types import Kind, deref
from golint_mem.treesitter import Node


@dataclass(frozen=True, slots=True)
class Call:
    file: FileContext
    node: Node  # the call_expression


_OPEN = frozenset((Kind.INTERFACE, Kind.NAMED, Kind.TYPEPARAM, Kind.UNKNOWN))


class _Unknown(Exception):
    """A reference that is not a call this module can attribute."""


def callers_visible(f: FileContext, fd: FuncDecl) -> bool:
    """Every call of fd is in sight, and nothing outside the package dictates its signature.

    Its name is unexported, or it is a plain function of package main or of a test file; an
    exported method may implement an interface of another package even there. And no other file
    declares it again (build-tagged twins, whose bodies may differ).
    """
    private = f.package_name == "main" or fd.file.endswith("_test.go")
    if fd.name[:1].isupper() and (fd.recv or not private):
        return False
    for decls in f.package.decls.declaring(fd.name):  # the files that spell the name, parsed
        if decls.path == fd.file or decls.package != f.package_name:
            continue
        if (fd.recv, fd.name) in decls.methods if fd.recv else fd.name in decls.funcs:
            return False
    return True


def call_sites(f: FileContext, fd: FuncDecl) -> list[Call] | None:
    """Calls of `fd` in its package (the files of the directory with the same package name)."""
    name = fd.name.encode()
    word = re.compile(rb"\b" + re.escape(name) + rb"\b")
    calls: list[Call] = []
    for path in sorted(f.package.files):
        try:
            if name not in f.package.read(path):
                continue  # no call can hide in a file that does not spell the name: not parsed
        except OSError:
            return None  # unreadable sibling: a call may hide there
        decls = f.package.decls.of(path)
        if decls is None:
            return None  # unreadable sibling: a call may hide there
        # The file being checked may be parsed in part (engine SCOPE): its callers need all.
        ctx = f if path == f.path and f.ranges is None else f.package.trees.get(path)
        if ctx is None:
            return None
        data = ctx.source.data
        if fd.name.encode() not in data or not word.search(data):
            continue
        if decls.package != f.package_name:
            if fd.name[:1].isupper():
                return None  # an external test package may call it
            continue
        try:
            for m in word.finditer(data):
                node = ctx.root.descendant_for_byte_range(m.start(), m.end())
                if node is None or (node.start_byte, node.end_byte) != m.span():
                    continue
                call = _reference(ctx, fd, node)
                if call is not None:
                    calls.append(Call(ctx, call))
        except _Unknown:
            return None
    return calls


def _reference(ctx: FileContext, fd: FuncDecl, node: Node) -> Node | None:
    """The call expression when `node` calls fd; None when it names something else."""
    parent = node.parent
    if parent is None:
        return None
    if not fd.recv:
        if node.type != "identifier" or parent.type == "function_declaration":
            return None
        scope = ctx.scope_of(node)
        if scope is not None and scope.resolve_node(node) is not None:
            return None  # a local of the same name
        return _called(node)
    if node.type != "field_identifier":
        return None
    if parent.type == "method_elem":
        raise _Unknown  # called through an interface of the package
    if parent.type != "selector_expression":
        return None
    operand = parent.child_by_field_name("operand")
    if operand is None or ctx.typer.package_of(operand) is not None:
        return None
    t = ctx.typer.type_of(operand)
    if t.kind is Kind.UNKNOWN:
        raise _Unknown
    if ctx.index.field(t, fd.name) is not None:
        return None
    m = ctx.index.method(t, fd.name)
    if m is not None:
        return _called(parent) if m.recv == fd.recv else None
    base = deref(t)
    if base.kind is Kind.NAMED and base.pkg:
        return None  # another package's type cannot have this method
    if ctx.index.underlying(base).kind in _OPEN:
        raise _Unknown  # an interface, a type parameter, or a type not declared here
    return None


def _called(fn: Node) -> Node:
    call = fn.parent
    if call is not None and call.type == "call_expression":
        target = call.child_by_field_name("function")
        if target is not None and target == fn:
            return call
    raise _Unknown  # a function or method value
