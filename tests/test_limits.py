"""Internal errors and the guards against pathological input.

A rule that raises on one file is reported in one line naming the rule, the file and the
exception, and the run carries on (exit 2 at the end); the per-file guards (parse timeout, size
limit) and the per-declaration analysis limits (depth, size) skip what they must and say so.
"""

from __future__ import annotations

import dataclasses
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from golint_mem import cli, registry, treesitter
from golint_mem.engine import Linter, LintFile, Settings
from golint_mem.go import file
from golint_mem.go.file import FileContext, too_complex
from golint_mem.go.infer import ExprTyper
from golint_mem.go.package import Package, PackageFile
from golint_mem.go.scopes import FunctionScope
from golint_mem.go.syntax import FUNCTION_TYPES
from golint_mem.go.typereader import TypeReader
from golint_mem.go.types import GoType, Kind
from golint_mem.model import Finding
from golint_mem.registry import known_codes
from golint_mem.rule import Context, NoOptions
from golint_mem.rules import gm102_pool_put_non_pointer as gm102
from golint_mem.source import SourceFile
from tests.cli import GOOD, GOOD_FINDING, PUT_FUNC, Run, go_file, golint_mem, write
from tests.fixtures import TESTDATA

# -- a rule that raises ---------------------------------------------------------------------------


@pytest.fixture
def crashing_gm102(monkeypatch: pytest.MonkeyPatch) -> None:
    """GM102 raises on every file named crash.go and works as usual elsewhere."""
    real = gm102.RULE

    def check(ctx: Context[NoOptions]) -> Iterator[Finding]:
        if ctx.file.path.endswith("crash.go"):
            raise ValueError("boom")
        return real.check(ctx)

    crashing = dataclasses.replace(real, check=check)
    rules = tuple(crashing if r is real else r for r in registry.RULES)
    monkeypatch.setattr(registry, "RULES", rules)


def _invoke(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Run:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli.main, list(args))
    assert isinstance(result.exception, SystemExit), result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.usefixtures("crashing_gm102")
def test_rule_crash_is_one_line_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    write(tmp_path, "good/good.go", GOOD)
    boxed = "func boxed(b []byte) {\n\tbufPool.Put(b)\n}\n"
    write(tmp_path, "bad/crash.go", go_file("bad", PUT_FUNC.format(name="f"), boxed))
    write(tmp_path, "ok/ok.go", go_file("ok", boxed))
    run = _invoke(tmp_path, monkeypatch, "-j", jobs)
    assert run.code == 2
    assert run.problems == ["bad/crash.go: internal error in GM102: ValueError: boom"]
    lines = run.out.splitlines()
    assert GOOD_FINDING in lines
    # The other rules on the same file, and the same rule on other files, carry on.
    assert "bad/crash.go:13:14: GM101 buf is put back into bufPool without being reset" in lines
    assert any(line.startswith("ok/ok.go:11:14: GM102 bufPool.Put(b) boxes") for line in lines)
    assert not any(line.startswith("bad/crash.go:17:") for line in lines)


@pytest.mark.usefixtures("crashing_gm102")
def test_debug_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "bad/crash.go", go_file("bad", PUT_FUNC.format(name="f")))
    run = _invoke(tmp_path, monkeypatch, "-j", "1", "--debug")
    assert run.code == 2
    assert run.err.startswith("bad/crash.go: internal error in GM102: ValueError: boom\n")
    assert "Traceback (most recent call last):" in run.err
    assert 'raise ValueError("boom")' in run.err
    quiet = _invoke(tmp_path, monkeypatch, "-j", "1", "-q")
    assert quiet.err == "bad/crash.go: internal error in GM102: ValueError: boom\n"


# -- per-file guards ------------------------------------------------------------------------------


def _big_package(root: Path, functions: int) -> Path:
    bodies = [PUT_FUNC.format(name=f"f{i}") for i in range(functions)]
    return write(root, "big/big.go", go_file("big", *bodies))


