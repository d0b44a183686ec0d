#!/usr/bin/env python3
"""Every finding golint-mem makes on a pinned list of public repositories, as a reviewable diff.

    python scripts/ecosystem.py            # lint, print the diff, rewrite the snapshot
    python scripts/ecosystem.py --check    # lint, print the diff, exit 1 if there is one

The repositories and commits are `benchmarks/ecosystem.tsv` (`repo  commit  local_name`): the
development set's pins and the fix benchmark's repositories at the head they were mined at. Each is
exported from its bare mirror (MIRROR_ROOT/<owner>+<name>/repo, as `fetch` lays them out) into
--work, linted with `./...` and default settings, and every unsuppressed finding becomes one line
of `benchmarks/ecosystem.jsonl`, sorted. Commit the snapshot with the change that moves it, and
read every line of the diff: it is the change's effect on real code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from corpus import ensure_export, lint, mirror_root, read_pins

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "benchmarks" / "ecosystem.tsv"
SNAPSHOT = ROOT / "benchmarks" / "ecosystem.jsonl"


def collect(root: str, work: Path, extra: list[str]) -> tuple[list[str], list[str]]:
    """The snapshot's lines, sorted, and the problems (files not linted) met on the way."""
    records: list[tuple[str, str, int, int, str, str]] = []
    problems: list[str] = []
    for pin in read_pins(PINS):
        dest = work / pin.name
        ensure_export(root, pin, dest)
        found, err = lint(dest, extra)
        records.extend((pin.name, f.path, f.line, f.column, f.code, f.message) for f in found)
        problems.extend(f"{pin.name}: {line}" for line in err.splitlines() if line.strip())
        print(f"{pin.name}: {len(found)} findings", file=sys.stderr)
    lines = [
        json.dumps(
            {"repo": r, "path": p, "line": ln, "column": c, "code": code, "message": m},
            sort_keys=False,
        )
        for r, p, ln, c, code, m in sorted(set(records))
    ]
    return lines, problems


def diff(old: list[str], new: list[str]) -> list[str]:
    """`+` and `-` lines grouped by rule, then a count per rule."""
    before, after = set(old), set(new)
    gone, came = sorted(before - after), sorted(after - before)
    out: list[str] = []
    counts: Counter[tuple[str, str]] = Counter()
    for sign, rows in (("-", gone), ("+", came)):
        for row in rows:
            rec = json.loads(row)
            counts[rec["code"], sign] += 1
            out.append(
                f"{sign} {rec['code']} {rec['repo']}/{rec['path']}:{rec['line']}:{rec['column']}"
                f" {rec['message']}"
            )
    out.sort(key=lambda s: (s.split()[1], s[0], s))
    codes = sorted({c for c, _ in counts})
    out.extend(f"{c}: +{counts[c, '+']} -{counts[c, '-']}" for c in codes)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="do not rewrite the snapshot")
    ap.add_argument("--mirrors", help="folder of bare mirrors [$MIRROR_ROOT]")
    ap.add_argument("--work", help="where the exports go [$TMPDIR/golint-mem-ecosystem]")
    ap.add_argument("-j", "--jobs", help="golint-mem worker processes")
    args = ap.parse_args()
    root = mirror_root(args.mirrors)
    work = Path(args.work or os.path.join(tempfile.gettempdir(), "golint-mem-ecosystem"))
    extra = ["-j", args.jobs] if args.jobs else []
    new, problems = collect(root, work, extra)
    old = SNAPSHOT.read_text(encoding="utf-8").splitlines() if SNAPSHOT.exists() else []
    for line in problems:
        print(line, file=sys.stderr)
    changes = diff(old, new)
    for line in changes:
        print(line)
    print(f"{len(new)} findings; {'no change' if not changes else 'changed'}")
    if args.check:
        return 1 if changes else 0
    SNAPSHOT.parent.mkdir(exist_ok=True)
    SNAPSHOT.write_text("".join(line + "\n" for line in new), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
