"""The hot-path model: whether a piece of code runs often enough for one allocation to matter.

Code is hot when (the first that holds names the reason):
1. it is in the b.N / b.Loop() / pb.Next() loop of a benchmark;
2. it is in the body of a `for` loop (range over a channel or a function included) - except in
   _test.go files, where only benchmark loops count, since tests run once;
3. it is in an HTTP handler: a function with parameters (http.ResponseWriter, *http.Request), a
   ServeHTTP method, or the handler shape of fasthttp, gin, echo or fiber (by import path);
4. its function's doc comment carries `//golintmem:hot`;
5. a CPU profile (default.pgo, --profile) puts its function at or above the threshold.

`//golintmem:cold` on a function takes everything in it out, whatever else says hot, and so does
a cold path, whatever the source: the branch of `if err != nil`, or a branch that ends in panic,
os.Exit or a Fatal/Panic call. A loop outside a function literal makes the literal's body hot
only when the literal is called there (called at once, passed to a call, or started with go or
defer): a literal stored for later runs when it is called, not once per iteration. Facts about
a top-level function are computed once per package and hold strings only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from golint_mem.go.file import FileContext
from golint_mem.go.flow import is_terminal
from golint_mem.go.syntax import doc_comment, innermost_function, is_field, selector
from golint_mem.go.types import ERROR, GoType, Kind, deref, is_named
from golint_mem.model import Span
from golint_mem.treesitter import Node, matches, query

_TOP = frozenset(("function_declaration", "method_declaration", "source_file"))
_PLAIN = "plain"  # memo value: a plain loop above, nothing else
_DIRECTIVE = re.compile(r"^//golintmem:(hot|cold)\b", re.MULTILINE)
_HTTP = "net/http"
# By convention these never return, whoever declares them (log, testing, zap, logrus, klog...).
_ABORTS = frozenset(("Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"))
# (framework, import path, type name, pointer?): a function whose one parameter has that type is
# a request handler.
_FRAMEWORKS = (
    ("fasthttp", "github.com/valyala/fasthttp", "RequestCtx", True),
    ("gin", "github.com/gin-gonic/gin", "Context", True),
    ("echo", "github.com/labstack/echo", "Context", False),
    ("echo", "github.com/labstack/echo/v4", "Context", False),
    ("echo", "github.com/labstack/echo/v5", "Context", False),
    ("fiber", "github.com/gofiber/fiber/v2", "Ctx", True),
    ("fiber", "github.com/gofiber/fiber/v3", "Ctx", False),
)


@dataclass(frozen=True, slots=True)
class _Facts:
    """What a top-level function's declaration says about it."""

    name: str
    cold: bool
    marked_hot: bool
    test_file: bool
    profile: str | None  # the reason a profile gives, if it does


_REGIONS = """
(for_statement body: (block) @body)
(function_declaration) @fn
(method_declaration) @fn
(func_literal) @fn
"""


