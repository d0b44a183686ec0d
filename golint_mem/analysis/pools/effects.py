"""What the code of one function does to a local variable's value: read, write, or reset it.

Every use of the variable is classified from the syntax around it, looking into the package's
own functions and methods (their bodies say what they do to a parameter or receiver), and using
the standard library's argument roles (`io.Copy(dst, src)` writes dst, reads src). A method of a
type from elsewhere counts as a write only when its name says so (Write, Append, Set...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from golint_mem.analysis.pools.calls import pool_call
from golint_mem.go import stdlib
from golint_mem.go.decls import FuncDecl
from golint_mem.go.facts import Fact
from golint_mem.go.file import FileContext
from golint_mem.go.package import Package
from golint_mem.go.scopes import Decl, FunctionScope
from golint_mem.go.syntax import is_field, operator, same_node, unparen
from golint_mem.treesitter import Node, walk

DEFAULT_RESETS = frozenset(("Reset", "reset"))

# Methods of types from other packages that change their receiver; any other name only reads it
# (or consumes it, as Read does a reader: that leaves nothing behind for the next user).
_MUTATORS = (
    "Write",
    "Append",
    "Add",
    "Set",
    "Put",
    "Push",
    "Insert",
    "Store",
    "Grow",
    "ReadFrom",
    "Delete",
    "Remove",
    "Update",
    "Merge",
    "Fill",
    "Swap",
)
_NOT_MUTATORS = frozenset(("WriteTo",))  # drains a bytes.Buffer: it reads
# A function or method we cannot look into that says it clears what it is given (memclr,
# clearBuffer, zeroize, ResetState).
_CLEARS = re.compile(r"(?i)reset|clear|clr|zero|wipe")


class Effect(Enum):
    READ = "read"
    WRITE = "write"
    RESET = "reset"
    RESET_WRITE = "reset+write"  # truncates, then writes: `*b = append((*b)[:0], p...)`
    PUT = "put"

    @property
    def writes(self) -> bool:
        return self is Effect.WRITE or self is Effect.RESET_WRITE

    @property
    def resets(self) -> bool:
        return self is Effect.RESET or self is Effect.RESET_WRITE


@dataclass(frozen=True, slots=True)
class Event:
    kind: Effect
    offset: int
    node: Node


@dataclass(frozen=True, slots=True)
class _Use:
    """Where a use sits once `(x)`, `*x` and `x.f.g` around it are climbed."""

    node: Node  # the outermost expression still denoting (part of) the variable
    parent: Node | None
    via_field: bool
    derefed: bool
    method: str  # set when the climb ended in a method call on it


class Effects:
    """Classifies uses for one file; `resets` are the method names that count as resets."""

    def __init__(self, ctx: FileContext, resets: frozenset[str] = DEFAULT_RESETS) -> None:
        self.ctx = ctx
        self.resets = resets | DEFAULT_RESETS

    def events(self, scope: FunctionScope, decl: Decl) -> list[Event]:
        return [Event(self.classify(scope, use), use.start_byte, use) for use in scope.uses(decl)]

    def classify(self, scope: FunctionScope, use: Node) -> Effect:
        u = self._climb(use)
        if u.method:
            return self._method(u)
        parent = u.parent
        if parent is None:
            return Effect.READ
        pt = parent.type
        if pt == "unary_expression" and operator(parent) == "&":
            return Effect.WRITE  # its address escapes into something that may write through it
        if pt == "expression_list" and parent.parent is not None:
            stmt = parent.parent
            if stmt.type == "assignment_statement" and is_field(stmt, "left", parent):
                return self._assigned(scope, stmt, parent, u.node, use)
        if pt == "index_expression" and is_field(parent, "operand", u.node):
            return Effect.WRITE if _assigned_to(parent) else Effect.READ
        if pt in ("inc_statement", "dec_statement"):
            return Effect.WRITE
        if pt == "argument_list" and parent.parent is not None:
            if u.derefed and not u.via_field:
                return Effect.READ  # `f(*x)` passes a copy: the callee cannot change *x
            index = next(i for i, a in enumerate(parent.named_children) if same_node(a, u.node))
            return self._argument(parent.parent, index, u.via_field)
        return Effect.READ

    def _climb(self, use: Node) -> _Use:
        node, parent = use, use.parent
        via_field = derefed = False
        while parent is not None:
            if parent.type == "parenthesized_expression":
                node, parent = parent, parent.parent
            elif parent.type == "unary_expression" and operator(parent) == "*":
                derefed = True
                node, parent = parent, parent.parent
            elif parent.type == "selector_expression" and is_field(parent, "operand", node):
                gp = parent.parent
                field = parent.child_by_field_name("field")
                function = gp.child_by_field_name("function") if gp is not None else None
                if gp is not None and gp.type == "call_expression" and same_node(function, parent):
                    name = self.ctx.text(field) if field is not None else ""
                    return _Use(node, gp, via_field, derefed, name)
                via_field = True
                node, parent = parent, gp
            else:
                break
        return _Use(node, parent, via_field, derefed, "")

    # -- method calls on the value --------------------------------------------------------------

    def _method(self, u: _Use) -> Effect:
        name = u.method
        if name in self.resets or name.startswith(("Reset", "Clear")):
            return Effect.RESET
        ctx = self.ctx
        recv_type = ctx.typer.type_of(u.node)
        fd = ctx.index.method(recv_type, name)
        if fd is not None:
            return self.receiver_effect(fd)
        if name == "Put" and not u.via_field:
            return Effect.READ  # the value is itself a pool: putting into it is not our business
        if name.startswith("Unmarshal"):
            return Effect.RESET_WRITE  # decodes into the receiver, replacing what it held
        if name == "Truncate" and u.parent is not None and _only_zero_argument(u.parent):
            return Effect.RESET
        if name.startswith(_MUTATORS) and name not in _NOT_MUTATORS:
            return Effect.WRITE
        return Effect.READ

    def receiver_effect(self, fd: FuncDecl) -> Effect:
        """What a method of the package does to its receiver (a value receiver: nothing)."""
        if not fd.recv_pointer:
            return Effect.READ
        return self._body_effect(fd, -1)

    def param_effect(self, fd: FuncDecl, index: int) -> Effect:
        return self._body_effect(fd, index)

    def _body_effect(self, fd: FuncDecl, index: int) -> Effect:
        return BODY_EFFECT.of(self.ctx.package, (fd, index, self.resets))

    # -- assignments and arguments ----------------------------------------------------------------

    def _assigned(
        self, scope: FunctionScope, stmt: Node, left: Node, target: Node, use: Node
    ) -> Effect:
        """`x = v`, `*x = v`, `x.f = v` with the use on the left."""
        ctx = self.ctx
        right = stmt.child_by_field_name("right")
        values = right.named_children if right is not None else []
        targets = left.named_children
        i = next((j for j, c in enumerate(targets) if same_node(c, target)), -1)
        value: Node | None = None
        if len(values) == len(targets) and i >= 0:
            value = values[i]
        elif len(values) == 1:
            value = values[0]  # `x.a, ok = f(x.a[:0], ...)`: a call with several results
        plain = any(c.type == "=" for c in stmt.children)
        if value is None:
            return Effect.READ if target.type == "identifier" else Effect.WRITE
        if target.type == "identifier":
            if _is_truncation(ctx, value, use):
                return Effect.RESET
            if _truncates_first(ctx, value, use) or _is_reslice(ctx, value, use):
                return Effect.RESET_WRITE
            if _appends_to(ctx, value, use):
                return Effect.WRITE
            return Effect.READ  # a new value: origin() starts over from here
        if plain and (_is_zero(value) or _is_truncation(ctx, value, use)):
            return Effect.RESET
        if plain and (
            _truncates_first(ctx, value, use)
            or _is_reslice(ctx, value, use)
            or _is_fresh(ctx, value)
            or self._alias_refilled(scope, value, use)
        ):
            # Re-sized from its start, replaced by a new allocation, or refilled from a
            # truncated copy: whatever it held before is gone.
            return Effect.RESET_WRITE
        return Effect.WRITE

    def _alias_refilled(self, scope: FunctionScope, value: Node, use: Node) -> bool:
        """`*x = buf` where `buf := (*x)[:0]`, or `buf := *x` first written from `buf[:0]`: the
        content put back was truncated before it was filled again."""
        value = unparen(value) or value
        if value.type != "identifier":
            return False
        alias = scope.resolve_node(value)
        if alias is None or alias.value is None or alias.index >= 0:
            return False
        if not _mentions(self.ctx, alias.value, use):
            return False
        if _is_truncation(self.ctx, alias.value, use):
            return True
        for e in self.events(scope, alias):
            if e.kind.writes or e.kind.resets:
                return e.kind.resets
        return False

    def _argument(self, call: Node, index: int, via_field: bool) -> Effect:
        ctx = self.ctx
        fn = unparen(call.child_by_field_name("function"))
        if fn is None:
            return Effect.WRITE
        if fn.type == "identifier" and ctx.typer.decl_of(fn) is None:
            name = ctx.text(fn)
            builtin = _BUILTINS.get(name)
            if builtin is not None and name not in ctx.index.funcs:
                return builtin[min(index, len(builtin) - 1)]
            fd = ctx.index.funcs.get(name)
            if fd is not None:
                return self.param_effect(fd, index)
        if via_field:
            return Effect.READ  # a field's value is copied; `&x.f` is handled as an address
        if fn.type == "selector_expression":
            operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
            if operand is None or field is None:
                return Effect.WRITE
            name = ctx.text(field)
            path = ctx.typer.package_of(operand)
            if path is not None:
                role = stdlib.arg_role(path, name, index)
                if role is None and _CLEARS.search(name):
                    return Effect.RESET
                return Effect.WRITE if role is None or role == "w" else Effect.READ
            if name == "Put" and _is_pool_put(ctx, call):
                return Effect.PUT
            fd = ctx.index.method(ctx.typer.type_of(operand), name)
            if fd is not None:
                return self.param_effect(fd, index)
        return Effect.WRITE


def _body_effect(package: Package, key: tuple[FuncDecl, int, frozenset[str]]) -> Effect:
    fd, index, resets = key
    name = (
        fd.recv_name
        if index < 0
        else (fd.param_names[index] if index < len(fd.param_names) else "")
    )
    if not name or name == "_":
        return Effect.READ if name == "_" else Effect.WRITE
    found = package.trees.function(fd)
    if found is None or found[1].child_by_field_name("body") is None:
        # Declared without a body (assembly, linkname): only its name can tell.
        return Effect.RESET if _CLEARS.search(fd.name) else Effect.WRITE
    fctx, fn = found
    scope = fctx.scope_of(fn)
    kind = "receiver" if index < 0 else "param"
    decl = next((d for d in scope.decls.get(name, ()) if d.kind == kind), None) if scope else None
    if scope is None or decl is None:
        return Effect.WRITE
    kinds = {e.kind for e in Effects(fctx, resets).events(scope, decl)}
    if any(k.resets for k in kinds):
        return Effect.RESET
    return Effect.WRITE if any(k.writes for k in kinds) else Effect.READ


# What a function of the package does to its receiver (index -1) or to a parameter, with these
# method names counting as resets. A function that reaches itself is taken to write.
BODY_EFFECT: Fact[tuple[FuncDecl, int, frozenset[str]], Effect] = Fact(
    "effect on a parameter", _body_effect, cycle=Effect.WRITE
)

_BUILTINS: dict[str, tuple[Effect, ...]] = {
    "len": (Effect.READ,),
    "cap": (Effect.READ,),
    "print": (Effect.READ,),
    "println": (Effect.READ,),
    "clear": (Effect.RESET,),
    "copy": (Effect.WRITE, Effect.READ),
    "append": (Effect.READ,),  # the assignment of its result says what happens
    "delete": (Effect.WRITE, Effect.READ),
    "min": (Effect.READ,),
    "max": (Effect.READ,),
}


def _is_pool_put(ctx: FileContext, call: Node) -> bool:
    return pool_call(ctx, call, "Put") is not None


def _assigned_to(index_expr: Node) -> bool:
    targets = index_expr.parent
    if targets is None or targets.type != "expression_list" or targets.parent is None:
        return False
    owner = targets.parent
    return owner.type == "assignment_statement" and is_field(owner, "left", targets)


def _only_zero_argument(call: Node) -> bool:
    args = call.child_by_field_name("arguments")
    return args is not None and args.named_child_count == 1 and args.named_children[0].text == b"0"


def _resliced(ctx: FileContext, value: Node, use: Node) -> Node | None:
    """The new length `n` of `x[:n]` or `x.f[0:n]`, the same thing as `use` re-sliced from its
    start; None when `value` is not that."""
    value = unparen(value) or value
    if value.type != "slice_expression":
        return None
    start, end = value.child_by_field_name("start"), value.child_by_field_name("end")
    if end is None or (start is not None and ctx.text(start) != "0"):
        return None
    operand = value.child_by_field_name("operand")
    return end if operand is not None and _mentions(ctx, operand, use) else None


def _is_truncation(ctx: FileContext, value: Node, use: Node) -> bool:
    """`x[:0]`, `(*x)[:0]`, `x.f[:0]`: the same thing sliced to length zero."""
    end = _resliced(ctx, value, use)
    return end is not None and ctx.text(end) == "0"


def _is_reslice(ctx: FileContext, value: Node, use: Node) -> bool:
    """`x[:n]`, `x.f[0:n]`: the same thing re-sliced from its start to the length now needed."""
    return _resliced(ctx, value, use) is not None


def _is_fresh(ctx: FileContext, value: Node) -> bool:
    """`make(...)`, `new(T)`, `&T{...}` or `T{...}`: a new allocation replacing the old value."""
    value = unparen(value) or value
    if value.type == "unary_expression" and operator(value) == "&":
        inner = unparen(value.child_by_field_name("operand"))
        return inner is not None and inner.type == "composite_literal"
    if value.type == "composite_literal":
        return True
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        return (
            fn is not None
            and fn.type == "identifier"
            and ctx.text(fn) in ("make", "new")
            and ctx.typer.decl_of(fn) is None
        )
    return False


def assigned_field(ctx: FileContext, use: Node) -> str | None:
    """For a use that is the target of `x.f = v` (or `x.f, y = ...`), the field name f."""
    sel = use.parent
    if sel is None or sel.type != "selector_expression" or not is_field(sel, "operand", use):
        return None
    targets = sel.parent
    if targets is None or targets.type != "expression_list" or targets.parent is None:
        return None
    stmt = targets.parent
    if stmt.type != "assignment_statement" or not is_field(stmt, "left", targets):
        return None
    field = sel.child_by_field_name("field")
    return ctx.text(field) if field is not None else None


def _truncates_first(ctx: FileContext, value: Node, use: Node) -> bool:
    """`f(x[:0], ...)`: a call (append, strconv.AppendInt...) that starts from x truncated."""
    value = unparen(value) or value
    if value.type != "call_expression":
        return False
    args = value.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_child_count else None
    return first is not None and _is_truncation(ctx, first, use)


def _appends_to(ctx: FileContext, value: Node, use: Node) -> bool:
    value = unparen(value) or value
    if value.type != "call_expression":
        return False
    fn = value.child_by_field_name("function")
    args = value.child_by_field_name("arguments")
    return (
        fn is not None
        and ctx.text(fn) == "append"
        and args is not None
        and bool(args.named_children)
        and _mentions(ctx, args.named_children[0], use)
    )


def _mentions(ctx: FileContext, node: Node, use: Node) -> bool:
    name = ctx.text(use)
    return any(n.type == "identifier" and ctx.text(n) == name for n in walk(node))


_ZERO_TYPES = frozenset(("nil", "false", "composite_literal"))


def _is_zero(value: Node) -> bool:
    value = unparen(value) or value
    if value.type in _ZERO_TYPES:
        if value.type == "composite_literal":
            body = value.child_by_field_name("body")
            return body is not None and body.named_child_count == 0
        return True
    if value.type == "int_literal":
        return value.text in (b"0", b"0x0")
    if value.type in ("interpreted_string_literal", "raw_string_literal"):
        return value.end_byte - value.start_byte == 2
    return False
