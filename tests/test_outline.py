"""The outline gives the same declarations as the whole file, or gives up."""

from __future__ import annotations

from pathlib import Path

import pytest

from golint_mem import treesitter
from golint_mem.go.decls import FileDecls
from golint_mem.go.extract import extract
from golint_mem.go.imports import Imports
from golint_mem.go.outline import declarations, outline
from tests.fixtures import TESTDATA

TRICKY = """package p

import "strings"

// Len is a one-liner; the next declaration starts right after it.
func (s S) Len() int { return len(s.x) }
type S struct{ x []int }

const src = `
func fake() {
}
`

var post = `
}
`

func stub(x int) int

func typed(a struct{ b int }, c interface{ M() }) (d struct {
	e string
}) {
	if a.b > 0 { return d }
	s := "}" + string('}') + `{`
	/* } */
	// }
	return d
}

func generic[T interface{ ~int }](x T) map[string]interface{} {
	return nil
}

var table = map[string]func() int{
	"a": func() int { return 1 },
}

func Last() (r string) {
	r = strings.Repeat("{", 3)
	return
}
"""


def _full(path: str, data: bytes) -> FileDecls:
    root = treesitter.parse(data).root_node
    return extract(path, root, data, Imports.from_root(root, data))


def _cases() -> list[tuple[str, bytes]]:
    cases = [("tricky.go", TRICKY.encode())]
    cases += [(str(p), p.read_bytes()) for p in sorted(TESTDATA.rglob("*.go"))]
    return cases


@pytest.mark.parametrize(
    ("path", "data"), _cases(), ids=lambda x: Path(x).name if isinstance(x, str) else ""
)
def test_same_declarations_as_the_whole_file(path: str, data: bytes) -> None:
    got = declarations(path, data, None)
    assert got is not None
    assert got == _full(path, data)


def test_bodies_are_dropped_and_lines_kept() -> None:
    data = TRICKY.encode()
    out = outline(data)
    assert out is not None
    assert len(out.text) < len(data)
    assert out.text.count(b"\n") == data.count(b"\n")
    assert b"strings.Repeat" not in out.text and b"return d" not in out.text
    assert b"func fake() {\n}" in out.text  # inside a raw string: untouched
    assert b"return 1" in out.text  # a func literal in a var: kept


@pytest.mark.parametrize(
    "broken",
    [
        "package p\n\nfunc f() {\n\ts := `never closed\n}\n",
        'package p\n\nfunc f() {\n\ts := "no end\n}\n',
        "package p\n\nfunc f() {\n\tif x {\n}\n",
    ],
)
def test_it_gives_up_rather_than_guess(broken: str) -> None:
    assert declarations("x.go", broken.encode(), None) is None
