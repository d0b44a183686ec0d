"""Where a value stored in an interface escapes to the heap, so that boxing it allocates.

An interface value escapes when it is passed to a parameter that the callee lets escape (the
standard-library calls listed here, and functions of the same package that hand their interface
parameters on to one), appended to a slice, stored in a map (literal or assignment), stored in a
field through a pointer or of a package variable, sent on a channel, or returned. These are the
positions Go's escape analysis sends to the heap whatever the caller does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from golint_mem.go.decls import FuncDecl
from golint_mem.go.facts import Fact
from golint_mem.go.file import FileContext
from golint_mem.go.index import PackageIndex
from golint_mem.go.package import Package
from golint_mem.go.syntax import innermost_function, is_field, selector, unparen
from golint_mem.go.types import GoType, Kind, deref, describe
from golint_mem.treesitter import Node

# "owner Name,Name,... positions": owner is an import path, or path.Type for methods; positions
# are the indexes of escaping interface arguments, "N+" meaning N and every later argument.
_SINKS = """
fmt Print,Println,Sprint,Sprintln 0+
fmt Printf,Sprintf,Errorf 1+
fmt Fprint,Fprintln,Append,Appendln 1+
fmt Fprintf,Appendf 2+
log Print,Println,Fatal,Fatalln,Panic,Panicln 0+
log Printf,Fatalf,Panicf 1+
log.Logger Print,Println,Fatal,Fatalln,Panic,Panicln 0+
log.Logger Printf,Fatalf,Panicf 1+
log/slog Debug,Info,Warn,Error 1+
log/slog DebugContext,InfoContext,WarnContext,ErrorContext 2+
log/slog Log 3+
log/slog With 0+
log/slog.Logger Debug,Info,Warn,Error 1+
log/slog.Logger DebugContext,InfoContext,WarnContext,ErrorContext 2+
log/slog.Logger Log 3+
log/slog.Logger With 0+
encoding/json Marshal,MarshalIndent 0
encoding/json.Encoder Encode 0
encoding/xml Marshal,MarshalIndent 0
sync.Map Store,LoadOrStore,Swap 1
sync/atomic.Value Store,Swap 0
context WithValue 2
github.com/pkg/errors Errorf 1+
github.com/pkg/errors Wrapf,WithMessagef 2+
golang.org/x/xerrors Errorf 1+
github.com/sirupsen/logrus Print,Info,Debug,Warn,Warning,Error,Fatal,Panic,Trace 0+
github.com/sirupsen/logrus Println,Infoln,Debugln,Warnln,Errorln,Fatalln,Panicln 0+
github.com/sirupsen/logrus Printf,Infof,Debugf,Warnf,Warningf,Errorf,Fatalf,Panicf,Tracef 1+
github.com/sirupsen/logrus WithField 1
github.com/sirupsen/logrus.Entry Print,Info,Debug,Warn,Warning,Error,Fatal,Panic,Trace 0+
github.com/sirupsen/logrus.Entry Printf,Infof,Debugf,Warnf,Warningf,Errorf,Fatalf,Panicf 1+
github.com/sirupsen/logrus.Entry WithField 1
github.com/sirupsen/logrus.Logger Print,Info,Debug,Warn,Warning,Error,Fatal,Panic,Trace 0+
github.com/sirupsen/logrus.Logger Printf,Infof,Debugf,Warnf,Warningf,Errorf,Fatalf,Panicf 1+
github.com/sirupsen/logrus.Logger WithField 1
go.uber.org/zap.SugaredLogger Debug,Info,Warn,Error,DPanic,Panic,Fatal 0+
go.uber.org/zap.SugaredLogger Debugf,Infof,Warnf,Errorf,DPanicf,Panicf,Fatalf 1+
go.uber.org/zap.SugaredLogger Debugw,Infow,Warnw,Errorw,DPanicw,Panicw,Fatalw 1+
go.uber.org/zap.SugaredLogger With 0+
"""

_MAX_FORWARD = 4  # how many same-package functions a value may be handed through


@dataclass(frozen=True, slots=True)
class Sink:
    name: str  # what the message calls it: "fmt.Printf", "logf, which passes it to fmt.Sprintf"
    fixed: frozenset[int]
    rest: int | None = None  # every argument from this index on

    def covers(self, i: int, spread: bool = False) -> bool:
        if spread:
            return self.rest is not None and i >= self.rest
        return i in self.fixed or (self.rest is not None and i >= self.rest)


@cache
def _table() -> dict[str, Sink]:
    table: dict[str, Sink] = {}
    for line in _SINKS.strip().splitlines():
        owner, names, spec = line.split()
        rest = int(spec[:-1]) if spec.endswith("+") else None
        fixed = frozenset(int(p) for p in spec.split(",") if not p.endswith("+"))
        short = owner.rsplit("/", 1)[-1]
        for name in names.split(","):
            table[f"{owner}.{name}"] = Sink(f"{short}.{name}", fixed, rest)
    return table


@cache
def _method_names() -> frozenset[str]:
    return frozenset(k.rsplit(".", 1)[1] for k in _table())


def may_escape(ctx: FileContext, value: Node, by_bytes: bool = False) -> bool:
    """A cheap test, by names only, that `value` may be at an escape site: false for arguments
    of calls that cannot be sinks. escape_site decides. With `by_bytes`, no index: a callee is a
    possible forwarder when the package declares a function (for `f(...)`) or a method (for
    `x.f(...)`) of its name (declared_names); and a value assigned must be assigned to an index
    or a selector, as _store wants."""
    parent = value.parent
    if parent is not None and parent.type == "variadic_argument":
        parent = parent.parent
    if parent is None:
        return True
    if parent.type != "argument_list":
        stmt = parent.parent
        if (
            by_bytes
            and stmt is not None
            and stmt.type == "assignment_statement"
            and is_field(stmt, "right", parent)
        ):
            return _may_store(stmt, parent, value)
        return True
    call = parent.parent
    fn = unparen(call.child_by_field_name("function")) if call is not None else None
    if fn is None:
        return False
    if fn.type == "identifier":
        name = ctx.text(fn)
        if by_bytes:
            return name == "append" or name.encode() in declared_names(ctx.package)[0]
        return name == "append" or _forwards(ctx, name)
    if fn.type == "selector_expression":
        field = fn.child_by_field_name("field")
        name = ctx.text(field) if field is not None else ""
        if by_bytes:
            return name in _method_names() or name.encode() in declared_names(ctx.package)[1]
        return name in _method_names() or _forwards(ctx, name)
    return False


def _may_store(stmt: Node, right: Node, value: Node) -> bool:
    """The syntax _store needs: `=`, as many targets as values, an index or a selector here."""
    if not any(c.type == "=" for c in stmt.children):
        return False
    left = stmt.child_by_field_name("left")
    targets = _exprs(left) if left is not None else []
    i = _position(right, value)
    if len(targets) != len(_exprs(right)) or not 0 <= i < len(targets):
        return False
    return targets[i].type in ("index_expression", "selector_expression")


# `func Name`, and `func (receiver) Name` (or a func type's or literal's result: more names).
_FUNC = re.compile(rb"\bfunc\s+([^\s(\[]+)")
# A parenthesized list, four levels deep, and the word after it.
_GROUP = re.compile(rb"\((?:[^()]|\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))*\)")
_AFTER = re.compile(rb"\s*([^\s()\[\]{},;]+)")
_RECEIVER = re.compile(rb"\bfunc\s*\(")
_REST_OF_LINE = re.compile(rb"[^\n{]*")
_WORD = re.compile(rb"[^\s()\[\]{},;.*&<>=:!|+/%^-]+")


def declared_names(package: Package) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """Supersets of the names of the package's functions, and of its methods, from the files'
    bytes: the functions toplevel.py found, and every word that may name one after a `func` in
    the gaps (where a declaration toplevel.py did not take stays, whatever its layout)."""
    return DECLARED.of(package, None)


def _declared(package: Package, _: None) -> tuple[frozenset[bytes], frozenset[bytes]]:
    funcs: set[bytes] = set()
    methods: set[bytes] = set()
    for path in sorted(package.files):
        # A file over the size limit is not indexed either: a name only it declares has no sink.
        data = package.source(path)
        if data is None:
            continue
        top = package.top_level(path, data)
        for f in top.functions:
            (methods if f.receiver else funcs).add(f.name)
        for start, end, fn in top.pieces():
            if fn is None and b"func" in data[start:end]:
                _gap_names(data, start, end, funcs, methods)
    return frozenset(funcs), frozenset(methods)


DECLARED: Fact[None, tuple[frozenset[bytes], frozenset[bytes]]] = Fact(
    "names of functions and methods", _declared, cycle=(frozenset(), frozenset())
)


def _gap_names(data: bytes, start: int, end: int, funcs: set[bytes], methods: set[bytes]) -> None:
    funcs.update(_FUNC.findall(data, start, end))
    for m in _RECEIVER.finditer(data, start, end):
        group = _GROUP.match(data, m.end() - 1, end)
        if group is not None:
            after = _AFTER.match(data, group.end(), end)
            if after is not None:
                methods.add(after.group(1))
        else:  # a receiver this does not read: every word of the line may be the name
            rest = _REST_OF_LINE.match(data, m.end(), end)
            words = _WORD.findall(rest.group() if rest is not None else b"")
            funcs.update(words)
            methods.update(words)


def _forwards(ctx: FileContext, name: str) -> bool:
    """Whether one of the package's functions or methods called `name` has a parameter of
    interface type. Asked name by name: the set of all of them would load every file."""
    return FORWARDS.of(ctx.package, (ctx.package_name, name))


def _takes_interface_param(package: Package, key: tuple[str, str]) -> bool:
    index = package.index(key[0])
    return any(_takes_interface(index, fd) for fd in index.named(key[1]))


# Whether a function or method of that name, in the files of that package name, has a parameter
# of interface type.
FORWARDS: Fact[tuple[str, str], bool] = Fact(
    "takes an interface", _takes_interface_param, cycle=False
)


def _takes_interface(index: PackageIndex, fd: FuncDecl) -> bool:
    params = list(fd.sig.params)
    if fd.sig.variadic and params and params[-1].elem is not None:
        params[-1] = params[-1].elem
    return any(is_interface(index, p) for p in params)


def is_interface(index: PackageIndex, t: GoType) -> bool:
    u = index.underlying(index.alias_target(t))
    return u.kind is Kind.INTERFACE and all(f.name != "~" for f in u.fields)


def call_sink(ctx: FileContext, call: Node) -> Sink | None:
    """The escaping interface arguments of a call, when the callee is known to have some."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return None
    if fn.type == "identifier":
        if ctx.typer.decl_of(fn) is not None:
            return None  # a local func value: not known
        fd = ctx.index.funcs.get(ctx.text(fn))
        return FORWARDER.of(ctx.package, fd) if fd is not None else None
    parts = selector(fn)
    if parts is None:
        return None
    operand, field = parts
    name = ctx.text(field)
    path = ctx.typer.package_of(operand)
    if path is not None:
        return _table().get(f"{path}.{name}")
    recv = deref(ctx.index.alias_target(ctx.typer.type_of(operand)))
    if recv.kind is not Kind.NAMED:
        return None
    if recv.pkg:
        return _table().get(f"{recv.pkg}.{recv.name}.{name}") if name in _method_names() else None
    fd = ctx.index.method(recv, name)
    return FORWARDER.of(ctx.package, fd) if fd is not None else None


