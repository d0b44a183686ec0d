"""The per-package index: every package-level declaration of a directory's files, merged.

Lookups follow local named types to their definitions and promote fields and methods through
embedded fields, the way the Go spec does (to a bounded depth).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from golint_mem.semantics import stdlib
from golint_mem.semantics.decls import FileDecls, FuncDecl, TypeDecl, VarDecl
from golint_mem.semantics.types import UNKNOWN, GoType, Kind, deref

_MAX_DEPTH = 6


class PackageIndex:
    __slots__ = ("files", "funcs", "methods", "package", "types", "vars")

    def __init__(self, files: Iterable[FileDecls], package: str = "") -> None:
        self.package = package
        self.files: list[FileDecls] = []
        self.types: dict[str, TypeDecl] = {}
        self.vars: dict[str, VarDecl] = {}
        self.funcs: dict[str, FuncDecl] = {}
        self.methods: dict[tuple[str, str], FuncDecl] = {}
        for fd in files:
            if package and fd.package and fd.package != package:
                continue  # an external test package (p_test) beside p
            self.files.append(fd)
            # setdefault: with build-tagged twins (x_linux.go, x_windows.go) the first one wins,
            # and the order is the sorted file order, so the answer is deterministic.
            for k, t in fd.types.items():
                self.types.setdefault(k, t)
            for k, v in fd.vars.items():
                self.vars.setdefault(k, v)
            for k, f in fd.funcs.items():
                self.funcs.setdefault(k, f)
            for km, m in fd.methods.items():
                self.methods.setdefault(km, m)

    # -- types ---------------------------------------------------------------------------------

    def underlying(self, t: GoType) -> GoType:
        """Follow local named types (and aliases) to the type they are defined as."""
        for _ in range(_MAX_DEPTH):
            if t.kind is not Kind.NAMED:
                return t
            if t.pkg:
                return stdlib.underlying(t) or t
            decl = self.types.get(t.name)
            if decl is None or decl.type.kind is Kind.UNKNOWN:
                return t
            t = decl.type
        return t

    def alias_target(self, t: GoType) -> GoType:
        """Resolve aliases only (`type A = sync.Pool` is sync.Pool; a defined type is not)."""
        for _ in range(_MAX_DEPTH):
            if t.kind is Kind.POINTER and t.elem is not None:
                return GoType(Kind.POINTER, elem=self.alias_target(t.elem))
            if t.kind is not Kind.NAMED or t.pkg:
                return t
            decl = self.types.get(t.name)
            if decl is None or not decl.alias:
                return t
            t = decl.type
        return t

    def struct_fields(self, t: GoType) -> tuple[GoType, ...] | None:
        """The struct a (pointer to a) type is, or None."""
        u = self.underlying(deref(self.alias_target(t)))
        return tuple(f.type for f in u.fields) if u.kind is Kind.STRUCT else None

    def struct_field_names(self, t: GoType) -> tuple[str, ...] | None:
        u = self.underlying(deref(self.alias_target(t)))
        return tuple(f.name for f in u.fields) if u.kind is Kind.STRUCT else None

    def field(self, t: GoType, name: str) -> GoType | None:
        """The type of field `name` of a value of type t (or *t), promoted through embedding."""
        found = self._find_field(t, name, 0, set())
        return found

    def _find_field(self, t: GoType, name: str, depth: int, seen: set[str]) -> GoType | None:
        if depth > _MAX_DEPTH:
            return None
        base = deref(self.alias_target(t))
        if base.kind is Kind.NAMED:
            if base.name in seen:
                return None
            seen = seen | {base.name}
        u = self.underlying(base)
        if u.kind is not Kind.STRUCT:
            return None
        for f in u.fields:
            if f.name == name:
                return f.type
        # Breadth: a shallower field hides deeper ones.
        for f in u.fields:
            if f.embedded:
                inner = self._find_field(f.type, name, depth + 1, seen)
                if inner is not None:
                    return inner
        return None

    def embedded_path(self, t: GoType, pkg: str, name: str) -> bool:
        """Whether a value of type t has the named type's methods promoted by embedding."""
        return self._embeds(t, pkg, name, 0, set())

    def _embeds(self, t: GoType, pkg: str, name: str, depth: int, seen: set[str]) -> bool:
        if depth > _MAX_DEPTH:
            return False
        base = deref(self.alias_target(t))
        if base.kind is Kind.NAMED and not base.pkg:
            if base.name in seen:
                return False
            seen = seen | {base.name}
        u = self.underlying(base)
        if u.kind is not Kind.STRUCT:
            return False
        for f in u.fields:
            if not f.embedded:
                continue
            ft = deref(self.alias_target(f.type))
            if ft.kind is Kind.NAMED and ft.pkg == pkg and ft.name == name:
                return True
            if self._embeds(f.type, pkg, name, depth + 1, seen):
                return True
        return False

    # -- values --------------------------------------------------------------------------------

    def var_type(self, name: str) -> GoType | None:
        v = self.vars.get(name)
        if v is None:
            return None
        return self.resolve(v.type)

    def resolve(self, t: GoType) -> GoType:
        """Replace a RESULT_OF placeholder with the function's result."""
        if t.kind is Kind.RESULT_OF:
            f = self.funcs.get(t.name)
            return stdlib.single(f.sig.results) if f is not None else UNKNOWN
        return t

    def method(self, t: GoType, name: str) -> FuncDecl | None:
        """The method `name` of a (pointer to a) local type, own or promoted by embedding."""
        return self._method(t, name, 0, set())

    def _method(self, t: GoType, name: str, depth: int, seen: set[str]) -> FuncDecl | None:
        base = deref(self.alias_target(t))
        if depth > _MAX_DEPTH or base.kind is not Kind.NAMED or base.pkg or base.name in seen:
            return None
        own = self.methods.get((base.name, name))
        if own is not None:
            return own
        seen = seen | {base.name}
        u = self.underlying(base)
        for f in u.fields if u.kind is Kind.STRUCT else ():
            if f.embedded:
                inner = self._method(f.type, name, depth + 1, seen)
                if inner is not None:
                    return inner
        return None

    def has_own_method(self, t: GoType, name: str) -> bool:
        return self.method(t, name) is not None

    def methods_of(self, type_name: str) -> Iterator[FuncDecl]:
        for (recv, _), fd in self.methods.items():
            if recv == type_name:
                yield fd

    def all_funcs(self) -> Iterator[FuncDecl]:
        yield from self.funcs.values()
        yield from self.methods.values()
