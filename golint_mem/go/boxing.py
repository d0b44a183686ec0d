"""Whether storing a value of some type in an interface allocates.

Pointer-shaped values (pointers, maps, channels, funcs, unsafe.Pointer, and structs or arrays
made of one pointer) sit in the interface word itself; one-byte values and zero-sized values come
from static memory; constants are stored statically. Everything else is copied to the heap.
"""

from __future__ import annotations

from golint_mem.go.index import PackageIndex
from golint_mem.go.types import GoType, Kind

_BOXED = frozenset((Kind.SLICE, Kind.ARRAY, Kind.STRUCT, Kind.BASIC))
_FREE_BASICS = frozenset(("bool", "byte", "int8", "uint8"))


def boxes(index: PackageIndex, t: GoType) -> bool:
    """True when converting a value of type t to an interface allocates.

    Unknown types, type parameters and untyped constants are never said to allocate.
    """
    t = index.alias_target(t)
    if t.kind is Kind.NAMED and t.pkg == "unsafe":
        return False
    u = index.underlying(t)
    if u.kind not in _BOXED:
        return False
    if u.kind is Kind.BASIC:
        return u.name not in _FREE_BASICS
    if u.kind is Kind.STRUCT:
        if not u.fields:
            # Zero-sized when it is really empty; a standard-library struct listed without its
            # fields (time.Time) is not empty.
            return t.kind is Kind.NAMED and bool(t.pkg)
        if len(u.fields) == 1:
            return _pointer_shaped(index, u.fields[0].type) is False
    if u.kind is Kind.ARRAY and u.name == "1" and u.elem is not None:
        return _pointer_shaped(index, u.elem) is False
    return not (u.kind is Kind.ARRAY and u.name == "0")


def _pointer_shaped(index: PackageIndex, t: GoType) -> bool | None:
    u = index.underlying(index.alias_target(t))
    if u.kind in (Kind.POINTER, Kind.MAP, Kind.CHAN, Kind.FUNC):
        return True
    if u.kind in (Kind.UNKNOWN, Kind.TYPEPARAM, Kind.NAMED):
        return None
    return False
