#!/usr/bin/env python3
"""Benchmark golint-mem on a Go tree against tree-sitter's own parse time.

    python scripts/bench.py /usr/share/go-1.19/src -j 2 -r 5
    python scripts/bench.py /usr/share/go-1.19/src ~/src/etcd ~/src/moby -j 2

Lints what `golint-mem DIR/...` lints (for each DIR given), and times, as whole processes from
start to exit: reading the files, parsing them with tree-sitter and nothing else, a full lint
without cache, a first lint that fills an empty cache, a cached re-run, and one file; each with
the same number of processes. ast-grep and semgrep, when on PATH, run one comparable pattern on
the same files. The kinds of run take turns within each repetition, so a machine that slows down
slows them all; ratios are computed per repetition, and medians are printed. Peak RSS is that of
the largest single process (a worker, or the main process), as the kernel accounts it.

Needs the Python that has golint-mem's dependencies (tree-sitter, tree-sitter-go, click); the
golint-mem measured is the one in this checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATTERN = "$P.Put($X)"  # what ast-grep and semgrep look for: the call every GM1 rule starts from
# Alone, tree-sitter-go reads `$P.Put($X)` as a conversion to a qualified type: ast-grep gets it
# inside a function body and matches the call expression.
AST_GREP_CONTEXT = "func f() { $P.Put($X) }"
_ARGS_LIMIT = 1_000_000  # bytes of file names on one command line; beyond, pass the directory


# -- the bare read and parse baselines, run as child processes of this script ------------------


def _chunks(paths: list[str], processes: int) -> list[list[str]]:
    """Largest files first, grouped into tasks of similar size (as golint-mem's runner does)."""
    sized = sorted(((os.path.getsize(p), p) for p in paths), reverse=True)
    target = max(1, sum(s for s, _ in sized) // max(1, processes * 24))
    out: list[list[str]] = []
    current: list[str] = []
    filled = 0
    for size, path in sized:
        current.append(path)
        filled += size
        if filled >= target:
            out.append(current)
            current, filled = [], 0
    if current:
        out.append(current)
    return out


def _read_task(paths: list[str]) -> int:
    total = 0
    for p in paths:
        with open(p, "rb") as fh:
            total += len(fh.read())
    return total


_parser = None


def _parse_task(paths: list[str]) -> int:
    global _parser
    if _parser is None:
        import tree_sitter
        import tree_sitter_go

        _parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_go.language()))
    total = 0
    for p in paths:
        with open(p, "rb") as fh:
            data = fh.read()
        _parser.parse(data)  # the tree is dropped at once, as golint-mem drops it per file
        total += len(data)
    return total


def baseline_main(mode: str, processes: int, listing: str) -> None:
    with open(listing, encoding="utf-8") as fh:
        paths = fh.read().splitlines()
    task = _parse_task if mode == "parse" else _read_task
    chunks = _chunks(paths, processes)
    if processes <= 1:
        total = sum(task(c) for c in chunks)
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        with ctx.Pool(processes) as pool:
            total = sum(pool.imap_unordered(task, chunks))
    print(total)


# -- timing whole processes --------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    peak_mb: float
    code: int
    stdout: bytes


