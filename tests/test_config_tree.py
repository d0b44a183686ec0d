"""Config for a monorepo: per-file ignores, nested config files applying to their subtree,
severities per rule with --fail-on, and rule names wherever codes go."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirun import golint_mem

# GM102 on line 8, GM101 on line 14 (and nothing else).
GO = """package {pkg}

import "sync"

var bytesPool sync.Pool

func release(b []byte) {{
	bytesPool.Put(b)
}}

func count(p *sync.Pool) {{
	r := p.Get().(*[]int)
	*r = append(*r, 1)
	p.Put(r)
}}
"""


def tree(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir()
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def go(pkg: str) -> str:
    return GO.format(pkg=pkg)


def findings(root: Path, *args: str, cwd: Path | None = None) -> list[tuple[str, str, str]]:
    ran = golint_mem("--format", "json", *args, cwd=cwd or root)
    assert ran.code in (0, 1), ran.stderr
    return [(r["path"], r["code"], r["severity"]) for r in json.loads(ran.stdout)]


def test_the_base_case_finds_both(tmp_path: Path) -> None:
    root = tree(tmp_path, {"a/a.go": go("a")})
    assert findings(root, "--select", "GM101,GM102") == [
        ("a/a.go", "GM102", "warning"),
        ("a/a.go", "GM101", "warning"),
    ]


def test_per_file_ignores(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            ".golint-mem.toml": (
                "[per-file-ignores]\n"
                '"gen/" = ["GM1"]\n'  # a directory, anywhere below
                '"*_x.go" = ["pool-put-non-pointer"]\n'  # a name, at any depth
                '"/top.go" = ["ALL"]\n'  # anchored at this file's directory
            ),
            "gen/g.go": go("gen"),
            "b/sub/c_x.go": go("sub"),
            "top.go": go("top"),
            "b/top.go": go("b"),
        },
    )
    assert findings(root, "--select", "GM101,GM102") == [
        ("b/sub/c_x.go", "GM101", "warning"),
        ("b/top.go", "GM102", "warning"),
        ("b/top.go", "GM101", "warning"),
    ]


def test_nested_config_applies_to_its_subtree(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            ".golint-mem.toml": 'select = ["GM101", "GM102"]\nexclude = ["svc/legacy/"]\n',
            "svc/.golint-mem.toml": (
                'ignore = ["GM101"]\n'
                '[rules.GM102]\nseverity = "error"\n'
                "[per-file-ignores]\n"
                '"/quiet/" = ["GM102"]\n'
            ),
            "svc/legacy/old/x.go": go("old"),  # excluded by the top file, relative to it
            "svc/s.go": go("svc"),
            "svc/quiet/q.go": go("quiet"),
            "lib/l.go": go("lib"),
        },
    )
    expected = [
        ("lib/l.go", "GM102", "warning"),
        ("lib/l.go", "GM101", "warning"),
        ("svc/s.go", "GM102", "error"),
    ]
    assert findings(root) == expected
    # The same findings from inside the subtree, and whatever the files named.
    assert findings(root, cwd=root / "svc") == [("s.go", "GM102", "error")]
    assert findings(root, "svc/s.go", "svc/quiet/q.go", "lib/l.go") == [
        ("lib/l.go", "GM102", "warning"),
        ("lib/l.go", "GM101", "warning"),
        ("svc/s.go", "GM102", "error"),
    ]
    # --config reads one file for everything, as ruff does; the command line wins over files.
    assert findings(root, "--config", ".golint-mem.toml") == [
        ("lib/l.go", "GM102", "warning"),
        ("lib/l.go", "GM101", "warning"),
        ("svc/quiet/q.go", "GM102", "warning"),
        ("svc/quiet/q.go", "GM101", "warning"),
        ("svc/s.go", "GM102", "warning"),
        ("svc/s.go", "GM101", "warning"),
    ]
    # --select takes the place of every file's select, not of their ignore.
    assert findings(root, "--select", "GM101") == [("lib/l.go", "GM101", "warning")]


RECYCLED = """package {pkg}

