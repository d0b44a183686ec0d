"""The per-package index: every package-level declaration of a directory's files, merged.

Lookups follow local named types to their definitions and promote fields and methods through
embedded fields, the way the Go spec does (to a bounded depth).

With a DeclSource the index is lazy: looking up a name loads only the files whose bytes contain
that identifier (a declaration of `x` spells `x`), so a one-file run in a package of fifty files
parses the few siblings it needs. Answers are the same as with every file loaded: when two files
declare a name (build-tagged twins), the first in the source's file order wins either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Protocol, TypeVar

from golint_mem.go import stdlib
from golint_mem.go.decls import FileDecls, FuncDecl, TypeDecl, VarDecl
from golint_mem.go.types import UNKNOWN, GoType, Kind, deref

_MAX_DEPTH = 6

K = TypeVar("K", str, tuple[str, str])
V = TypeVar("V", TypeDecl, VarDecl, FuncDecl)


class DeclSource(Protocol):
    """Where a lazy index gets the declarations of a package's files."""

    def declaring(self, name: str) -> Iterable[FileDecls]:
        """Every file that may declare `name` (its bytes hold the identifier), in file order."""
        ...

    def everything(self) -> Iterable[FileDecls]: ...

    def rank(self, path: str) -> int:
        """A file's place in the package's file order."""
        ...


class _Decls(Mapping[K, V]):
    """A read-only dict that loads the files that may declare a key's name on first lookup, in
    file order, up to the first that does (the one whose declaration wins); iterating over it
    loads every file."""

    __slots__ = ("_data", "_field", "_index", "_name")

    def __init__(self, index: PackageIndex, name: Callable[[K], str], field: str) -> None:
        self._data: dict[K, V] = {}
        self._index = index
        self._name: Callable[[K], str] = name
        self._field = field  # the FileDecls attribute these come from

    def __getitem__(self, key: K) -> V:
        self._index._find(self._field, self._name(key), key)
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        self._index._load_all()
        return iter(self._data)

    def __len__(self) -> int:
        self._index._load_all()
        return len(self._data)

    def _put(self, key: K, value: V, rank: Callable[[str], int]) -> None:
        old = self._data.get(key)
        if old is None or rank(value.file) < rank(old.file):
            self._data[key] = value


def _key_is_name(name: str) -> str:
    return name


def _method_name(key: tuple[str, str]) -> str:
    return key[1]


class PackageIndex:
    __slots__ = (
        "_complete",
        "_files",
        "_given",
        "_merged",
        "_ranks",
        "_rest",
        "_source",
        "_wanted",
        "funcs",
        "methods",
        "package",
        "types",
        "vars",
    )

    def __init__(
        self,
        files: Iterable[FileDecls] = (),
        package: str = "",
        source: DeclSource | None = None,
    ) -> None:
        self.package = package
        self.types: _Decls[str, TypeDecl] = _Decls(self, _key_is_name, "types")
        self.vars: _Decls[str, VarDecl] = _Decls(self, _key_is_name, "vars")
        self.funcs: _Decls[str, FuncDecl] = _Decls(self, _key_is_name, "funcs")
        self.methods: _Decls[tuple[str, str], FuncDecl] = _Decls(self, _method_name, "methods")
        self._source = source
        self._files: list[FileDecls] = []
        self._merged: set[str] = set()
        self._ranks: dict[str, int] = {}  # file order of the files given (no source)
        self._wanted: set[str] = set()
        self._given: dict[str, list[FileDecls]] = {}  # loaded for a name, not all yet
        self._rest: dict[str, Iterator[FileDecls]] = {}  # the files still to load for it
        self._complete = source is None
        for fd in files:
            self._merge(fd)

    @property
    def files(self) -> list[FileDecls]:
        self._load_all()
        return sorted(self._files, key=lambda fd: self._rank(fd.path))

    def _rank(self, path: str) -> int:
        if self._source is not None:
            return self._source.rank(path)
        return self._ranks[path]

    def _merge(self, fd: FileDecls) -> None:
        if fd.path in self._merged:
            return
        self._merged.add(fd.path)
        self._ranks.setdefault(fd.path, len(self._ranks))
        if self.package and fd.package and fd.package != self.package:
            return  # an external test package (p_test) beside p
        self._files.append(fd)
        # With build-tagged twins (x_linux.go, x_windows.go) the first file in order wins, so
        # the answer is deterministic and does not depend on which lookup loaded which file.
        rank = self._rank
        for k, t in fd.types.items():
            self.types._put(k, t, rank)
        for k, v in fd.vars.items():
            self.vars._put(k, v, rank)
        for k, f in fd.funcs.items():
            self.funcs._put(k, f, rank)
        for km, m in fd.methods.items():
            self.methods._put(km, m, rank)

    def _want(self, name: str) -> None:
        """Load every file that may declare `name`."""
        if self._complete or name in self._wanted:
            return
        for _ in self._declaring(name):
            pass

    def _find(self, field: str, name: str, key: object) -> None:
        """Load the files that may declare `name` in order, up to the first that declares `key`
        in `field`: an earlier file would win over it, a later one would not (twins)."""
        if self._complete or name in self._wanted:
            return
        for fd in self._declaring(name):
            if key in getattr(fd, field):
                return

    def _declaring(self, name: str) -> Iterator[FileDecls]:
        """The files that may declare `name`, in order, each merged when first given; the ones
        given before first. When they are all given, `name` is wanted."""
        seen = self._given.setdefault(name, [])
        yield from list(seen)
        rest = self._rest.get(name)
        if rest is None:
            assert self._source is not None
            rest = self._rest[name] = iter(self._source.declaring(name))
        for fd in rest:
            self._merge(fd)
            seen.append(fd)
            yield fd
        self._wanted.add(name)
        self._rest.pop(name, None)
        self._given.pop(name, None)

    def _load_all(self) -> None:
        if self._complete:
            return
        self._complete = True
        assert self._source is not None
        for fd in self._source.everything():
            self._merge(fd)

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
        self._want(type_name)  # a method declaration names its receiver's type
        for (recv, _), fd in self.methods._data.items():
            if recv == type_name:
                yield fd

    def named(self, name: str) -> list[FuncDecl]:
        """The package function and the methods called `name` (loads only the files that spell
        it, where all_funcs() loads every file)."""
        self._want(name)
        found = [m for (_, n), m in self.methods._data.items() if n == name]
        fn = self.funcs._data.get(name)
        return [fn, *found] if fn is not None else found

    def all_funcs(self) -> Iterator[FuncDecl]:
        yield from self.funcs.values()
        yield from self.methods.values()