def timed(cmd: Sequence[str], cwd: str, env: dict[str, str]) -> Run:
    """Wall time from start to exit, and the peak RSS of the largest process of its tree."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        stdout = out.read()
    # ru_maxrss: KiB on Linux, bytes on macOS. wait4 folds in the waited-for children's peak.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Run(wall, peak, proc.returncode, stdout)


@dataclass
class Row:
    label: str
    make: Callable[[], Run]
    reps: int  # how many counted repetitions run it
    runs: list[Run] = field(default_factory=list)
    ok: tuple[int, ...] = (0, 1)  # exit statuses of a run that did its work
    failed: list[int] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)


def fmt_row(row: Row) -> str:
    if row.failed:
        return f"{row.label:<46} failed (exit status {row.failed[0]}), not counted"
    if not row.runs:
        return f"{row.label:<46} {'-':>8}"
    walls = [r.wall for r in row.runs]
    peak = max(r.peak_mb for r in row.runs)
    return (
        f"{row.label:<46} {row.median():8.2f} {min(walls):8.2f} {max(walls):8.2f} {peak:9.0f}"
        f"  (n={len(walls)})"
    )


def median_ratio(a: Row, b: Row) -> float | None:
    pairs = [x.wall / y.wall for x, y in zip(a.runs, b.runs, strict=False) if y.wall > 0]
    return statistics.median(pairs) if pairs else None


# -- the benchmark -----------------------------------------------------------------------------


def lint_files(patterns: list[str], cwd: str) -> list[str]:
    """What `golint-mem PATTERNS` lints from `cwd` (with no configuration file)."""
    sys.path.insert(0, ROOT)
    from golint_mem.discover import discover

    found = discover(patterns, cwd=cwd, tests=True)
    return [f.path for p in found.packages for f in p.files if f.lint]


def pick_one_file(paths: list[str], wanted: str | None, directory: str) -> str:
    """The file for the one-file (pre-commit) run: the given one, else the largest file with a
    `.Put(` call that is not generated (the rules have work to do there)."""
    if wanted:
        return os.path.abspath(os.path.join(directory, wanted))
    best: tuple[int, str] | None = None
    for p in paths:
        with open(p, "rb") as fh:
            data = fh.read()
        fits = b".Put(" in data and b"// Code generated " not in data
        if fits and (best is None or len(data) > best[0]):
            best = (len(data), p)
    return best[1] if best else max(paths, key=os.path.getsize)


def external_targets(paths: list[str], directories: list[str]) -> tuple[list[str], str]:
    # semgrep refuses a symbolic link as a target: each file once, by its real path.
    real = sorted({os.path.realpath(p) for p in paths})
    if sum(len(p) + 1 for p in real) <= _ARGS_LIMIT:
        return real, f"the same files ({len(real)} once symbolic links are resolved)"
    return directories, "the whole directories (too many files for one command line)"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directories", nargs="+", help="Go trees, e.g. /usr/share/go-1.19/src")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="processes for every run [2]")
    ap.add_argument("-r", "--repeat", type=int, default=5, help="counted repetitions [5]")
    ap.add_argument("--warmup", type=int, default=1, help="uncounted repetitions first [1]")
    ap.add_argument("--select", help="passed to golint-mem --select (default: every rule)")
    ap.add_argument("--one-file", help="the file for the one-file run, relative to DIRECTORY")
    ap.add_argument("--no-external", action="store_true", help="do not run ast-grep or semgrep")
    ap.add_argument(
        "--semgrep-repeat", type=int, default=1, help="counted semgrep runs (it is slow) [1]"
    )
    ap.add_argument("--_baseline", choices=("read", "parse"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._baseline:
        baseline_main(args._baseline, args.jobs, args.directories[0])
        return 0

    dirs = [os.path.abspath(d) for d in args.directories]
    directory = dirs[0]  # every golint-mem run starts here
    patterns = ["./..."] + [os.path.join(d, "...") for d in dirs[1:]]
    paths = lint_files(patterns, directory)
    if not paths:
        print(f"bench: no Go files to lint in {', '.join(dirs)}", file=sys.stderr)
        return 2
    nbytes = sum(os.path.getsize(p) for p in paths)
    one = pick_one_file(paths, args.one_file, directory)
    j = str(args.jobs)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (ROOT, env.get("PYTHONPATH"))))
    # An installed golint-mem has its bytecode compiled; so does this checkout after the warm-up.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    py = sys.executable
    golint = [py, "-m", "golint_mem", "-j", j, "-q", "--exit-zero"]
    if args.select:
        golint += ["--select", args.select]

    work = tempfile.mkdtemp(prefix="golint-mem-bench-")
    try:
        listing = os.path.join(work, "files.txt")
        with open(listing, "w", encoding="utf-8") as fh:
            fh.write("\n".join(paths) + "\n")
        warm_cache = os.path.join(work, "cache")
        me = os.path.abspath(__file__)

        def cold() -> Run:
            folder = tempfile.mkdtemp(prefix="cold-", dir=work)
            try:
                return timed([*golint, "--cache-dir", folder, *patterns], directory, env)
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        rows = {
            "read": Row(
                f"read only (-j {j})",
                lambda: timed([py, me, "--_baseline", "read", "-j", j, listing], ROOT, env),
                args.repeat,
            ),
            "parse": Row(
                f"tree-sitter parse only (-j {j})",
                lambda: timed([py, me, "--_baseline", "parse", "-j", j, listing], ROOT, env),
                args.repeat,
            ),
            "lint": Row(
                f"golint-mem lint, --no-cache (-j {j})",
                lambda: timed([*golint, "--no-cache", *patterns], directory, env),
                args.repeat,
            ),
            "cold": Row(f"golint-mem lint, empty cache (-j {j})", cold, args.repeat),
            "cached": Row(
                f"golint-mem cached re-run (-j {j})",
                lambda: timed([*golint, "--cache-dir", warm_cache, *patterns], directory, env),
                args.repeat,
            ),
            "one": Row(
                "golint-mem one file, --no-cache",
                lambda: timed([*golint, "--no-cache", one], directory, env),
                args.repeat,
            ),
        }
        notes: list[str] = []
        if not args.no_external:
            targets, what = external_targets(paths, dirs)
            sg = shutil.which("ast-grep")
            if sg:
                cmd = [sg, "run", "--pattern", AST_GREP_CONTEXT, "--selector", "call_expression"]
                cmd += ["--lang", "go", "--threads", j, "--json=stream", *targets]
                rows["ast-grep"] = Row(
                    f"ast-grep run -p '{PATTERN}' (--threads {j})",
                    lambda: timed(cmd, directory, env),
                    args.repeat,
                )
                notes.append(f"ast-grep and semgrep search {what}")
            semgrep = shutil.which("semgrep")
            if semgrep:
                scmd = [
                    semgrep,
                    "scan",
                    "--metrics=off",
                    "--disable-version-check",
                    "--quiet",
                    "--json",
                    "--jobs",
                    j,
                    "--lang",
                    "go",
                    "-e",
                    PATTERN,
                    *targets,
                ]
                rows["semgrep"] = Row(
                    f"semgrep -e '{PATTERN}' (--jobs {j})",
                    lambda: timed(scmd, directory, env),
                    args.semgrep_repeat,
                )

        load_before = os.getloadavg()
        for i in range(args.warmup + args.repeat):
            counted = i - args.warmup
            for key, row in rows.items():
                if key == "cached" and i == 0:
                    row.make()  # fills the warm cache
                if counted < 0 and key == "semgrep":
                    continue
                if counted >= row.reps:
                    continue
                run = row.make()
                if run.code not in row.ok:
                    row.failed.append(run.code)
                elif counted >= 0:
                    row.runs.append(run)
                print(f"  [{i + 1}] {row.label}: {run.wall:.2f} s", file=sys.stderr)
        load_after = os.getloadavg()

        matches = []
        if "ast-grep" in rows and rows["ast-grep"].runs:
            out = rows["ast-grep"].runs[0].stdout
            matches.append(f"ast-grep {len(out.splitlines())} matches")
        if "semgrep" in rows and rows["semgrep"].runs:
            try:
                found = len(json.loads(rows["semgrep"].runs[0].stdout)["results"])
                matches.append(f"semgrep {found} matches")
            except (ValueError, KeyError):
                matches.append("semgrep printed no JSON")
        lint_out = rows["lint"].runs[0].stdout if rows["lint"].runs else b""
        same = all(r.stdout == lint_out for k in ("cold", "cached") for r in rows[k].runs)
        findings = len(re.findall(rb"^[^\n]*: GM\d+ ", lint_out, re.M))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    import tree_sitter

    print(f"golint-mem benchmark: {' '.join(dirs)}")
    print(
        f"files: {len(paths)} ({nbytes / 1e6:.1f} MB), what `golint-mem DIR/...` lints there;"
        f" {findings} findings"
    )
    print(
        f"python {platform.python_version()}, tree-sitter {tree_sitter.__version__},"
        f" {os.cpu_count()} cores, load average {load_before[0]:.2f} before and"
        f" {load_after[0]:.2f} after"
    )
    print(f"one file: {os.path.relpath(one, directory)} ({os.path.getsize(one):,} bytes)")
    print()
    head = f"{'whole-process wall time':<46} {'median s':>8} {'min s':>8} {'max s':>8}"
    print(f"{head} {'peak MB':>9}")
    for row in rows.values():
        print(fmt_row(row))
    print()

    def ratio(label: str, a: str, b: str, target: str = "") -> None:
        if a in rows and b in rows:
            r = median_ratio(rows[a], rows[b])
            if r is not None:
                print(f"{label:<46} {r:8.2f}  {target}")

    print("ratios (per repetition, median)")
    ratio("lint / parse", "lint", "parse", "(target <= 1.5)")
    ratio("empty-cache lint / parse", "cold", "parse")
    ratio("cached / parse", "cached", "parse")
    ratio("lint / ast-grep", "lint", "ast-grep", "(target <= 1.0)")
    ratio("semgrep / lint", "semgrep", "lint", "(target >= 10)")
    print()
    print(f"cached and empty-cache output identical to --no-cache: {'yes' if same else 'NO'}")
    if matches:
        print(f"pattern {PATTERN}: {', '.join(matches)} (golint-mem: {findings} findings)")
    for note in notes:
        print(f"note: {note}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
