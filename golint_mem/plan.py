"""Narrowing: the engine's stage between reading a file and running its rules.

From the rules' declarations (rule.py: PREFILTER, SCOPE, REGIONS) a FilePlan says which rules can
report on the file, which bytes of it to parse, and where each rule's query runs. It is what
makes the tool fast: most files are ruled out by a regex over their bytes, and of the rest often
only a few declarations are parsed and queried. Narrowing never drops a finding: with it off
(Settings.prefilter, for tests), every rule runs on the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from golint_mem.go.file import FileContext
from golint_mem.go.package import Package
from golint_mem.rule import Rule

Ranges = list[tuple[int, int]]


@dataclass(slots=True)
class FilePlan:
    rules: list[Rule[Any]]  # the rules that can report on the file
    parse: Ranges | None = None  # the byte ranges to parse; None: all of the file
    # Per rule code, the only ranges its SCOPE lets it report in.
    scopes: dict[str, Ranges] = field(default_factory=dict)
    # Rules whose SCOPE raised, with the exception: they run on the whole file.
    failures: list[tuple[str, Exception]] = field(default_factory=list)
    narrow: bool = True

    def whole_tree(self, rule: Rule[Any]) -> bool:
        """Whether the rule's query runs on the whole tree (with the other such rules' queries,
        in one pass) rather than on ranges of it."""
        return not self.narrow or (rule.regions is None and rule.meta.code not in self.scopes)

    def query_ranges(self, rule: Rule[Any], ctx: FileContext) -> Ranges:
        """Where the query of a rule that does not run on the whole tree runs: its REGIONS of
        the parsed file, within its SCOPE."""
        scope = self.scopes.get(rule.meta.code)
        if rule.regions is None:
            return scope or []
        regions = [(x.start, x.end) for x in rule.regions(ctx)]
        return regions if scope is None else overlap(regions, scope)


def plan(
    rules: Sequence[Rule[Any]],
    package: Package,
    path: str,
    data: bytes,
    *,
    narrow: bool = True,
    whole: bool = False,
) -> FilePlan:
    """The plan for one file's source `data`. With `narrow` False nothing is narrowed; `whole`
    says the whole tree is needed whatever the rules (directives to read, parse errors to
    report)."""
    if not narrow:
        return FilePlan(list(rules), narrow=False)
    out = FilePlan([r for r in rules if r.prefilter is None or r.prefilter.search(data)])
    kept = []
    for rule in out.rules:
        code = rule.meta.code
        if rule.scope is None:
            kept.append(rule)
            continue
        try:
            spans = rule.scope(package, path, data)
        except Exception as exc:  # a rule bug must not stop the run; the rule runs everywhere
            out.failures.append((code, exc))
            kept.append(rule)
            continue
        if spans is None:
            kept.append(rule)
        elif spans:
            out.scopes[code] = [(x.start, x.end) for x in spans]
            kept.append(rule)
    out.rules = kept
    if not whole and kept and len(out.scopes) == len(kept):
        out.parse = parts(package.top_level(path, data).prelude, out.scopes.values())
    return out


def parts(prelude: int | None, scopes: Iterable[Ranges]) -> Ranges | None:
    """What to parse of a file whose rules can only report in these runs of declarations: them
    and the package clause and imports, merged; None (all of it) when the prelude is unknown."""
    if prelude is None:
        return None
    merged: Ranges = []
    for start, end in sorted([(0, prelude), *(x for spans in scopes for x in spans)]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def overlap(a: Ranges, b: Ranges) -> Ranges:
    """The parts of sorted, disjoint ranges `a` that lie in sorted, disjoint ranges `b`."""
    out: Ranges = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out
