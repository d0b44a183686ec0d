"""Build constraints (golint_mem.go.build): file names, //go:build and // +build, as go/build."""

from __future__ import annotations

import contextlib
import platform
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golint_mem.go import build
from golint_mem.go.build import (
    And,
    BuildContext,
    ConstraintError,
    Not,
    Or,
    imports,
    parse_go_build,
    parse_plus_build,
)

LINUX = BuildContext("linux", "amd64")
LINUX_CGO = BuildContext("linux", "amd64", cgo=True)
WINDOWS = BuildContext("windows", "amd64")
ANDROID = BuildContext("android", "arm64")
OLD_GO = BuildContext("linux", "amd64", go_minor=21, tags=frozenset({"integration"}))


@pytest.mark.parametrize(
    ("expr", "ctx", "want"),
    [
        ("linux", LINUX, True),
        ("!linux", LINUX, False),
        ("linux && amd64", LINUX, True),
        ("linux && arm64", LINUX, False),
        ("darwin || linux", LINUX, True),
        ("!(darwin || windows)", LINUX, True),
        ("(linux || darwin) && !cgo", LINUX, True),
        ("(linux || darwin) && !cgo", LINUX_CGO, False),
        ("cgo", LINUX, False),
        ("cgo", LINUX_CGO, True),
        ("unix", LINUX, True),
        ("unix", WINDOWS, False),
        ("linux", ANDROID, True),
        ("unix && !linux", ANDROID, False),
        ("darwin", BuildContext("ios", "arm64"), True),
        ("solaris", BuildContext("illumos", "amd64"), True),
        ("ignore", LINUX, False),
        ("!ignore", LINUX, True),
        ("gc && !gccgo", LINUX, True),
        ("amd64.v1 && !amd64.v2", LINUX, True),
        ("arm64.v8.0", ANDROID, True),
        ("integration", LINUX, False),
        ("integration", OLD_GO, True),
        ("go1.18 && go1.99", LINUX, True),  # no Go release given: every release tag holds
        ("go1.21", OLD_GO, True),
        ("go1.22", OLD_GO, False),
        ("go1", LINUX, False),  # go/build's release tags start at go1.1
        ("boringcrypto", LINUX, False),
        ("boringcrypto", BuildContext("linux", "amd64", tags=frozenset({"boringcrypto"})), False),
        (
            "boringcrypto",
            BuildContext("linux", "amd64", tags=frozenset({"goexperiment.boringcrypto"})),
            True,
        ),
        ("a || b || c || linux", LINUX, True),
        ("linux && (amd64 || (arm64 && !cgo)) && !windows", LINUX, True),
        ("\tlinux\t&&amd64", LINUX, True),
    ],
)
def test_go_build_expressions(expr: str, ctx: BuildContext, want: bool) -> None:
    assert ctx.eval(parse_go_build(expr)) is want
    assert ctx.eval(parse_go_build("//go:build " + expr)) is want


def test_operator_precedence() -> None:
    assert parse_go_build("a || b && !c") == Or(("a", And(("b", Not("c")))))
    assert parse_go_build("(a || b) && c") == And((Or(("a", "b")), "c"))


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("linux &&", "unexpected end of expression"),
        ("", "unexpected end of expression"),
        ("(linux", "missing close paren"),
        ("(linux ||", "missing close paren"),
        ("linux & amd64", "invalid syntax at &"),
        ("linux | amd64", "invalid syntax at |"),
        ("!!linux", "double negation not allowed"),
        ("linux)", "unexpected token )"),
        ("linux amd64", "unexpected token amd64"),
        ("linux && -x", "invalid syntax at -"),
        ("(" * 60 + "a" + ")" * 60, "build expression too deeply nested"),
        (" || ".join(["a"] * 1001), "build expression too large"),
    ],
)
def test_go_build_errors(expr: str, message: str) -> None:
    with pytest.raises(ConstraintError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_go_build(expr)


def test_long_chains_do_not_recurse() -> None:
    x = parse_go_build(" && ".join(["linux"] * 999))
    assert isinstance(x, And) and len(x.terms) == 999 and LINUX.eval(x)


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("// +build linux,amd64 darwin", Or((And(("linux", "amd64")), "darwin"))),
        ("// +build !windows", Not("windows")),
        ("//+build linux", "linux"),
        ("// +build !!linux", "ignore"),
        ("// +build linux,", And(("linux", "ignore"))),
        ("// +build", "ignore"),
    ],
)
def test_plus_build_lines(line: str, want: build.Expr) -> None:
    assert build.is_plus_build(line)
    assert parse_plus_build(line) == want


