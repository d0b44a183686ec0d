"""A small model of Go types (typereader.py builds them from type syntax); enough to tell a pool
from a slice.

Named types carry the import path of their package ("" for the package being checked), so a
local type that happens to be called `Pool` is never `sync.Pool`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
