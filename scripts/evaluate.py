#!/usr/bin/env python3
"""Precision and recall of golint-mem on labelled real code, and recall on mined fixes.

    python scripts/evaluate.py --labels ../shared/eval-dev/labels.tsv --corpus DIR [-v]
    python scripts/evaluate.py --labels ... --corpus DIR --results out.sarif --map SA6002=GM102
    python scripts/evaluate.py --fixes benchmarks/fixes.tsv [--mirrors DIR] [-v]

Labels: `repo commit path line rule verdict reason`, rule a label name (POOL-RESET ...) or a code,
verdict `violation`, `ok` or `unsure`. The repositories are the exported folders under DIR named by
the `corpus.tsv` beside the labels file. golint-mem (this Python's) runs in each, unless
`--results` gives findings already made: golint-mem's `--format json`, SARIF, or JSON lines as
`staticcheck -f json` writes them, with paths absolute or relative to DIR.

Matching: a finding and a label match when they have the same rule and file and their lines are
at most 2 apart (the nearest label wins; a violation wins a tie). Each label counts once: a
violation label matched is a true positive, an `ok` label matched a false positive, a violation
label unmatched a false negative; `unsure` labels are not scored, and a finding matching one is
dropped. A finding that matches no label of its rule is "unlabelled" and listed apart (it may be
at a site labelled for another rule, or where no label was made).

Fixes (`--fixes`): `repo commit path line rule subject`, the line being that of the site in the
fix's parent. Both versions are exported from the mirrors (MIRROR_ROOT) and the file's package is
linted: a fix is flagged before when the parent has a finding of the rule within 2 lines of the
site, and silent after when the fixed file has none within 2 lines of where the site went.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from corpus import (
    Finding,
    Pinned,
    ensure_export,
    git,
    lint,
    mirror,
    mirror_root,
    parse_json,
    read_pins,
    read_tsv,
)

LABEL_RULES = {
    "POOL-RESET": "GM101",
    "POOL-NONPTR": "GM102",
    "POOL-HUGE": "GM103",
    "ANY-SLICE": "GM201",
    "BYTES-IFACE": "GM202",
}
NAMES = {code: name for name, code in LABEL_RULES.items()}
TOLERANCE = 2
_VERDICT_ORDER = {"violation": 0, "ok": 1, "unsure": 2}


@dataclass(frozen=True, slots=True)
class Label:
    repo: str  # the export's folder name
    path: str
    line: int
    code: str
    verdict: str
    reason: str = ""


@dataclass(slots=True)
class Score:
    code: str
    findings: int = 0
    tp: list[Label] = field(default_factory=list)
    fp: list[tuple[Label, Finding]] = field(default_factory=list)
    fn: list[Label] = field(default_factory=list)
    unlabelled: list[tuple[str, Finding, bool]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        scored = len(self.tp) + len(self.fp)
        return len(self.tp) / scored if scored else None

    @property
    def recall(self) -> float | None:
        wanted = len(self.tp) + len(self.fn)
        return len(self.tp) / wanted if wanted else None


def rule_code(name: str) -> str:
    code = LABEL_RULES.get(name.upper(), name.upper())
    if not code.startswith("GM"):
        raise ValueError(f"unknown rule {name!r}")
    return code


def read_labels(path: str | Path, names: dict[str, str]) -> list[Label]:
    """Labels with the repository renamed to its folder (`names`: owner/name to folder)."""
    out = []
    for r in read_tsv(path):
        if not r.get("repo"):
            continue
        if r["repo"] not in names:
            raise ValueError(f"{path}: {r['repo']} is not in the corpus table")
        verdict = r["verdict"].lower()
        if verdict not in _VERDICT_ORDER:
            raise ValueError(f"{path}: unknown verdict {r['verdict']!r}")
        out.append(
            Label(
                names[r["repo"]],
                r["path"],
                int(r["line"]),
                rule_code(r["rule"]),
                verdict,
                r.get("reason", ""),
            )
        )
    return out


def score(labels: Sequence[Label], findings: dict[str, list[Finding]]) -> dict[str, Score]:
    """Per rule code, the matching described in this module's docstring."""
    by_site: dict[tuple[str, str, str], list[Label]] = defaultdict(list)
    at_line: set[tuple[str, str, int]] = set()
    for lab in labels:
        by_site[lab.repo, lab.path, lab.code].append(lab)
        at_line.add((lab.repo, lab.path, lab.line))
    scores: dict[str, Score] = {}

    def get(code: str) -> Score:
        return scores.setdefault(code, Score(code))

    for lab in labels:
        get(lab.code)
    matched: dict[Label, Finding] = {}
    for repo in sorted(findings):
        for f in findings[repo]:
            s = get(f.code)
            s.findings += 1
            near = [
                lab
                for lab in by_site.get((repo, f.path, f.code), ())
                if abs(lab.line - f.line) <= TOLERANCE
            ]
            if not near:
                site = any(
                    (repo, f.path, line) in at_line
                    for line in range(f.line - TOLERANCE, f.line + TOLERANCE + 1)
                )
                s.unlabelled.append((repo, f, site))
                continue
            best = min(near, key=lambda lab: (abs(lab.line - f.line), _VERDICT_ORDER[lab.verdict]))
            matched.setdefault(best, f)
    for lab in labels:
        s = get(lab.code)
        if lab.verdict == "violation":
            (s.tp if lab in matched else s.fn).append(lab)
        elif lab.verdict == "ok" and lab in matched:
            s.fp.append((lab, matched[lab]))
    return scores


