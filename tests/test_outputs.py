"""Several reports from one run, --statistics, colour, and report files written whole or not at
all: a temporary file beside the target, created before linting, renamed over it when complete."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.clirun import golint_mem

ROOT = Path(__file__).resolve().parent.parent
GO = """package p

import "sync"

var bufPool sync.Pool

func put(b []byte) {
	bufPool.Put(b)
}

func put2(b []byte) {
	bufPool.Put(b)
}
"""
TEXT_LINES = [
    "p.go:8:14: GM102 bufPool.Put(b) boxes a []byte, allocating on every call: store a *[]byte "
    "instead",
    "p.go:12:14: GM102 bufPool.Put(b) boxes a []byte, allocating on every call: store a *[]byte "
    "instead",
]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "p.go").write_text(GO)
    return tmp_path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# several outputs ---------------------------------------------------------------------------------


def test_several_reports_from_one_run(work: Path) -> None:
    (work / "out").mkdir()
    ran = golint_mem(
        "--output-format", "sarif:out.sarif", "--output-format", "json:out/rows.json",
        "--output-format", "text", ".",
        cwd=work,
    )  # fmt: skip
    assert ran.code == 1, ran
    assert ran.stdout.splitlines() == TEXT_LINES
    sarif = json.loads((work / "out.sarif").read_text())
    rows = json.loads((work / "out" / "rows.json").read_text())
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"]
             for r in sarif["runs"][0]["results"]]  # fmt: skip
    assert lines == [r["line"] for r in rows] == [8, 12]
    assert leftovers(work) == leftovers(work / "out") == []


def test_output_format_alone_prints_no_report(work: Path) -> None:
    ran = golint_mem("--output-format", "github:notes.txt", ".", cwd=work)
    assert ran.code == 1
    assert ran.stdout == ""
    assert (work / "notes.txt").read_text().count("::warning file=p.go,") == 2
    assert "2 findings in 1 file" in ran.stderr


def test_format_and_output_add_to_output_format(work: Path) -> None:
    """The Action's shape: its own reports, and whatever the user's args ask for besides."""
    ran = golint_mem(
        "--format", "json", "-o", "mine.json", "--output-format", "sarif:action.sarif",
        "--output-format", "github:-", ".",
        cwd=work,
    )  # fmt: skip
    assert ran.code == 1
    assert ran.stdout.startswith("::warning file=p.go,line=8,col=14,")
    assert len(json.loads((work / "mine.json").read_text())) == 2
    assert json.loads((work / "action.sarif").read_text())["version"] == "2.1.0"


def test_dash_is_standard_output(work: Path) -> None:
    ran = golint_mem("-o", "-", ".", cwd=work)
    assert ran.stdout.splitlines() == TEXT_LINES
    assert not (work / "-").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output-format", "text"], "two reports to standard output: --format text and text"),
        (
            ["--output-format", "json:a", "--output-format", "sarif:./a"],
            "two reports to the same file ./a: json:a and sarif:./a",
        ),
        (["--output-format", "xml:a"], "--output-format: unknown format 'xml' in 'xml:a'"),
        (["--output-format", "json:"], "--output-format: no file after ':' in 'json:'"),
    ],
)
def test_bad_output_lists(work: Path, args: list[str], message: str) -> None:
    extra = ["--format", "text"] if "text" in args else []
    ran = golint_mem(*extra, *args, ".", cwd=work)
    assert ran.code == 2
    (line,) = ran.stderr.splitlines()
    assert line.startswith(f"golint-mem: error: {message}"), line


# --statistics and colour -------------------------------------------------------------------------


def test_statistics(work: Path) -> None:
    (work / "q.go").write_text(GO.replace("package p", "package p\n\nfunc f() {}"))
    ran = golint_mem("--statistics", "--select", "GM1", ".", cwd=work)
    assert ran.code == 1
    assert ran.stdout == "4\tGM102\tpool-put-non-pointer\n"
    ran = golint_mem("--statistics", "--format", "json", ".", cwd=work)
    assert json.loads(ran.stdout) == [{"code": "GM102", "name": "pool-put-non-pointer", "count": 4}]
    # The reports named for files are still written.
    ran = golint_mem("--statistics", "--output-format", "text:all.txt", ".", cwd=work)
    assert ran.stdout == "4\tGM102\tpool-put-non-pointer\n"
    assert len((work / "all.txt").read_text().splitlines()) == 4


def test_colour_only_when_asked_or_on_a_terminal(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = golint_mem(".", cwd=work)  # not a terminal
    assert "\x1b[" not in plain.stdout
    coloured = golint_mem("--color", "always", ".", cwd=work)
    first = coloured.stdout.splitlines()[0]
    assert first == (
        "\x1b[1mp.go:8:14:\x1b[0m \x1b[1;33mGM102\x1b[0m bufPool.Put(b) boxes a []byte, "
        "allocating on every call: store a *[]byte instead"
    )
    # auto on a terminal: on, unless NO_COLOR says otherwise.
    from golint_mem import cli

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._color("auto") is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._color("auto") is False
    assert cli._color("always") is True  # the flag wins over the variable
    # A report file never gets colour.
    golint_mem("--color", "always", "-o", "plain.txt", ".", cwd=work)
    assert "\x1b[" not in (work / "plain.txt").read_text()


# atomic report files -----------------------------------------------------------------------------


def test_report_keeps_the_mode_and_owner_of_the_file_it_replaces(work: Path) -> None:
    target = work / "report.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    ran = golint_mem("-o", "report.txt", ".", cwd=work)
    assert ran.code == 1
    assert target.read_text().splitlines() == TEXT_LINES
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(work) == []


def test_new_report_gets_the_umask_mode(work: Path) -> None:
    old = os.umask(0o027)
    try:
        golint_mem("-o", "new.txt", ".", cwd=work)
    finally:
        os.umask(old)
    assert stat.S_IMODE((work / "new.txt").stat().st_mode) == 0o640


def test_symlinked_report_replaces_the_file_it_points_to(work: Path) -> None:
    (work / "real.txt").write_text("old\n")
    (work / "link.txt").symlink_to("real.txt")
    golint_mem("-o", "link.txt", ".", cwd=work)
    assert (work / "link.txt").is_symlink()
    assert (work / "real.txt").read_text().splitlines() == TEXT_LINES


def test_device_is_written_in_place(work: Path) -> None:
    ran = golint_mem("-o", os.devnull, ".", cwd=work)
    assert ran.code == 1 and ran.stdout == ""
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


KILLER = """
import os, signal, sys
import golint_mem.report.json as reporter

