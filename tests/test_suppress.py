from __future__ import annotations

from collections.abc import Sequence

import pytest

from golint_mem.model import Finding, Severity, Span
from golint_mem.source import BOM, SourceFile
from golint_mem.suppress import (
    BAD_DIRECTIVE_META,
    NO_REASON,
    UNUSED_DIRECTIVE_META,
    Directive,
    Suppressor,
    find_directives,
)
from golint_mem.treesitter import parse

KNOWN = frozenset({"GM101", "GM102", "GM103", "GM199", "GM201"})


def load(go: str | bytes) -> tuple[SourceFile, list[Directive]]:
    data = go.encode() if isinstance(go, str) else go
    src = SourceFile("x.go", data)
    return src, find_directives(src, parse(src.data).root_node)


def suppressor(go: str | bytes, selected: frozenset[str] = KNOWN) -> Suppressor:
    src, found = load(go)
    return Suppressor(src, found, KNOWN, selected)


def messages(findings: Sequence[Finding]) -> list[str]:
    return [f.message for f in findings]


def test_meta_rules() -> None:
    assert (BAD_DIRECTIVE_META.code, BAD_DIRECTIVE_META.name) == ("GM001", "invalid-directive")
    assert (UNUSED_DIRECTIVE_META.code, UNUSED_DIRECTIVE_META.name) == ("GM002", "unused-directive")
    assert BAD_DIRECTIVE_META.severity is UNUSED_DIRECTIVE_META.severity is Severity.WARNING


def test_end_of_line_covers_its_own_line() -> None:
    go = "package p\n\nvar a = 1 //golintmem:ignore GM101 it is fine\nvar b = 2\n"
    src, (d,) = load(go)
    assert d == Directive(
        span=Span(go.index("//"), len(go) - len("\nvar b = 2\n")),
        codes=("GM101",),
        reason="it is fine",
        kind="ignore",
        line=3,
        source="golintmem",
    )
    s = Suppressor(src, [d], KNOWN, KNOWN)
    assert s.reason_for("GM101", 3) == "it is fine"
    assert s.reason_for("GM101", 4) is None
    assert s.reason_for("GM102", 3) is None


def test_own_line_covers_the_next_line() -> None:
    go = "package p\n\nfunc f() {\n\t//golintmem:ignore GM101,GM102 pooled\n\tg()\n\th()\n}\n"
    src, (d,) = load(go)
    assert (d.line, d.codes) == (5, ("GM101", "GM102"))
    s = Suppressor(src, [d], KNOWN, KNOWN)
    assert s.reason_for("GM101", 4) is None
    assert s.reason_for("GM102", 5) == "pooled"
    assert s.reason_for("GM101", 6) is None


def test_file_ignore_covers_every_line() -> None:
    go = "package p\n\nvar a = 1\n\n//golintmem:file-ignore GM101 generated code\n"
    s = suppressor(go)
    assert s.reason_for("GM101", 1) == "generated code"
    assert s.reason_for("GM101", 900) == "generated code"
    assert s.reason_for("GM102", 3) is None
    (d,) = load(go)[1]
    assert (d.kind, d.line) == ("file-ignore", 0)


def test_lint_ignore_keeps_only_gm_codes() -> None:
    go = "package p\n\n//lint:ignore SA6002,GM102 the pool holds slices\nvar a = 1\n"
    src, (d,) = load(go)
    assert (d.source, d.codes, d.line, d.reason) == ("lint", ("GM102",), 4, "the pool holds slices")
    s = Suppressor(src, [d], KNOWN, KNOWN)
    assert s.reason_for("GM102", 4) == "the pool holds slices"
    assert s.bad() == []  # SA6002 is staticcheck's business


def test_lint_ignore_without_gm_code_is_not_ours() -> None:
    go = "package p\n\n//lint:ignore SA6002 staticcheck only\nvar a = 1 //lint:ignore SA1000\n"
    assert load(go)[1] == []


def test_lint_file_ignore() -> None:
    go = "//lint:file-ignore GM1 vendored\npackage p\n"
    (d,) = load(go)[1]
    assert (d.kind, d.source, d.codes, d.line) == ("file-ignore", "lint", ("GM1",), 0)


