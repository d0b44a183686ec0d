"""The package-level names whose declarations can give the typer a byte slice (byte_names.py
says which names can): types, variables, constants, functions, methods and struct fields.

Read from bytes, once per package: go/toplevel.py cuts each file into functions (read by their
signature's text) and gaps, and a gap is parsed, alone, only when its text (literals and comments
left out) spells a name that can give a byte type, or one of the names found so far.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from golint_mem import treesitter
from golint_mem.analysis.hotpath.byte_names import (
    SLICE,
    Declared,
    both,
    dot,
    fields,
    node_bytes,
    plain,
    plain_of,
    signature_names,
    spec,
    tokens,
    triggers,
)
from golint_mem.go.facts import Fact
from golint_mem.go.package import Package
from golint_mem.go.toplevel import LITERALS, TO_OPEN, TYPE_KEYWORD, Function, body_end

# A gap may declare something (it is not only comments and blank lines).
_DECLARES = re.compile(rb"\b(?:type|var|const|func)\b")
_PARENS = re.compile(rb"[()\[\]]")
_SPECS = frozenset(("type_spec", "type_alias", "var_spec", "const_spec"))
_GROUPS = frozenset(
    ("type_declaration", "var_declaration", "const_declaration", "var_spec_list", "const_spec_list")
)
_FUNCS = frozenset(("function_declaration", "method_declaration"))
_KEYWORDS = frozenset(
    b"break case chan const continue default defer else fallthrough for func go goto if import "
    b"interface map package range return select struct switch type var".split()
)


@dataclass(slots=True)
class _Gap:
    data: bytes
    start: int
    end: int
    tokens: set[bytes]  # every name the gap spells outside literals and comments
    triggers: frozenset[bytes]


def _byte_sources(package: Package, _: None) -> frozenset[bytes]:
    known: set[bytes] = set()
    delta: set[bytes] = set()
    undecided: list[Declared] = []
    closed: list[_Gap] = []

    def decide(decls: Iterable[Declared], hits: Iterable[bytes]) -> None:
        hit = set(hits)
        for d in decls:
            if d.tokens.isdisjoint(hit):
                undecided.append(d)
                continue
            for n in d.names - known:
                known.add(n)
                delta.add(n)

    def opens(gap: _Gap, hits: frozenset[bytes]) -> bool:
        """Whether the gap's text (which does not tell selectors apart) spells one of them
        (`hits` as plain() gives them)."""
        return not gap.tokens.isdisjoint(hits)

    heads: dict[frozenset[bytes], set[bytes]] = {}  # functions by the names their results need
    for path in sorted(package.files):
        data = package.source(path)
        if data is None:
            continue
        lay = package.top_level(path, data)
        trig = triggers(lay.imports)
        for start, end, fn in lay.pieces():
            if fn is not None:
                results = _results(data, fn)
                name = dot(fn.name) if fn.receiver else fn.name
                if results is None:
                    head = data[fn.start : fn.body]
                    decide(_parsed(head + b"{}", tokens(head), None), trig)
                elif not results.isdisjoint(trig):
                    decide([Declared({name}, results)], trig)
                elif results:
                    heads.setdefault(frozenset(results), set()).add(name)
                continue
            if start == 0 and lay.prelude is not None:
                start = lay.prelude
            if _DECLARES.search(data, start, end) is None:
                continue
            bare = LITERALS.sub(b" ", data[start:end])
            gap = _Gap(data, start, end, tokens(bare), trig)
            if opens(gap, plain_of(trig)):
                decide(_gap_decls(gap, package.timeout), trig | known)
            else:
                closed.append(gap)
    undecided += [Declared(names, set(results)) for results, names in heads.items()]
    while delta:
        current = set(delta)
        delta.clear()
        pending, undecided[:] = list(undecided), []
        decide((d for d in pending if not d.names <= known), current)
        still: list[_Gap] = []
        hits = plain(current)
        for gap in closed:
            if opens(gap, hits):
                decide(_gap_decls(gap, package.timeout), gap.triggers | known)
            else:
                still.append(gap)
        closed = still
    return frozenset(known)


# The package-level names whose declarations can give the typer a byte type (over every readable
# file of the directory: a superset of any one package name's).
BYTE_SOURCES: Fact[None, frozenset[bytes]] = Fact(
    "names that can give a byte type", _byte_sources, cycle=frozenset()
)


def _results(data: bytes, fn: Function) -> set[bytes] | None:
    """The names a function's results come from, read from its head (`func` to the body's `{`):
    the text after its parameter list, or all of the head when a parameter is a function. None
    when a literal, a comment or a struct type (whose fields it declares) is in the head."""
    head = data[fn.start : fn.body]
    if b'"' in head or b"`" in head or b"'" in head or b"/" in head or b"struct" in head:
        return None
    close = _closing(data, fn.params, fn.body)
    if close is not None and data[fn.params] == ord("["):  # type parameters, then parameters
        while close < fn.body and data[close] in b" \t\r\n":
            close += 1
        close = _closing(data, close, fn.body)
    if close is None or b"func" in data[fn.params : close]:
        return tokens(head)
    return tokens(data, close, fn.body)


def _closing(data: bytes, start: int, end: int) -> int | None:
    """Just after the bracket closing the one at `start` (in text without literals), or None."""
    if start >= end or data[start] not in b"([":
        return None
    depth = 0
    for m in _PARENS.finditer(data, start, end):
        depth += 1 if m.group() in (b"(", b"[") else -1
        if depth == 0:
            return m.end()
    return None


def _gap_decls(gap: _Gap, timeout: float | None) -> list[Declared]:
    """The declarations of a gap, each with its names and the names its type comes from."""
    return _parsed(_shell(gap.data[gap.start : gap.end]), gap.tokens, timeout)


def _shell(text: bytes) -> bytes:
    """Declarations without what lies between braces that are not a struct's or an interface's:
    the elements of composite literals and the bodies of func literals, which decide no type
    here (spec() reads a composite literal by its type, a func literal by its signature, and
    fields() looks inside neither), and are most of the bytes of a table. A brace whose kind the
    text before it does not make plain (a comment there) keeps what it holds."""
    parts: list[bytes] = []
    kept = pos = 0
    while True:
        m = TO_OPEN.match(text, pos)
        if m is None:
            break
        brace = m.end() - 1
        before = text[max(pos, brace - 64) : brace].rstrip()
        if (
            TYPE_KEYWORD.search(before) is not None
            or before.endswith(b"*/")
            or b"//" in before.rsplit(b"\n", 1)[-1]
        ):
            pos = brace + 1  # a struct or interface (or unsure): look inside
            continue
        end = body_end(text, brace + 1)
        if end is None:
            return text
        parts.append(text[kept : brace + 1])
        kept, pos = end, end + 1
    parts.append(text[kept:])
    return b"".join(parts)


def _parsed(text: bytes, everything: set[bytes], timeout: float | None) -> list[Declared]:
    """The declarations of whole top-level declarations, parsed alone; when they will not
    parse, one that declares every name spelled (`everything`) from all of them."""
    names = both(everything - _KEYWORDS - {SLICE})
    fallback = [Declared(names, both(everything))]
    try:
        tree = treesitter.parse(text, timeout)
    except treesitter.ParseTimeout:
        return fallback
    root = tree.root_node
    if root.has_error:
        return fallback
    out: list[Declared] = []
    stack = list(reversed(root.named_children))
    while stack:
        node = stack.pop()
        kind = node.type
        if kind in _GROUPS:
            stack.extend(reversed(node.named_children))
        elif kind in _SPECS:
            out.append(spec(text, node))
        elif kind in _FUNCS:
            name = node.child_by_field_name("name")
            names = {node_bytes(text, name)} if name is not None else set()
            if kind == "method_declaration":
                names = {dot(n) for n in names}
            out.append(Declared(names, signature_names(text, node)))
    return out + fields(text, root)  # of types, and of the signatures of functions