def escape_site(ctx: FileContext, value: Node, returns: bool = True) -> str | None:
    """Where the interface value at `value` escapes, as the message names it; None if it does not
    (or is not at an interface-typed position at all)."""
    node = value
    while node.parent is not None and node.parent.type == "parenthesized_expression":
        node = node.parent
    parent = node.parent
    spread = parent is not None and parent.type == "variadic_argument"
    if spread and parent is not None:
        node, parent = parent, parent.parent
    if parent is None:
        return None
    if parent.type == "argument_list":
        return _argument(ctx, node, parent, spread)
    if parent.type == "send_statement" and is_field(parent, "value", node):
        ch = ctx.typer.type_of(parent.child_by_field_name("channel"))
        u = ctx.index.underlying(ch)
        if u.kind is Kind.CHAN and u.elem is not None and is_interface(ctx.index, u.elem):
            return f"a send on {describe(ch)}"
        return None
    if parent.type == "literal_element" and parent.parent is not None:
        return _map_literal(ctx, parent, parent.parent)
    if parent.type == "expression_list" and parent.parent is not None:
        stmt = parent.parent
        if stmt.type == "assignment_statement" and is_field(stmt, "right", parent):
            return _store(ctx, stmt, parent, node)
        if stmt.type == "return_statement" and returns:
            return _returned(ctx, stmt, parent, node)
    return None


