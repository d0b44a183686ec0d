"""The same input gives byte-identical output: across runs, worker counts, the cache, the order
the file system lists entries in, and the spelling of the patterns."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli import GOOD, PUT_FUNC, Run, go_file, golint_mem, write
from tests.fixtures import TESTDATA


def _project(root: Path, reverse: bool = False) -> Path:
    """testdata's packages plus files that produce problems: findings, suppressed findings,
    parse notices and errors, in several packages. `reverse` creates everything in the opposite
    order, so directory entries come back from the file system in another order."""
    files: list[tuple[str, bytes]] = [
        (f"pkg/{p.parent.name.lower()}/{p.name}", p.read_bytes())
        for p in sorted(TESTDATA.rglob("*.go"))
    ]
    files += [
        ("good/good.go", GOOD.encode()),
        ("bad/latin1.go", b'package bad\n\nvar s = "caf\xe9"\n'),
        ("bad/broken.go", go_file("bad", PUT_FUNC.format(name="f"), "func g() {\n").encode()),
        ("bad/empty.go", b""),
        ("z/a/b/c.go", go_file("c", PUT_FUNC.format(name="f")).encode()),
    ]
    files += [
        (f"many/m{i}.go", go_file("many", PUT_FUNC.format(name=f"f{i}")).encode())
        for i in range(30)
    ]
    for name, data in reversed(files) if reverse else files:
        write(root, name, data)
    return root


def _variants() -> list[list[str]]:
    # The first run fills the result cache and later ones replay it; --no-cache runs lint afresh.
    return [
        ["-j", "1"],
        ["-j", "2"],
        ["-j", "8"],
        ["-j", "1", "--no-cache"],
        ["-j", "8", "--no-cache"],
    ]


def _key(run: Run) -> tuple[int, str, str]:
    return (run.code, run.out, run.err)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_same_output_whatever_the_jobs_and_the_cache(tmp_path: Path, fmt: str) -> None:
    root = _project(tmp_path)
    runs = [golint_mem(root, "--format", fmt, *args) for args in _variants()]
    runs.append(golint_mem(root, "--format", fmt, *_variants()[0]))  # run twice
    first = runs[0]
    assert first.code == 2
    assert first.out.count("\n") > 30
    assert "bad/latin1.go:3: not valid UTF-8" in first.err
    for run in runs[1:]:
        assert _key(run) == _key(first)


def test_same_output_whatever_the_file_system_order(tmp_path: Path) -> None:
    one = _project(tmp_path / "one")
    two = _project(tmp_path / "two", reverse=True)
    for args in (["-j", "1"], ["-j", "2"], ["--format", "json"]):
        assert _key(golint_mem(one, *args)) == _key(golint_mem(two, *args))


def test_same_output_in_a_copy_made_in_another_order(tmp_path: Path) -> None:
    """A copy made file by file in reverse order, then read back: same bytes out."""
    one = _project(tmp_path / "one")
    two = tmp_path / "two"
    for path in sorted(one.rglob("*"), reverse=True):
        target = two / path.relative_to(one)
        if path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    assert _key(golint_mem(one)) == _key(golint_mem(two))


def test_paths_print_the_same_whatever_the_pattern_spelling(tmp_path: Path) -> None:
    write(tmp_path, "x/a.go", go_file("x", PUT_FUNC.format(name="f")))
    write(tmp_path, "x/b.go", go_file("x", PUT_FUNC.format(name="g"), pool=False))
    write(tmp_path, "x/bad.go", b'package x\n\nvar s = "\xff"\n')
    spellings = [
        "./x/...",
        "x/...",
        "x/",
        "x",
        "./x",
        "./x/",
        "x/./",
        "./x/../x/...",
        str(tmp_path / "x"),
        str(tmp_path / "x") + "/...",
        "x/a.go",
        "./x/a.go",
    ]
    runs = {s: golint_mem(tmp_path, s) for s in spellings}
    first = runs["./x/..."]
    assert first.code == 2
    assert first.out.startswith("x/a.go:13:14: GM101 ")
    assert first.problems == ["x/bad.go:3: not valid UTF-8 (line 3, byte 20)"]
    for spelling, run in runs.items():
        if spelling.endswith("a.go"):  # one file: same lines for it, no word about bad.go
            mine = [line for line in first.out.splitlines() if line.startswith("x/a.go:")]
            assert run.out.splitlines() == mine, spelling
        else:
            assert _key(run) == _key(first), spelling


def test_paths_under_a_subdirectory_keep_their_spelling(tmp_path: Path) -> None:
    """Run from inside the tree or from above it: paths are relative to where it runs."""
    write(tmp_path, "top/x/a.go", go_file("x", PUT_FUNC.format(name="f")))
    inside = golint_mem(tmp_path / "top", "./...")
    above = golint_mem(tmp_path, "top/...")
    assert inside.out.replace("x/a.go", "top/x/a.go") == above.out
    assert inside.out.startswith("x/a.go:13:14: GM101 ")
