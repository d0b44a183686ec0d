"""The formats other tools read: gitlab, junit, rdjson and checkstyle, each checked against the
schema its reader publishes (tests/data/formats, with their sources) and read back the way the
reader does. The tree is testdata/report (a finding after multi-byte text, a suppressed one) plus
a file whose name XML must escape, run from a subdirectory of a git repository."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
from junitparser import Error, Failure, JUnitXml

from tests.clirun import Ran, golint_mem

ROOT = Path(__file__).resolve().parent.parent
FORMATS = Path(__file__).resolve().parent / "data" / "formats"

ODD = """package odd

import "sync"

var p sync.Pool

func put(b []byte) {
	p.Put(b)
}
"""
ODD_DIR = 'we & "odd" <ones>'


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose Go code is in svc/: report/ (from testdata) and an oddly named dir."""
    root = tmp_path_factory.mktemp("repo")
    (root / ".git").mkdir()
    shutil.copytree(ROOT / "testdata" / "report", root / "svc" / "report")
    (root / "svc" / ODD_DIR).mkdir()
    (root / "svc" / ODD_DIR / "odd.go").write_text(ODD)
    return root / "svc"


def run(repo: Path, fmt: str, *more: str) -> Ran:
    ran = golint_mem("--format", fmt, "--select", "GM101,GM102", *more, "./...", cwd=repo)
    assert ran.code in (1, 2), ran.stderr
    return ran


# gitlab ------------------------------------------------------------------------------------------


def test_gitlab_is_what_gitlab_accepts(repo: Path) -> None:
    issues = json.loads(run(repo, "gitlab").stdout)
    schema = json.loads((FORMATS / "gitlab-codeclimate.json").read_text("utf-8"))
    for issue in issues:
        jsonschema.validate(issue, schema)  # GitLab drops an issue that fails it
        # GitLab's severities (Gitlab::Ci::Reports::CodequalityReports::SEVERITY_PRIORITIES)
        assert issue["severity"] in {"blocker", "critical", "major", "minor", "info"}
        assert issue["check_name"] in {"GM101", "GM102"}
        assert issue["description"].startswith(issue["check_name"] + " ")
    # GitLab keeps one issue per fingerprint: all of them must reach it.
    assert len({i["fingerprint"] for i in issues}) == len(issues) == 4
    where = sorted((i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues)
    # Paths from the repository root, whatever the working directory.
    assert where == [
        ("svc/report/report.go", 19),
        ("svc/report/report.go", 27),
        ("svc/report/report.go", 40),
        (f"svc/{ODD_DIR}/odd.go", 8),
    ]


def test_gitlab_fingerprints_stay_distinct_without_engine_fingerprints() -> None:
    import io

    from golint_mem.model import Diagnostic, Position, RunResult, Severity
    from golint_mem.report import gitlab

    def diag(offset: int) -> Diagnostic:
        pos = Position(3, 2, 2)
        return Diagnostic("a.go", "GM101", "n", Severity.ERROR, "m", pos, pos, offset, "x")

    out = io.StringIO()
    gitlab.render(RunResult(diagnostics=[diag(5), diag(5), diag(9)]), out, cwd="/")
    issues = json.loads(out.getvalue())
    assert len({i["fingerprint"] for i in issues}) == 3
    assert {i["severity"] for i in issues} == {"critical"}


# junit -------------------------------------------------------------------------------------------


def junit_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(FORMATS / "junit-10.xsd"))


def test_junit_is_valid_and_reads_back(repo: Path, tmp_path: Path) -> None:
    ran = run(repo, "junit")
    junit_schema().validate(ran.stdout)
    report = tmp_path / "junit.xml"
    report.write_text(ran.stdout, encoding="utf-8")
    xml = JUnitXml.fromfile(str(report))  # the reader GitLab-style tools use
    suites = {s.name: s for s in xml}
    assert sorted(suites) == ["report/report.go", f"{ODD_DIR}/odd.go"]
    assert (suites["report/report.go"].tests, suites["report/report.go"].failures) == (3, 3)
    cases = [(c.name, c.classname) for s in xml for c in s]
    assert ("GM101 pool-put-without-reset", "report/report.go:27:38") in cases  # byte column
    odd = next(iter(suites[f"{ODD_DIR}/odd.go"]))
    (failure,) = odd.result
    assert isinstance(failure, Failure)
    assert failure.type == "warning"
    assert failure.message.startswith(f"{ODD_DIR}/odd.go:8:8: GM102 ")
    assert (xml.tests, xml.failures, xml.errors) == (4, 4, 0)


