"""Reporters: one module per output format, imported only when that format is asked for.

A reporter is a module exposing `render(result, out, *, cwd)`. Lazy imports keep the one-file
pre-commit run fast: formats nobody asked for cost nothing at startup.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, TextIO, cast

if TYPE_CHECKING:
    from golint_mem.model import RunResult

# Only modules that exist are listed: the CLI offers exactly these names.
FORMATS: dict[str, str] = {
    "text": "golint_mem.report.text",
    "json": "golint_mem.report.json",
    "github": "golint_mem.report.github",
    "sarif": "golint_mem.report.sarif",
    "gitlab": "golint_mem.report.gitlab",
    "junit": "golint_mem.report.junit",
    "rdjson": "golint_mem.report.rdjson",
    "checkstyle": "golint_mem.report.checkstyle",
}
HOMEPAGE = "https://github.com/golint-mem/golint-mem"


def rule_url(code: str) -> str | None:
    """The web address of a rule's reference page; None when it has no page."""
    from golint_mem.pages import page

    return f"{HOMEPAGE}/blob/main/docs/rules/{code}.md" if page(code) is not None else None


class Reporter(Protocol):
    def render(self, result: RunResult, out: TextIO, *, cwd: str) -> None: ...


def get(name: str) -> Reporter:
    """The reporter module for format `name`; ValueError when there is no such format."""
    try:
        module = FORMATS[name]
    except KeyError:
        choices = ", ".join(FORMATS)
        raise ValueError(f"unknown output format {name!r} (choose from {choices})") from None
    return cast(Reporter, importlib.import_module(module))
