from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from golint_mem.discover import Discovery, GoFile, Package, discover, display_path
from golint_mem.model import ProblemKind


def make(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("package p\n")


def files(result: Discovery) -> list[tuple[str, bool]]:
    return [(f.display, f.lint) for p in result.packages for f in p.files]


def linted(result: Discovery) -> list[str]:
    """Display paths of the files to lint, in output order (by package, then file)."""
    return [display for display, lint in files(result) if lint]


def dirs(result: Discovery, cwd: Path) -> list[str]:
    return [display_path(p.dir, str(cwd)) for p in result.packages]


def errors(result: Discovery) -> list[str]:
    return [p.render() for p in result.problems if p.kind is ProblemKind.ERROR]


def notices(result: Discovery) -> list[str]:
    return [p.render() for p in result.problems if p.kind is ProblemKind.NOTICE]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    make(tmp_path, "main.go", "pkg/b.go", "pkg/a.go", "pkg/a_test.go", "pkg/sub/c.go")
    return tmp_path


def test_recursive_pattern_lists_every_package(tree: Path) -> None:
    result = discover(["./..."], cwd=str(tree))
    assert result.problems == []
    assert dirs(result, tree) == [".", "pkg", "pkg/sub"]
    assert files(result) == [
        ("main.go", True),
        ("pkg/a.go", True),
        ("pkg/a_test.go", True),
        ("pkg/b.go", True),
        ("pkg/sub/c.go", True),
    ]


def test_paths_are_absolute_and_dirs_hold_them(tree: Path) -> None:
    result = discover(["./..."], cwd=str(tree))
    pkg = result.packages[1]
    assert pkg.dir == str(tree / "pkg")
    assert pkg.files[0] == GoFile(str(tree / "pkg" / "a.go"), "pkg/a.go", True)


@pytest.mark.parametrize("pattern", ["./pkg/...", "pkg/...", "pkg/./...", "./pkg/../pkg/..."])
def test_recursive_spellings_agree(tree: Path, pattern: str) -> None:
    result = discover([pattern], cwd=str(tree))
    assert linted(result) == ["pkg/a.go", "pkg/a_test.go", "pkg/b.go", "pkg/sub/c.go"]


@pytest.mark.parametrize("pattern", ["pkg", "pkg/", "./pkg", "./pkg/", "<absolute>"])
def test_directory_means_its_own_files_only(tree: Path, pattern: str) -> None:
    if pattern == "<absolute>":
        pattern = str(tree / "pkg")
    result = discover([pattern], cwd=str(tree))
    assert result.problems == []
    assert linted(result) == ["pkg/a.go", "pkg/a_test.go", "pkg/b.go"]


def test_bare_dots_mean_everything_under_cwd(tree: Path) -> None:
    assert files(discover(["..."], cwd=str(tree))) == files(discover(["./..."], cwd=str(tree)))


def test_dot_is_the_cwd_package(tree: Path) -> None:
    result = discover(["."], cwd=str(tree))
    assert files(result) == [("main.go", True)]
    assert dirs(result, tree) == ["."]


def test_named_file_brings_its_siblings_unlinted(tree: Path) -> None:
    result = discover(["pkg/b.go"], cwd=str(tree))
    assert result.problems == []
    assert [p.dir for p in result.packages] == [str(tree / "pkg")]
    assert files(result) == [("pkg/a.go", False), ("pkg/a_test.go", False), ("pkg/b.go", True)]


def test_named_file_wins_over_sibling_in_either_order(tree: Path) -> None:
    for patterns in (["pkg/a.go", "./pkg/b.go"], ["./pkg/b.go", "pkg/a.go"]):
        result = discover(patterns, cwd=str(tree))
        assert files(result) == [("pkg/a.go", True), ("pkg/a_test.go", False), ("pkg/b.go", True)]


def test_overlapping_patterns_list_each_file_once(tree: Path) -> None:
    result = discover(["./...", "pkg", "pkg/b.go", "./pkg/...", "./..."], cwd=str(tree))
    assert files(result) == files(discover(["./..."], cwd=str(tree)))
    assert len(result.packages) == 3


def test_directory_named_like_a_go_file_is_a_directory(tmp_path: Path) -> None:
    make(tmp_path, "x.go/inner.go", "x.go/deep/d.go", "top.go")
    direct = discover(["x.go"], cwd=str(tmp_path))
    assert files(direct) == [("x.go/inner.go", True)]
    assert direct.packages[0].dir == str(tmp_path / "x.go")
    walked = discover(["./..."], cwd=str(tmp_path))
    assert linted(walked) == ["top.go", "x.go/inner.go", "x.go/deep/d.go"]
    assert [p.files for p in walked.packages if p.dir == str(tmp_path)] == [
        (GoFile(str(tmp_path / "top.go"), "top.go", True),)
    ]


def test_walk_skips_hidden_underscore_testdata_and_vendor(tmp_path: Path) -> None:
    make(
        tmp_path,
        "a.go",
        ".hidden/h.go",
        "_old/o.go",
        "testdata/t.go",
        "vendor/v.go",
        "pkg/testdata/pt.go",
        "pkg/vendor/pv.go",
        "pkg/p.go",
    )
    assert linted(discover(["./..."], cwd=str(tmp_path))) == ["a.go", "pkg/p.go"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("testdata/...", ["testdata/t.go"]),
        ("./.hidden/...", [".hidden/h.go"]),
        ("_old/...", ["_old/o.go"]),
        ("./vendor/...", ["vendor/v.go", "vendor/foo/f.go"]),
        ("vendor/foo/...", ["vendor/foo/f.go"]),
        ("vendor", ["vendor/v.go"]),
    ],
)
def test_pattern_root_is_never_skipped_for_its_name(
    tmp_path: Path, pattern: str, expected: list[str]
) -> None:
    make(
        tmp_path,
        ".hidden/h.go",
        "_old/o.go",
        "testdata/t.go",
        "vendor/v.go",
        "vendor/foo/f.go",
        "vendor/foo/vendor/nested.go",  # a vendor directory below the root still is skipped
    )
    result = discover([pattern], cwd=str(tmp_path))
    assert result.problems == []
    assert linted(result) == expected


