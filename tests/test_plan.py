"""FilePlan: which rules run on a file, what of it is parsed, where each query runs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from golint_mem.go.file import FileContext
from golint_mem.go.package import Package, PackageFile
from golint_mem.model import Finding, RuleMeta, Span
from golint_mem.plan import overlap, parts, plan
from golint_mem.rule import AnyOf, Context, Prefilter, Regions, Rule, Scope, pieces_matching

SOURCE = b"""package p

import "fmt"

func a() {
\tfmt.Println("a")
}

var v = 1

func b() {
\tfor {
\t\tfmt.Println("b")
\t}
}
"""
PATH = "/virtual/p/p.go"
PRELUDE = SOURCE.index(b"\n\nfunc a") + 1  # through the line of the imports
A = (SOURCE.index(b"func a"), SOURCE.index(b"var v"))
B = (SOURCE.index(b"func b"), len(SOURCE))


def nothing(ctx: Context[Any]) -> Iterator[Finding]:
    return iter(())


def rule(
    code: str,
    prefilter: Prefilter | None = None,
    scope: Scope | None = None,
    regions: Regions | None = None,
) -> Rule[Any]:
    meta = RuleMeta(code, code.lower(), "a rule for the test")
    return Rule(meta, "(identifier) @i", nothing, prefilter, scope, regions)


def package() -> Package:
    return Package([PackageFile(PATH, "p.go", lambda: SOURCE)])


def spans(*ranges: tuple[int, int]) -> Scope:
    return lambda package, path, data: [Span(a, b) for a, b in ranges]


def test_prefilters_rule_out_rules() -> None:
    rules = [rule("GM901", re.compile(rb"Println")), rule("GM902", re.compile(rb"Put"))]
    got = plan(rules, package(), PATH, SOURCE)
    assert [r.meta.code for r in got.rules] == ["GM901"]
    assert got.parse is None  # no rule with a scope: the whole file


def test_anyof_matches_where_one_of_its_regexes_does() -> None:
    assert AnyOf(rb"Put", rb"Println").search(SOURCE) is not None
    assert AnyOf(rb"Put", rb"Get").search(SOURCE) is None
    assert AnyOf(rb"func").search(SOURCE, *B) is not None
    assert AnyOf(rb"import").search(SOURCE, *B) is None


def test_scopes_rule_out_rules_and_say_what_to_parse() -> None:
    rules = [
        rule("GM901", scope=spans(B)),
        rule("GM902", scope=spans()),  # nowhere: not run
        rule("GM903", scope=spans(A)),
    ]
    got = plan(rules, package(), PATH, SOURCE)
    assert [r.meta.code for r in got.rules] == ["GM901", "GM903"]
    assert got.scopes == {"GM901": [B], "GM903": [A]}
    assert got.parse == [(0, PRELUDE), A, B]  # the package clause and imports, A, B


def test_the_whole_file_is_parsed_when_one_rule_has_no_scope() -> None:
    rules = [rule("GM901", scope=spans(B)), rule("GM902")]
    assert plan(rules, package(), PATH, SOURCE).parse is None
    rules = [rule("GM901", scope=spans(B)), rule("GM902", scope=lambda *_: None)]
    got = plan(rules, package(), PATH, SOURCE)
    assert got.parse is None and list(got.scopes) == ["GM901"]


def test_the_whole_file_is_parsed_when_the_engine_needs_it() -> None:
    got = plan([rule("GM901", scope=spans(B))], package(), PATH, SOURCE, whole=True)
    assert got.parse is None
    assert got.scopes == {"GM901": [B]}  # its query still runs there alone


def test_a_scope_that_raises_is_a_failure_and_the_rule_runs_everywhere() -> None:
    def broken(package: Package, path: str, data: bytes) -> list[Span]:
        raise ValueError("boom")

    got = plan(
        [rule("GM901", scope=broken), rule("GM902", scope=spans(B))], package(), PATH, SOURCE
    )
    assert [r.meta.code for r in got.rules] == ["GM901", "GM902"]
    assert [(code, str(exc)) for code, exc in got.failures] == [("GM901", "boom")]
    assert got.parse is None
    assert got.whole_tree(got.rules[0]) and not got.whole_tree(got.rules[1])


def test_without_narrowing_every_rule_runs_on_the_whole_file() -> None:
    rules = [rule("GM901", re.compile(rb"Put"), scope=spans(), regions=lambda ctx: [])]
    got = plan(rules, package(), PATH, SOURCE, narrow=False)
    assert got.rules == rules and got.parse is None and got.whole_tree(rules[0])


def context() -> FileContext:
    return package().trees.lint_tree(PATH, SOURCE, None)


def test_queries_run_on_regions_within_the_scope() -> None:
    loop = SOURCE.index(b"for {")
    regions: Regions = lambda ctx: [Span(10, 20), Span(loop, loop + 10)]  # noqa: E731
    ctx = context()
    both = rule("GM901", scope=spans(B), regions=regions)
    only_regions = rule("GM902", regions=regions)
    only_scope = rule("GM903", scope=spans(A))
    got = plan([both, only_regions, only_scope], ctx.package, PATH, SOURCE)
    assert not any(got.whole_tree(r) for r in got.rules)
    assert got.query_ranges(both, ctx) == [(loop, loop + 10)]
    assert got.query_ranges(only_regions, ctx) == [(10, 20), (loop, loop + 10)]
    assert got.query_ranges(only_scope, ctx) == [A]


def test_pieces_matching_is_the_declarations_the_prefilter_matches() -> None:
    scope = pieces_matching(re.compile(rb"for"))
    assert scope(package(), PATH, SOURCE) == [Span(*B)]
    assert pieces_matching(re.compile(rb"Put"))(package(), PATH, SOURCE) == []


@pytest.mark.parametrize(
    ("prelude", "scopes", "expected"),
    [
        (10, [[(20, 30)], [(25, 40), (50, 60)]], [(0, 10), (20, 40), (50, 60)]),
        (10, [[(10, 30)]], [(0, 30)]),
        (None, [[(20, 30)]], None),
    ],
)
def test_parts(
    prelude: int | None, scopes: list[list[tuple[int, int]]], expected: list[tuple[int, int]] | None
) -> None:
    assert parts(prelude, scopes) == expected


def test_overlap() -> None:
    assert overlap([(0, 10), (20, 30)], [(5, 25)]) == [(5, 10), (20, 25)]
    assert overlap([(0, 10)], [(10, 20)]) == []
    assert overlap([(0, 100)], [(10, 20), (30, 40)]) == [(10, 20), (30, 40)]
