"""The json and github formats end to end, on testdata/report, against the SARIF of the same run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirun import golint_mem

ROOT = Path(__file__).resolve().parent.parent
ARGS = ("--select", "GM101,GM102", "testdata/report")


def test_json_matches_sarif() -> None:
    rows = json.loads(golint_mem("--format", "json", *ARGS, cwd=ROOT).stdout)
    doc = json.loads(golint_mem("--format", "sarif", *ARGS, cwd=ROOT).stdout)
    results = doc["runs"][0]["results"]
    assert len(rows) == len(results) == 4
    for row, r in zip(rows, results, strict=True):
        assert set(row) >= {
            "code", "name", "message", "path", "line", "column", "end_line", "end_column",
            "severity", "suppressed", "fingerprint",
        }  # fmt: skip
        assert row["code"] == r["ruleId"]
        assert row["message"] == r["message"]["text"]
        assert row["path"] == "testdata/report/report.go"
        assert row["line"] == r["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert row["fingerprint"] == r["partialFingerprints"]["golintMem/v1"]
        assert row["suppressed"] == ("suppressions" in r)
    assert [r["suppressed"] for r in rows] == [False, False, True, False]


def test_json_path_is_cwd_relative_and_fingerprint_is_not() -> None:
    top = json.loads(golint_mem("--format", "json", *ARGS, cwd=ROOT).stdout)
    sub = json.loads(golint_mem("--format", "json", "--select", "GM101,GM102", "report",
                                cwd=ROOT / "testdata").stdout)  # fmt: skip
    assert [r["path"] for r in sub] == ["report/report.go"] * 4
    assert [r["fingerprint"] for r in sub] == [r["fingerprint"] for r in top]


def test_github(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    ran = golint_mem("--format", "github", *ARGS, cwd=ROOT)
    assert ran.code == 1
    lines = ran.stdout.splitlines()
    assert lines[0] == (
        "::warning file=testdata/report/report.go,line=19,col=17,endLine=19,endColumn=18,"
        "title=GM101 pool-put-without-reset::r is put back into recordPool without being reset"
    )
    assert [line.split(",")[1] for line in lines] == ["line=19", "line=27", "line=40"]
    # Columns count bytes, as go vet's do: 27:38 (ü, ï and 😀 take 2, 2 and 4 bytes before the
    # finding), where SARIF says 34 in UTF-16 units.
    assert ",col=38," in lines[1]


def test_directive_codes_run(tmp_path: Path) -> None:
    """GM001 runs by default, GM002 with --report-unused-directives (both registered in meta)."""
    (tmp_path / "d.go").write_text(
        'package d\n\nimport "sync"\n\nvar p sync.Pool\n\n'
        "func f(b *[]byte) {\n\tp.Put(b) //golintmem:ignore GM101\n}\n"
    )
    ran = golint_mem("d.go", cwd=tmp_path)
    assert ran.stdout == (
        "d.go:8:11: GM001 golintmem:ignore directive needs a reason: "
        "//golintmem:ignore GM101 reason\n"
    )
    ran = golint_mem("--report-unused-directives", "d.go", cwd=tmp_path)
    assert [line.split(" ")[1] for line in ran.stdout.splitlines()] == ["GM001", "GM002"]
