"""--new-from-rev REV: keep only findings on lines added or changed since a git revision.

`git diff --unified=0 REV` in the repository's top level gives the lines of the working tree
that differ from REV: committed since REV, staged or not, alike. Files git does not track yet
(untracked and not ignored) count as new in full, since a pull request that adds them adds every
line. A finding is kept when its first line is one of those. A file git sees as renamed counts
only its edited lines.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

from golint_mem.model import Diagnostic

_HUNK = re.compile(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


class GitError(Exception):
    """git could not answer: one line for the user."""


@dataclass(frozen=True, slots=True)
class Changes:
    """Changed lines per file (real absolute paths); None for a file that is new in full."""

    lines: dict[str, frozenset[int] | None]

    def has(self, path: str, line: int) -> bool:
        if path not in self.lines:
            return False
        changed = self.lines[path]
        return changed is None or line in changed


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["LC_ALL"] = "C"
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise GitError("--new-from-rev needs git, which is not installed") from None


def changes_since(rev: str, cwd: str) -> Changes:
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise GitError(f"--new-from-rev: {cwd} is not in a git repository")
    root = os.path.realpath(top.stdout.decode("utf-8", "surrogateescape").strip())
    # Resolved to a commit first: a REV such as `--output=x` never reaches `git diff` as an option.
    verified = None
    if not rev.startswith("-"):
        verified = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    if verified is None or verified.returncode != 0:
        raise GitError(f"--new-from-rev: unknown revision {rev!r}")
    commit = verified.stdout.decode("ascii").strip()
    diff = _git(
        [
            "-c",
            "core.quotePath=false",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--unified=0",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            commit,
            "--",
        ],
        root,
    )
    if diff.returncode != 0:
        message = diff.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"--new-from-rev: git diff failed: {message[0] if message else '?'}")
    lines: dict[str, frozenset[int] | None] = {
        os.path.join(root, path): frozenset(changed) for path, changed in parse_diff(diff.stdout)
    }
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    for name in untracked.stdout.split(b"\0") if untracked.returncode == 0 else ():
        if name:
            lines[os.path.join(root, os.fsdecode(name))] = None
    return Changes(lines)


def parse_diff(output: bytes) -> list[tuple[str, set[int]]]:
    """(path in the new tree, its added or changed line numbers) for each file of a unified diff
    made with --unified=0 and the prefixes a/ and b/. Deleted files are left out."""
    files: list[tuple[str, set[int]]] = []
    current: set[int] | None = None
    in_header = False
    for raw in output.split(b"\n"):
        if raw.startswith(b"diff --git "):
            in_header, current = True, None
        elif in_header and raw.startswith(b"+++ "):
            # git ends a name that has a space with a tab; a name with a tab is quoted.
            target = _unquote(raw[4:].rstrip(b"\r").removesuffix(b"\t"))
            current = None
            if target.startswith(b"b/"):
                current = set()
                files.append((os.fsdecode(target[2:]), current))
        elif raw.startswith(b"@@ "):
            in_header = False
            m = _HUNK.match(raw.decode("ascii", "replace"))
            if m is not None and current is not None:
                start, count = int(m[1]), int(m[2] if m[2] is not None else 1)
                current.update(range(start, start + count))
    return files


def _unquote(name: bytes) -> bytes:
    """A path as git prints it: C-quoted ("a\\tb", octal bytes) when it has unusual characters."""
    if not name.startswith(b'"') or not name.endswith(b'"'):
        return name
    out = bytearray()
    body, i = name[1:-1], 0
    while i < len(body):
        c = body[i]
        if c == 0x5C and i + 1 < len(body):  # backslash
            nxt = chr(body[i + 1])
            if nxt in "01234567":
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out.append(_ESCAPES.get(nxt, body[i + 1]))
            i += 2
            continue
        out.append(c)
        i += 1
    return bytes(out)


def keep_new(
    diagnostics: Iterable[Diagnostic], changes: Changes, cwd: str
) -> tuple[list[Diagnostic], int]:
    """The diagnostics whose first line is new, and how many were left out."""
    real: dict[str, str] = {}
    kept: list[Diagnostic] = []
    dropped = 0
    for d in diagnostics:
        path = real.get(d.path)
        if path is None:
            path = real[d.path] = os.path.realpath(os.path.join(cwd, d.path))
        if changes.has(path, d.start.line):
            kept.append(d)
        else:
            dropped += 1
    return kept, dropped
