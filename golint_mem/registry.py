"""Every rule golint-mem has, and selection by code or prefix.

Rule modules are imported only when a run needs them. Codes are never reused: a retired rule
stays in RETIRED with the reason.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from functools import cache
from typing import cast

from golint_mem.model import RuleMeta
from golint_mem.rule import RuleModule

RULE_MODULES: tuple[str, ...] = (
    "golint_mem.rules.gm101_pool_put_without_reset",
    "golint_mem.rules.gm102_pool_put_non_pointer",
    "golint_mem.rules.gm103_pool_put_unbounded_buffer",
    "golint_mem.rules.gm201_any_slice_instead_of_type_param",
    "golint_mem.rules.gm202_bytes_to_interface_on_hot_path",
)

RETIRED: dict[str, str] = {}


@cache
def rules() -> tuple[RuleModule, ...]:
    return tuple(cast(RuleModule, importlib.import_module(name)) for name in RULE_MODULES)


def meta_rules() -> tuple[RuleMeta, ...]:
    """Findings the engine itself produces (parse errors, directives)."""
    from golint_mem.meta import META_RULES

    return META_RULES


def all_metas() -> tuple[RuleMeta, ...]:
    return tuple(sorted((*meta_rules(), *(r.META for r in rules())), key=lambda m: m.code))


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