class HotPaths:
    """The hot-path model over one file. What it works out about a function (its facts, whether
    it is a handler) and about a statement list (the walk up from it) is remembered while the
    file is checked: every value of a function asks the same questions."""

    __slots__ = ("_functions", "_walks", "ctx")

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self._functions: dict[int, tuple[_Facts, str | None]] = {}
        self._walks: dict[tuple[int, int, bool, bool], str | None] = {}

    def reason(self, node: Node) -> str | None:
        """Why `node` is on a hot path, or None when it is not (or its function is marked
        cold)."""
        fn = innermost_function(node)
        if fn is None:
            return None  # package-level initialisers run once
        facts, handler = self._function(fn)
        if facts.cold:
            return None
        loop = self._loop_reason(node, facts)
        if loop is not None:
            return loop or None  # "": on a path that panics or exits
        if handler is not None and not facts.test_file:
            return handler
        if facts.marked_hot:
            return f"in {facts.name}, marked //golintmem:hot"
        return facts.profile

    def regions(self) -> list[Span]:
        """Byte ranges outside which reason() is None: loop bodies, and the functions a handler
        shape, a //golintmem:hot mark or a profile makes hot (a superset: cold paths are
        inside)."""
        ctx = self.ctx
        spans: list[Span] = []
        functions_may_be_hot = _functions_may_be_hot(ctx)
        for _, m in matches(query(_REGIONS), ctx.root):
            if "body" in m:
                node = m["body"][0]
            else:
                if not functions_may_be_hot:
                    continue
                node = m["fn"][0]
                facts, handler = self._function(node)
                if handler is None and not facts.marked_hot and facts.profile is None:
                    continue
            spans.append(Span(node.start_byte, node.end_byte))
        spans.sort(key=lambda x: x.start)
        merged: list[Span] = []
        for x in spans:
            if merged and x.start <= merged[-1].end:
                merged[-1] = Span(merged[-1].start, max(merged[-1].end, x.end))
            else:
                merged.append(x)
        return merged

    def _function(self, fn: Node) -> tuple[_Facts, str | None]:
        """The facts of the top-level function around `fn`, and the first handler from `fn`
        out."""
        found = self._functions.get(fn.start_byte)
        if found is None:
            outer = innermost_function(fn)
            if outer is None:
                found = (_facts(self.ctx, fn), _handler(self.ctx, fn))
            else:
                facts, handler = self._function(outer)
                found = (facts, _handler(self.ctx, fn) or handler)
            self._functions[fn.start_byte] = found
        return found

    def _loop_reason(self, node: Node, facts: _Facts) -> str | None:
        """The loop that runs `node` once per iteration, as a reason; benchmark loops first. ""
        when `node` is on a cold path of its function: an error branch, or one that aborts.

        Code on a path that leaves the function (a statement list ending in return) runs once, not
        once per iteration: `return fmt.Errorf(...)` in a loop is not hot. The walk up from a
        statement list depends only on the list and the walk's state, so it is remembered.
        """
        ctx, memo = self.ctx, self._walks
        plains = 0  # plain loops found so far
        pending: list[tuple[tuple[int, int, bool, bool], int]] = []
        leaves = False
        local = True  # still inside the innermost function (literal) holding `node`
        result: str | None = None
        cur = node
        while cur.type not in _TOP and cur.parent is not None:
            parent = cur.parent
            if parent.type == "func_literal":
                if not _called_in_place(parent):
                    break
                leaves = False  # a return there leaves the literal, not the loops around it
                local = False
            elif parent.type == "statement_list":
                key = (parent.start_byte, parent.end_byte, leaves, local)
                if key in memo:
                    result = memo[key]
                    if result == _PLAIN:
                        plains += 1
                    break
                pending.append((key, plains))
                end = _ending(ctx, parent)
                if end == "abort" and local:
                    result = ""
                    break
                leaves = leaves or end == "return"
            elif parent.type == "if_statement" and local and _error_branch(ctx, parent, cur):
                result = ""
                break
            elif parent.type == "for_statement" and _is_body(parent, cur) and not leaves:
                if _benchmark_loop(ctx, parent):
                    result = f"in the b.N loop of {facts.name}"
                    break
                plains += 1
            cur = parent
        for key, before in pending:
            memo[key] = result if result is not None else _PLAIN if plains > before else None
        if result is not None and result != _PLAIN:
            return result
        return "inside a for loop" if plains and not facts.test_file else None


def _functions_may_be_hot(ctx: FileContext) -> bool:
    """Whether a whole function of this file can be hot: the file can hold a handler (it imports
    net/http or a framework, or declares ServeHTTP), a //golintmem:hot mark, or a profile is in
    use. Most files can not, and then their functions' facts need not be worked out."""
    if ctx.package.hot is not None:
        return True
    data = ctx.source.data
    if b"golintmem:hot" in data or b"ServeHTTP" in data:
        return True
    imports = ctx.imports
    return imports.imports(_HTTP) or any(imports.imports(path) for _, path, _, _ in _FRAMEWORKS)


_LOOP = re.compile(rb"for(?<=\bfor)\b")
_BENCH = re.compile(rb"\b(?:N|Loop|Next)\b")