@pytest.mark.parametrize(
    ("comment", "codes", "reason"),
    [
        ("//nolint", ("*",), ""),
        ("//nolint:all", ("*",), ""),
        ("//nolint:golintmem", ("*",), ""),
        ("//nolint:golintmem,gm102 // pooled on purpose", ("*",), "pooled on purpose"),
        ("//nolint:gm101", ("GM101",), ""),
        ("//nolint:GM101 // why not", ("GM101",), "why not"),
        ("//nolint:errcheck,gm1 // both", ("GM1",), "both"),
        ("//nolint // for everyone", ("*",), "for everyone"),
    ],
)
def test_nolint_forms(comment: str, codes: tuple[str, ...], reason: str) -> None:
    (d,) = load(f"package p\n\nvar a = 1 {comment}\n")[1]
    assert (d.source, d.kind, d.line, d.codes, d.reason) == ("nolint", "ignore", 3, codes, reason)


@pytest.mark.parametrize(
    "comment",
    [
        "//nolint:errcheck",
        "//nolint:errcheck,gosec // x",
        "//nolintx",
        "//nolint:",
        "//nolint: gm101 // golangci-lint allows no space after the colon",
        "//nolint :gm101 // nor before it",
    ],
)
def test_nolint_for_other_linters_is_not_ours(comment: str) -> None:
    assert load(f"package p\n\nvar a = 1 {comment}\n")[1] == []


def test_nolint_on_its_own_line_covers_the_next_line() -> None:
    s = suppressor("package p\n\n//nolint:gm101 // ok\nvar a = 1\n")
    assert s.reason_for("GM101", 3) is None
    assert s.reason_for("GM101", 4) == "ok"


def test_bare_nolint_suppresses_and_needs_a_reason_only_when_used() -> None:
    go = "package p\n\nvar a = 1 //nolint\nvar b = 2 //nolint\n"
    s = suppressor(go)
    assert s.reason_for("GM201", 3) == NO_REASON
    (bad,) = s.bad()
    assert bad.code == "GM001"
    assert bad.message == "nolint directive needs a reason: //nolint // reason"
    assert bad.span.start == go.index("//nolint")  # the one on line 3, not the idle one
    assert s.unused() == []  # a bare nolint may well be for another linter


def test_nolint_golintmem_is_reported_when_unused() -> None:
    s = suppressor("package p\n\nvar a = 1 //nolint:golintmem // not needed\n")
    assert messages(s.unused()) == ["unused nolint directive for golintmem"]


def test_prefix_codes() -> None:
    s = suppressor("package p\n\n//golintmem:file-ignore GM1 all of sync.Pool\n")
    assert s.reason_for("GM101", 5) == "all of sync.Pool"
    assert s.reason_for("GM199", 5) == "all of sync.Pool"
    assert s.reason_for("GM201", 5) is None
    assert s.bad() == []


def test_codes_are_case_insensitive() -> None:
    (d,) = load("package p\n\nvar a = 1 //golintmem:ignore gm101 lower\n")[1]
    assert d.codes == ("GM101",)


def test_missing_reason_still_suppresses_and_is_reported() -> None:
    go = "package p\n\nvar a = 1 //golintmem:ignore GM101\n"
    s = suppressor(go)
    assert s.reason_for("GM101", 3) == NO_REASON
    (bad,) = s.bad()
    assert bad.code == "GM001"
    assert bad.message == (
        "golintmem:ignore directive needs a reason: //golintmem:ignore GM101 reason"
    )
    assert bad.span == Span(go.index("//"), len(go) - 1)
    assert s.unused() == []


def test_missing_reason_prefers_a_directive_with_one() -> None:
    go = (
        "//golintmem:file-ignore GM101 generated\npackage p\n\nvar a = 1 //golintmem:ignore GM101\n"
    )
    assert suppressor(go).reason_for("GM101", 4) == "generated"


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        (
            "//golintmem:ignore",
            "golintmem:ignore directive needs a code and a reason: //golintmem:ignore GM101 reason",
        ),
        (
            "//lint:ignore GM102",
            "lint:ignore directive needs a reason: //lint:ignore GM102 reason",
        ),
        (
            "//nolint:errcheck,gm101",
            "nolint directive needs a reason: //nolint:errcheck,gm101 // reason",
        ),
        (
            "//golintmem:file-ignore GM101",
            "golintmem:file-ignore directive needs a reason: //golintmem:file-ignore GM101 reason",
        ),
    ],
)
def test_bad_directive_messages(comment: str, message: str) -> None:
    assert messages(suppressor(f"package p\n\nvar a = 1 {comment}\n").bad()) == [message]


