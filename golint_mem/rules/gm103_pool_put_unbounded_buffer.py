"""GM103: a buffer that grew since Get goes back into the pool with no limit on its capacity."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from golint_mem.analysis.pools.bounds import capacity_bound
from golint_mem.analysis.pools.effects import Effects
from golint_mem.analysis.pools.growth import bounded_growth
from golint_mem.analysis.pools.lifecycle import put_back
from golint_mem.go.file import FileContext
from golint_mem.go.types import GoType, Kind, deref, is_byte_slice, is_named
from golint_mem.model import Confidence, Finding, RuleMeta, Severity
from golint_mem.rule import Context, Rule, above_zero, option

META = RuleMeta(
    code="GM103",
    name="pool-put-unbounded-buffer",
    summary="a grown buffer is put back into a sync.Pool with no upper bound on its capacity",
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    tags=("sync.Pool", "memory"),
)

QUERY = """
(call_expression
  function: (selector_expression field: (field_identifier) @_m (#eq? @_m "Put"))
  arguments: (argument_list . (identifier) @arg .)) @put
"""

PREFILTER = re.compile(rb"Put(?<=\bPut)\b")  # \bPut\b, led by its literal: ten times faster

_BUFFER_WORDS = ("buf", "buffer")


@dataclass(frozen=True, slots=True)
class Options:
    # The capacity, in bytes, up to which a bound on a buffer put back is enough.
    max_capacity: int = option(1 << 20, check=above_zero)


def check(ctx: Context[Options]) -> Iterator[Finding]:
    f = ctx.file
    max_cap = ctx.options.max_capacity
    for m in ctx.matches:
        call, arg = m["put"][0], m["arg"][0]
        back = put_back(f, call, arg)
        if back is None or not is_buffer(f, f.typer.decl_type(back.decl)):
            continue
        scope, decl, org = back.scope, back.decl, back.origin
        evs = back.events(Effects(f), call)
        if not any(e.kind.writes and not bounded_growth(f, e.node, org.start) for e in evs):
            continue  # never grown since Get, or only by a bounded amount
        bound = capacity_bound(f, scope, decl, call, org.start)
        if bound.found and (bound.limit is None or bound.limit <= max_cap):
            continue
        name = ctx.text(arg)
        if bound.found:
            msg = (
                f"{name} goes back into {back.pool.text} when its capacity is up to "
                f"{bound.limit:,} bytes, above max-capacity {max_cap:,}: lower the bound"
            )
        else:
            msg = (
                f"{name} may have grown since Get and goes back into {back.pool.text} with no "
                f"capacity limit: drop it when cap exceeds a bound (fmt uses 64<<10)"
            )
        yield ctx.finding(arg, msg)


def is_buffer(f: FileContext, t: GoType) -> bool:
    """*bytes.Buffer, *strings.Builder, *[]byte, or a pointer to a local type whose job is a
    byte buffer: a []byte underneath, or a struct whose name says buffer and that holds one."""
    t = f.index.alias_target(t)
    if t.kind is not Kind.POINTER or t.elem is None:
        return False
    base = t.elem
    if is_named(base, "bytes", "Buffer") or is_named(base, "strings", "Builder"):
        return True
    if is_byte_slice(base):
        return True
    if base.kind is not Kind.NAMED or base.pkg:
        return False
    u = f.index.underlying(base)
    if is_byte_slice(u):
        return True
    if u.kind is not Kind.STRUCT:
        return False
    byte_fields = [fd for fd in u.fields if _holds_bytes(f, fd.type)]
    if not byte_fields:
        return False
    return len(u.fields) == 1 or any(w in base.name.lower() for w in _BUFFER_WORDS)


def _holds_bytes(f: FileContext, t: GoType) -> bool:
    t = deref(f.index.alias_target(t))
    return is_byte_slice(f.index.underlying(t)) or is_named(t, "bytes", "Buffer")


RULE = Rule(META, QUERY, check, prefilter=PREFILTER, options=Options)
