"""The only module that imports tree_sitter and tree_sitter_go: the parser, and compiled queries.

Node and field names are those of the pinned tree-sitter-go release (see pyproject.toml).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

import tree_sitter
import tree_sitter_go

Node = tree_sitter.Node
Tree = tree_sitter.Tree
Query = tree_sitter.Query
QueryError = tree_sitter.QueryError
Match = dict[str, list[tree_sitter.Node]]


class ParseTimeout(Exception):
    """The parser gave up on a file after the configured time."""


@cache
def language() -> tree_sitter.Language:
    return tree_sitter.Language(tree_sitter_go.language())


@cache
def grammar_version() -> str:
    """Versions of the binding and of the grammar; part of every cache key.

    Read from the loaded modules: importlib.metadata would cost a cached run 20 ms of imports.
    """
    lang = language()
    semver = lang.semantic_version
    if semver is None:  # a grammar built without metadata
        import importlib.metadata

        go = importlib.metadata.version("tree-sitter-go")
    else:
        go = ".".join(map(str, semver))
    return (
        f"tree-sitter {tree_sitter.__version__} / tree-sitter-go {go}"
        f" (abi {lang.abi_version}, {lang.parse_state_count} states)"
    )


@cache
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(language())


@cache
def _ranged_parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(language())


def parse(
    data: bytes,
    timeout: float | None = None,
    ranges: Sequence[tuple[int, int]] | None = None,
) -> tree_sitter.Tree:
    """Parse Go source. With `timeout` (seconds), raise ParseTimeout when parsing takes longer.

    With `ranges` (sorted, disjoint byte ranges, each starting and ending at a line boundary),
    only those bytes are parsed, as if the rest were not there; nodes keep their offsets in
    `data`. Given runs of whole top-level declarations after the package clause and imports,
    the tree holds the same subtrees for them as the whole file's tree.
    """
    if ranges:
        parser = _ranged_parser()
        parser.included_ranges = _points(data, ranges)
    else:
        parser = _parser()
    if timeout is None:
        return parser.parse(data)
    deadline = time.monotonic() + timeout
    size = len(data)
    chunk = 1 << 16

    def read(offset: int, _point: tree_sitter.Point) -> bytes:
        return data[offset : offset + chunk] if offset < size else b""

    def progress(_offset: int, _has_error: bool) -> bool:
        return time.monotonic() > deadline  # True cancels the parse

    try:
        tree = parser.parse(read, progress_callback=progress)
    except ValueError:  # py-tree-sitter reports a cancelled parse as "Parsing failed"
        parser.reset()
        raise ParseTimeout(f"parsing took longer than {timeout:g}s") from None
    # A tree parsed from a callback has no source: every text predicate (#eq?) of a query would
    # call `read` again, which makes queries five times slower. Parsing the bytes again with the
    # tree as the old one reuses all of it (about 1% of the first parse) and keeps the source.
    return parser.parse(data, old_tree=tree)


def _points(data: bytes, ranges: Sequence[tuple[int, int]]) -> list[tree_sitter.Range]:
    out: list[tree_sitter.Range] = []
    row, at = 0, 0  # the row of offset `at`
    for start, end in ranges:
        points = []
        for pos in (start, end):
            row += data.count(b"\n", at, pos)
            at = pos
            points.append(tree_sitter.Point(row, pos - (data.rfind(b"\n", 0, pos) + 1)))
        out.append(tree_sitter.Range(points[0], points[1], start, end))
    return out


@cache
def query(source: str) -> tree_sitter.Query:
    """Compile a query once per process."""
    return tree_sitter.Query(language(), source)


# The deepest nesting below a top-level declaration that is analysed (go.package skips a
# declaration that nests deeper). Queries do not look for matches starting deeper either: the
# query cursor slows down with the square of the nesting (20,000 nested calls: 4 s).
MAX_DEPTH = 2_000


def matches(q: tree_sitter.Query, node: tree_sitter.Node) -> list[tuple[int, Match]]:
    cursor = tree_sitter.QueryCursor(q)
    cursor.set_max_start_depth(MAX_DEPTH + 1)  # + 1: the declaration below the root
    return cursor.matches(node)


def matches_in(
    q: tree_sitter.Query, node: tree_sitter.Node, ranges: Iterable[tuple[int, int]]
) -> list[tuple[int, Match]]:
    """The matches whose nodes meet one of the byte ranges, each once, in document order.

    The cursor skips every subtree outside a range in C: a rule that can only report inside
    loops, say, pays for the loops and not for the whole file.
    """
    Key = tuple[int, tuple[tuple[str, int, int], ...]]  # pattern, and what it captured where
    found: dict[Key, tuple[int, Match]] = {}
    for start, end in ranges:
        cursor = tree_sitter.QueryCursor(q)
        cursor.set_byte_range(start, end)
        for pattern, captures in cursor.matches(node):
            where = ((name, n.start_byte, n.end_byte) for name, ns in captures.items() for n in ns)
            found.setdefault((pattern, tuple(sorted(where))), (pattern, captures))

    def order(key: Key) -> tuple[int, Key]:
        return min((start for _, start, _ in key[1]), default=0), key

    return [found[k] for k in sorted(found, key=order)]


def walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """Every descendant of `node` (itself included) in document order, without recursion.

    Deeply nested input (tens of thousands of levels) must not exhaust Python's stack.
    """
    cursor = node.walk()
    while True:
        yield cursor.node  # type: ignore[misc]
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node == node:
                return


def walk_range(node: tree_sitter.Node, start: int, end: int) -> Iterator[tree_sitter.Node]:
    """Like walk(), but only the nodes that overlap the bytes [start, end): the subtrees before
    `start` are skipped in C, and the walk stops at `end`, so its cost follows the range, not the
    size of `node`."""
    cursor = node.walk()
    while True:
        current: tree_sitter.Node = cursor.node  # type: ignore[assignment]
        if current.start_byte >= end:
            return
        if current.end_byte > start:
            yield current
            if cursor.goto_first_child_for_byte(start) is not None:
                continue
            # The cursor finds nothing when `start` falls between two children; the node does.
            child = current.first_child_for_byte(start)
            if child is not None and cursor.goto_first_child_for_byte(child.start_byte) is not None:
                continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node == node:
                return


def deeper_than(node: tree_sitter.Node, limit: int) -> bool:
    """Whether some descendant of `node` lies more than `limit` levels below it.

    A cursor walk that creates no Node objects; a subtree of at most `limit` nodes is not walked.
    """
    if node.descendant_count <= limit:
        return False
    cursor = node.walk()
    depth = 0
    while True:
        if cursor.goto_first_child():
            depth += 1
            if depth > limit:
                return True
            continue
        while not cursor.goto_next_sibling():
            if depth == 0 or not cursor.goto_parent():
                return False
            depth -= 1
            if depth == 0:
                return False


def first_error(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The first ERROR or MISSING node under `node`, or None when the tree is clean."""
    if not node.has_error:
        return None
    cursor_node: tree_sitter.Node | None = node
    while cursor_node is not None:
        if cursor_node.is_error or cursor_node.is_missing:
            return cursor_node
        nxt = None
        for child in cursor_node.children:
            if child.has_error or child.is_missing:
                nxt = child
                break
        cursor_node = nxt
    return None
