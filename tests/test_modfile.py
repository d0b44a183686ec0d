"""go.mod and go.work parsing (golint_mem.go.modfile), checked against modfile's grammar."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golint_mem.go.modfile import (
    ModFileError,
    Replace,
    Require,
    is_directory_path,
    parse_gomod,
    parse_gowork,
    unquote,
)
from golint_mem.go.semver import canonical_version, compare_versions

TRICKY = """\
// Leading comment block.

module "example.com/m" // the path may be quoted

go 1.22.1
toolchain go1.23.4

require (
	// a whole-line comment inside the block
	example.com/a v1.2 // indirect
	"example.com/b" v1.0.0-pre+incompatible

	example.com/c v0.0.0-20200101000000-abcdefabcdef // indirect; a reason
)
require example.com/d v1.4.0 // not indirect: indirect
require ()

replace example.com/a => ../a
replace (
	example.com/b v1.0.0 => example.com/bb v1.1.0
	example.com/e => /abs/e
)
exclude example.com/d v1.3.0
retract [v1.0.0, v1.1.0] // brackets and commas are tokens
retract v0.9.0
godebug default=go1.21
tool example.com/cmd/tool
ignore ./node_modules
"""


def test_tricky_go_mod() -> None:
    m = parse_gomod(TRICKY.replace("\n", "\r\n"), "x/go.mod")
    assert m.filename == "x/go.mod"
    assert (m.module, m.go, m.toolchain) == ("example.com/m", "1.22.1", "go1.23.4")
    assert m.require == (
        Require("example.com/a", "v1.2.0", indirect=True),
        Require("example.com/b", "v1.0.0-pre+incompatible"),
        Require("example.com/c", "v0.0.0-20200101000000-abcdefabcdef", indirect=True),
        Require("example.com/d", "v1.4.0"),
    )
    assert m.replace == (
        Replace("example.com/a", "", "../a", ""),
        Replace("example.com/b", "v1.0.0", "example.com/bb", "v1.1.0"),
        Replace("example.com/e", "", "/abs/e", ""),
    )
    assert m.replace[0].local and not m.replace[1].local
    assert m.exclude == (Require("example.com/d", "v1.3.0"),)


def test_minimal_and_empty_files() -> None:
    assert parse_gomod("module x").module == "x"  # no newline at the end
    assert parse_gomod("module x\n").go == ""
    assert parse_gomod("").module == ""  # an empty go.mod still marks a module boundary
    assert parse_gomod(b"module \xc3\xa9x\n").module == "éx"


def test_lax_reads_only_what_dependencies_need() -> None:
    text = "module x\nfuture directive\nreplace a => b\nrequire y v1.0.0\n"
    with pytest.raises(ModFileError):
        parse_gomod(text)
    m = parse_gomod(text, strict=False)
    assert m.require == (Require("y", "v1.0.0"),) and m.replace == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("module x\nfoo bar\n", "go.mod:2: unknown directive: foo"),
        ("module x\nrequire (\n\ta v1.0.0\n", "go.mod:4: syntax error (unterminated block started"),
        ("module x\n/* c */\n", "go.mod:2: mod files must use // comments"),
        ("module x\ngo 1.2.3.4\n", "go.mod:2: invalid go version '1.2.3.4'"),
        ("module x\ngo 1.21\ngo 1.22\n", "go.mod:3: repeated go statement"),
        ("module x\nmodule y\n", "go.mod:2: repeated module statement"),
        ("module x y\n", "go.mod:1: usage: module module/path"),
        ("module x\nrequire a latest\n", "go.mod:2: require a: invalid version 'latest'"),
        ("module x\nrequire a v01.0.0\n", "go.mod:2: require a: invalid version"),
        ("module x\nrequire a v1.0.0-01\n", "go.mod:2: require a: invalid version"),
        ("module x\nrequire (\n\ta\n)\n", "go.mod:3:2: usage: require module/path v1.2.3"),
        ("module x\nreplace a => b\n", "go.mod:2: replacement module without version"),
        ("module x\nreplace a => b@v1.0.0\n", "go.mod:2: replacement module must match"),
        ("module x\nreplace a => ./b v1.0.0\n", "go.mod:2: replacement module directory path"),
        ("module x\nreplace a b\n", "go.mod:2: usage: replace module/path"),
        ("module x\nfoo (\n)\n", "go.mod:2: unknown block type: foo"),
        ("module x\nrequire foo (\n)\n", "go.mod:2: unknown block type: require foo"),
        ('module "x\n', "go.mod:1:8: unexpected newline in string"),
        ('module "x', "go.mod:1:8: unexpected EOF in string"),
        ("module `x`\n", "go.mod:1: unquoted string cannot contain quote"),
        ('module "x\\q"\n', "go.mod:1: invalid quoted string"),
        ("module x's\n", "go.mod:1: unquoted string cannot contain quote"),
        ("module x\nrequire (\n) x\n", "go.mod:3:3: syntax error (expected newline after"),
        ("module x\ntoolchain 1.21\n", "go.mod:2: invalid toolchain version '1.21'"),
        ("module x\x00\n", "go.mod:1:9: unexpected input character"),
    ],
)
def test_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ModFileError) as e:
        parse_gomod(text)
    assert str(e.value).startswith(message), str(e.value)


def test_every_problem_is_kept_and_counted() -> None:
    with pytest.raises(ModFileError) as e:
        parse_gomod("module x\nfoo\nbar\nbaz\n", "/p/go.mod")
    assert [p.line for p in e.value.problems] == [2, 3, 4]
    assert str(e.value) == "/p/go.mod:2: unknown directive: foo (and 2 more)"


def test_go_work() -> None:
    w = parse_gowork(
        "go 1.22 // c\n"
        "toolchain go1.23.0\n"
        'use (\n\t./a // first\n\t"./b c"\n)\nuse ../d\n'
        "replace x v1.0.0 => ./y\ngodebug (\n\tpanicnil=1\n)\n",
        "/w/go.work",
    )
    assert (w.go, w.toolchain, w.use) == ("1.22", "go1.23.0", ("./a", "./b c", "../d"))
    assert w.replace == (Replace("x", "v1.0.0", "./y", ""),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("use\n", "go.work:1: usage: use local/dir"),
        ("use a b\n", "go.work:1: usage: use local/dir"),
        ("module x\n", "go.work:1: unknown directive: module"),
        ("require (\n)\n", "go.work:1: unknown block type: require"),
        ("go 1\n", "go.work:1: invalid go version '1'"),
    ],
)
def test_go_work_errors(text: str, message: str) -> None:
    with pytest.raises(ModFileError) as e:
        parse_gowork(text)
    assert str(e.value).startswith(message), str(e.value)


def test_unquote_and_directory_paths() -> None:
    assert unquote('"a\\x41\\u00e9\\t\\101"') == "aAé\tA"
    assert unquote("plain") == "plain"
    for path in (".", "..", "./x", "../x", "/x", ".\\x", "..\\x", "\\x", "C:\\x", "c:/x"):
        assert is_directory_path(path), path
    for path in ("x", "example.com/x", ".x", "x/..", "1:"):
        assert not is_directory_path(path), path


@pytest.mark.parametrize(
    ("version", "canonical"),
    [
        ("v1", "v1.0.0"),
        ("v1.2", "v1.2.0"),
        ("v1.2.3", "v1.2.3"),
        ("v1.2.3-rc.1+meta", "v1.2.3-rc.1"),
        ("v2.0.0+incompatible", "v2.0.0+incompatible"),
        ("v1.2-pre", ""),
        ("1.2.3", ""),
        ("v1.02.3", ""),
        ("v1.2.3-", ""),
        ("latest", ""),
    ],
)
def test_canonical_version(version: str, canonical: str) -> None:
    assert canonical_version(version) == canonical


def test_compare_versions_follows_semver_precedence() -> None:
    ordered = ["bad", "v0.9.0", "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta"]
    ordered += ["v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0", "v1.2", "v1.10.0"]
    for i, a in enumerate(ordered):
        for j, b in enumerate(ordered):
            assert compare_versions(a, b) == (i > j) - (i < j), (a, b)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('modulerqigv.1 2/\n\t()"`\\=>[],#x')), max_size=80))
def test_malformed_input_only_raises_modfile_error(text: str) -> None:
    for parse in (parse_gomod, parse_gowork):
        try:
            parse(text)
        except ModFileError as e:
            assert e.problems and str(e)
