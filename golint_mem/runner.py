"""Spread packages over worker processes and merge what they find, in a deterministic order.

Packages go out largest first, the small ones batched into tasks of a similar size so that
thousands of tiny packages do not cost thousands of round trips. With a cache, a worker reads the
files of a package once, hashes the bytes, and either replays the stored result or lints exactly
those bytes and stores the result.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from golint_mem.cache import Cache
from golint_mem.engine import Linter, LintFile, PackageResult, Settings
from golint_mem.model import Diagnostic, Problem, RunResult

if TYPE_CHECKING:
    from concurrent.futures import Future

Job = tuple[LintFile, ...]
Progress = Callable[[int, int], None]  # (files, bytes) of the packages just finished
# A task's answer: its packages' results in task order, and the cache's warnings, hits, misses.
Answer = tuple[list[PackageResult], list[str], int, int]

_TASKS_PER_PROCESS = 24  # enough small tasks at the end for the processes to finish together

_worker: tuple[Linter, Cache | None] | None = None


def _init(settings: Settings, cache: Cache | None) -> None:
    global _worker
    _worker = (Linter(settings), cache)


def _work(task: Sequence[Job]) -> Answer:
    assert _worker is not None
    linter, cache = _worker
    results = [lint_job(linter, cache, job) for job in task]
    if cache is None:
        return results, [], 0, 0
    answer = results, list(cache.warnings), cache.hits, cache.misses
    cache.warnings.clear()
    cache.hits = cache.misses = 0
    return answer


def lint_job(linter: Linter, cache: Cache | None, job: Job) -> PackageResult:
    """One package, through the cache when there is one."""
    if cache is None:
        return linter.lint_package(job)
    loaded = _read(job)
    if loaded is None:  # an unreadable file: lint it to report it, and store nothing
        return linter.lint_package(job)
    key = cache.key(loaded, _context(linter.settings, job))
    found = cache.load(key)
    if found is not None:
        return found
    result = linter.lint_package(loaded)
    cache.store(key, result)
    return result


def _context(settings: Settings, job: Job) -> str:
    """What a package's result depends on besides its files and the settings: with a profile,
    hot functions are matched by import path, which the nearest go.mod gives."""
    if settings.hot is None or not job:
        return ""
    from golint_mem.pgo import import_path

    return f"import path {import_path(os.path.dirname(job[0].path))}"


def _read(job: Job) -> Job | None:
    """The job with every file's bytes, which are then both hashed and linted."""
    out = []
    for f in job:
        if f.data is None:
            try:
                with open(f.path, "rb") as fh:
                    f = LintFile(f.path, f.display, f.lint, fh.read())
            except OSError:
                return None
        out.append(f)
    return tuple(out)


def _size(job: Job) -> int:
    total = 0
    for f in job:
        if f.data is not None:
            total += len(f.data)
            continue
        with contextlib.suppress(OSError):
            total += os.stat(f.path).st_size
    return total


def job_size(job: Job) -> tuple[int, int]:
    """The files a job lints and the bytes of all its files, for the progress line."""
    return sum(f.lint for f in job), _size(job)


