#!/usr/bin/env python3
"""Add a rule skeleton, as ruff's add_rule.py does:

    python scripts/new_rule.py GM301 slice-retains-backing-array

creates golint_mem/rules/gm301_slice_retains_backing_array.py (META, QUERY, PREFILTER, check,
RULE), docs/rules/GM301.md (every section a page needs), testdata/GM301/ (one fixture to start
from), and lists the rule in golint_mem/registry.py and in the README's table of rules. The
rule then runs everywhere a rule runs (--list-rules, --explain, the fixtures, the page tests),
and its tests fail until it is filled in: the page's Example must trigger it, and its fixtures
need enough flagged and silent lines. CONTRIBUTING.md says what comes next.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"GM[1-9]\d\d")  # GM0xx are the engine's own codes
NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_IMPORTS = re.compile(r"(from golint_mem\.rules import \(\n)(.*?)(\))", re.DOTALL)
_RULES = re.compile(r"(RULES: tuple\[Rule\[Any\], \.\.\.\] = \(\n)(.*?)(\))", re.DOTALL)
_ROW = re.compile(r"^\| \[(GM\d{3})\]\(docs/rules/GM\d{3}\.md\) \|", re.MULTILINE)

MODULE = '''"""{code}: TODO: what the rule reports, in one line."""

from __future__ import annotations

from collections.abc import Iterator

from golint_mem.model import Confidence, Finding, RuleMeta, Severity
from golint_mem.rule import Context, NoOptions, Rule
from golint_mem.treesitter import Node

META = RuleMeta(
    code="{code}",
    name="{name}",
    summary="TODO: what the rule reports, in one line",
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    tags=("memory",),
)

# The candidates check() judges (queries filter, Python decides); captures named @_x only feed
# predicates such as (#eq? @_x "Put").
QUERY = """
(call_expression) @node
"""

# A regex over the raw file that matches wherever check() can report, led by a literal (rule.py
# says why); None runs the rule on every file.
PREFILTER = None


def check(ctx: Context[NoOptions]) -> Iterator[Finding]:
    for m in ctx.matches:
        node = m["node"][0]
        if _is_the_pattern(ctx, node):
            yield ctx.finding(node, "TODO: what is wrong with it, lowercase, no final period")


def _is_the_pattern(ctx: Context[NoOptions], node: Node) -> bool:
    """TODO: decide from ctx.file (types, scopes, the package index) and the analyses of
    golint_mem/analysis/ whether `node` is what the rule reports."""
    return False


RULE = Rule(META, QUERY, check, prefilter=PREFILTER)
'''

PAGE = """# {code}: {name}

## What it does

TODO: the pattern the rule reports, and what it does not report (the tricky negatives).

## Why is this bad?

TODO: what it costs at run time (allocations, memory kept alive), with a figure where there is one.

## Example

```go
package example

func example() {{}}
```

## Use instead

```go
package example

func example() {{}}
```

## Options

None.

## References

- TODO: the Go documentation, issue or code that shows the problem.
"""

FIXTURE = """// Fixtures of {code}. Each line the rule must flag ends in a comment: the word
// want, then the code and a regexp of the message in quotes (as in testdata/GM101).
// Every other line must stay silent: write the tricky negatives first.
package {package}
"""


class Refused(Exception):
    """The rule cannot be added as asked; str() says why, in one line."""


def add(code: str, name: str, root: Path = ROOT) -> list[Path]:
    """Create the rule's files and list it; the paths written, relative to root."""
    if not CODE.fullmatch(code):
        raise Refused(f"{code!r} is not a rule code: GM and three digits, GM100 to GM999")
    if not NAME.fullmatch(name):
        raise Refused(f"{name!r} is not a rule name: kebab-case, e.g. slice-retains-backing-array")
    slug = f"{code.lower()}_{name.replace('-', '_')}"
    module = root / "golint_mem" / "rules" / f"{slug}.py"
    page = root / "docs" / "rules" / f"{code}.md"
    fixtures = root / "testdata" / code
    registry = root / "golint_mem" / "registry.py"
    readme = root / "README.md"
    taken = list((root / "golint_mem" / "rules").glob(f"{code.lower()}_*.py"))
    if taken or page.exists() or fixtures.exists() or f'"{code}"' in registry.read_text():
        raise Refused(f"{code} exists already (codes are never reused)")
    listed = _listed(registry.read_text(), slug)
    row = f"| [{code}](docs/rules/{code}.md) | {name} | TODO: what the rule reports |\n"
    table = _with_row(readme.read_text(), code, row)
    module.write_text(MODULE.format(code=code, name=name))
    page.write_text(PAGE.format(code=code, name=name))
    fixtures.mkdir()
    fixture = fixtures / f"{code.lower()}.go"
    fixture.write_text(FIXTURE.format(code=code, package=code.lower()))
    registry.write_text(listed)
    readme.write_text(table)
    return [p.relative_to(root) for p in (module, page, fixture, registry, readme)]


def _listed(text: str, slug: str) -> str:
    """The registry's source with the module imported and its RULE in RULES, in code order."""
    imports, rules = _IMPORTS.search(text), _RULES.search(text)
    if imports is None or rules is None:
        raise Refused("golint_mem/registry.py: the import list or RULES is not where expected")
    names = sorted({*re.findall(r"\w+", imports.group(2)), slug})
    text = text[: imports.start(2)] + "".join(f"    {n},\n" for n in names) + text[imports.end(2) :]
    rules = _RULES.search(text)
    assert rules is not None
    entries = "".join(f"    {n}.RULE,\n" for n in names)
    return text[: rules.start(2)] + entries + text[rules.end(2) :]


def _with_row(readme: str, code: str, row: str) -> str:
    """The README with a row for the rule in its table of rules, after the rules before it."""
    rows = [m for m in _ROW.finditer(readme) if not m.group(1).startswith("GM0")]
    if not rows:
        raise Refused("README.md: no table of rules to add the rule to")
    before = [m for m in rows if m.group(1) < code]
    at = readme.index("\n", before[-1].start()) + 1 if before else rows[0].start()
    return readme[:at] + row + readme[at:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("code", help="the new rule's code, e.g. GM301")
    ap.add_argument("name", help="its name, kebab-case, e.g. slice-retains-backing-array")
    args = ap.parse_args()
    try:
        written = add(args.code, args.name)
    except Refused as exc:
        print(f"new_rule: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    print(f"next: fill in the TODOs (see CONTRIBUTING.md); {args.code} fails its tests until then")
    return 0


if __name__ == "__main__":
    sys.exit(main())