def _argument(ctx: FileContext, node: Node, args: Node, spread: bool) -> str | None:
    call = args.parent
    if call is None or call.type != "call_expression":
        return None
    i = _position(args, node)
    fn = unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "identifier" and ctx.text(fn) == "append":
        if i < 1 or ctx.typer.decl_of(fn) is not None:
            return None
        t = ctx.typer.type_of(_exprs(args)[0])
        u = ctx.index.underlying(t)
        if u.kind is Kind.SLICE and u.elem is not None and is_interface(ctx.index, u.elem):
            return f"an append to {describe(t)}"
        return None
    sink = call_sink(ctx, call)
    return sink.name if sink is not None and sink.covers(i, spread) else None


def _map_literal(ctx: FileContext, element: Node, keyed: Node) -> str | None:
    if keyed.type != "keyed_element" or not is_field(keyed, "value", element):
        return None
    body = keyed.parent
    lit = body.parent if body is not None else None
    if lit is None or lit.type != "composite_literal":
        return None
    t = ctx.typer.type_of(lit)
    u = ctx.index.underlying(t)
    if u.kind is Kind.MAP and u.elem is not None and is_interface(ctx.index, u.elem):
        return f"a {describe(t)} literal"
    return None


def _store(ctx: FileContext, stmt: Node, right: Node, node: Node) -> str | None:
    if not any(c.type == "=" for c in stmt.children):
        return None
    left = stmt.child_by_field_name("left")
    targets = _exprs(left) if left is not None else []
    values = _exprs(right)
    if len(targets) != len(values):
        return None
    target = targets[_position(right, node)]
    if target.type == "index_expression":
        t = ctx.typer.type_of(target.child_by_field_name("operand"))
        u = ctx.index.underlying(t)
        if u.kind is Kind.MAP and u.elem is not None and is_interface(ctx.index, u.elem):
            return f"a store into {describe(t)}"
        return None
    if target.type != "selector_expression" or not is_interface(
        ctx.index, ctx.typer.type_of(target)
    ):
        return None
    operand = target.child_by_field_name("operand")
    if operand is None:
        return None
    held = ctx.typer.type_of(operand).kind is Kind.POINTER or (
        operand.type == "identifier"
        and ctx.typer.decl_of(operand) is None
        and ctx.text(operand) in ctx.index.vars
    )
    return f"field {ctx.text(target)}" if held else None