def test_parse_timeout_skips_the_file(tmp_path: Path) -> None:
    write(tmp_path, "good/good.go", GOOD)
    _big_package(tmp_path, 60_000)  # 6 MB: parsing takes far longer than good.go's analysis
    run = golint_mem(tmp_path, "--timeout", "0.1")
    assert run.code == 2
    assert run.problems == ["big/big.go: skipped: parsing took longer than 0.1s"]
    assert run.out.splitlines()[0] == GOOD_FINDING
    assert all(line.startswith("good/good.go:") for line in run.out.splitlines())


def test_analysis_timeout_skips_the_file(tmp_path: Path) -> None:
    """Hundreds of Puts 1,900 levels deep, just inside the structural limits: each climb to a
    parent is slow there, and the whole would take minutes. The time limit cuts it short."""
    write(tmp_path, "good/good.go", GOOD)
    inner = "{\nbuf := bufPool.Get().(*bytes.Buffer)\nbuf.WriteString(s)\nbufPool.Put(buf)\n}\n"
    body = "func f(s string) {\n" + "{" * 950 + "\n" + inner * 200 + "}" * 950 + "\n}\n"
    write(tmp_path, "deep/deep.go", go_file("deep", body))
    started = time.monotonic()
    run = golint_mem(tmp_path, "--timeout", "1")
    assert time.monotonic() - started < 30
    assert run.code == 2
    assert run.problems == ["deep/deep.go: skipped: analysis took longer than 1s"]
    assert all(line.startswith("good/good.go:") for line in run.out.splitlines())
    assert GOOD_FINDING in run.out.splitlines()


def test_size_limit_skips_the_file(tmp_path: Path) -> None:
    write(tmp_path, "good/good.go", GOOD)
    size = _big_package(tmp_path, 20).stat().st_size
    run = golint_mem(tmp_path, "--max-file-size", "2000")
    assert run.code == 2
    assert run.problems == [f"big/big.go: skipped: {size:,} bytes is over the size limit"]
    assert all(line.startswith("good/good.go:") for line in run.out.splitlines())
    assert golint_mem(tmp_path, "--max-file-size", str(size)).problems == []