import (
	"sync"

	"example.com/arena"
)

var bufPool = sync.Pool{{New: func() any {{ return new(arena.Buffer) }}}}

func render(s string) {{
	b := bufPool.Get().(*arena.Buffer)
	b.WriteString(s)
	b.Recycle()
	bufPool.Put(b)
}}
"""


def test_nested_rule_options_and_tests(tmp_path: Path) -> None:
    """A subtree's rule options (they change what a rule finds) and its `tests` key."""
    root = tree(
        tmp_path,
        {
            "a/a.go": RECYCLED.format(pkg="a"),
            "b/.golint-mem.toml": 'tests = false\n[rules.GM101]\nreset-methods = ["Recycle"]\n',
            "b/b.go": RECYCLED.format(pkg="b"),
            "b/b_test.go": go("b"),
        },
    )
    assert findings(root, "--select", "GM101") == [("a/a.go", "GM101", "warning")]
    # --tests wins over the file.
    assert findings(root, "--select", "GM101", "--tests") == [
        ("a/a.go", "GM101", "warning"),
        ("b/b_test.go", "GM101", "warning"),
    ]


def test_nested_config_error_names_its_file(tmp_path: Path) -> None:
    root = tree(tmp_path, {"a/.golint-mem.toml": 'select = ["GM9"]\n', "a/a.go": go("a")})
    ran = golint_mem("./...", cwd=root)
    assert ran.code == 2
    assert ran.stderr == "golint-mem: error: a/.golint-mem.toml: select: unknown rule code or " \
        "prefix 'GM9'\n"  # fmt: skip


def test_severity_sets_the_level_of_sarif_and_github(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {".golint-mem.toml": '[rules.pool-put-non-pointer]\nseverity = "info"\n', "a.go": go("a")},
    )
    doc = json.loads(golint_mem("--format", "sarif", "--select", "GM102", ".", cwd=root).stdout)
    run = doc["runs"][0]
    assert [r["level"] for r in run["results"]] == ["note"]
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["defaultConfiguration"]["level"] == "note"
    github = golint_mem("--format", "github", "--select", "GM102", ".", cwd=root).stdout
    assert github.startswith("::notice file=a.go,line=8,")


@pytest.mark.parametrize(
    ("fail_on", "code"), [(None, 1), ("info", 1), ("warning", 1), ("error", 0)]
)
def test_fail_on(tmp_path: Path, fail_on: str | None, code: int) -> None:
    """GM102 is an info, GM101 a warning here: --fail-on error exits 0 and still reports them."""
    root = tree(
        tmp_path,
        {".golint-mem.toml": '[rules.GM102]\nseverity = "info"\n', "a.go": go("a")},
    )
    args = ["--fail-on", fail_on] if fail_on else []
    ran = golint_mem(*args, "--select", "GM101,GM102", ".", cwd=root)
    assert ran.code == code
    assert len(ran.stdout.splitlines()) == 2
    only_info = golint_mem(*args, "--select", "GM102", ".", cwd=root)
    assert only_info.code == (1 if fail_on in (None, "info") else 0)


def test_rule_names_wherever_codes_go(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            ".golint-mem.toml": 'ignore = ["pool-put-without-reset"]\n',
            "a.go": go("a"),
        },
    )
    assert findings(root, "--select", "GM101,GM102") == [("a.go", "GM102", "warning")]
    assert findings(root, "--select", "pool-put-non-pointer", "--ignore", "GM2") == [
        ("a.go", "GM102", "warning")
    ]
    by_name = golint_mem("--explain", "pool-put-without-reset", cwd=root)
    assert by_name.code == 0
    assert by_name.stdout == golint_mem("--explain", "GM101", cwd=root).stdout
    assert by_name.stdout.startswith("# GM101")