def test_files_named_dot_or_underscore_are_ignored_entirely(tmp_path: Path) -> None:
    make(tmp_path, "a.go", "_gen.go", ".swap.go", "notgo.txt", "go")
    assert files(discover(["."], cwd=str(tmp_path))) == [("a.go", True)]
    assert files(discover(["a.go"], cwd=str(tmp_path))) == [("a.go", True)]


def test_named_ignored_file_is_a_notice_not_an_error(tmp_path: Path) -> None:
    make(tmp_path, "a.go", "_gen.go")
    result = discover(["_gen.go"], cwd=str(tmp_path))
    assert result.packages == []
    assert errors(result) == []
    assert notices(result) == ["_gen.go: ignored, like every file named .* or _*"]


def test_tests_false_keeps_test_files_as_siblings(tree: Path) -> None:
    result = discover(["./pkg"], cwd=str(tree), tests=False)
    assert files(result) == [("pkg/a.go", True), ("pkg/a_test.go", False), ("pkg/b.go", True)]


def test_package_of_only_tests_with_tests_off_is_an_error(tmp_path: Path) -> None:
    make(tmp_path, "t/x_test.go", "t/y_test.go")
    result = discover(["./t"], cwd=str(tmp_path), tests=False)
    assert result.packages == []
    assert errors(result) == ["./t: matched no Go files to lint (all 2 are tests or excluded)"]


def test_named_test_file_with_tests_off_is_a_notice(tree: Path) -> None:
    result = discover(["pkg/a_test.go"], cwd=str(tree), tests=False)
    assert result.packages == []
    assert errors(result) == []
    assert notices(result) == ["pkg/a_test.go: not linted: a test file"]