def may_be_hot(
    path: str, data: bytes, imports: frozenset[str] | None, profile: bool
) -> Callable[[int, int], bool]:
    """A test on the bytes of a run of whole top-level declarations: False when nothing in it
    can be hot, by the model above. A loop needs `for` (and in a _test.go file the N, Loop or
    Next of a benchmark loop), a handler spells ServeHTTP or its parameter type (when the file
    imports its package; `imports` None: it may import any). A mark or a profile may make any
    function hot."""
    if profile or b"golintmem:hot" in data:
        return lambda start, end: True
    if path.endswith("_test.go"):
        return lambda start, end: (
            _LOOP.search(data, start, end) is not None
            and _BENCH.search(data, start, end) is not None
        )
    names = [n for n in _handler_names(imports) if n in data]
    if not names:
        return lambda start, end: _LOOP.search(data, start, end) is not None
    handlers = re.compile(rb"\b(?:" + b"|".join(names) + rb")\b")
    return lambda start, end: (
        _LOOP.search(data, start, end) is not None or handlers.search(data, start, end) is not None
    )


@cache
def _handler_names(imports: frozenset[str] | None) -> tuple[bytes, ...]:
    names = [b"ServeHTTP"]
    if imports is None or _HTTP in imports:
        names.append(b"ResponseWriter")
    for _, path, type_name, _ in _FRAMEWORKS:
        if (imports is None or path in imports) and type_name.encode() not in names:
            names.append(type_name.encode())
    return tuple(names)


def _facts(ctx: FileContext, top: Node) -> _Facts:
    name_node = top.child_by_field_name("name")
    name = ctx.text(name_node) if name_node is not None else "func literal"
    recv = _receiver(ctx, top)
    marks = set()
    if top.type != "func_literal":
        marks = set(_DIRECTIVE.findall(doc_comment(top, ctx.source.data)))
    return _Facts(
        name=f"{recv}.{name}" if recv else name,
        cold="cold" in marks,
        marked_hot="hot" in marks,
        test_file=ctx.path.endswith("_test.go"),
        profile=_profile_reason(ctx, name, recv) if name_node is not None else None,
    )


def _receiver(ctx: FileContext, fn: Node) -> str:
    if fn.type != "method_declaration":
        return ""
    recv = fn.child_by_field_name("receiver")
    params = recv.named_children if recv is not None else []
    decl = next((c for c in params if c.type == "parameter_declaration"), None)
    t = deref(ctx.reader.read(decl.child_by_field_name("type"))) if decl is not None else None
    return t.name if t is not None and t.kind is Kind.NAMED else ""


def _profile_reason(ctx: FileContext, name: str, recv: str) -> str | None:
    pkg = ctx.package
    if pkg.hot is None:
        return None
    path = "main" if ctx.package_name == "main" else pkg.import_path
    if path is None:
        return None
    if ctx.package_name.endswith("_test") and path != "main":
        path += "_test"
    qualified = f"{recv}.{name}" if recv else name
    found = pkg.hot.lookup(f"{path}.{qualified}")
    if found is None:
        return None
    share, source = found
    return f"in {path}.{qualified}, {share:.1f}% of CPU samples in {source}"


def _error_branch(ctx: FileContext, stmt: Node, arm: Node) -> bool:
    """Whether `arm` of an if statement runs when an error is not nil: a cold path."""
    cond = stmt.child_by_field_name("condition")
    if cond is None:
        return False
    if is_field(stmt, "consequence", arm):
        return _err_compare(ctx, cond, "!=")
    if is_field(stmt, "alternative", arm):
        return _err_compare(ctx, cond, "==")
    return False


def _err_compare(ctx: FileContext, cond: Node, op: str) -> bool:
    """`err != nil` (op "!="), alone or joined with && (|| for "==")."""
    # A stack, not recursion: a chain of thousands of && must not exhaust Python's stack.
    pending = [cond]
    while pending:
        cond = pending.pop()
        while cond.type == "parenthesized_expression" and cond.named_child_count == 1:
            cond = cond.named_children[0]
        if cond.type != "binary_expression":
            continue
        operator = cond.child_by_field_name("operator")
        kind = operator.type if operator is not None else ""
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if left is None or right is None:
            continue
        if kind == ("&&" if op == "!=" else "||"):
            pending += (right, left)  # left first, as written
            continue
        if kind != op:
            continue
        if right.type != "nil":
            left, right = right, left
        if right.type == "nil" and _is_error(ctx, left):
            return True
    return False


