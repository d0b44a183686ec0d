from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.clirun import golint_mem

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "testdata" / "report" / "report.go"
BUG = '\trecordPool.Put(r) // want "GM101: r is put back into recordPool without being reset"\n'


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the project root, for root-relative paths
    (tmp_path / "pkg").mkdir()
    shutil.copy(REPORT, tmp_path / "pkg" / "report.go")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "other.go").write_text(
        'package other\n\nimport "sync"\n\nvar p sync.Pool\n\nfunc f(b []byte) {\n\tp.Put(b)\n}\n'
    )
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_write_baseline(tree: Path) -> None:
    ran = golint_mem("--write-baseline", "base.json", cwd=tree)
    assert (ran.code, ran.stdout) == (0, "")
    assert "wrote 4 findings to base.json" in ran.stderr
    text = (tree / "base.json").read_text("utf-8")
    lines = text.splitlines()
    assert lines[:3] == ["{", '  "version": 1,', '  "findings": [']
    assert lines[-2:] == ["  ]", "}"] and text.endswith("}\n")
    rows = [json.loads(line.strip().rstrip(",")) for line in lines[3:-2]]  # one per line
    assert json.loads(text)["findings"] == rows
    assert [(r["path"], r["line"], r["code"]) for r in rows] == [
        ("other/other.go", 8, "GM102"),
        ("pkg/report.go", 19, "GM101"),
        ("pkg/report.go", 27, "GM101"),
        ("pkg/report.go", 40, "GM102"),
    ]  # the suppressed finding on line 34 is not recorded
    assert list(rows[0]) == ["fingerprint", "code", "path", "line", "message"]
    findings = json.loads(golint_mem("--format", "json", cwd=tree).stdout)
    assert {r["fingerprint"] for r in rows} == {
        f["fingerprint"] for f in findings if not f["suppressed"]
    }


def test_write_empty_baseline(tree: Path) -> None:
    ran = golint_mem("--write-baseline", "base.json", "--select", "GM103", cwd=tree)
    assert ran.code == 0
    assert json.loads((tree / "base.json").read_text()) == {"version": 1, "findings": []}


def test_baseline_hides_recorded_findings_after_lines_move(tree: Path) -> None:
    golint_mem("--write-baseline", "base.json", cwd=tree)
    ran = golint_mem("--baseline", "base.json", cwd=tree)
    assert (ran.code, ran.stdout) == (0, "")
    assert "4 findings hidden by the baseline base.json" in ran.stderr
    edit(tree / "pkg/report.go", "func count(", "// Count counts.\n//\n// More.\nfunc count(")
    ran = golint_mem("--baseline", "base.json", "--report-unused-directives", cwd=tree)
    assert (ran.code, ran.stdout) == (0, "")


def test_new_finding_is_reported(tree: Path) -> None:
    golint_mem("--write-baseline", "base.json", cwd=tree)
    edit(tree / "other/other.go", "\tp.Put(b)\n", "\tp.Put(b)\n\tp.Put(b[:0])\n")
    ran = golint_mem("--baseline", "base.json", cwd=tree)
    assert ran.code == 1
    assert ran.stdout == (
        "other/other.go:9:8: GM102 p.Put(b[:0]) boxes a []byte, allocating on every call: "
        "store a *[]byte instead\n"
    )


def test_unused_entry(tree: Path) -> None:
    golint_mem("--write-baseline", "base.json", cwd=tree)
    edit(tree / "pkg/report.go", BUG, '\tr.name, r.count = "", 0\n\trecordPool.Put(r)\n')
    ran = golint_mem("--baseline", "base.json", cwd=tree)
    assert (ran.code, ran.stdout) == (0, "")  # unused entries are opt-in, like GM002
    ran = golint_mem("--baseline", "base.json", "--report-unused-directives", cwd=tree)
    assert ran.code == 1
    assert ran.stdout == (
        "base.json:5:5: GM002 unused baseline entry for GM101 at pkg/report.go:19: "
        "the finding is gone\n"
    )
    # Only files that were linted, with rules that ran, can have unused entries.
    for args in (["other"], ["--select", "GM102,GM002"]):
        ran = golint_mem("--baseline", "base.json", "--report-unused-directives", *args, cwd=tree)
        assert (ran.code, ran.stdout) == (0, ""), args
    # From a subdirectory: the same entries match, the baseline is printed relative to it.
    ran = golint_mem(
        "--baseline", "../base.json", "--report-unused-directives", "./...", cwd=tree / "pkg"
    )
    assert ran.stdout.startswith("../base.json:5:5: GM002 unused baseline entry for GM101")
    sarif = golint_mem("--baseline", "base.json", "--report-unused-directives", "--format",
                       "sarif", cwd=tree).stdout  # fmt: skip
    results = json.loads(sarif)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["GM002", "GM101"]  # GM101: the suppressed one
    result = results[0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "base.json"
    assert location["region"]["startLine"] == 5
    assert result["partialFingerprints"]["golintMem/v1"]


def test_rewriting_a_baseline_in_place(tree: Path) -> None:
    golint_mem("--write-baseline", "base.json", "pkg", cwd=tree)
    ran = golint_mem("--baseline", "base.json", "--write-baseline", "base.json", cwd=tree)
    assert ran.code == 0
    rows = json.loads((tree / "base.json").read_text())["findings"]
    assert len(rows) == 4  # everything found now, not only what the old baseline left over
    assert [p.name for p in tree.iterdir() if p.name.startswith(".golint")] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read baseline base.json: No such file or directory"),
        ("{", "base.json: not a golint-mem baseline: Expecting property name"),
        ("[]", "base.json: not a golint-mem baseline: no findings list"),
        ('{"version": 2, "findings": []}', "base.json: baseline version 2 is not one"),
        ('{"version": 1, "findings": [{"code": "GM101"}]}', "finding 1 has no fingerprint"),
    ],
)
def test_bad_baseline(tree: Path, content: str | None, message: str) -> None:
    if content is not None:
        (tree / "base.json").write_text(content)
    ran = golint_mem("--baseline", "base.json", cwd=tree)
    assert ran.code == 2
    assert ran.stdout == ""
    (line,) = ran.stderr.splitlines()
    assert line.startswith("golint-mem: error: ") and message in line


def test_cannot_write_baseline(tree: Path) -> None:
    ran = golint_mem("--write-baseline", "missing/base.json", cwd=tree)
    assert ran.code == 2
    assert "golint-mem: error: cannot write baseline missing/base.json" in ran.stderr
