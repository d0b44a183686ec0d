"""The rule contract: queries compile against the pinned grammar, fixtures are valid Go, and every
rule has enough flagged and tricky silent fixture lines."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest

from golint_mem import treesitter
from golint_mem.registry import rules
from golint_mem.rule import Rule
from tests.fixtures import TESTDATA, parse_wants

RULES = rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.code)
def test_query_compiles_and_captures_something(rule: Rule[Any]) -> None:
    q = treesitter.query(rule.query)
    assert q.pattern_count >= 1
    names = {q.capture_name(i) for i in range(q.capture_count)}
    assert any(not n.startswith("_") for n in names), "no capture for check() to use"


def test_registry_lists_each_rule_once_in_code_order() -> None:
    codes = [r.meta.code for r in RULES]
    assert codes == sorted(set(codes))


def _lines_the_rule_looks_at(rule: Rule[Any]) -> dict[tuple[str, int], None]:
    """(file, line) of every query match in the rule's fixtures: the candidates it judged."""
    q = treesitter.query(rule.query)
    seen: dict[tuple[str, int], None] = {}
    for path in sorted((TESTDATA / rule.meta.code).rglob("*.go")):
        root = treesitter.parse(path.read_bytes()).root_node
        for _, captures in treesitter.matches(q, root):
            first = min(
                (n for nodes in captures.values() for n in nodes), key=lambda n: n.start_byte
            )
            seen[(path.as_posix(), first.start_point[0] + 1)] = None
    return seen


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.code)
def test_enough_positive_and_negative_fixture_lines(rule: Rule[Any]) -> None:
    code = rule.meta.code
    folder = TESTDATA / code
    assert folder.is_dir(), f"testdata/{code}/ is missing"
    wanted = {
        (p.as_posix(), w.line)
        for p in folder.rglob("*.go")
        for w in parse_wants(p, p.as_posix())
        if w.code == code
    }
    silent = [key for key in _lines_the_rule_looks_at(rule) if key not in wanted]
    assert len(wanted) >= 12, f"{code}: {len(wanted)} flagged fixture lines, want at least 12"
    assert len(silent) >= 20, f"{code}: {len(silent)} silent candidate lines, want at least 20"


@pytest.mark.skipif(
    shutil.which("gofmt") is None, reason="gofmt (Debian's golang-go) not installed"
)
def test_fixtures_are_gofmt_clean() -> None:
    proc = subprocess.run(
        ["gofmt", "-l", str(TESTDATA)], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "", f"not gofmt-clean:\n{proc.stdout}"
