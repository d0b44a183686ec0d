"""Hostile input, end to end: golint-mem runs unattended in CI over whatever a pull request holds.

For each input: no traceback, one line on stderr naming the path and the problem, every other
file linted with its findings printed, and the documented exit status (1 for findings, 2 when
something could not be linted or the configuration is wrong). Big inputs are generated here.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from golint_mem import cli
from golint_mem.go.file import MAX_DEPTH, MAX_NODES
from tests.cli import GOOD, GOOD_FINDING, PUT_FUNC, Run, go_file, golint_mem, write


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A directory with good/good.go, whose finding every run must still report."""
    write(tmp_path, "good/good.go", GOOD)
    return tmp_path


def one_problem(run: Run, pattern: str) -> str:
    """The single stderr line besides the summary; it must match `pattern`."""
    assert len(run.problems) == 1, run.err
    assert re.fullmatch(pattern, run.problems[0]), run.problems[0]
    return run.problems[0]


def assert_good_linted(run: Run) -> None:
    assert GOOD_FINDING in run.out.splitlines(), run.out


# -- strange files ------------------------------------------------------------------------------


def test_latin1_bytes_in_a_string(tree: Path) -> None:
    write(tree, "bad/latin1.go", b'package bad\n\nvar s = "caf\xe9"\n')
    run = golint_mem(tree)
    assert run.code == 2
    one_problem(run, r"bad/latin1\.go:3: not valid UTF-8 \(line 3, byte 25\)")
    assert_good_linted(run)


def test_nul_bytes(tree: Path) -> None:
    # Outside the damaged function the file is still linted.
    src = go_file("bad", PUT_FUNC.format(name="before"), "func damaged() {\x00\x00\x00}\n")
    write(tree, "bad/nul.go", src)
    run = golint_mem(tree)
    assert run.code == 1
    one_problem(run, r"bad/nul\.go:16: parse error \(no finding reported inside it\)")
    assert_good_linted(run)
    assert "bad/nul.go:13:14: GM101 buf is put back into bufPool without being reset" in run.out


def test_random_bytes(tree: Path) -> None:
    rnd = random.Random(20240601)
    write(tree, "bad/random.go", bytes(rnd.randrange(256) for _ in range(100_000)))
    run = golint_mem(tree)
    assert run.code == 2
    one_problem(run, r"bad/random\.go:\d+: not valid UTF-8 \(line \d+, byte \d+\)")
    assert_good_linted(run)


def test_random_text(tree: Path) -> None:
    """Valid UTF-8 that is not Go, with the words that make the rules look at it."""
    rnd = random.Random(7)
    words = ["Put(", "Get()", "{", "}", "(", ")", "func", "package", ":=", "é", "\n", "buf", " "]
    write(tree, "bad/text.go", "".join(rnd.choice(words) for _ in range(50_000)))
    run = golint_mem(tree)
    assert run.code == 1
    one_problem(run, r"bad/text\.go:\d+: parse error \(no finding reported inside it\)")
    assert_good_linted(run)


def test_empty_file(tree: Path) -> None:
    write(tree, "bad/empty.go", b"")
    run = golint_mem(tree)
    assert run.code == 1
    one_problem(run, r"bad/empty\.go: no package clause")
    assert_good_linted(run)