def _returned(ctx: FileContext, stmt: Node, values: Node, node: Node) -> str | None:
    fn = innermost_function(stmt)
    if fn is None:
        return None
    scope = ctx.scope_of(fn)
    reader = scope.reader if scope is not None else ctx.reader
    results = reader.results(fn.child_by_field_name("result"))
    if len(results) != len(_exprs(values)):
        return None
    r = results[_position(values, node)]
    return f"a return as {describe(r)}" if is_interface(ctx.index, r) else None


def _forwarder(package: Package, fd: FuncDecl) -> Sink | None:
    """A same-package function as a sink: its interface parameters that it lets escape."""
    got = package.trees.function(fd)
    if got is None:
        return None
    fctx, node = got
    scope = fctx.scope_of(node)
    plist = node.child_by_field_name("parameters")
    if scope is None or plist is None:
        return None
    fixed: set[int] = set()
    rest: int | None = None
    via = ""
    i = 0
    for p in plist.named_children:
        if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        names = p.children_by_field_name("name") or [p]
        variadic = p.type == "variadic_parameter_declaration"
        interface = is_interface(fctx.index, scope.reader.read(p.child_by_field_name("type")))
        for ident in names:
            decl = next(
                (d for d in scope.decls.get(fctx.text(ident), ()) if d.offset == ident.start_byte),
                None,
            )
            site = None
            if interface and decl is not None:
                site = next(
                    (s for u in scope.uses(decl) if (s := escape_site(fctx, u, False))),
                    None,
                )
            if site is not None:
                via = via or site
                if variadic:
                    rest = i
                else:
                    fixed.add(i)
            i += 1
    if not fixed and rest is None:
        return None
    return Sink(f"{fd.name}, which passes it to {via}", frozenset(fixed), rest)


# A function of the package as a sink, through at most _MAX_FORWARD functions that hand a value
# on to one another.
FORWARDER: Fact[FuncDecl, Sink | None] = Fact(
    "escaping parameters", _forwarder, cycle=None, depth=_MAX_FORWARD
)


def _exprs(parent: Node) -> list[Node]:
    return [c for c in parent.named_children if c.type != "comment"]


def _position(parent: Node, child: Node) -> int:
    for i, c in enumerate(_exprs(parent)):
        if c.start_byte == child.start_byte and c.end_byte == child.end_byte:
            return i
    return -1
