"""A file's imports: which local name stands for which import path."""

from __future__ import annotations

import re

from golint_mem.treesitter import Node

_VERSION = re.compile(r"^v\d+$")
_GOPKG_VERSION = re.compile(r"\.v\d+$")


def default_name(path: str) -> str:
    """The package name an import path most likely declares (no toolchain to ask).

    `github.com/x/y/v2` declares `y`, `gopkg.in/yaml.v3` declares `yaml`, `github.com/x/go-foo`
    usually declares `foo`.
    """
    parts = path.split("/")
    last = parts[-1]
    if _VERSION.match(last) and len(parts) > 1:
        last = parts[-2]
    last = _GOPKG_VERSION.sub("", last)
    if last.startswith("go-"):
        last = last[3:]
    if last.endswith("-go"):
        last = last[:-3]
    return last.replace("-", "_").replace(".", "_")


class Imports:
    __slots__ = ("by_name", "dot")

    def __init__(self) -> None:
        self.by_name: dict[str, str] = {}
        self.dot: list[str] = []  # paths imported with `.`

    @classmethod
    def from_root(cls, root: Node, data: bytes) -> Imports:
        imports = cls()
        for decl in root.named_children:
            if decl.type in ("package_clause", "comment"):
                continue
            if decl.type != "import_declaration":
                break  # imports come first in a Go file
            specs = decl.named_children
            if specs and specs[0].type == "import_spec_list":
                specs = specs[0].named_children
            for spec in specs:
                if spec.type == "import_spec":
                    imports._add(spec, data)
        return imports

    def _add(self, spec: Node, data: bytes) -> None:
        path_node = spec.child_by_field_name("path")
        if path_node is None:
            return
        path = data[path_node.start_byte + 1 : path_node.end_byte - 1].decode("utf-8", "replace")
        name_node = spec.child_by_field_name("name")
        if name_node is None:
            self.by_name[default_name(path)] = path
            return
        name = data[name_node.start_byte : name_node.end_byte].decode("utf-8", "replace")
        if name == ".":
            self.dot.append(path)
        elif name != "_":
            self.by_name[name] = path

    def path(self, name: str) -> str | None:
        """The import path `name` refers to at file level, or None when it is not an import."""
        return self.by_name.get(name)

    def name_of(self, path: str) -> str | None:
        for name, p in self.by_name.items():
            if p == path:
                return name
        return None

    def imports(self, path: str) -> bool:
        return path in self.by_name.values() or path in self.dot