def render(result, out, *, cwd):
    out.write('[{"half": ')
    out.flush()
    os.kill(os.getpid(), signal.SIGKILL)

reporter.render = render
from golint_mem.cli import main
sys.argv = ["golint-mem", "-j", "1", "--no-cache", "--format", "json", "-o", "report.json", "."]
main()
"""


def test_killed_while_writing_leaves_the_previous_report(work: Path) -> None:
    target = work / "report.json"
    target.write_text('["the previous report"]\n')
    target.chmod(0o644)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", KILLER], cwd=work, env=env, capture_output=True, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert json.loads(target.read_text()) == ["the previous report"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    # What a SIGKILL cannot clean up is a hidden temporary file, never the report.
    (temp,) = leftovers(work)
    assert temp.startswith(".report.json.")
    assert (work / temp).read_text() == '[{"half": '


def test_full_disk_leaves_the_previous_report(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from golint_mem.report import text

    def full(*_args: Any, **_kw: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(text, "render", full)
    (work / "report.txt").write_text("previous\n")
    ran = golint_mem("-o", "report.txt", ".", cwd=work)
    assert ran.code == 2
    assert ran.stderr.splitlines()[0] == (
        "golint-mem: error: cannot write report.txt: No space left on device"
    )
    assert (work / "report.txt").read_text() == "previous\n"
    assert leftovers(work) == []


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("missing/dir/report.sarif", "No such file or directory"),
        ("p.go/report.sarif", "Not a directory"),
        ("sub", "Is a directory"),
    ],
)
def test_unwritable_report_fails_before_linting(
    work: Path, monkeypatch: pytest.MonkeyPatch, target: str, reason: str
) -> None:
    from golint_mem import runner

    def no_lint(*_args: Any, **_kw: Any) -> Any:
        raise AssertionError("linting started")

    monkeypatch.setattr(runner, "run", no_lint)
    (work / "sub").mkdir()
    for args in (["-o", target], ["--output-format", f"sarif:{target}"]):
        ran = golint_mem(*args, ".", cwd=work)
        assert ran.code == 2
        assert ran.stderr == f"golint-mem: error: cannot write {target}: {reason}\n"
    assert leftovers(work) == []


def test_interrupted_run_leaves_no_temporary_file(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from golint_mem import runner

    def interrupted(*_args: Any, **_kw: Any) -> Any:
        assert leftovers(work) != []  # created before linting
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run", interrupted)
    (work / "report.txt").write_text("previous\n")
    ran = golint_mem("-o", "report.txt", "--output-format", "sarif:r.sarif", ".", cwd=work)
    assert ran.code == 130
    assert leftovers(work) == []
    assert (work / "report.txt").read_text() == "previous\n"
    assert not (work / "r.sarif").exists()


def test_help_says_exit_codes_config_discovery_and_formats(tmp_path: Path) -> None:
    ran = golint_mem("--help", cwd=tmp_path)
    assert ran.code == 0
    text = " ".join(ran.stdout.split())
    assert "Exit status: 0 no findings; 1 findings" in text
    assert "2 a usage or configuration error, or a file that could not be linted" in text
    assert ".golint-mem.toml in the working directory or the nearest parent up to the " \
        "repository root" in text  # fmt: skip
    assert "applies to its own subtree" in text
    assert "How to report the findings [default: text]: text (go vet's shape), json," in text
    assert "--output-format FORMAT[:FILE]" in text and "--fail-on" in text
