"""GM101: a value written since it came from a sync.Pool is put back without a reset."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from golint_mem.analysis.pools.calls import get_sites
from golint_mem.analysis.pools.effects import Effect, Effects, Event, assigned_field
from golint_mem.analysis.pools.lifecycle import put_back
from golint_mem.go.scopes import Decl
from golint_mem.model import Confidence, Finding, RuleMeta, Severity
from golint_mem.rule import Context, Rule, identifier, option

META = RuleMeta(
    code="GM101",
    name="pool-put-without-reset",
    summary="an object written since Get is put back into a sync.Pool without being reset",
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    tags=("sync.Pool", "correctness", "memory"),
)

QUERY = """
(call_expression
  function: (selector_expression field: (field_identifier) @_m (#eq? @_m "Put"))
  arguments: (argument_list . (identifier) @arg .)) @put
"""

PREFILTER = re.compile(rb"Put(?<=\bPut)\b")  # \bPut\b, led by its literal: ten times faster


@dataclass(frozen=True, slots=True)
class Options:
    # Method names that reset a value, besides Reset, reset and those starting Reset or Clear.
    reset_methods: tuple[str, ...] = option((), each=identifier)


def check(ctx: Context[Options]) -> Iterator[Finding]:
    f = ctx.file
    resets = frozenset(ctx.options.reset_methods)
    for m in ctx.matches:
        call, arg = m["put"][0], m["arg"][0]
        back = put_back(f, call, arg)
        if back is None:
            continue
        decl, org = back.decl, back.origin
        evs = back.events(Effects(f, resets), call)
        if _clean(evs) or (org.helper_resets and get_sites(f, org.pool) <= 1):
            continue
        if _overwrites_every_field(ctx, decl, evs):
            continue
        yield ctx.finding(
            arg, f"{ctx.text(arg)} is put back into {back.pool.text} without being reset"
        )


def _overwrites_every_field(ctx: Context[Options], decl: Decl, evs: list[Event]) -> bool:
    """Every field of the struct is assigned since Get: nothing of the last user survives."""
    f = ctx.file
    fields = f.index.struct_fields(f.typer.decl_type(decl))
    names = f.index.struct_field_names(f.typer.decl_type(decl))
    if not fields or not names or "_" in names:
        return False
    assigned = {assigned_field(f, e.node) for e in evs}
    return set(names) <= assigned


def _clean(evs: list[Event]) -> bool:
    """True when nothing was written, the value was reset first (reset-on-get), or a reset
    follows the last write."""
    kinds = [e.kind for e in evs if e.kind.writes or e.kind.resets]
    if not any(k.writes for k in kinds):
        return True
    if kinds[0].resets:
        return True
    last_write = max(i for i, k in enumerate(kinds) if k.writes)
    return any(k is Effect.RESET for k in kinds[last_write + 1 :])


RULE = Rule(META, QUERY, check, prefilter=PREFILTER, options=Options)
