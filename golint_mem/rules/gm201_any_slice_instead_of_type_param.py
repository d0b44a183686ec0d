"""GM201: a []any, map[K]any or ...any parameter or result that only ever holds one type."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from golint_mem.analysis.generics.elements import Holds
from golint_mem.analysis.generics.interfaces import mandated
from golint_mem.go.callsites import call_sites, callers_visible
from golint_mem.go.decls import FuncDecl
from golint_mem.go.file import FileContext
from golint_mem.go.scopes import Decl, FunctionScope
from golint_mem.go.types import GoType, describe
from golint_mem.model import Confidence, Finding, RuleMeta, Severity
from golint_mem.rule import AnyOf, Context, NoOptions, Rule, pieces_matching
from golint_mem.treesitter import Node

META = RuleMeta(
    code="GM201",
    name="any-slice-instead-of-type-param",
    summary="a []any, map[K]any or ...any that only ever holds one type boxes every element",
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    tags=("generics", "boxing", "performance", "memory"),
)

_ANY = '"^(any|interface\\\\{\\\\s*\\\\})$"'
_CONTAINER = "[(slice_type element: _ @_e) (map_type value: _ @_e)]"
QUERY = f"""
(parameter_declaration type: {_CONTAINER} (#match? @_e {_ANY})) @param
(variadic_parameter_declaration type: _ @_e (#match? @_e {_ANY})) @param
(function_declaration result: {_CONTAINER} @result (#match? @_e {_ANY}))
(method_declaration result: {_CONTAINER} @result (#match? @_e {_ANY}))
"""

PREFILTER = AnyOf(
    rb"\]\s*(?:any\b|interface\s*\{\s*\})", rb"\.\.\.\s*(?:any\b|interface\s*\{\s*\})"
)


# Its query matches in a function's signature, and its text in that function's piece.
SCOPE = pieces_matching(PREFILTER)


@dataclass(frozen=True, slots=True)
class _Slot:
    """One parameter or result of a candidate function."""

    fn: Node
    fd: FuncDecl
    scope: FunctionScope
    pos: int  # among the parameters, or among the results
    result: bool
    ident: Node | None  # its name; None for an unnamed result

    @property
    def decl(self) -> Decl | None:
        if self.ident is None:
            return None
        found = self.scope.decls.get(self.scope.text(self.ident), [])
        return next((d for d in found if d.offset == self.ident.start_byte), None)


def check(ctx: Context[NoOptions]) -> Iterator[Finding]:
    f = ctx.file
    for m in ctx.matches:
        node = m["param"][0] if "param" in m else m["result"][0]
        for slot in _slots(f, node, "param" in m):
            t = _result(f, slot) if slot.result else _param(f, slot)
            # Last: seeing every interface of the package means parsing every file.
            if t is None or mandated(f.index, slot.fd):
                continue
            what = ctx.text(slot.ident) if slot.ident else f"the result of {slot.fd.name}"
            yield ctx.finding(slot.ident or node, _message(f, what, node, t))


def _slots(f: FileContext, node: Node, param: bool) -> Iterator[_Slot]:
    plist = node.parent if param else None
    fn = plist.parent if plist is not None else node.parent
    if fn is None or fn.type not in ("function_declaration", "method_declaration"):
        return
    scope = f.scope_of(fn)
    decls = f.package.decls.of(f.path)
    fds = [*decls.funcs.values(), *decls.methods.values()] if decls is not None else []
    fd = next((d for d in fds if d.start == fn.start_byte), None)
    if scope is None or fd is None:
        return
    if "//go:linkname" in fd.doc:
        return
    result = plist is None or plist == fn.child_by_field_name("result")
    pos = 0
    for p in plist.named_children if plist is not None else ():
        if p == node:
            break
        if p.type in ("parameter_declaration", "variadic_parameter_declaration"):
            pos += max(1, len(p.children_by_field_name("name")))
    names = node.children_by_field_name("name") if param else []
    for i, ident in enumerate(names or [None]):
        if ident is None or f.text(ident) != "_":
            yield _Slot(fn, fd, scope, pos + i, result, ident)


def _param(f: FileContext, slot: _Slot) -> GoType | None:
    """Inside, every element is asserted to T; every caller passes values of type T."""
    decl = slot.decl
    if decl is None:
        return None
    inside = Holds(f, slot.scope)
    inside.container(decl)
    return _agreed(f, slot, inside.only if inside.reads else None)


def _result(f: FileContext, slot: _Slot) -> GoType | None:
    """Every return fills it with values of type T; every caller only asserts T."""
    fill = Holds(f, slot.scope)
    fill.returned(slot.fn, slot.pos, len(slot.fd.sig.results), slot.decl)
    return _agreed(f, slot, fill.only)


def _agreed(f: FileContext, slot: _Slot, t: GoType | None) -> GoType | None:
    """T, when there are calls and every call agrees with it."""
    # After the local analysis: whether every caller is in sight means parsing the files that
    # spell the name, worth it only for a slot that holds one type.
    if t is None or not callers_visible(f, slot.fd):
        return None
    sites = call_sites(f, slot.fd)
    if not sites:
        return None
    for call in sites:
        scope = call.file.scope_of(call.node)
        if scope is None:
            return None
        h = Holds(call.file, scope)
        if slot.result:
            h.consumer(call.node, slot.pos, len(slot.fd.sig.results))
        else:
            h.argument(call.node, slot.pos, slot.fd.sig)
        if h.failed or h.types - {t}:
            return None
    return t


def _message(f: FileContext, what: str, decl: Node, t: GoType) -> str:
    ty = decl if decl.type in ("slice_type", "map_type") else decl.child_by_field_name("type")
    shown = describe(t)
    if decl.type == "variadic_parameter_declaration":
        return f"{what} only ever holds {shown}: use ...{shown} or a type parameter"
    if ty is not None and ty.type == "map_type":
        key = ty.child_by_field_name("key")
        k = f.text(key) if key is not None else "K"
        return f"{what} only ever holds {shown} values: use map[{k}]{shown} or a type parameter"
    return f"{what} only ever holds {shown}: use []{shown} or a type parameter"


RULE = Rule(META, QUERY, check, prefilter=PREFILTER, scope=SCOPE)