def test_bom_and_crlf_are_linted_like_plain_text(tmp_path: Path) -> None:
    """Same findings, lines, columns, line text and fingerprints as the plain file."""
    plain = go_file(
        "p",
        PUT_FUNC.format(name="f"),
        "func g(s string) {\n\tbuf := bufPool.Get().(*bytes.Buffer)\n\tbuf.WriteString(s)\n"
        "\tbufPool.Put(buf) //golintmem:ignore GM101 reset by the caller\n}\n",
        '// é\nfunc h(s string) { b := bufPool.Get().(*bytes.Buffer); b.WriteString("é"); '
        "bufPool.Put(b) }\n",
    )
    write(tmp_path, "plain/x.go", plain)
    write(tmp_path, "bom/x.go", b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode())
    runs = [golint_mem(tmp_path / d, "--format", "json") for d in ("plain", "bom")]
    assert runs[0].code == runs[1].code == 1
    assert runs[0].out == runs[1].out
    assert runs[0].problems == runs[1].problems == []
    rows = json.loads(runs[1].out)
    where = {(r["line"], r["column"], r["code"], r["justification"]) for r in rows}
    assert (13, 14, "GM101", None) in where
    assert (19, 14, "GM101", "reset by the caller") in where  # no \r in the reason
    h = plain.splitlines()[22]
    column = len(h[: h.index("Put(b)") + 4].encode()) + 1  # bytes: é counts twice
    assert (23, column, "GM101", None) in where
    text = golint_mem(tmp_path / "bom")
    assert "x.go:1:" not in text.out  # the BOM does not shift positions on line 1
    assert "x.go:13:14: GM101 buf is put back into bufPool without being reset" in text.out


def test_fifty_megabyte_file(tree: Path) -> None:
    """Over the size limit (default 20 MB): skipped with one line; its small sibling, which
    needs the package index, is linted without parsing the big one."""
    write(tree, "bad/small.go", go_file("bad", PUT_FUNC.format(name="small")))
    unit = "func f{n}(x int) int {{ return x*2 + {n} }}\n"
    body = "".join(unit.format(n=i) for i in range(1000))
    chunk = body.encode()
    count = 50_000_000 // len(chunk) + 1
    with open(tree / "bad" / "big.go", "wb") as fh:
        fh.write(b"package bad\n\n")
        for _ in range(count):  # repeated function names: nothing compiles it
            fh.write(chunk)
    size = (tree / "bad" / "big.go").stat().st_size
    assert size > 50_000_000
    started = time.monotonic()
    run = golint_mem(tree)
    assert time.monotonic() - started < 60
    assert run.code == 2
    one_problem(run, rf"bad/big\.go: skipped: {size:,} bytes is over the size limit")
    assert_good_linted(run)
    assert "bad/small.go:13:14: GM101 buf is put back into bufPool without being reset" in run.out
    (tree / "bad" / "big.go").unlink()  # pytest keeps the last runs' directories


def test_fifty_megabyte_generated_file_is_skipped_quietly(tree: Path) -> None:
    write(tree, "bad/small.go", go_file("bad", PUT_FUNC.format(name="small")))
    with open(tree / "bad" / "gen.go", "wb") as fh:
        fh.write(b"// Code generated by hand. DO NOT EDIT.\n\npackage bad\n\n")
        fh.write(b"var table = []int{\n" + b"\t1, 2, 3, 4, 5, 6, 7, 8, 9, 10,\n" * 1_600_000)
        fh.write(b"}\n")
    run = golint_mem(tree)
    assert run.code == 1
    assert run.problems == []
    assert_good_linted(run)
    assert "bad/small.go:13:14: GM101" in run.out
    (tree / "bad" / "gen.go").unlink()


def _nested_block(name: str, depth: int) -> str:
    return (
        f"func {name}(s string) {{\n\tbuf := bufPool.Get().(*bytes.Buffer)\n"
        + "{" * depth
        + "buf.WriteString(s)\n"
        + "}" * depth
        + "\n\tbufPool.Put(buf)\n}\n"
    )


