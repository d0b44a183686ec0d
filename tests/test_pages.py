from __future__ import annotations

import importlib.resources
from pathlib import Path

import pytest

from golint_mem import pages
from golint_mem.model import RuleMeta
from golint_mem.pages import fenced_go, page, sections
from golint_mem.source import SourceFile
from golint_mem.suppress import (
    BAD_DIRECTIVE_META,
    UNUSED_DIRECTIVE_META,
    Suppressor,
    find_directives,
)
from golint_mem.treesitter import first_error, parse

SECTIONS = ["What it does", "Why is this bad", "Example", "Use instead", "Options", "References"]
KNOWN = frozenset({"GM101"})


def suppressor(go: str) -> Suppressor:
    src = SourceFile("example.go", go.encode())
    tree = parse(src.data)
    assert first_error(tree.root_node) is None, go  # the page shows valid Go
    return Suppressor(src, find_directives(src, tree.root_node), KNOWN, KNOWN)


@pytest.mark.parametrize("meta", [BAD_DIRECTIVE_META, UNUSED_DIRECTIVE_META])
def test_meta_rule_pages_have_every_section(meta: RuleMeta) -> None:
    text = page(meta.code)
    assert text is not None
    assert text.startswith(f"# {meta.code}: {meta.name}\n")
    assert list(sections(text)) == SECTIONS


def test_gm001_example_triggers_and_use_instead_does_not() -> None:
    parts = sections(page("GM001") or "")
    (example,) = fenced_go(parts["Example"])
    (instead,) = fenced_go(parts["Use instead"])
    assert [f.code for f in suppressor(example).bad()] == ["GM001"]
    assert suppressor(instead).bad() == []


def test_gm002_example_triggers_and_use_instead_does_not() -> None:
    parts = sections(page("GM002") or "")
    (example,) = fenced_go(parts["Example"])
    (instead,) = fenced_go(parts["Use instead"])
    assert [f.code for f in suppressor(example).unused()] == ["GM002"]
    assert suppressor(instead).unused() == []


@pytest.mark.parametrize("code", ["GM999", "gm001", "GM01", "../pyproject", "GM001.md"])
def test_no_page(code: str) -> None:
    assert page(code) is None


def test_page_from_installed_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "GM123.md").write_text("# GM123: installed\n", encoding="utf-8")
    monkeypatch.setattr(pages, "CHECKOUT", None)  # not run from a checkout
    monkeypatch.setattr(importlib.resources, "files", lambda name: tmp_path)
    assert page("GM123") == "# GM123: installed\n"
    assert page("GM001") is None


def test_a_checkout_reads_its_own_pages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The pages beside the code that runs, whatever an installed copy holds."""
    monkeypatch.setattr(importlib.resources, "files", lambda name: tmp_path)
    assert pages.CHECKOUT is not None and pages.CHECKOUT.parent.name == "docs"
    assert (page("GM001") or "").startswith("# GM001: ")


def test_sections() -> None:
    md = (
        "# GM900: title\n\nintro\n\n"
        "## What it does\n\nFinds things.\n\n"
        "## Why is this bad?\n\nBecause.\n\n"
        "## Example\n\n```go\n## not a heading\n```\n"
    )
    assert sections(md) == {
        "What it does": "Finds things.",
        "Why is this bad": "Because.",
        "Example": "```go\n## not a heading\n```",
    }


def test_fenced_go() -> None:
    text = "x\n```go\npackage a\n```\n```sh\nls\n```\n```go\npackage b\n\nvar c = 1\n```\n"
    assert fenced_go(text) == ["package a\n", "package b\n\nvar c = 1\n"]
