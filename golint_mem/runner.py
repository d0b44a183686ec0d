"""Spread packages over worker processes and merge what they find, in a deterministic order."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from golint_mem.engine import Linter, LintFile, PackageResult, Settings
from golint_mem.model import Diagnostic, Problem, RunResult

_worker: Linter | None = None

Job = tuple[LintFile, ...]
Progress = Callable[[int, int], None]  # (packages done, packages in all)


def _init(settings: Settings) -> None:
    global _worker
    _worker = Linter(settings)


def _work(job: Job) -> PackageResult:
    assert _worker is not None
    return _worker.lint_package(job)


def _size(job: Job) -> int:
    total = 0
    for f in job:
        if f.data is not None:
            total += len(f.data)
            continue
        with contextlib.suppress(OSError):
            total += os.stat(f.path).st_size
    return total


def run(
    jobs: Sequence[Job],
    settings: Settings,
    processes: int,
    progress: Progress | None = None,
) -> RunResult:
    """Lint every package; largest first so the slowest ones do not start last."""
    ordered = sorted(jobs, key=lambda j: (-_size(j), j[0].path if j else ""))
    results: list[PackageResult] = []
    if processes <= 1 or len(ordered) <= 1:
        linter = Linter(settings)
        for i, job in enumerate(ordered, 1):
            results.append(linter.lint_package(job))
            if progress is not None:
                progress(i, len(ordered))
    else:
        results = _parallel(ordered, settings, min(processes, len(ordered)), progress)
    return merge(results)


def _parallel(
    ordered: Sequence[Job], settings: Settings, processes: int, progress: Progress | None
) -> list[PackageResult]:
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    ctx = multiprocessing.get_context(method)
    results: list[PackageResult] = []
    with ProcessPoolExecutor(processes, ctx, initializer=_init, initargs=(settings,)) as pool:
        pending: set[Future[PackageResult]] = {pool.submit(_work, job) for job in ordered}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            results.extend(f.result() for f in done)
            if progress is not None:
                progress(len(results), len(ordered))
    return results


def merge(results: Sequence[PackageResult]) -> RunResult:
    diagnostics: list[Diagnostic] = []
    problems: list[Problem] = []
    files = 0
    for r in results:
        diagnostics.extend(r.diagnostics)
        problems.extend(r.problems)
        files += r.files
    diagnostics.sort(key=Diagnostic.sort_key)
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    return RunResult(diagnostics=diagnostics, problems=problems, files=files)