def test_plus_build_limit() -> None:
    with pytest.raises(ConstraintError, match="too complex"):
        parse_plus_build("// +build " + " ".join(["a"] * 101))
    assert not build.is_plus_build("// +buildx linux")
    assert not build.is_plus_build("/* +build linux */")


@pytest.mark.parametrize(
    ("name", "linux", "windows"),
    [
        ("a.go", True, True),
        ("a_linux.go", True, False),
        ("a_windows.go", False, True),
        ("a_amd64.go", True, True),
        ("a_arm64.go", False, False),
        ("a_linux_amd64.go", True, False),
        ("a_linux_arm64.go", False, False),
        ("a_windows_amd64.go", False, True),
        ("linux.go", True, True),  # no prefix before the suffix: not a constraint
        ("a_linux_test.go", True, False),
        ("a_test.go", True, True),
        ("a_linux.pb.go", True, False),
        ("a_unix.go", True, True),  # unix is a tag, not a file-name suffix
        ("a_linux_foo.go", True, True),
        ("a_foo_windows.go", False, True),
        ("a_amd64_linux.go", True, False),  # not GOOS_GOARCH: only the last element counts
        ("a_js_wasm.go", False, False),
    ],
)
def test_file_name_suffixes(name: str, linux: bool, windows: bool) -> None:
    assert LINUX.match_file_name(name) is linux
    assert WINDOWS.match_file_name(name) is windows


def test_android_builds_linux_files_but_not_the_reverse() -> None:
    assert ANDROID.match_file_name("a_linux.go")
    assert ANDROID.match_file_name("a_android_arm64.go")
    assert not LINUX.match_file_name("a_android.go")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("//go:build ignore\n\npackage main\n", False),
        ("// +build ignore\n\npackage main\n", False),
        ("// Copyright\n\n//go:build windows\n\npackage x\n", False),
        ("//go:build windows\npackage x\n", False),  # go/build does not need the blank line
        ("// +build windows\npackage x\n", True),  # +build does
        ("// +build windows\n// comment\n\npackage x\n", False),
        ("//go:build linux\n// +build windows\n\npackage x\n", True),  # //go:build controls
        ("// +build linux\n// +build windows\n\npackage x\n", False),  # every line must hold
        ("package x\n\n//go:build ignore\n", True),  # after the package clause
        ("/*\n//go:build ignore\n*/\n\npackage x\n", True),  # inside a block comment
        ("/* c */\n\n// +build ignore\n\npackage x\n", True),  # +build after code-like text
        ("//go:buildx ignore\n\npackage x\n", True),
        ("// +build linux,\n\npackage x\n", False),  # a malformed term is `ignore`
        ("\ufeff//go:build ignore\n\npackage x\n", False),  # after a byte order mark
        ('package x\n\nimport "C"\n', False),
        ('package x\n\nimport (\n\t"fmt"\n\t"C"\n)\n', False),
        ('package x\n\nimport "fmt"\n\nvar s = "C"\n', True),
        ("", True),
    ],
)
def test_header_constraints(text: str, want: bool) -> None:
    assert LINUX.match_content(text.encode()) is want