def test_exclude_unlints_files_and_prunes_directories(tmp_path: Path) -> None:
    make(tmp_path, "a.go", "a.pb.go", "gen/g.go", "gen/deep/d.go", "keep/k.go")
    asked: list[str] = []

    def exclude(path: str) -> bool:
        asked.append(path)
        rel = os.path.relpath(path, tmp_path).replace(os.sep, "/")
        return rel.endswith(".pb.go") or path.endswith(os.sep + "gen/")

    result = discover(["./..."], cwd=str(tmp_path), exclude=exclude)
    assert files(result) == [("a.go", True), ("a.pb.go", False), ("keep/k.go", True)]
    assert str(tmp_path / "gen") + "/" in asked
    assert not any("deep" in path for path in asked)  # pruned, never entered
    assert all(os.path.isabs(path) for path in asked)


def test_named_excluded_file_is_a_notice_and_unlinted(tmp_path: Path) -> None:
    make(tmp_path, "a.go", "b.go")
    result = discover(["a.go", "b.go"], cwd=str(tmp_path), exclude=lambda p: p.endswith("a.go"))
    assert files(result) == [("a.go", False), ("b.go", True)]
    assert errors(result) == []
    assert notices(result) == ["a.go: not linted: excluded"]


def test_everything_excluded_is_an_error(tmp_path: Path) -> None:
    make(tmp_path, "a.go")
    result = discover(["./..."], cwd=str(tmp_path), exclude=lambda p: True)
    assert result.packages == []
    assert errors(result) == ["./...: matched no Go files to lint (all 1 are tests or excluded)"]


def test_symlink_loops_terminate(tmp_path: Path) -> None:
    make(tmp_path, "a.go", "sub/b.go")
    (tmp_path / "self").symlink_to(tmp_path)
    (tmp_path / "sub" / "up").symlink_to("..")
    (tmp_path / "sub" / "again").symlink_to(tmp_path / "sub")
    for follow in (False, True):
        result = discover(["./..."], cwd=str(tmp_path), follow_symlinks=follow)
        assert linted(result) == ["a.go", "sub/b.go"]


def test_real_path_wins_over_symlinked_path_inside_root(tmp_path: Path) -> None:
    # "a-link" sorts before "z", so a naive walk would list the package under the link.
    make(tmp_path, "z/real/r.go")
    (tmp_path / "a-link").symlink_to(tmp_path / "z" / "real")
    assert linted(discover(["./..."], cwd=str(tmp_path))) == ["z/real/r.go"]


def test_symlink_to_pruned_directory_inside_root_is_followed(tmp_path: Path) -> None:
    make(tmp_path, "_impl/i.go")
    (tmp_path / "impl").symlink_to(tmp_path / "_impl")
    assert linted(discover(["./..."], cwd=str(tmp_path))) == ["impl/i.go"]


