"""SARIF output: schema-valid, stable (one golden file), UTF-16 columns, limits.

The golden file is the SARIF of testdata/report with GM101, GM102 and GM001. After an intended
change of the output (or of those rules' pages), regenerate it with

    UPDATE_GOLDEN=1 python -m pytest tests/test_sarif.py

and review the diff.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from golint_mem import __version__
from golint_mem.engine import Linter, LintFile, Settings
from golint_mem.model import Confidence, Diagnostic, Position, RuleMeta, RunResult, Severity
from golint_mem.pages import page
from golint_mem.report import sarif
from tests.clirun import golint_mem

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "report.sarif"
GOLDEN_ARGS = ("--format", "sarif", "--select", "GM101,GM102,GM001", "testdata/report")


def validate(doc: object) -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def render(result: RunResult) -> dict[str, Any]:
    out = io.StringIO()
    sarif.render(result, out, cwd=str(ROOT))
    doc: dict[str, Any] = json.loads(out.getvalue())
    return doc


def diag(code: str = "GM101", line: int = 3, suppressed: str | None = None, **kw: Any) -> Any:
    fields: dict[str, Any] = {
        "path": "pkg/a.go",
        "code": code,
        "name": "pool-put-without-reset",
        "severity": Severity.WARNING,
        "message": "buf is put back into bufPool without being reset",
        "start": Position(line, 2, 2),
        "end": Position(line, 5, 5),
        "offset": line * 10,
        "line_text": "\tbufPool.Put(buf)",
        "fingerprint": f"fp{line}",
        "root_path": "svc/pkg/a.go",
        "suppressed": suppressed,
    }
    fields.update(kw)
    return Diagnostic(**fields)


def test_testdata_tree_validates() -> None:
    ran = golint_mem(
        "--format", "sarif", "--parse-errors", "--report-unused-directives", "./...",
        cwd=ROOT / "testdata",
    )  # fmt: skip
    assert ran.code == 1, ran.stderr
    doc = json.loads(ran.stdout)
    validate(doc)
    (run,) = doc["runs"]
    results = run["results"]
    assert len(results) > 20
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == sorted(ids) and {"GM000", "GM001", "GM002", "GM101", "GM102", "GM103"} <= set(ids)
    for r in results:
        assert ids[r["ruleIndex"]] == r["ruleId"]
        assert r["message"]["text"]
        assert r["level"] in {"error", "warning", "note"}
        (loc,) = r["locations"]
        artifact = loc["physicalLocation"]["artifactLocation"]
        # Relative to the repository root, not to testdata/ where it ran.
        assert artifact["uri"].startswith("testdata/"), artifact
        assert (ROOT / artifact["uri"]).is_file()
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert len(r["partialFingerprints"]["golintMem/v1"]) == 32
    fingerprints = [r["partialFingerprints"]["golintMem/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_empty_run_validates() -> None:
    doc = render(RunResult())
    validate(doc)
    (run,) = doc["runs"]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_golden() -> None:
    ran = golint_mem(*GOLDEN_ARGS, cwd=ROOT)
    assert ran.code == 1, ran.stderr
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(ran.stdout, encoding="utf-8", newline="\n")
        pytest.skip(f"rewrote {GOLDEN.relative_to(ROOT)}")
    assert ran.stdout == GOLDEN.read_text("utf-8"), (
        "SARIF output differs from tests/data/report.sarif; if intended, regenerate it with "
        "UPDATE_GOLDEN=1 python -m pytest tests/test_sarif.py"
    )
    validate(json.loads(ran.stdout))


def test_golden_content() -> None:
    """What the golden file must show, whatever else changes in it."""
    doc = json.loads(GOLDEN.read_text("utf-8"))
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("golint-mem", __version__)
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["GM001", "GM101", "GM102"]
    assert run["columnKind"] == "utf16CodeUnits"
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r
               for r in run["results"]}  # fmt: skip
    assert sorted(results) == [("GM101", 19), ("GM101", 27), ("GM101", 34), ("GM102", 40)]
    suppressed = results[("GM101", 34)]
    assert suppressed["suppressions"] == [
        {"kind": "inSource", "justification": "every Get overwrites name before reading it"}
    ]
    assert all("suppressions" not in r for k, r in results.items() if k != ("GM101", 34))


UTF16_GO = """package p

import "sync"

type record struct {
	name  string
	count int
}

var recordPool = sync.Pool{New: func() any { return new(record) }}