def _ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def print_table(scores: dict[str, Score], out=sys.stdout, verbose: bool = False) -> None:
    rows = [("rule", "label", "findings", "TP", "FP", "FN", "precision", "recall", "unlabelled")]
    for code in sorted(scores):
        s = scores[code]
        rows.append(
            (
                code,
                NAMES.get(code, "-"),
                str(s.findings),
                str(len(s.tp)),
                str(len(s.fp)),
                str(len(s.fn)),
                _ratio(s.precision),
                _ratio(s.recall),
                str(len(s.unlabelled)),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip(), file=out)
    if not verbose:
        return
    for code in sorted(scores):
        s = scores[code]
        for lab, f in sorted(s.fp, key=lambda x: (x[0].repo, x[0].path, x[0].line)):
            print(f"FP  {lab.repo}/{lab.path}:{f.line}  {code}  {lab.reason}", file=out)
            print(f"      finding: {f.message}", file=out)
        for lab in sorted(s.fn, key=lambda x: (x.repo, x.path, x.line)):
            print(f"FN  {lab.repo}/{lab.path}:{lab.line}  {code}  {lab.reason}", file=out)
        for repo, f, site in sorted(s.unlabelled, key=lambda x: (x[0], x[1].path, x[1].line)):
            where = "labelled site, other rule" if site else "no label"
            print(f"UNLABELLED  {repo}/{f.path}:{f.line}  {code}  ({where}) {f.message}", file=out)


# -- findings made elsewhere ----------------------------------------------------------------------


def read_results(path: str, root: Path, codes: dict[str, str]) -> dict[str, list[Finding]]:
    """Findings of a results file, by the first folder of their path below root (the corpus).

    codes maps a peer's codes to golint-mem's (SA6002=GM102); a code neither mapped nor GMxxx is
    dropped.
    """
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(data, dict) and "runs" not in data:
        data = [data]  # JSON lines of one line
    if isinstance(data, dict) and "runs" in data:
        rows = list(_sarif_rows(data))
    elif isinstance(data, list) and data and "location" in data[0]:
        rows = [
            Finding(r["code"], r["location"]["file"], int(r["location"]["line"]), 0, r["message"])
            for r in data
            if r.get("severity") != "ignored"
        ]
    else:
        rows = parse_json(data)
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in rows:
        code = codes.get(f.code, f.code)
        if not code.startswith("GM"):
            continue
        rel = _below(f.path, root)
        if rel is None:
            continue
        repo, _, rest = rel.partition("/")
        out[repo].append(Finding(code, rest, f.line, f.column, f.message))
    return out


def _sarif_rows(log: dict) -> Iterable[Finding]:
    for run in log["runs"]:
        bases = {
            k: unquote(urlparse(v.get("uri", "")).path)
            for k, v in (run.get("originalUriBaseIds") or {}).items()
        }
        for res in run.get("results", []):
            if any(s.get("status", "accepted") == "accepted" for s in res.get("suppressions", [])):
                continue
            loc = res["locations"][0]["physicalLocation"]
            art = loc["artifactLocation"]
            uri = unquote(urlparse(art["uri"]).path)
            base = bases.get(art.get("uriBaseId", ""), "")
            path = str(PurePosixPath(base) / uri) if base and not uri.startswith("/") else uri
            region = loc.get("region", {})
            yield Finding(
                res["ruleId"], path, int(region.get("startLine", 0)), 0, res["message"]["text"]
            )


def _below(path: str, root: Path) -> str | None:
    p = Path(path)
    if not p.is_absolute():
        return PurePosixPath(path).as_posix()
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


# -- the mined fixes ------------------------------------------------------------------------------


@dataclass(slots=True)
class FixResult:
    row: dict[str, str]
    before: bool
    after_silent: bool
    note: str = ""


def new_lines(old: list[str], new: list[str], line: int) -> tuple[int, int]:
    """Where old line `line` (1-based) went in new: one line, or the lines replacing it."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if i1 <= line - 1 < i2:
            if tag == "equal":
                at = j1 + (line - 1 - i1) + 1
                return at, at
            return j1 + 1, max(j1 + 1, j2)
    return line, line


def check_fix(row: dict[str, str], root: str, work: Path, extra: Sequence[str]) -> FixResult:
    gitdir = mirror(root, row["repo"])
    commit = row["commit"]
    parent = git(gitdir, "rev-parse", f"{commit}^").decode().strip()
    path, line, code = row["path"], int(row["line"]), rule_code(row["rule"])
    results = []
    for rev in (parent, commit):
        dest = work / row["repo"].replace("/", "+") / rev[:12]
        ensure_export(root, Pinned(row["repo"], rev, dest.name), dest)
        pkg = str(PurePosixPath(path).parent) or "."
        if not (dest / path).exists():
            results.append(None)
            continue
        found, _err = lint(dest, ["--no-cache", "--select", code, *extra], [f"./{pkg}"])
        results.append([f for f in found if f.code == code and f.path == path])
    before_found, after_found = results
    if before_found is None:
        return FixResult(row, False, False, f"{path} not in the parent")
    before = any(abs(f.line - line) <= TOLERANCE for f in before_found)
    if after_found is None:
        return FixResult(row, before, True, f"{path} removed by the fix")
    old = git(gitdir, "show", f"{parent}:{path}").decode("utf-8", "replace").splitlines()
    new = git(gitdir, "show", f"{commit}:{path}").decode("utf-8", "replace").splitlines()
    lo, hi = new_lines(old, new, line)
    silent = not any(lo - TOLERANCE <= f.line <= hi + TOLERANCE for f in after_found)
    return FixResult(row, before, silent)


def run_fixes(args: argparse.Namespace, extra: Sequence[str]) -> int:
    root = mirror_root(args.mirrors)
    rows = [r for r in read_tsv(args.fixes) if r.get("repo")]
    work = Path(args.work or os.path.join(tempfile.gettempdir(), "golint-mem-fixes"))
    per: dict[str, list[FixResult]] = defaultdict(list)
    for row in rows:
        res = check_fix(row, root, work, extra)
        per[rule_code(row["rule"])].append(res)
    table = [("rule", "fixes", "flagged before", "silent after", "caught")]
    for code in sorted(per):
        rs = per[code]
        table.append(
            (
                code,
                str(len(rs)),
                _share(sum(r.before for r in rs), len(rs)),
                _share(sum(r.after_silent for r in rs), len(rs)),
                _share(sum(r.before and r.after_silent for r in rs), len(rs)),
            )
        )
    allr = [r for rs in per.values() for r in rs]
    table.append(
        (
            "all",
            str(len(allr)),
            _share(sum(r.before for r in allr), len(allr)),
            _share(sum(r.after_silent for r in allr), len(allr)),
            _share(sum(r.before and r.after_silent for r in allr), len(allr)),
        )
    )
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    if args.verbose:
        for code in sorted(per):
            for r in per[code]:
                if r.before and r.after_silent:
                    continue
                what = "missed" if not r.before else "still flagged after the fix"
                row = r.row
                print(
                    f"{what:28}  {row['repo']}@{row['commit'][:12]} {row['path']}:{row['line']}"
                    f"  {code}  {row.get('subject', '')} {r.note}".rstrip()
                )
    return 0


def _share(n: int, total: int) -> str:
    return f"{n}/{total} ({n / total:.2f})" if total else "-"


# -- command line ---------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog="Arguments after -- go to golint-mem.",
    )
    ap.add_argument("--labels", help="labels.tsv (corpus.tsv beside it names the folders)")
    ap.add_argument("--corpus", help="folder holding the exported repositories")
    ap.add_argument("--results", action="append", default=[], help="findings made elsewhere")
    ap.add_argument("--map", action="append", default=[], metavar="CODE=GMxxx")
    ap.add_argument("--fixes", help="benchmarks/fixes.tsv: score the mined fixes instead")
    ap.add_argument("--mirrors", help="folder of bare mirrors [$MIRROR_ROOT]")
    ap.add_argument("--work", help="where --fixes exports the two versions [$TMPDIR]")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every FP, FN, unlabelled")
    args = ap.parse_args(argv)
    if args.fixes:
        return run_fixes(args, extra)
    if not args.labels or not args.corpus:
        ap.error("--labels and --corpus are needed (or --fixes)")
    pins = read_pins(Path(args.labels).with_name("corpus.tsv"))
    labels = read_labels(args.labels, {p.repo: p.name for p in pins})
    corpus = Path(args.corpus)
    names = sorted({lab.repo for lab in labels})
    missing = [n for n in names if not (corpus / n).is_dir()]
    if missing:
        print(f"not exported under {corpus}: {', '.join(missing)}", file=sys.stderr)
        return 2
    findings: dict[str, list[Finding]] = defaultdict(list)
    if args.results:
        codes = dict(m.split("=", 1) for m in args.map)
        for path in args.results:
            for repo, rows in read_results(path, corpus, codes).items():
                findings[repo].extend(rows)
    else:
        for name in names:
            rows, err = lint(corpus / name, extra)
            findings[name] = rows
            for line in err.splitlines():
                if ": internal error" in line:
                    print(f"{name}: {line}", file=sys.stderr)
    findings = {k: v for k, v in findings.items() if k in set(names)}
    print_table(score(labels, findings), verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
