"""Every rule has a reference page whose Example triggers it and whose Use instead is clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from golint_mem.engine import Linter, LintFile, Settings
from golint_mem.engine_rules import PARSE_ERROR
from golint_mem.model import Diagnostic, RuleMeta
from golint_mem.pages import fenced_go, page, sections
from golint_mem.registry import all_metas, rules

SECTIONS = ["What it does", "Why is this bad", "Example", "Use instead", "Options", "References"]
ROOT = Path(__file__).resolve().parent.parent
RULE_METAS = [r.meta for r in rules()]


def lint_snippet(tmp_path: Path, go: str) -> list[Diagnostic]:
    codes = frozenset(m.code for m in all_metas()) - {"GM002"}
    path = tmp_path / "example.go"
    path.write_text(go, encoding="utf-8")
    result = Linter(Settings(selected=codes)).lint_package(
        [LintFile(str(path), "example.go", True)]
    )
    return result.diagnostics


@pytest.mark.parametrize("meta", [*RULE_METAS, PARSE_ERROR], ids=lambda m: m.code)
def test_page_has_every_section(meta: RuleMeta) -> None:
    text = page(meta.code)
    assert text is not None, f"docs/rules/{meta.code}.md is missing"
    assert text.startswith(f"# {meta.code}: {meta.name}\n")
    assert list(sections(text)) == SECTIONS


@pytest.mark.parametrize("meta", [*RULE_METAS, PARSE_ERROR], ids=lambda m: m.code)
def test_example_triggers_and_use_instead_is_clean(meta: RuleMeta, tmp_path: Path) -> None:
    parts = sections(page(meta.code) or "")
    examples, insteads = fenced_go(parts["Example"]), fenced_go(parts["Use instead"])
    assert examples and insteads
    for go in examples:
        found = [d.code for d in lint_snippet(tmp_path, go)]
        assert meta.code in found, f"the Example of {meta.code} does not trigger it:\n{go}"
    for go in insteads:
        found = [f"{d.code} {d.message}" for d in lint_snippet(tmp_path, go)]
        assert found == [], f"the Use instead of {meta.code} is not clean: {found}\n{go}"


def test_readme_lists_every_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for meta in all_metas():
        assert f"[{meta.code}](docs/rules/{meta.code}.md) | {meta.name} |" in readme, meta.code