func label(name string) {
	r := recordPool.Get().(*record)
	r.name = name
	/* é 😀 𝄞 */ recordPool.Put(r)
}
"""


def test_utf16_columns(tmp_path: Path) -> None:
    path = tmp_path / "x.go"
    path.write_text(UTF16_GO, encoding="utf-8")
    settings = Settings(selected=frozenset({"GM101"}), root=str(tmp_path))
    result = Linter(settings).lint_package([LintFile(str(path), "x.go", True)])
    (d,) = result.diagnostics
    line = UTF16_GO.splitlines()[d.start.line - 1]
    prefix = line[: line.index("recordPool.Put(") + len("recordPool.Put(")]
    assert d.start.column == len(prefix.encode("utf-8")) + 1  # bytes, as go vet counts
    assert d.start.column16 == len(prefix.encode("utf-16-le")) // 2 + 1
    # é is 2 bytes and 1 unit, 😀 and 𝄞 are 4 bytes and 2 units each.
    assert (d.start.column, d.start.column16) == (len(prefix) + 1 + 7, len(prefix) + 1 + 2)
    doc = render(RunResult(diagnostics=result.diagnostics))
    validate(doc)
    region = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {
        "startLine": d.start.line,
        "startColumn": d.start.column16,
        "endLine": d.start.line,
        "endColumn": d.start.column16 + 1,  # `r`, exclusive
    }


def test_uri_is_relative_to_the_root_and_escaped() -> None:
    doc = render(RunResult(diagnostics=[diag(root_path="dir with space/ä%.go")]))
    artifact = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "dir%20with%20space/%C3%A4%25.go", "uriBaseId": "%SRCROOT%"}


def test_rule_descriptor_from_page() -> None:
    meta = RuleMeta("GM001", "invalid-directive", "a summary", Severity.ERROR, Confidence.MEDIUM,
                    ("x", "y"))  # fmt: skip
    doc = render(RunResult(rules=(meta,)))
    (rule,) = doc["runs"][0]["tool"]["driver"]["rules"]
    text = page("GM001")
    assert text is not None
    body = text.split("\n", 1)[1].strip() + "\n"
    assert rule["help"] == {"text": body, "markdown": body}
    assert rule["fullDescription"]["text"].startswith("Checks the suppression directives")
    assert rule["shortDescription"] == {"text": "a summary"}
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"] == {"tags": ["x", "y"], "precision": "medium"}
    assert rule["helpUri"].endswith("/docs/rules/GM001.md")


def test_rule_descriptor_without_page() -> None:
    meta = RuleMeta("GM998", "no-page-yet", "what it finds", Severity.INFO)
    doc = render(RunResult(rules=(meta,), diagnostics=[diag(code="GM998")]))
    (rule,) = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rule["help"] == {"text": "what it finds"}
    assert rule["fullDescription"] == {"text": "what it finds"}
    assert "helpUri" not in rule
    assert rule["defaultConfiguration"] == {"level": "note"}
    validate(doc)


def test_every_result_has_a_rule_index() -> None:
    # A diagnostic whose rule is not listed as run still gets a descriptor and an index.
    doc = render(RunResult(diagnostics=[diag(code="GM101"), diag(code="GM997", line=4)]))
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["GM101", "GM997"]
    assert [r["ruleIndex"] for r in run["results"]] == [0, 1]


def test_levels_and_problems() -> None:
    from golint_mem.model import Problem, ProblemKind

    result = RunResult(
        diagnostics=[diag(severity=Severity.ERROR), diag(line=4, severity=Severity.INFO)],
        problems=[Problem("a.go", "cannot read: denied"), Problem("b.go", "x", ProblemKind.NOTICE)],
    )
    doc = render(result)
    validate(doc)
    run = doc["runs"][0]
    assert [r["level"] for r in run["results"]] == ["error", "note"]
    (inv,) = run["invocations"]
    assert inv["executionSuccessful"] is False
    assert [(n["level"], n["message"]["text"]) for n in inv["toolExecutionNotifications"]] == [
        ("error", "a.go: cannot read: denied"),
        ("note", "b.go: x"),
    ]


def test_over_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    diags = [
        diag(line=1, suppressed="fine"),
        diag(line=2, severity=Severity.INFO),
        diag(line=3),
        diag(line=4, severity=Severity.ERROR),
        diag(line=5),
    ]
    doc = render(RunResult(diagnostics=diags))
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in
             doc["runs"][0]["results"]]  # fmt: skip
    assert lines == [3, 4, 5]  # the suppressed and the least severe left out; order kept
    err = capsys.readouterr().err
    assert "5 results is over GitHub's limit of 3 per run; 2 left out" in err


def test_within_the_limit_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    render(RunResult(diagnostics=[diag()]))
    assert capsys.readouterr().err == ""