def test_unknown_codes() -> None:
    go = (
        "package p\n\n"
        "var a = 1 //golintmem:ignore GM999 typo\n"
        "var b = 2 //golintmem:ignore SA6002,GM9 wrong tool\n"
        "var c = 3 //nolint:gm998 // typo\n"
        "var d = 4 //golintmem:ignore GM1,GM001 prefix and meta are known\n"
    )
    s = suppressor(go)
    assert messages(s.bad()) == [
        "golintmem:ignore directive names unknown code GM999",
        "golintmem:ignore directive names unknown codes SA6002, GM9",
        "nolint directive names unknown code GM998",
    ]
    assert all(f.code == "GM001" for f in s.bad())
    # Unknown codes name no rule that ran: GM001 says it all, GM002 would repeat it.
    assert messages(s.unused()) == ["unused golintmem:ignore directive for GM1"]


def test_unused() -> None:
    go = (
        "package p\n\n"
        "var a = 1 //golintmem:ignore GM101 used\n"
        "var b = 2 //golintmem:ignore GM101,GM102 half used\n"
        "var c = 3 //lint:ignore GM103 never\n"
        "var d = 4 //golintmem:ignore GM201 rule did not run\n"
    )
    src, found = load(go)
    s = Suppressor(src, found, KNOWN, frozenset({"GM101", "GM102", "GM103"}))
    assert s.reason_for("GM101", 3) == "used"
    assert s.reason_for("GM101", 4) == "half used"
    unused = s.unused()
    assert messages(unused) == [
        "unused golintmem:ignore directive for GM102",
        "unused lint:ignore directive for GM103",
    ]
    assert [f.code for f in unused] == ["GM002", "GM002"]
    assert [f.span for f in unused] == [found[1].span, found[2].span]


def test_overlapping_directives_are_all_used() -> None:
    go = (
        "//golintmem:file-ignore GM101 generated\npackage p\n\n"
        "//nolint:gm101 // specific\nvar a = 1\n"
    )
    s = suppressor(go)
    assert s.reason_for("GM101", 5) == "specific"
    assert s.unused() == []


def test_a_directive_cannot_suppress_findings_about_itself() -> None:
    go = (
        "//golintmem:file-ignore GM101,GM002 x\n"
        "package p\n\n"
        "var a = 1 //golintmem:ignore GM102,GM002 never used\n"
    )
    s = suppressor(go, KNOWN | {"GM002"})
    about_file_ignore, about_line = s.unused()
    assert about_line.message == "unused golintmem:ignore directive for GM102"
    # The file-wide one covers line 4, the line one does not cover itself.
    assert s.reason_for("GM002", 4) == "x"
    assert s.reason_for("GM002", 1) is None
    assert about_file_ignore.span.start == 0


def test_gm002_entries_are_never_reported_unused() -> None:
    s = suppressor("//golintmem:file-ignore GM002 noisy\npackage p\n", KNOWN | {"GM002"})
    assert s.unused() == []


@pytest.mark.parametrize(
    "go",
    [
        'package p\n\nvar s = "//golintmem:ignore GM101 in a string"\n',
        "package p\n\nvar s = `\n//golintmem:file-ignore GM101 raw string\n`\n",
        "package p\n\n/* //golintmem:file-ignore GM101 block */\n",
        "package p\n\n/*\n//nolint\n*/\nvar a = 1\n",
        "package p\n\n// golintmem:ignore GM101 a space makes it prose\nvar a = 1\n",
        "package p\n\nvar a = 1 // see //golintmem:ignore GM101 later in the comment\n",
        "package p\n\nvar a = 1 //golintmem:ignored GM101 not the verb\n",
    ],
)
def test_not_directives(go: str) -> None:
    assert load(go)[1] == []


def test_crlf() -> None:
    go = b"package p\r\n\r\n//golintmem:ignore GM101 windows\r\nvar a = 1 //nolint:gm102 // eol\r\n"
    _, (above, eol) = load(go)
    assert (above.line, above.reason) == (4, "windows")
    assert (eol.line, eol.reason) == (4, "eol")
    assert go[above.span.start : above.span.end] == b"//golintmem:ignore GM101 windows"
    assert not go[eol.span.start : eol.span.end].endswith(b"\r")


def test_bom() -> None:
    go = BOM + b"package p\n\nvar a = 1 //golintmem:ignore GM101 bom\n"
    src, (d,) = load(go)
    assert src.data[d.span.start : d.span.end] == b"//golintmem:ignore GM101 bom"
    assert d.line == 3
    assert Suppressor(src, [d], KNOWN, KNOWN).reason_for("GM101", 3) == "bom"


def test_directive_on_the_last_line_without_newline() -> None:
    (d,) = load("package p\n//golintmem:ignore GM101 nothing follows")[1]
    assert (d.line, d.reason) == (3, "nothing follows")