def test_symlink_leaving_the_root_is_followed_only_when_asked(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    make(root, "a.go")
    make(outside, "o.go", "deeper/d.go")
    (root / "ext").symlink_to(outside)
    (outside / "back").symlink_to(root)  # following it must not loop
    cwd = str(root)
    assert linted(discover(["./..."], cwd=cwd)) == ["a.go"]
    followed = discover(["./..."], cwd=cwd, follow_symlinks=True)
    assert linted(followed) == ["a.go", "ext/o.go", "ext/deeper/d.go"]
    assert followed.packages[2].files[0].path == str(root / "ext" / "deeper" / "d.go")


def test_sibling_sharing_the_root_name_prefix_is_outside(tmp_path: Path) -> None:
    make(tmp_path, "proj/a.go", "proj-other/o.go")
    (tmp_path / "proj" / "other").symlink_to(tmp_path / "proj-other")
    assert linted(discover(["./..."], cwd=str(tmp_path / "proj"))) == ["a.go"]


def test_pattern_root_that_is_a_symlink_is_walked(tmp_path: Path) -> None:
    make(tmp_path, "real/sub/s.go")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert linted(discover(["./link/..."], cwd=str(tmp_path))) == ["link/sub/s.go"]


def test_symlinked_go_file_is_linted_and_broken_link_ignored(tmp_path: Path) -> None:
    make(tmp_path, "pkg/a.go", "elsewhere/shared.go")
    (tmp_path / "pkg" / "shared.go").symlink_to(tmp_path / "elsewhere" / "shared.go")
    (tmp_path / "pkg" / "broken.go").symlink_to(tmp_path / "nothing.go")
    (tmp_path / "pkg" / "brokendir").symlink_to(tmp_path / "nodir")
    result = discover(["./pkg/..."], cwd=str(tmp_path))
    assert result.problems == []
    assert files(result) == [("pkg/a.go", True), ("pkg/shared.go", True)]
    assert result.packages[0].files[1].path == str(tmp_path / "pkg" / "shared.go")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("x.go", "x.go: no such file or directory"),
        ("./nothere/...", "./nothere/...: no such file or directory"),
        ("nothere", "nothere: no such file or directory"),
        ("a.go/...", "a.go/...: not a directory"),
        ("README.md", "README.md: not a directory or a .go file"),
        ("./empty/...", "./empty/...: matched no Go files"),
        ("empty", "empty: matched no Go files"),
        ("./a.../...", "./a.../...: '...' is supported only as the last element of a pattern"),
        ("", '"": empty pattern'),
    ],
)
def test_bad_patterns_are_errors(tmp_path: Path, pattern: str, message: str) -> None:
    make(tmp_path, "a.go", "README.md", "empty/deeper/notes.txt")
    result = discover([pattern, "a.go"], cwd=str(tmp_path))
    assert errors(result) == [message]
    assert linted(result) == ["a.go"]  # the other patterns still work


def test_dash_is_rejected() -> None:
    with pytest.raises(ValueError, match="standard input"):
        discover(["./...", "-"], cwd=".")


def test_no_patterns_no_packages(tmp_path: Path) -> None:
    result = discover([], cwd=str(tmp_path))
    assert result.packages == [] and result.problems == []


def _permission_blocks(path: Path) -> bool:
    try:
        os.listdir(path)
    except PermissionError:
        return True
    return False


