"""What the speed work must not change: prefilters drop no finding, the output does not depend on
the number of processes, and the progress line stays off pipes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from golint_mem.engine import Linter, LintFile, Settings
from golint_mem.registry import known_codes, rules
from golint_mem.runner import ProgressLine, tasks
from tests.clirun import golint_mem
from tests.fixtures import ROOT, TESTDATA, packages


def _lint(directory: Path, prefilter: bool) -> list[object]:
    settings = Settings(
        selected=known_codes(), include_generated=True, root=str(ROOT), prefilter=prefilter
    )
    files = [
        LintFile(str(p), p.relative_to(ROOT).as_posix(), True)
        for p in sorted(directory.glob("*.go"))
    ]
    result = Linter(settings).lint_package(files)
    return [*result.diagnostics, *result.problems, result.files]


def test_a_rule_uses_regions() -> None:
    assert any(r.regions is not None for r in rules())


@pytest.mark.parametrize("directory", packages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_prefilters_drop_nothing(directory: Path) -> None:
    """Every rule on every file, PREFILTERs and REGIONS off: the same diagnostics and problems
    as with them."""
    assert _lint(directory, prefilter=False) == _lint(directory, prefilter=True)


def test_each_prefilter_matches_the_files_its_rule_reports_on() -> None:
    for directory in packages():
        for d in _lint(directory, prefilter=False):
            code = getattr(d, "code", "")
            rule = next((r for r in rules() if r.meta.code == code), None)
            if rule is None or rule.prefilter is None:
                continue
            data = (ROOT / d.path).read_bytes()  # type: ignore[attr-defined]
            assert rule.prefilter.search(data), f"{code} PREFILTER misses {d.path}"  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_output_does_not_depend_on_the_number_of_processes(fmt: str) -> None:
    one = golint_mem("--no-cache", "--format", fmt, "./...", cwd=TESTDATA)
    # clirun passes -j 1 first; a later -j wins.
    three = golint_mem("--no-cache", "-j", "3", "--format", fmt, "./...", cwd=TESTDATA)
    assert one.stdout and one == three


def test_tasks_cover_every_job_once_largest_first(tmp_path: Path) -> None:
    jobs = []
    for i, size in enumerate([10, 5000, 300, 40_000, 7, 7, 1200]):
        p = tmp_path / f"f{i}.go"
        p.write_bytes(b"x" * size)
        jobs.append((LintFile(str(p), p.name, True),))
    grouped = tasks(jobs, 2)
    flat = [i for task in grouped for i in task]
    assert sorted(flat) == list(range(len(jobs)))
    assert flat[0] == 3 and grouped[0] == [3]  # the largest alone, first
    assert len(grouped) < len(jobs)  # small ones share a task


def test_progress_line_only_after_the_delay_and_erased_at_the_end() -> None:
    out = io.StringIO()
    quiet = ProgressLine(out, 10, 1000)  # a fresh run: under two seconds
    quiet(1, 100)
    quiet.close()
    assert out.getvalue() == ""
    late = ProgressLine(out, 10, 1000, delay=0)
    late.start -= 6  # six seconds for a quarter of the bytes: eighteen to go
    late(3, 250)
    late.close()
    assert out.getvalue() == ("\r\x1b[Kgolint-mem: 3/10 files, 25%, about 18 s left\r\x1b[K")


def test_no_progress_line_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    ran = golint_mem("--no-cache", "./...", cwd=TESTDATA)
    assert "\r" not in ran.stderr and " left" not in ran.stderr