def tasks(
    jobs: Sequence[Job], processes: int, sizes: Sequence[int] | None = None
) -> list[list[int]]:
    """Job indexes grouped into tasks, largest packages first; small packages share a task."""
    if sizes is None:
        sizes = [_size(j) for j in jobs]
    order = sorted(range(len(jobs)), key=lambda i: (-sizes[i], jobs[i][0].path if jobs[i] else ""))
    target = max(1, sum(sizes) // max(1, processes * _TASKS_PER_PROCESS))
    out: list[list[int]] = []
    current: list[int] = []
    filled = 0
    for i in order:
        current.append(i)
        filled += sizes[i]
        if filled >= target:
            out.append(current)
            current, filled = [], 0
    if current:
        out.append(current)
    return out


def run(
    jobs: Sequence[Job],
    settings: Settings,
    processes: int,
    progress: Progress | None = None,
    cache: Cache | None = None,
) -> RunResult:
    """Lint every package; the result does not depend on the number of processes."""
    sizes = [_size(j) for j in jobs]
    grouped = tasks(jobs, processes, sizes)
    results: list[PackageResult | None] = [None] * len(jobs)
    if progress is not None:
        report = progress

        def progress_of(task: list[int]) -> None:
            report(sum(f.lint for i in task for f in jobs[i]), sum(sizes[i] for i in task))

    if processes <= 1 or len(grouped) <= 1:
        linter = Linter(settings)
        for task in grouped:
            for i in task:
                results[i] = lint_job(linter, cache, jobs[i])
            if progress is not None:
                progress_of(task)
    else:
        done = progress_of if progress is not None else None
        _parallel(jobs, grouped, settings, min(processes, len(grouped)), done, cache, results)
    return merge([r for r in results if r is not None])


def _parallel(
    jobs: Sequence[Job],
    grouped: list[list[int]],
    settings: Settings,
    processes: int,
    progress: Callable[[list[int]], None] | None,
    cache: Cache | None,
    results: list[PackageResult | None],
) -> None:
    # Imported here: a one-file or fully cached run has no use for 15 ms of pool imports.
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    ctx = multiprocessing.get_context(method)
    with ProcessPoolExecutor(processes, ctx, initializer=_init, initargs=(settings, cache)) as pool:
        futures: dict[Future[Answer], list[int]] = {
            pool.submit(_work, [jobs[i] for i in task]): task for task in grouped
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                answers, warnings, hits, misses = fut.result()
                for i, r in zip(futures[fut], answers, strict=True):
                    results[i] = r
                if cache is not None:
                    for w in warnings:
                        cache.warn(w)
                    cache.hits += hits
                    cache.misses += misses
                if progress is not None:
                    progress(futures[fut])


def merge(results: Sequence[PackageResult]) -> RunResult:
    diagnostics: list[Diagnostic] = []
    problems: list[Problem] = []
    files = 0
    for r in results:
        diagnostics.extend(r.diagnostics)
        problems.extend(r.problems)
        files += r.files
    diagnostics.sort(key=_diagnostic_order)
    problems.sort(key=lambda p: (p.path, p.line, p.message, p.kind))
    return RunResult(diagnostics=diagnostics, problems=problems, files=files)


def _diagnostic_order(d: Diagnostic) -> tuple[object, ...]:
    # The reporters' order, then everything else: equal keys must not depend on arrival order.
    return (*d.sort_key(), d.offset, d.end.line, d.end.column, d.suppressed or "", d.fingerprint)


class ProgressLine:
    """`golint-mem: 120/396 files, 31%, about 40 s left` on stderr, for a terminal, once a run
    has taken 2 s. The share and the time left are counted in bytes, which track the work
    better than packages of any size."""

    def __init__(self, stream: TextIO, files: int, size: int, delay: float = 2.0) -> None:
        self.stream = stream
        self.files, self.size = files, size
        self.files_done = self.size_done = 0
        self.start = time.monotonic()
        self.delay = delay
        self.shown = False
        self._last = 0.0

    def __call__(self, files: int, size: int) -> None:
        """`files` more files and `size` more bytes are done."""
        self.files_done += files
        self.size_done += size
        now = time.monotonic()
        elapsed = now - self.start
        if elapsed < self.delay or now - self._last < 0.1:
            return
        self._last = now
        self.shown = True
        share = self.size_done / self.size if self.size else 1.0
        line = f"golint-mem: {self.files_done:,}/{self.files:,} files, {share:.0%}"
        if 0 < share < 1:
            line += f", about {_duration(elapsed * (1 - share) / share)} left"
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()

    def close(self) -> None:
        """Erase the line, so that what follows starts on a clean one."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    return f"{round(seconds / 60)} min"
