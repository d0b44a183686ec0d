"""Every rule golint-mem has, and selection by code or prefix.

RULES lists the rule modules' Rule values, in code order (scripts/new_rule.py adds one). Codes
are never reused: a retired rule stays in RETIRED with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from golint_mem.engine_rules import META_RULES
from golint_mem.model import RuleMeta
from golint_mem.rule import Rule
from golint_mem.rules import (
    gm101_pool_put_without_reset,
    gm102_pool_put_non_pointer,
    gm103_pool_put_unbounded_buffer,
    gm201_any_slice_instead_of_type_param,
    gm202_bytes_to_interface_on_hot_path,
)

RULES: tuple[Rule[Any], ...] = (
    gm101_pool_put_without_reset.RULE,
    gm102_pool_put_non_pointer.RULE,
    gm103_pool_put_unbounded_buffer.RULE,
    gm201_any_slice_instead_of_type_param.RULE,
    gm202_bytes_to_interface_on_hot_path.RULE,
)

RETIRED: dict[str, str] = {}


def rules() -> tuple[Rule[Any], ...]:
    return RULES


def meta_rules() -> tuple[RuleMeta, ...]:
    """Findings the engine itself produces (parse errors, directives)."""
    return META_RULES


def all_metas() -> tuple[RuleMeta, ...]:
    return tuple(sorted((*meta_rules(), *(r.meta for r in rules())), key=lambda m: m.code))


def known_codes() -> frozenset[str]:
    return frozenset(m.code for m in all_metas())


def codes_by_name() -> dict[str, str]:
    """Every rule's name to its code: `pool-put-without-reset` -> GM101."""
    return {m.name: m.code for m in all_metas()}


def resolve(selector: str) -> str:
    """A code or prefix as typed (any case), or a rule's name, as the code or prefix it means."""
    text = selector.strip()
    return codes_by_name().get(text.lower(), text.upper())


def matches(code: str, selectors: Iterable[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


class SelectionError(ValueError):
    pass


def validate(selectors: Sequence[str], what: str) -> None:
    codes = known_codes()
    for s in selectors:
        if s != "ALL" and not any(c.startswith(s) for c in codes):
            raise SelectionError(f"{what}: unknown rule code or prefix {s!r}")


def select(
    select: Sequence[str] | None, ignore: Sequence[str] | None, default_off: frozenset[str]
) -> frozenset[str]:
    """The codes that run: selected (all by default, minus opt-in ones) and not ignored.

    Naming a code exactly in `select` turns on an opt-in rule; a prefix does not.
    """
    chosen: set[str] = set()
    for meta in all_metas():
        code = meta.code
        if select is None:
            on = code not in default_off
        else:
            on = code in select or (matches(code, select) and code not in default_off)
        if on and not matches(code, ignore or ()):
            chosen.add(code)
    return frozenset(chosen)
