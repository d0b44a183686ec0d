"""Codes the engine reports itself, not through a rule module: GM0xx."""

from __future__ import annotations

from golint_mem.model import Confidence, RuleMeta, Severity
from golint_mem.suppress import BAD_DIRECTIVE_META, UNUSED_DIRECTIVE_META

PARSE_ERROR = RuleMeta(
    code="GM000",
    name="parse-error",
    summary="the file has syntax the Go grammar could not parse (opt-in: --parse-errors)",
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    tags=("correctness",),
)

META_RULES: tuple[RuleMeta, ...] = (PARSE_ERROR, BAD_DIRECTIVE_META, UNUSED_DIRECTIVE_META)

# Codes that run only when asked for by name (or by the flag that turns them on).
OPT_IN: frozenset[str] = frozenset((PARSE_ERROR.code, UNUSED_DIRECTIVE_META.code))
