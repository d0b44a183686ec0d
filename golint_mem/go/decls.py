"""The package-level declarations of one file, as plain data (strings, offsets, GoType).

Nothing here holds a tree-sitter node: the index outlives the trees it was built from.
extract.py reads them from a tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from golint_mem.go.types import GoType


@dataclass(frozen=True, slots=True)
class FuncDecl:
    name: str
    recv: str  # the receiver's base type name; "" for a plain function
    recv_pointer: bool
    recv_name: str
    sig: GoType  # Kind.FUNC
    param_names: tuple[str, ...]
    file: str
    start: int  # the declaration's byte span in `file`
    end: int
    doc: str = ""  # the comment lines directly above, joined with newlines

    @property
    def key(self) -> str:
        return f"{self.recv}.{self.name}" if self.recv else self.name


@dataclass(frozen=True, slots=True)
class TypeDecl:
    name: str
    type: GoType  # the type it is defined as (or stands for, when an alias)
    alias: bool
    typeparams: tuple[str, ...]
    file: str
    start: int


@dataclass(frozen=True, slots=True)
class VarDecl:
    name: str
    type: GoType  # declared, or what the initializer shows; may be RESULT_OF or UNKNOWN
    file: str
    start: int
    const: bool = False


@dataclass(slots=True)
class FileDecls:
    path: str
    package: str = ""
    types: dict[str, TypeDecl] = field(default_factory=dict)
    vars: dict[str, VarDecl] = field(default_factory=dict)
    funcs: dict[str, FuncDecl] = field(default_factory=dict)
    methods: dict[tuple[str, str], FuncDecl] = field(default_factory=dict)