def _is_error(ctx: FileContext, node: Node) -> bool:
    """An error by its conventional name (err, readErr, c.lastErr), else by its type."""
    name = ctx.text(node).rsplit(".", 1)[-1]
    if name == "err" or name.endswith("Err"):
        return True
    return ctx.typer.type_of(node) == ERROR


def _ending(ctx: FileContext, stmts: Node) -> str | None:
    """How a statement list ends: "return", "abort" (panic, os.Exit, log.Fatal...) or None."""
    last = next((c for c in reversed(stmts.named_children) if c.type != "comment"), None)
    if last is None:
        return None
    if last.type == "return_statement":
        return "return"
    if is_terminal(last):
        return "abort"
    call = last.named_children[0] if last.type == "expression_statement" else None
    fn = call.child_by_field_name("function") if call is not None else None
    if call is None or call.type != "call_expression" or fn is None:
        return None
    parts = selector(fn)
    if parts is None:
        return None
    operand, field = parts
    name = ctx.text(field)
    if name in _ABORTS or (name == "Exit" and ctx.typer.package_of(operand) == "os"):
        return "abort"
    return None


def _is_body(loop: Node, child: Node) -> bool:
    return is_field(loop, "body", child)


def _called_in_place(lit: Node) -> bool:
    """A literal called where it stands: `func(){...}()`, `go`/`defer` it, or passed to a call
    (other than append, which stores it)."""
    parent = lit.parent
    if parent is None:
        return False
    if parent.type == "call_expression":
        return True  # the callee itself
    if parent.type != "argument_list" or parent.parent is None:
        return False
    fn = parent.parent.child_by_field_name("function")
    return fn is None or fn.type != "identifier" or fn.text != b"append"


def _benchmark_loop(ctx: FileContext, loop: Node) -> bool:
    """`for i := 0; i < b.N; i++`, `for range b.N`, `for b.Loop()`, `for pb.Next()`."""
    header = next(
        (c for c in loop.named_children if c.type != "block" and c.type != "comment"), None
    )
    if header is None:
        return False
    if header.type == "for_clause":
        header = header.child_by_field_name("condition")
    elif header.type == "range_clause":
        header = header.child_by_field_name("right")
    stack = [header] if header is not None else []
    while stack:
        n = stack.pop()
        if n.type == "selector_expression":
            operand, field = n.child_by_field_name("operand"), n.child_by_field_name("field")
            member = ctx.text(field) if field is not None else ""
            if operand is not None and member in ("N", "Loop", "Next"):
                t = deref(ctx.typer.type_of(operand))
                if member in ("N", "Loop") and is_named(t, "testing", "B"):
                    return True
                if member == "Next" and is_named(t, "testing", "PB"):
                    return True
        stack.extend(n.named_children)
    return False


def _handler(ctx: FileContext, fn: Node) -> str | None:
    """A reason when `fn` has the shape of an HTTP handler."""
    name_node = fn.child_by_field_name("name")
    name = ctx.text(name_node) if name_node is not None else ""
    recv = _receiver(ctx, fn)
    shown = f"{recv}.{name}" if recv else name or "func literal"
    if fn.type == "method_declaration" and name == "ServeHTTP":
        return f"in HTTP handler {shown}"
    params = _param_types(ctx, fn)
    if (
        len(params) >= 2
        and is_named(params[0], _HTTP, "ResponseWriter")
        and _is_pointer_to(params[1], _HTTP, "Request")
    ):
        return f"in HTTP handler {shown}"
    if len(params) == 1:
        t = params[0]
        for framework, path, type_name, ptr in _FRAMEWORKS:
            if _is_pointer_to(t, path, type_name) if ptr else is_named(t, path, type_name):
                return f"in {framework} handler {shown}"
    return None


def _param_types(ctx: FileContext, fn: Node) -> tuple[GoType, ...]:
    # The file's reader: handler parameter types are qualified (http.ResponseWriter), so the
    # function's type parameters cannot change how they read.
    return ctx.reader.signature(fn).params


def _is_pointer_to(t: GoType, pkg: str, name: str) -> bool:
    return t.kind is Kind.POINTER and t.elem is not None and is_named(t.elem, pkg, name)


def hot_regions(ctx: FileContext) -> list[Span]:
    """HotPaths(ctx).regions(): where a value can be hot (a rule's REGIONS)."""
    return HotPaths(ctx).regions()