def test_nesting_twenty_thousand_deep(tree: Path) -> None:
    """Parentheses, blocks and types 20,000 deep: no RecursionError, no crash in tree-sitter,
    no hang; the function holding a candidate is skipped by name, the rest of the file linted."""
    n = 20_000
    src = go_file(
        "bad",
        PUT_FUNC.format(name="shallow"),
        "func parens() int {\n\tx := " + "(" * n + "1" + ")" * n + "\n\treturn x\n}\n",
        _nested_block("blocks", n),
        "var deepPointer " + "*" * n + "int\n",
        "var deepSlice " + "[]" * n + "int\n",
        "var deepParens " + "(" * n + "int" + ")" * n + "\n",
        "type deepMap " + "map[string]" * n + "int\n",
        # Nested calls make tree-sitter's query cursor quadratic: 100,000 would take minutes.
        "var deepCall = " + "f(" * 5 * n + ")" * 5 * n + "\n",
        "var deepIndex = " + "x" + "[0]" * n + "\n",
        "var deepLiteral = " + "[]any{" * n + "}" * n + "\n",
        "var deepSum = 1" + " + 1" * n + "\n",
    )
    write(tree, "bad/deep.go", src)
    started = time.monotonic()
    run = golint_mem(tree)
    assert time.monotonic() - started < 60
    assert run.code == 2
    # Deep declarations that hold candidates of some rule: one line names the first (how many
    # more there are depends on which rules' prefilters and regions reach them).
    one_problem(
        run,
        rf"bad/deep\.go:\d+: skipped (func \w+|this var declaration): nested deeper than "
        rf"{MAX_DEPTH:,} levels( \(and \d+ more beyond the limits\))?",
    )
    assert_good_linted(run)
    assert "bad/deep.go:13:14: GM101 buf is put back into bufPool without being reset" in run.out


def test_nesting_just_below_the_limit_is_analysed(tree: Path) -> None:
    """Deeper than Python's recursion limit, shallower than the analysis limit: every rule
    runs, without an internal error, and finds what is there."""
    n = 1_500  # parentheses and indexes: one level each
    src = go_file(
        "bad",
        _nested_block("blocks", 900),  # a block and its statement list: two levels a brace
        "type T struct{ b []byte }\n\nfunc conversion() {\n\tbufPool.Put("
        + "(" * n
        + "*T"
        + ")" * n
        + "(nil))\n}\n",
        "func parens(v any) {\n\tbufPool.Put(" + "(" * n + "v" + ")" * n + ")\n}\n",
        "func index(pools [][][]sync.Pool, b *bytes.Buffer) {\n\tpools"
        + "[0]" * n
        + ".Put(b)\n}\n",
        "var deepPointer " + "*" * n + "int\n",
        "var deepSlice " + "[]" * n + "int\n",
        "type deepStruct " + "struct{ f " * n + "int" + "}" * n + "\n",
        # GM202 asks whether a branch is an error branch: a chain of && (hot.py recursed).
        "func chain(err error, b []byte) {\n\tfor {\n\t\tif "
        + " && ".join(["err != nil"] * n)
        + " {\n\t\t\tsink(b)\n\t\t}\n\t}\n}\n\nfunc sink(v any) {}\n",
    )
    write(tree, "bad/deep.go", src)
    run = golint_mem(tree)
    assert run.problems == []
    assert run.code == 1
    assert "bad/deep.go:14:14: GM101 buf is put back into bufPool" in run.out


def test_function_of_four_hundred_thousand_lines(tmp_path: Path) -> None:
    """A Put in a function too big to analyse: skipped by name, with the reason; a smaller
    function of the same file is linted."""
    lines = 400_000
    body = (
        "func huge(s string) {\n\tbuf := bufPool.Get().(*bytes.Buffer)\n\tx := 0\n"
        + "\tx = x + 1\n" * lines
        + "\tbuf.WriteString(s)\n\tbufPool.Put(buf)\n}\n"
    )
    write(tmp_path, "good/good.go", GOOD)
    write(tmp_path, "big/huge.go", go_file("big", PUT_FUNC.format(name="small"), body))
    started = time.monotonic()
    run = golint_mem(tmp_path)
    assert time.monotonic() - started < 60
    assert run.code == 2
    limit = f"{MAX_NODES:,}"
    one_problem(
        run, rf"big/huge\.go:16: skipped func huge: [\d,]+ syntax nodes, over the limit of {limit}"
    )
    assert_good_linted(run)
    assert "big/huge.go:13:14: GM101" in run.out


# -- strange paths ------------------------------------------------------------------------------


