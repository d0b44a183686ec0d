"""GM202 beyond the fixtures: the escape sites it knows, one by one (the page is tested with
every other page in test_rule_pages.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from golint_mem.engine import Linter, LintFile, Settings


def lint(tmp_path: Path, go: str) -> list[str]:
    path = tmp_path / "x.go"
    path.write_text(go)
    result = Linter(Settings(selected=frozenset({"GM202"}))).lint_package(
        [LintFile(str(path), "x.go", True)]
    )
    assert not result.problems, result.problems
    return [d.message for d in result.diagnostics]


LOOP = """package p

import (
{imports}
)

{decls}

func f(lines [][]byte{params}) {{
\tfor _, b := range lines {{
\t\t{stmt}
\t}}
}}
"""


@pytest.mark.parametrize(
    ("imports", "decls", "params", "stmt", "site"),
    [
        ('"fmt"', "", "", 'fmt.Printf("%s", b)', "fmt.Printf"),
        ('"fmt"', "", "", "_ = fmt.Sprint(b[1:])", "fmt.Sprint"),
        ('l "log"', "", "", "l.Print(b)", "log.Print"),
        ('"log"', "", ", lg *log.Logger", 'lg.Printf("%s", b)', "log.Logger.Printf"),
        ('"sync/atomic"', "", ", v *atomic.Value", "v.Store(b)", "atomic.Value.Store"),
        ('"encoding/json"', "", ", e *json.Encoder", "e.Encode(b)", "json.Encoder.Encode"),
        (
            '"github.com/pkg/errors"',
            "",
            ", err error",
            'errors.Wrapf(err, "%s", b)',
            "errors.Wrapf",
        ),
        (
            '"fmt"',
            "type L struct{}\n\nfunc (L) Logf(f string, a ...any) { fmt.Printf(f, a...) }",
            ", l *L",
            'l.Logf("%s", b)',
            "Logf, which passes it to fmt.Printf",
        ),
        (
            '"fmt"',
            "func outer(a ...any) { inner(a...) }\n\nfunc inner(a ...any) { fmt.Println(a...) }",
            "",
            "outer(b)",
            "outer, which passes it to inner, which passes it to fmt.Println",
        ),
        (
            '"fmt"',
            "func one(v any) { fmt.Println(v) }",
            "",
            "one(b)",
            "one, which passes it to fmt.Println",
        ),
        ('"fmt"', "var sinks []any", "", "sinks = append(sinks, b, nil)", "an append to"),
        ('"fmt"', "type raw []byte", "", "fmt.Print(raw(b))", "fmt.Print"),
    ],
)
def test_escape_sites(
    tmp_path: Path, imports: str, decls: str, params: str, stmt: str, site: str
) -> None:
    go = LOOP.format(imports=imports, decls=decls, params=params, stmt=stmt)
    messages = lint(tmp_path, go)
    assert len(messages) == 1, messages
    assert f"is boxed for {site}" in messages[0]


@pytest.mark.parametrize(
    ("imports", "decls", "params", "stmt"),
    [
        ('"fmt"', "", "", 'fmt.Printf("%d", len(b))'),
        ('"fmt"', "", "", "fmt.Println(string(b))"),
        ('"fmt"', "type S struct{ f any }", "", "var s S\n\t\ts.f = b\n\t\t_ = s"),
        ('"fmt"', "func keep(v any) any { return v }", "", "keep(b)"),
        ('"fmt"', "func cycle(a ...any) { cycle(a...) }", "", "cycle(b)"),
        ('"sync"', "", ", m *sync.Map", "m.Load(string(b))"),
        ('"context"', "", ", ctx context.Context", 'ctx = context.WithValue(ctx, "k", "v")'),
        ('"fmt"', "", ", fn func(...any)", "fn(b)"),
        ('"fmt"', "", ", m map[string][]byte", 'm["k"] = b'),
        ('"fmt"', "", ", out chan []byte", "out <- b"),
    ],
)
def test_not_escape_sites(tmp_path: Path, imports: str, decls: str, params: str, stmt: str) -> None:
    go = LOOP.format(imports=imports, decls=decls, params=params, stmt=stmt)
    assert lint(tmp_path, go) == []
