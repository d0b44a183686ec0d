from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from golint_mem import report
from golint_mem.model import Diagnostic, Position, RunResult, Severity
from golint_mem.report import github, sarif, text
from golint_mem.report import json as json_report

# Modules satisfy the Reporter protocol: mypy checks these assignments.
_text: report.Reporter = text
_json: report.Reporter = json_report
_github: report.Reporter = github
_sarif: report.Reporter = sarif

KEYS = [
    "code",
    "name",
    "message",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "severity",
    "suppressed",
    "justification",
    "fingerprint",
]


def diag(
    path: str = "pkg/pool.go",
    code: str = "GM101",
    message: str = "buf is put back into bufPool without being reset",
    line: int = 12,
    column: int = 2,
    end: tuple[int, int] = (12, 17),
    severity: Severity = Severity.WARNING,
    suppressed: str | None = None,
) -> Diagnostic:
    return Diagnostic(
        path=path,
        code=code,
        name="pool-put-without-reset",
        severity=severity,
        message=message,
        start=Position(line, column, column),
        end=Position(end[0], end[1], end[1]),
        offset=line * 100 + column,
        line_text="\tbufPool.Put(buf)",
        fingerprint=f"fp-{line}",
        suppressed=suppressed,
    )


def render(fmt: str, *diags: Diagnostic, cwd: str = "/repo") -> str:
    out = io.StringIO()
    report.get(fmt).render(RunResult(diagnostics=list(diags)), out, cwd=cwd)
    return out.getvalue()


def test_text() -> None:
    got = render(
        "text",
        diag(),
        diag(line=20, suppressed="reset by the caller"),
        diag(path="main.go", code="GM201", message="x is boxed into any", line=3, column=9),
    )
    assert got == (
        "pkg/pool.go:12:2: GM101 buf is put back into bufPool without being reset\n"
        "main.go:3:9: GM201 x is boxed into any\n"
    )


def test_text_nothing_to_report() -> None:
    assert render("text", diag(suppressed="fine")) == ""


def test_json_round_trip() -> None:
    got = render("json", diag(), diag(line=20, end=(21, 3), suppressed="reset by the caller"))
    assert got.startswith('[\n  {\n    "code": "GM101",\n')
    assert got.endswith("]\n")
    rows = json.loads(got)
    assert [list(r) for r in rows] == [KEYS, KEYS]
    assert rows[0] == {
        "code": "GM101",
        "name": "pool-put-without-reset",
        "message": "buf is put back into bufPool without being reset",
        "path": "pkg/pool.go",
        "line": 12,
        "column": 2,
        "end_line": 12,
        "end_column": 17,
        "severity": "warning",
        "suppressed": False,
        "justification": None,
        "fingerprint": "fp-12",
    }
    assert (rows[1]["suppressed"], rows[1]["justification"]) == (True, "reset by the caller")
    assert (rows[1]["end_line"], rows[1]["end_column"]) == (21, 3)


def test_json_empty_and_non_ascii() -> None:
    assert render("json") == "[]\n"
    (row,) = json.loads(render("json", diag(message="π is boxed into any")))
    assert row["message"] == "π is boxed into any"


def test_github() -> None:
    assert render("github", diag(), diag(line=30, suppressed="fine")) == (
        "::warning file=pkg/pool.go,line=12,col=2,endLine=12,endColumn=17,"
        "title=GM101 pool-put-without-reset::buf is put back into bufPool without being reset\n"
    )


@pytest.mark.parametrize(
    ("severity", "command"),
    [(Severity.ERROR, "::error "), (Severity.WARNING, "::warning "), (Severity.INFO, "::notice ")],
)
def test_github_severity(severity: Severity, command: str) -> None:
    assert render("github", diag(severity=severity)).startswith(command)


def test_github_escaping() -> None:
    got = render("github", diag(path="a,b:c%.go", message="100% sure:\r\nsee, here"))
    assert got == (
        "::warning file=a%2Cb%3Ac%25.go,line=12,col=2,endLine=12,endColumn=17,"
        "title=GM101 pool-put-without-reset::100%25 sure:%0D%0Asee, here\n"
    )
    assert github.escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"
    assert github.escape_data("a:b,c%d\n") == "a:b,c%25d%0A"


def test_github_paths_are_relative_to_the_workspace(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    sub = str(tmp_path / "svc")
    assert "file=svc/pkg/pool.go," in render("github", diag(), cwd=sub)
    # Outside the workspace: left as we print it, not rewritten against the workspace.
    assert "file=../../x.go," in render("github", diag(path="../../x.go"), cwd=sub)
    monkeypatch.delenv("GITHUB_WORKSPACE")
    assert "file=pkg/pool.go," in render("github", diag(), cwd=sub)


def test_get() -> None:
    assert report.get("text") is text
    assert set(report.FORMATS) == {
        "text", "json", "github", "sarif", "gitlab", "junit", "rdjson", "checkstyle"
    }  # fmt: skip
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        report.get("xml")


def test_reporters_are_imported_lazily() -> None:
    code = (
        "import sys, golint_mem.cli, golint_mem.report as r; "
        "print(sorted(m for m in sys.modules if m.startswith(('golint_mem.report.', 'sarif_om'))))"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
