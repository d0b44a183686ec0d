"""GM202: a []byte is boxed into an interface that escapes, on a hot path: one allocation each."""

from __future__ import annotations

from collections.abc import Iterator

from golint_mem.analysis.hotpath.candidates import NEVER_BYTES, Screen, byte_pieces
from golint_mem.analysis.hotpath.escapes import escape_site, is_interface, may_escape
from golint_mem.analysis.hotpath.hot import HotPaths, hot_regions
from golint_mem.go.file import FileContext
from golint_mem.go.types import GoType, describe, is_byte_slice
from golint_mem.model import Confidence, Finding, RuleMeta, Severity
from golint_mem.rule import Context, NoOptions, Rule
from golint_mem.treesitter import Node

META = RuleMeta(
    code="GM202",
    name="bytes-to-interface-on-hot-path",
    summary="a []byte converted to an escaping interface on a hot path allocates its slice header",
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    tags=("boxing", "performance", "memory"),
)

# Every position where a value may be converted to an interface, for the kinds of expression the
# typer can give a type (go/infer.py; the rest are literals, operators and types); check() decides.
_TYPED = """[(identifier) (selector_expression) (call_expression) (index_expression)
 (slice_expression) (unary_expression) (parenthesized_expression) (composite_literal)
 (type_conversion_expression) (type_assertion_expression)] @v"""
QUERY = f"""
(argument_list {_TYPED})
(assignment_statement right: (expression_list {_TYPED}))
(send_statement value: {_TYPED})
(return_statement (expression_list {_TYPED}))
(keyed_element value: (literal_element {_TYPED}))
"""

# A profile can make any function hot, and a named []byte type may be declared in another file.
PREFILTER = None
# Only declarations that can be hot and spell a name that can give a byte type can report: the
# file is parsed there alone when no other rule needs more.
SCOPE = byte_pieces
# Only values in loop bodies and in handler, marked or profiled functions can be hot: the query
# runs there alone (a quarter of the values of the standard library).
REGIONS = hot_regions

_MAX_SHOWN = 40


def check(ctx: Context[NoOptions]) -> Iterator[Finding]:
    f = ctx.file
    screen, hot = Screen(f), HotPaths(f)
    for m in ctx.matches:
        value = m["v"][0]
        if value.type in NEVER_BYTES or not may_escape(f, value, by_bytes=True):
            continue
        if not screen.may_be_bytes(value):
            continue
        reason = hot.reason(value)
        if reason is None:
            continue
        t = _boxed_type(f, value)
        if t is None:
            continue
        site = escape_site(f, value)
        if site is None:
            continue
        yield ctx.finding(
            value,
            f"{_shown(ctx.text(value))} ({describe(t)}) is boxed for {site}: "
            f"a 24-byte heap allocation each time, {reason}",
        )


def _boxed_type(f: FileContext, value: Node) -> GoType | None:
    """The byte-slice type converted to an interface at `value`: its own, or the operand's of
    an explicit `any(b)`."""
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        conv = f.typer.is_type_name(fn) if fn is not None else None
        one = args is not None and args.named_child_count == 1
        if conv is not None and args is not None and one and is_interface(f.index, conv):
            value = args.named_children[0]
    t = f.typer.type_of(value)
    return t if is_byte_slice(f.index.underlying(f.index.alias_target(t))) else None


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


RULE = Rule(META, QUERY, check, prefilter=PREFILTER, scope=SCOPE, regions=REGIONS)