def test_cgo_files_build_with_cgo() -> None:
    assert LINUX_CGO.match_content(b'package x\n\nimport "C"\n')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("//go:build linux\n//go:build amd64\n\npackage x\n", "multiple //go:build comments"),
        ("//go:build linux &&\n\npackage x\n", "parsing //go:build line: unexpected end"),
    ],
)
def test_malformed_go_build_lines_are_errors(text: str, message: str) -> None:
    with pytest.raises(ConstraintError, match=message):
        LINUX.match_content(text.encode())


def test_imports() -> None:
    src = b"""// Package x.
package x // c

import "a"
import b "b"
import (
	/* block */ . "c"
	_ "d" // why
	e `e/raw`; "f"
)

import "g"

func main() { _ = "not/an/import" }
"""
    assert imports(src) == ["a", "b", "c", "d", "e/raw", "f", "g"]
    assert imports(b'package x; import "a"; var _ = 1') == ["a"]
    assert imports(b"not go") == []


def test_go_files(tmp_path: Path) -> None:
    files = {
        "a.go": "package a\n",
        "a_windows.go": "package a\n",
        "a_test.go": "package a\n",
        "b_linux_test.go": "package a\n",
        "_ignored.go": "package a\n",
        ".hidden.go": "package a\n",
        "gen.go": "//go:build ignore\n\npackage main\n",
        "bad.go": "//go:build (linux\n\npackage a\n",
        "notes.txt": "not go\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "sub.go").mkdir()
    built, problems = LINUX.go_files(str(tmp_path))
    assert built == ["a.go"]
    assert problems == [f"{tmp_path}/bad.go: parsing //go:build line: missing close paren"]
    assert LINUX.go_files(str(tmp_path), tests=True)[0] == ["a.go", "a_test.go", "b_linux_test.go"]
    assert WINDOWS.go_files(str(tmp_path))[0] == ["a.go", "a_windows.go"]
    built, problems = LINUX.go_files(str(tmp_path / "missing"))
    assert built == [] and len(problems) == 1 and problems[0].startswith(f"{tmp_path}/missing: ")


@pytest.mark.parametrize(
    ("plat", "machine", "goos", "goarch"),
    [
        ("linux", "x86_64", "linux", "amd64"),
        ("linux", "aarch64", "linux", "arm64"),
        ("linux", "armv7l", "linux", "arm"),
        ("darwin", "arm64", "darwin", "arm64"),
        ("win32", "AMD64", "windows", "amd64"),
        ("freebsd14", "amd64", "freebsd", "amd64"),
        ("linux", "i686", "linux", "386"),
    ],
)
def test_host(
    monkeypatch: pytest.MonkeyPatch, plat: str, machine: str, goos: str, goarch: str
) -> None:
    for var in ("GOOS", "GOARCH", "CGO_ENABLED"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", plat)
    monkeypatch.setattr(platform, "machine", lambda: machine)
    ctx = build.host()
    assert (ctx.goos, ctx.goarch, ctx.cgo) == (goos, goarch, False)
    monkeypatch.setenv("GOOS", "plan9")
    monkeypatch.setenv("CGO_ENABLED", "1")
    assert (build.host().goos, build.host().cgo) == ("plan9", True)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab!&|() \t.1_-")), max_size=40))
def test_parse_go_build_only_raises_constraint_error(expr: str) -> None:
    with contextlib.suppress(ConstraintError):
        LINUX.eval(parse_go_build(expr))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_match_content_only_raises_constraint_error(data: bytes) -> None:
    with contextlib.suppress(ConstraintError):
        LINUX.match_content(b"//go:build linux\n" + data)
    with contextlib.suppress(ConstraintError):
        LINUX.match_content(data)


def test_release_minor() -> None:
    assert build.release_minor("1.21.3") == 21
    assert build.release_minor("1.21", "go1.23.4") == 23
    assert build.release_minor("1.24rc1", "default") == 24
    assert build.release_minor("") is None
    assert BuildContext("linux", "amd64", go_minor=build.release_minor("1.22")).match_tag("go1.22")
