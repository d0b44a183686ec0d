"""scripts/evaluate.py: the matching rules on labels of our own, end to end and on peer output."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.cli import GOOD, ROOT

CORPUS_TSV = "repo\tcommit\tcommit_date\tlocal_name\nacme/good\tabc\t2026-01-01\tgood\n"
HEAD = "repo\tcommit\tpath\tline\trule\tverdict\treason\n"


def _load() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location("evaluate", ROOT / "scripts" / "evaluate.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["evaluate"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


ev = _load()


def lab(line: int, code: str = "GM101", verdict: str = "violation", path: str = "a.go"):
    return ev.Label("good", path, line, code, verdict, f"why {line}")


def fnd(line: int, code: str = "GM101", path: str = "a.go"):
    return ev.Finding(code, path, line, 1, "msg")


def test_tolerance_unsure_and_unlabelled() -> None:
    labels = [
        lab(10),  # hit from 2 lines below: TP
        lab(20, verdict="ok"),  # hit: FP
        lab(30, verdict="unsure"),  # hit: dropped
        lab(40),  # nothing near: FN
        lab(50, code="GM102", verdict="ok"),
        lab(60),  # the finding 3 lines away does not match: FN
    ]
    findings = {
        "good": [
            fnd(12),
            fnd(18),
            fnd(30),
            fnd(50),  # a label of another rule only: unlabelled, at a labelled site
            fnd(63),  # 3 lines off: unlabelled, not at a labelled site
            fnd(5, path="b.go"),  # another file
        ]
    }
    s = ev.score(labels, findings)["GM101"]
    assert s.findings == 6
    assert [x.line for x in s.tp] == [10]
    assert [(x.line, f.line) for x, f in s.fp] == [(20, 18)]
    assert sorted(x.line for x in s.fn) == [40, 60]
    assert sorted((f.path, f.line, site) for _, f, site in s.unlabelled) == [
        ("a.go", 50, True),
        ("a.go", 63, False),
        ("b.go", 5, False),
    ]
    assert s.precision == 0.5
    assert s.recall == pytest.approx(1 / 3)
    assert ev.score(labels, findings)["GM102"].fp == []


def test_nearest_label_wins_and_violation_wins_a_tie() -> None:
    labels = [lab(10, verdict="ok"), lab(12), lab(20, verdict="ok"), lab(22)]
    s = ev.score(labels, {"good": [fnd(11), fnd(21)]})["GM101"]
    # 11 is one line from both 10 (ok) and 12 (violation): the violation wins the tie.
    assert [x.line for x in s.tp] == [12, 22]
    assert s.fp == []


def test_one_label_counts_once() -> None:
    s = ev.score([lab(10)], {"good": [fnd(9), fnd(10), fnd(11)]})["GM101"]
    assert len(s.tp) == 1 and s.findings == 3 and s.precision == 1.0


def test_label_names_and_verdicts() -> None:
    assert ev.rule_code("POOL-RESET") == "GM101" and ev.rule_code("bytes-iface") == "GM202"
    with pytest.raises(ValueError):
        ev.rule_code("SA6002")


def test_new_lines_follows_a_fix() -> None:
    old = ["a", "p.Put(b)", "c"]
    new = ["a", "b.Reset()", "p.Put(b)", "c"]
    assert ev.new_lines(old, new, 2) == (3, 3)
    assert ev.new_lines(["a", "p.Put(b)"], ["a", "p.Put(&b)"], 2) == (2, 2)


def _corpus(tmp_path: Path, labels: str) -> tuple[Path, Path]:
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "corpus.tsv").write_text(CORPUS_TSV)
    (tmp_path / "eval" / "labels.tsv").write_text(HEAD + labels)
    repo = tmp_path / "corpus" / "good"
    repo.mkdir(parents=True)
    (repo / "good.go").write_text(GOOD)
    return tmp_path / "eval" / "labels.tsv", tmp_path / "corpus"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(ROOT / "scripts" / "evaluate.py"), *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def _row(out: str, code: str) -> list[str]:
    return next(line.split() for line in out.splitlines() if line.startswith(code))


def test_end_to_end_runs_golint_mem(tmp_path: Path) -> None:
    labels, corpus = _corpus(
        tmp_path,
        "acme/good\tabc\tgood.go\t13\tPOOL-RESET\tviolation\tnever reset\n"
        "acme/good\tabc\tgood.go\t13\tPOOL-HUGE\tok\tsmall strings only\n"
        "acme/good\tabc\tgood.go\t13\tPOOL-NONPTR\tunsure\t\n",
    )
    run = _run("--labels", str(labels), "--corpus", str(corpus), "-v")
    assert run.returncode == 0, run.stderr
    assert _row(run.stdout, "GM101")[1:] == ["POOL-RESET", "1", "1", "0", "0", "1.00", "1.00", "0"]
    assert _row(run.stdout, "GM103")[1:] == ["POOL-HUGE", "1", "0", "1", "0", "0.00", "-", "0"]
    assert "FP  good/good.go:13  GM103  small strings only" in run.stdout


def test_peer_output_sarif_and_json_lines(tmp_path: Path) -> None:
    labels, corpus = _corpus(
        tmp_path, "acme/good\tabc\tgood.go\t13\tPOOL-NONPTR\tviolation\tboxes\n"
    )
    lines = tmp_path / "sc.json"
    where = {"file": str(corpus / "good" / "good.go"), "line": 14, "column": 2}
    rows = [{"code": "SA6002", "severity": "error", "location": where, "message": "m"}]
    lines.write_text("".join(json.dumps(r) + "\n" for r in rows))
    run = _run("--labels", str(labels), "--corpus", str(corpus), "--results", str(lines))
    assert _row(run.stdout, "GM102")[2:6] == ["0", "0", "0", "1"]  # unmapped: dropped
    run = _run(
        "--labels", str(labels), "--corpus", str(corpus), "--results", str(lines),
        "--map", "SA6002=GM102",
    )  # fmt: skip
    assert _row(run.stdout, "GM102")[2:8] == ["1", "1", "0", "0", "1.00", "1.00"]

    sarif = subprocess.run(
        [sys.executable, "-m", "golint_mem", "--format", "sarif", "./..."],
        cwd=corpus,
        capture_output=True,
        text=True,
        check=False,
    )
    (tmp_path / "out.sarif").write_text(sarif.stdout)
    labels.write_text(HEAD + "acme/good\tabc\tgood.go\t13\tPOOL-RESET\tviolation\tx\n")
    run = _run(
        "--labels", str(labels), "--corpus", str(corpus), "--results", str(tmp_path / "out.sarif")
    )
    assert _row(run.stdout, "GM101")[2:5] == ["1", "1", "0"], run.stdout + run.stderr