def test_junit_without_findings_is_one_passing_test(tmp_path: Path) -> None:
    (tmp_path / "ok.go").write_text("package ok\n")
    ran = golint_mem("--format", "junit", "./...", cwd=tmp_path)
    assert ran.code == 0, ran.stderr
    junit_schema().validate(ran.stdout)
    report = tmp_path / "junit.xml"
    report.write_text(ran.stdout, encoding="utf-8")
    xml = JUnitXml.fromfile(str(report))
    assert (xml.tests, xml.failures, xml.errors) == (1, 0, 0)


def test_junit_file_that_cannot_be_linted_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "bad.go").write_bytes(b'package bad\n\nvar s = "\xff"\n')
    ran = golint_mem("--format", "junit", "./...", cwd=tmp_path)
    assert ran.code == 2
    junit_schema().validate(ran.stdout)
    report = tmp_path / "junit.xml"
    report.write_text(ran.stdout, encoding="utf-8")
    xml = JUnitXml.fromfile(str(report))
    ((case,),) = [list(s) for s in xml]
    (error,) = case.result
    assert isinstance(error, Error)
    assert "not valid UTF-8" in error.message
    assert (xml.tests, xml.errors) == (1, 1)


def test_xml_formats_hold_characters_xml_cannot() -> None:
    """A control character or a lone surrogate (a file name that is not UTF-8) in a message
    becomes U+FFFD instead of making the report unreadable."""
    import io

    from golint_mem.model import Diagnostic, Position, RunResult, Severity
    from golint_mem.report import checkstyle, junit

    pos = Position(1, 1, 1)
    d = Diagnostic("\udcff.go", "GM101", "n", Severity.INFO, "a\x01b", pos, pos, 0, "\x02")
    for module, schema in ((junit, junit_schema()), (checkstyle, checkstyle_schema())):
        out = io.StringIO()
        module.render(RunResult(diagnostics=[d]), out, cwd="/")
        schema.validate(out.getvalue())
        assert "a\ufffdb" in out.getvalue()


# checkstyle --------------------------------------------------------------------------------------


def checkstyle_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(FORMATS / "checkstyle-report-1.0.0.xsd"))


def test_checkstyle_is_valid(repo: Path) -> None:
    ran = run(repo, "checkstyle")
    schema = checkstyle_schema()
    schema.validate(ran.stdout)
    doc: Any = schema.to_dict(ran.stdout)
    errors = {
        f["@name"]: [(e["@line"], e["@column"], e["@severity"], e["@source"]) for e in f["error"]]
        for f in doc["file"]
    }
    assert errors == {
        "report/report.go": [
            (19, 17, "warning", "golint-mem.GM101"),
            (27, 38, "warning", "golint-mem.GM101"),  # bytes, as go vet counts
            (40, 16, "warning", "golint-mem.GM102"),
        ],
        f"{ODD_DIR}/odd.go": [(8, 8, "warning", "golint-mem.GM102")],
    }


# rdjson ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reviewdog_pb2(tmp_path_factory: pytest.TempPathFactory) -> types.ModuleType:
    """reviewdog.proto compiled, to read rdjson as reviewdog does (protojson, which rejects any
    field the schema does not declare)."""
    pytest.importorskip("grpc_tools")
    out = tmp_path_factory.mktemp("rdf")
    shutil.copy(FORMATS / "reviewdog.proto", out / "reviewdog.proto")
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", f"-I{out}", f"--python_out={out}",
         str(out / "reviewdog.proto")],
        check=True,
    )  # fmt: skip
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module("reviewdog_pb2")
    finally:
        sys.path.remove(str(out))


def test_rdjson_is_what_reviewdog_reads(repo: Path, reviewdog_pb2: types.ModuleType) -> None:
    from google.protobuf import json_format

    text = run(repo, "rdjson").stdout
    doc = json.loads(text)
    schema = json.loads((FORMATS / "reviewdog-DiagnosticResult.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    parsed = json_format.Parse(text, reviewdog_pb2.DiagnosticResult())  # strict: no unknown key
    assert parsed.source.name == "golint-mem"
    seen = [
        (d.location.path, d.location.range.start.line, d.location.range.start.column,
         d.location.range.end.column, d.code.value, reviewdog_pb2.Severity.Name(d.severity))
        for d in parsed.diagnostics
    ]  # fmt: skip
    assert seen == [
        ("report/report.go", 19, 17, 18, "GM101", "WARNING"),
        ("report/report.go", 27, 38, 39, "GM101", "WARNING"),  # bytes, as rdjson says
        ("report/report.go", 40, 16, 21, "GM102", "WARNING"),
        (f"{ODD_DIR}/odd.go", 8, 8, 9, "GM102", "WARNING"),
    ]
    assert parsed.diagnostics[0].code.url.endswith("/rules/GM101.md")