def test_a_sibling_over_the_size_limit_is_never_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The package index parses siblings; one too big to lint is not parsed for it either."""
    small = write(tmp_path, "small.go", go_file("p", PUT_FUNC.format(name="f")))
    big = _big_package(tmp_path, 30)
    parsed: list[int] = []
    real = treesitter.parse

    def parse(
        data: bytes, timeout: float | None = None, ranges: list[tuple[int, int]] | None = None
    ) -> treesitter.Tree:
        parsed.append(len(data))
        return real(data, timeout, ranges)

    monkeypatch.setattr(treesitter, "parse", parse)
    limit = big.stat().st_size - 1
    linter = Linter(Settings(selected=known_codes(), max_bytes=limit))
    result = linter.lint_package(
        [LintFile(str(small), "small.go", True), LintFile(str(big), "big.go", True)]
    )
    assert [p.render() for p in result.problems] == [
        f"big.go: skipped: {limit + 1:,} bytes is over the size limit"
    ]
    assert [d.code for d in result.diagnostics] == ["GM101", "GM103"]
    assert parsed and max(parsed) <= limit


# -- per-declaration analysis limits --------------------------------------------------------------


def _root(src: str) -> treesitter.Node:
    return treesitter.parse(src.encode()).root_node


def test_too_complex_names_depth_and_size(monkeypatch: pytest.MonkeyPatch) -> None:
    shallow, deep = (
        _root("package p\nfunc f() {" + "{" * n + "}" * n + "}\n").named_children[1]
        for n in (10, 50)
    )
    monkeypatch.setattr(file, "MAX_DEPTH", 60)
    assert too_complex(shallow) is None
    assert too_complex(deep) == "nested deeper than 60 levels"
    monkeypatch.setattr(file, "MAX_NODES", 20)
    assert too_complex(shallow) == (
        f"{shallow.descendant_count:,} syntax nodes, over the limit of 20"
    )


def _fixture_roots() -> list[tuple[bytes, treesitter.Node]]:
    out = []
    for path in sorted(TESTDATA.rglob("*.go")):
        data = path.read_bytes()
        out.append((data, treesitter.parse(data).root_node))
    return out


def _depth(node: treesitter.Node) -> int:
    return max((1 + _depth(c) for c in node.children), default=0)


def test_deeper_than_agrees_with_a_recursive_depth() -> None:
    for _, root in _fixture_roots():
        for decl in root.named_children:
            depth = _depth(decl)
            assert not treesitter.deeper_than(decl, depth)
            assert treesitter.deeper_than(decl, depth - 1) == (depth > 0)


def test_walk_range_is_walk_restricted_to_the_range() -> None:
    rnd = random.Random(3)
    for data, root in _fixture_roots():
        nodes = list(treesitter.walk(root))
        for _ in range(50):
            start = rnd.randrange(len(data))
            end = rnd.randrange(start, len(data) + 1)
            want = [n for n in nodes if n.end_byte > start and n.start_byte < end]
            got = list(treesitter.walk_range(root, start, end))
            assert [(n.start_byte, n.end_byte, n.type) for n in got] == [
                (n.start_byte, n.end_byte, n.type) for n in want
            ]


def _innermost_function(node: treesitter.Node) -> treesitter.Node | None:
    cur = node.parent
    while cur is not None and cur.type not in FUNCTION_TYPES:
        cur = cur.parent
    return cur


def test_resolve_picks_the_innermost_declaration() -> None:
    """The indexed lookup gives what scanning every declaration gives, on every identifier;
    each declaration knows the innermost function holding it."""
    checked = 0
    for data, root in _fixture_roots():
        reader = TypeReader(data, lambda _: None)
        for fn in root.named_children:
            if fn.type not in ("function_declaration", "method_declaration"):
                continue
            scope = FunctionScope(fn, data, reader)
            for name, idents in scope.idents.items():
                for ident in idents:
                    best = None
                    for d in scope.decls.get(name, ()):
                        lo, hi = d.scope
                        if lo <= ident.start_byte < hi and (best is None or lo >= best.scope[0]):
                            best = d
                    assert scope.resolve(name, ident.start_byte) is best
                    checked += 1
            for decls in scope.decls.values():
                for d in decls:
                    if d.func is not None and d.kind in ("short", "var", "const", "range"):
                        assert d.func == _innermost_function(d.node), (d.name, d.offset)
    assert checked > 500


def test_long_method_chain_is_typed_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typing `x.F().F()...` looked at each callee's operand twice, exponential up to the depth
    type inference goes (about a second for each such argument); memoised, it is linear."""
    chain = "x" + ".F()" * 40
    src = go_file("p", f"func f(x any) {{\n\tsink({chain})\n}}\n", "func sink(v any) {}\n")
    data = src.encode()
    linter = Linter(Settings(selected=known_codes()))
    package = Package([PackageFile("/p/p.go", "p.go", lambda: data)])
    ctx = FileContext(SourceFile("/p/p.go", data), treesitter.parse(data), package)
    call = next(n for n in treesitter.walk(ctx.root) if ctx.text(n) == chain)
    calls = 0
    real = ExprTyper._call

    def counting(self: ExprTyper, node: treesitter.Node, depth: int) -> GoType:
        nonlocal calls
        calls += 1
        return real(self, node, depth)

    monkeypatch.setattr(ExprTyper, "_call", counting)
    assert ctx.typer.type_of(call).kind is Kind.UNKNOWN
    assert calls < 500
    assert linter.lint_package([LintFile("/p/p.go", "p.go", True, data)]).problems == []


def test_uses_in_a_function_with_thousands_of_blocks(tmp_path: Path) -> None:
    """The same name declared in 3,000 blocks: linear, not quadratic (minutes before)."""
    block = (
        "\t{\n\t\tbuf := bufPool.Get().(*bytes.Buffer)\n\t\tbuf.WriteString(s)\n"
        "\t\tbufPool.Put(buf)\n\t}\n"
    )
    write(tmp_path, "p.go", go_file("p", "func f(s string) {\n" + block * 3000 + "}\n"))
    run = golint_mem(tmp_path, "--select", "GM101,GM103", timeout=60)
    assert run.code == 1
    puts = run.out.splitlines()
    assert len(puts) == 6000
    assert re.fullmatch(r"p\.go:14:15: GM101 buf is put back into bufPool .*", puts[0])