def test_unreadable_directory_is_reported_and_the_walk_goes_on(tmp_path: Path) -> None:
    make(tmp_path, "a.go", "locked/l.go", "open/o.go")
    locked = tmp_path / "locked"
    locked.chmod(0)
    try:
        if not _permission_blocks(locked):
            pytest.skip("permissions do not block reading here (running as root?)")
        result = discover(["./...", "./locked"], cwd=str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert linted(result) == ["a.go", "open/o.go"]
    # once, although two patterns reach it, and no "matched no Go files" on top
    assert errors(result) == ["locked: cannot read directory: permission denied"]


def test_unreadable_directory_reported_through_fake_scandir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Runs even as root, where chmod 000 does not stop reading.
    make(tmp_path, "a.go", "locked/l.go")
    real_scandir = os.scandir
    locked = str(tmp_path / "locked")

    def scandir(path: str) -> object:
        if path == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = discover(["./...", "./locked", "locked/l.go"], cwd=str(tmp_path))
    assert linted(result) == ["a.go", "locked/l.go"]  # a named file needs no listing
    # once, although three patterns reach it, and no "matched no Go files" on top
    assert errors(result) == ["locked: cannot read directory: permission denied"]


def _scandir_in_order(reverse: bool, unreadable: set[str]) -> object:
    real_scandir = os.scandir

    class Ordered:
        def __init__(self, path: str) -> None:
            if path in unreadable:
                raise PermissionError(13, "Permission denied", path)
            with real_scandir(path) as it:
                self.entries = sorted(it, key=lambda e: e.name, reverse=reverse)

        def __enter__(self) -> Iterator[os.DirEntry[str]]:
            return iter(self.entries)

        def __exit__(self, *exc: object) -> None:
            return None

    return Ordered


def test_output_does_not_depend_on_scandir_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    make(root, *(f"d{i % 7}/s{i % 3}/f{i}.go" for i in range(60)), "z/real/r.go")
    make(outside, "o.go")
    (root / "a-link").symlink_to(root / "z" / "real")
    (root / "d1" / "loop").symlink_to(root)
    (root / "d0" / "ext").symlink_to(outside)
    (root / "d6" / "ext").symlink_to(outside)
    unreadable = {str(root / "d5" / "s2"), str(root / "d2")}
    results = []
    for reverse in (False, True):
        monkeypatch.setattr(os, "scandir", _scandir_in_order(reverse, unreadable))
        results.append(discover(["./...", "d3/s0/f3.go"], cwd=str(root), follow_symlinks=True))
    assert results[0] == results[1]
    shown = linted(results[0])
    assert "z/real/r.go" in shown and not any(d.startswith("a-link") for d in shown)
    assert "d0/ext/o.go" in shown and "d6/ext/o.go" not in shown  # the first path in order wins
    assert errors(results[0]) == [
        "d2: cannot read directory: permission denied",
        "d5/s2: cannot read directory: permission denied",
    ]


def test_patterns_outside_cwd(tmp_path: Path) -> None:
    make(tmp_path, "here/h.go", "other/x.go", "other/sub/y.go")
    cwd = str(tmp_path / "here")
    result = discover(["../other/...", "."], cwd=cwd)
    assert linted(result) == ["h.go", "../other/x.go", "../other/sub/y.go"]
    assert dirs(result, tmp_path / "here") == [".", "../other", "../other/sub"]


def test_packages_sorted_by_display_path(tmp_path: Path) -> None:
    make(tmp_path, "a/x.go", "a-b/x.go", "a/b/x.go", "B/x.go")
    result = discover(["./..."], cwd=str(tmp_path))
    shown = dirs(result, tmp_path)
    assert shown == sorted(shown) == ["B", "a", "a-b", "a/b"]


def test_display_path() -> None:
    base = os.path.abspath(os.sep + "work")
    assert display_path(os.path.join(base, "pkg", "a.go"), base) == "pkg/a.go"
    assert display_path(base, base) == "."
    outside = os.path.join(os.path.dirname(base), "other", "x.go")
    assert display_path(outside, base) == "../other/x.go"


def test_display_path_falls_back_to_absolute(monkeypatch: pytest.MonkeyPatch) -> None:
    def relpath(path: str, start: str) -> str:
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(os.path, "relpath", relpath)
    path = os.path.abspath(os.path.join(os.sep, "d", "x.go"))
    assert display_path(path, os.sep) == path.replace(os.sep, "/")


def test_package_and_file_are_frozen(tree: Path) -> None:
    package = discover(["pkg"], cwd=str(tree)).packages[0]
    assert isinstance(package, Package)
    with pytest.raises(AttributeError):
        package.files[0].lint = False  # type: ignore[misc]
    assert hash(package) == hash(discover(["pkg"], cwd=str(tree)).packages[0])


def test_ten_thousand_files_quickly(tmp_path: Path) -> None:
    for d in range(200):
        folder = tmp_path / f"p{d // 20}" / f"q{d}"
        folder.mkdir(parents=True)
        for f in range(50):
            (folder / f"f{f}.go").write_bytes(b"package q\n")
    start = time.perf_counter()
    result = discover(["./..."], cwd=str(tmp_path), exclude=lambda p: p.endswith("f0.go"))
    elapsed = time.perf_counter() - start
    assert sum(len(p.files) for p in result.packages) == 10_000
    assert len(linted(result)) == 9_800
    assert elapsed < 5, f"{elapsed:.2f}s"
