"""What scripts/evaluate.py and scripts/ecosystem.py share: pinned lists, exports, lint runs.

Repositories come from bare git mirrors laid out as `fetch` and `../shared/eval-dev/` expect:
`MIRROR_ROOT/<owner>+<name>/repo`. Nothing here touches the network.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

# What a lint needs of a tree: Go files, what says where packages live, and default profiles.
KEEP_SUFFIXES = (".go", ".pgo")
KEEP_NAMES = frozenset({"go.mod", "go.work", "modules.txt", ".golint-mem.toml"})
MARKER = ".golint-mem-export"  # names the commit an export holds, so a stale one is redone


@dataclass(frozen=True, slots=True)
class Pinned:
    repo: str  # owner/name
    commit: str
    name: str  # folder of its export


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    path: str  # '/'-separated, relative to the repository's root
    line: int
    column: int = 0
    message: str = ""


def read_tsv(path: str | Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in rows]


def read_pins(path: str | Path) -> list[Pinned]:
    """A `repo  commit  ...  local_name` table, as `corpus.tsv` and `ecosystem.tsv` are."""
    return [Pinned(r["repo"], r["commit"], r["local_name"]) for r in read_tsv(path) if r["repo"]]


def mirror(root: str | Path, repo: str) -> Path:
    return Path(root) / repo.replace("/", "+") / "repo"


def mirror_root(given: str | None) -> str:
    root = given or os.environ.get("MIRROR_ROOT")
    if not root:
        sys.exit("no mirrors: pass --mirrors DIR or set MIRROR_ROOT (see ../shared/eval-dev/)")
    return root


def git(gitdir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(gitdir), *args], check=True, capture_output=True
    ).stdout


def export(gitdir: Path, commit: str, dest: Path, keep: Callable[[str], bool] | None = None) -> int:
    """Write the files of `commit` that `keep` accepts (by default what a lint reads) into dest.

    Blobs a snapshot lacks (files of 4 MiB and more) are skipped, where `git archive` would stop.
    Returns the number of files written.
    """
    keep = keep or lint_input
    listing = git(gitdir, "ls-tree", "-r", "-z", commit)
    wanted: list[tuple[str, str]] = []
    for rec in listing.split(b"\0"):
        if not rec:
            continue
        meta, raw = rec.split(b"\t", 1)
        mode, kind, sha = meta.decode().split(" ")
        path = raw.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode != "120000" and keep(path):
            wanted.append((sha, path))
    written = 0
    for path, data in _blobs(gitdir, wanted):
        out = dest / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        written += 1
    return written


def _blobs(gitdir: Path, wanted: list[tuple[str, str]]) -> Iterable[tuple[str, bytes]]:
    proc = subprocess.Popen(
        ["git", "--git-dir", str(gitdir), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for sha, path in wanted:
            proc.stdin.write(sha.encode() + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline()
            if header.endswith(b" missing\n"):
                continue
            data = proc.stdout.read(int(header.split()[2]))
            proc.stdout.read(1)
            yield path, data
    finally:
        proc.stdin.close()
        proc.wait()


def lint_input(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.endswith(KEEP_SUFFIXES) or name in KEEP_NAMES


def ensure_export(root: str, pin: Pinned, dest: Path) -> None:
    """Export pin into dest unless dest already holds that commit."""
    marker = dest / MARKER
    if marker.is_file() and marker.read_text().strip() == pin.commit:
        return
    if dest.exists():
        subprocess.run(["rm", "-rf", str(dest)], check=True)
    dest.mkdir(parents=True)
    export(mirror(root, pin.repo), pin.commit, dest)
    marker.write_text(pin.commit + "\n")


def lint(
    directory: Path, args: Iterable[str] = (), patterns: Iterable[str] = ("./...",)
) -> tuple[list[Finding], str]:
    """Run this Python's golint-mem in directory; its findings (JSON, unsuppressed) and stderr."""
    cmd = [sys.executable, "-m", "golint_mem", "--format", "json", "--quiet", *args, *patterns]
    run = subprocess.run(cmd, cwd=directory, capture_output=True, text=True)
    if run.returncode not in (0, 1, 2) or not run.stdout.strip():
        raise RuntimeError(f"golint-mem failed in {directory} ({run.returncode}): {run.stderr}")
    return parse_json(json.loads(run.stdout)), run.stderr


def parse_json(rows: object) -> list[Finding]:
    """golint-mem's `--format json` array; suppressed findings are not findings."""
    if not isinstance(rows, list):
        raise ValueError("expected a JSON array of findings")
    return [
        Finding(r["code"], r["path"], int(r["line"]), int(r.get("column", 0)), r.get("message", ""))
        for r in rows
        if not r.get("suppressed")
    ]