def test_directory_named_like_a_go_file(tree: Path) -> None:
    write(tree, "x.go/inner.go", go_file("inner", PUT_FUNC.format(name="f")))
    for pattern in ("./...", "x.go"):
        run = golint_mem(tree, pattern)
        assert run.problems == []
        assert run.code == 1
        assert "x.go/inner.go:13:14: GM101" in run.out
    assert_good_linted(golint_mem(tree))


def test_symlink_loop_and_link_out_of_the_root(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    write(root, "good/good.go", GOOD)
    write(outside, "o.go", go_file("o", PUT_FUNC.format(name="o")))
    (root / "good" / "loop").symlink_to(root)  # back up to the root: never followed in a loop
    (root / "good" / "self").symlink_to(".")
    (root / "out").symlink_to(outside)  # leaves the root: not followed by default
    (outside / "back").symlink_to(root)
    run = golint_mem(root)
    assert run.code == 1
    assert run.problems == []
    assert run.out.splitlines() == [
        GOOD_FINDING,
        "good/good.go:13:14: GM103 buf may have grown since Get and goes back into bufPool with "
        "no capacity limit: drop it when cap exceeds a bound (fmt uses 64<<10)",
    ]
    followed = golint_mem(root, "--follow-symlinks")
    assert followed.code == 1
    assert followed.problems == []
    assert [line.split(":")[0] for line in followed.out.splitlines()] == [
        "good/good.go",
        "good/good.go",
        "out/o.go",
        "out/o.go",
    ]


def _lint_in_process(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Run:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli.main, ["-j", "1", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return Run(result.exit_code, result.stdout, result.stderr)


def test_files_that_change_between_discovery_and_reading(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tree, "bad/gone.go", go_file("bad", PUT_FUNC.format(name="gone")))
    write(tree, "bad/dir.go", go_file("bad", PUT_FUNC.format(name="dir")))
    write(tree, "bad/kept.go", go_file("bad", PUT_FUNC.format(name="kept"), pool=False))
    from golint_mem import discover as discover_module

    real = discover_module.discover

    def discover_then_change(*args: object, **kwargs: object) -> discover_module.Discovery:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        (tree / "bad" / "gone.go").unlink()
        (tree / "bad" / "dir.go").unlink()
        (tree / "bad" / "dir.go").mkdir()
        return found

    monkeypatch.setattr(discover_module, "discover", discover_then_change)
    run = _lint_in_process(tree, monkeypatch)
    assert run.code == 2
    assert run.problems == [
        "bad/dir.go: cannot read: is a directory",
        "bad/gone.go: cannot read: no such file or directory",
    ]
    assert_good_linted(run)
    # kept.go uses bufPool, declared in gone.go: without it the pool is unknown, so no finding.
    assert "bad/kept.go" not in run.out


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tree: Path) -> None:
    path = write(tree, "bad/secret.go", go_file("bad", PUT_FUNC.format(name="f")))
    path.chmod(0)
    try:
        run = golint_mem(tree)
    finally:
        path.chmod(0o644)
    assert run.code == 2
    one_problem(run, r"bad/secret\.go: cannot read: permission denied")
    assert_good_linted(run)


def test_unreadable_file_in_process(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where permissions do not stop this process (root), an open() that fails stands in."""
    write(tree, "bad/secret.go", go_file("bad", PUT_FUNC.format(name="f")))
    real_open = open

    def guarded_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("secret.go"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", guarded_open)
    run = _lint_in_process(tree, monkeypatch)
    assert run.code == 2
    assert run.problems == ["bad/secret.go: cannot read: permission denied"]
    assert_good_linted(run)


def test_path_with_spaces_and_non_ascii(tree: Path) -> None:
    name = "dir with spaces/ünïcödé пакет/файл 1.go"
    write(tree, name, go_file("p", PUT_FUNC.format(name="f")))
    for pattern in ("./...", name, "dir with spaces/..."):
        run = golint_mem(tree, pattern)
        assert run.problems == []
        assert run.code == 1
        assert f"{name}:13:14: GM101 buf is put back into bufPool without being reset" in run.out
    rows = json.loads(golint_mem(tree, "--format", "json").out)
    assert name in {r["path"] for r in rows}


@pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
def test_file_name_that_is_not_utf8(tree: Path) -> None:
    """Printed as the bytes it is (as ls and go vet do), never a UnicodeEncodeError."""
    os.makedirs(tree / "bad")
    with open(os.path.join(os.fsencode(tree / "bad"), b"caf\xe9.go"), "w") as fh:
        fh.write(go_file("bad", PUT_FUNC.format(name="f")))
    run = golint_mem(tree)
    assert run.problems == []
    assert run.code == 1
    assert "bad/caf\udce9.go:13:14: GM101" in run.out
    assert_good_linted(run)
    for fmt in ("json", "github"):
        assert golint_mem(tree, "--format", fmt).code == 1
    out = golint_mem(tree, "-o", "report.txt")
    assert out.code == 1
    assert b"bad/caf\xe9.go:13:14: GM101" in (tree / "report.txt").read_bytes()


# -- configuration and command line ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("select = [GM1\n", r"\.golint-mem\.toml: Invalid value \(at line 1, column 11\)"),
        ('selekt = ["GM1"]\n', r"\.golint-mem\.toml: unknown key 'selekt' \(expected one of: .*\)"),
        (
            'select = "GM1"\n',
            r"\.golint-mem\.toml: select: expected a list of strings, got a string",
        ),
        ("tests = 1\n", r"\.golint-mem\.toml: tests: expected true or false, got an integer"),
        (
            'select = ["GM999"]\n',
            r"\.golint-mem\.toml: select: unknown rule code or prefix 'GM999'",
        ),
        ("[rules.GM999]\n", r"\.golint-mem\.toml: unknown key 'rules\.GM999' \(expected .*\)"),
        (
            "[rules.GM103]\nmax-capacity = true\n",
            r"\.golint-mem\.toml: rules\.GM103\.max-capacity: expected an integer, got a boolean",
        ),
        (b"select = ['\xff']\n", r"\.golint-mem\.toml: not valid UTF-8 \(byte 11\)"),
    ],
)
def test_broken_config(tree: Path, toml: str | bytes, message: str) -> None:
    write(tree, ".golint-mem.toml", toml)
    run = golint_mem(tree)
    assert run.code == 2
    assert run.out == ""
    one_problem(run, "golint-mem: error: " + message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "GM999"], "--select: unknown rule code or prefix 'GM999'"),
        (["--select", "GM101,XX1"], "--select: unknown rule code or prefix 'XX1'"),
        (["--ignore", "GM9"], "--ignore: unknown rule code or prefix 'GM9'"),
    ],
)
def test_unknown_code_on_the_command_line(tree: Path, args: list[str], message: str) -> None:
    run = golint_mem(tree, *args)
    assert run.code == 2
    assert run.out == ""
    one_problem(run, re.escape("golint-mem: error: " + message))


def test_pattern_outside_the_working_directory(tmp_path: Path) -> None:
    here = tmp_path / "here"
    write(here, "good/good.go", GOOD)
    write(tmp_path, "other/x.go", go_file("other", PUT_FUNC.format(name="f")))
    run = golint_mem(here, "./...", "../other/...")
    assert run.problems == []
    assert run.code == 1
    assert_good_linted(run)
    assert "../other/x.go:13:14: GM101 buf is put back into bufPool without being reset" in run.out
    absolute = golint_mem(here, "./...", str(tmp_path / "other" / "..."))
    assert absolute.out == run.out
    missing = golint_mem(here, "./...", "../missing/...")
    assert missing.code == 2
    one_problem(missing, r"\.\./missing/\.\.\.: no such file or directory")
    assert_good_linted(missing)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("nodir/report.txt", "cannot write nodir/report.txt: No such file or directory"),
        ("adir", "cannot write adir: Is a directory"),
    ],
)
def test_unwritable_output(tree: Path, output: str, message: str) -> None:
    (tree / "adir").mkdir()
    run = golint_mem(tree, "--output", output)
    assert run.code == 2
    assert run.out == ""
    one_problem(run, re.escape("golint-mem: error: " + message))
