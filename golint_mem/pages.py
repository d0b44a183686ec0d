"""The rule reference pages (docs/rules/GM101.md ...), read for --explain, SARIF help text and
tests.

Not named docs.py: pyproject ships the top-level docs/ folder as the package `golint_mem.docs`,
and a module of that name would shadow it.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

# A checkout (installed in editable mode, or not at all) holds its pages beside the package.
_ROOT = Path(__file__).resolve().parent.parent
CHECKOUT = _ROOT / "docs" / "rules" if (_ROOT / "pyproject.toml").is_file() else None
_CODE = re.compile(r"GM\d{3}")
_FENCED_GO = re.compile(r"^```go[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def folder() -> Traversable:
    """Where the rule pages are: beside the code that runs (docs/rules/ of a checkout), else in
    the installed package golint_mem.docs."""
    if CHECKOUT is not None and CHECKOUT.is_dir():
        return CHECKOUT
    return resources.files("golint_mem.docs") / "rules"


def page(code: str) -> str | None:
    """The Markdown page of `code`, or None when there is none."""
    if not _CODE.fullmatch(code):  # also keeps a user-typed code from naming another file
        return None
    path = folder() / f"{code}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def sections(markdown: str) -> dict[str, str]:
    """The page's `## ` sections by heading, a trailing '?' dropped: "Why is this bad", "Example".

    Text before the first heading (the title) is not a section. `## ` inside a fence is code.
    """
    out: dict[str, str] = {}
    heading: str | None = None
    body: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            if heading is not None:
                out[heading] = "\n".join(body).strip("\n")
            heading, body = line[3:].strip().rstrip("?"), []
        elif heading is not None:
            body.append(line)
    if heading is not None:
        out[heading] = "\n".join(body).strip("\n")
    return out


def fenced_go(section_text: str) -> list[str]:
    """The contents of the ```go fenced blocks in `section_text`, each ending in a newline."""
    return _FENCED_GO.findall(section_text)
