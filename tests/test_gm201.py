"""GM201: its page, and the semantic pieces it stands on (fixtures live in testdata/GM201)."""

from __future__ import annotations

import pytest

from golint_mem.analysis.generics.elements import concrete
from golint_mem.analysis.generics.interfaces import mandated, params
from golint_mem.engine import Linter, LintFile, Settings
from golint_mem.go.file import FileContext
from golint_mem.go.index import PackageIndex
from golint_mem.go.package import Package, PackageFile
from golint_mem.go.types import EMPTY_INTERFACE, INT, STRING, GoType, Kind, named, slice_of
from golint_mem.pages import fenced_go, page, sections
from golint_mem.treesitter import walk


def lint(*files: str) -> list[str]:
    """GM201 messages for a package made of the given sources (the first one is linted)."""
    linter = Linter(Settings(selected=frozenset({"GM201"})))
    result = linter.lint_package(
        [
            LintFile(f"/virtual/p/f{i}.go", f"f{i}.go", i == 0, src.encode())
            for i, src in enumerate(files)
        ]
    )
    assert not result.problems, result.problems
    return [d.message for d in result.diagnostics]


def context(src: str) -> FileContext:
    data = src.encode()
    pkg = Package([PackageFile("/virtual/p/a.go", "a.go", lambda: data)])
    return pkg.trees.lint_tree("/virtual/p/a.go", data, None)


def test_page_example_gives_the_message_the_page_promises() -> None:
    (example,) = fenced_go(sections(page("GM201") or "")["Example"])
    assert lint(example) == ["xs only ever holds int: use ...int or a type parameter"]


CALLEE = """package p

func total(xs []any) int {
	s := 0
	for _, x := range xs {
		s += x.(int)
	}
	return s
}
"""


@pytest.mark.parametrize(
    ("caller", "found"),
    [
        ("func a() int { return total([]any{1, 2}) }", True),
        ("func a() int { v := []any{}; v = append(v, 3); return total(v) }", True),
        ("func a(v []any) int { return total(v) }", False),  # from outside: maybe decoded
        ("func a() int { v := []any{1}; _ = v[0]; return total(v) }", False),
        ("func a() int { return total([]any{1, 2.5}) }", False),
        ("var f = total", False),  # a function value
        ("func a() any { return []any{total} }", False),
    ],
)
def test_callers_in_another_file_decide(caller: str, found: bool) -> None:
    assert bool(lint(CALLEE, "package p\n\n" + caller + "\n")) is found


def test_callers_in_another_package_of_the_directory_hide_exported_functions() -> None:
    callee = CALLEE.replace("func total", "func Total") + "\nfunc use() int { return Total(nil) }\n"
    assert lint(callee.replace("package p", "package main")) != []
    assert lint(callee, "package p_test\n\nvar _ = p.Total\n") == []


def test_exported_methods_are_never_reported() -> None:
    src = (
        "package main\n\ntype t struct{ n int }\n\n"
        "func (x *t) NAME(xs ...any) {\n\tfor _, v := range xs {\n\t\tx.n += v.(int)\n\t}\n}\n\n"
        "func main() {\n\tvar x t\n\tx.NAME(1, 2)\n}\n"
    )
    assert lint(src.replace("NAME", "add")) == [
        "xs only ever holds int: use ...int or a type parameter"
    ]
    assert lint(src.replace("NAME", "Add")) == []  # may implement another package's interface


def test_declaring_identifiers_are_not_uses_of_what_they_shadow() -> None:
    ctx = context(
        "package p\n\nfunc f(v any) int {\n\tswitch v := v.(type) {\n\tcase int:\n"
        "\t\treturn v\n\t}\n\treturn 0\n}\n"
    )
    fn = next(n for n in walk(ctx.root) if n.type == "function_declaration")
    scope = ctx.scope_of(fn)
    assert scope is not None
    param = next(d for d in scope.decls["v"] if d.kind == "param")
    assert [ctx.text(u.parent) for u in scope.uses(param) if u.parent] == [
        "switch v := v.(type) {\n\tcase int:\n\t\treturn v\n\t}"
    ]


def test_concrete_types() -> None:
    index = PackageIndex([])
    assert concrete(index, INT) and concrete(index, slice_of(STRING))
    assert concrete(index, named("time", "Duration"))
    assert not concrete(index, EMPTY_INTERFACE)
    assert not concrete(index, named("io", "Reader"))  # not known: may be an interface
    assert not concrete(index, GoType(Kind.TYPEPARAM, name="T"))
    assert not concrete(index, named("", "error"))


def test_interface_mandated_signatures() -> None:
    ctx = context(
        "package p\n\ntype adder interface{ add(xs ...any) int }\n\ntype t struct{}\n\n"
        "func (t) add(xs ...any) int { return 0 }\n"
        "func (t) Errorf(format string, args ...any) {}\n"
        "func (t) other(xs ...any) {}\n"
    )
    decls = ctx.decls()
    index = PackageIndex([decls])
    assert params(decls.methods[("t", "Errorf")].sig) == "string, ...any"
    assert mandated(index, decls.methods[("t", "add")])
    assert mandated(index, decls.methods[("t", "Errorf")])
    assert not mandated(index, decls.methods[("t", "other")])
