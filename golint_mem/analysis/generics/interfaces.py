"""Whether a method's signature is dictated by an interface its type (probably) implements.

Two sources: the interfaces declared in the package (same name and signature), and a short table
of well-known interfaces whose methods take `...any` or `[]any`, compared by name and parameter
types since the linter cannot see which external interfaces a type is meant to satisfy.
"""

from __future__ import annotations

from functools import cache

from golint_mem.go.decls import FuncDecl
from golint_mem.go.index import PackageIndex
from golint_mem.go.types import GoType, Kind, describe

# Method(parameter types), as `params()` writes them; the interface each comes from is a comment.
_WELL_KNOWN = """
Error(...any) Errorf(string, ...any) Fatal(...any) Fatalf(string, ...any)
Log(...any) Logf(string, ...any) Skip(...any) Skipf(string, ...any)
# testing.TB, testify's TestingT, gomock's TestReporter; go-kit's log.Logger is Log(...any)
Print(...any) Printf(string, ...any) Println(...any)
Panic(...any) Panicf(string, ...any) Panicln(...any) Fatalln(...any)
# log.Logger lookalikes (logrus.FieldLogger, etcd's raft.Logger)
Info(...any) Infof(string, ...any) Infoln(...any) Warning(...any) Warningf(string, ...any)
Warningln(...any) Errorln(...any) Debug(...any) Debugf(string, ...any) Warn(...any)
Warnf(string, ...any) V(int)
InfoDepth(int, ...any) WarningDepth(int, ...any) ErrorDepth(int, ...any) FatalDepth(int, ...any)
# grpclog.LoggerV2 and DepthLoggerV2
Info(int, string, ...any) Error(error, string, ...any) WithValues(...any)
# logr.LogSink
Exec(string, ...any) Query(string, ...any) QueryRow(string, ...any) Scan(...any)
ExecContext(context.Context, string, ...any) QueryContext(context.Context, string, ...any)
QueryRowContext(context.Context, string, ...any)
# database/sql's DB, Tx, Conn, Row(s) as mirrored by interfaces (sqlx, pgx, mocks)
"""


@cache
def _well_known() -> frozenset[str]:
    out: set[str] = set()
    for line in _WELL_KNOWN.strip().splitlines():
        if line.startswith("#"):
            continue
        out.update(f"{part})" for part in line.split(")") if part.strip())
    return frozenset(s.strip() for s in out)


def params(sig: GoType) -> str:
    """The parameter types of a FUNC type, comma-separated, `...T` for a variadic last one."""
    shown = [describe(p) for p in sig.params]
    if sig.variadic and sig.params:
        last = sig.params[-1]
        shown[-1] = "..." + (describe(last.elem) if last.elem is not None else "?")
    return ", ".join(shown)


def mandated(index: PackageIndex, fd: FuncDecl) -> bool:
    """A method with the name and parameters of a well-known interface method, or the name and
    signature of a method of an interface declared in the package."""
    if not fd.recv:
        return False
    if f"{fd.name}({params(fd.sig)})" in _well_known():
        return True
    for decl in index.types.values():
        t = index.underlying(decl.type)
        if t.kind is not Kind.INTERFACE:
            continue
        if any(m.name == fd.name and m.type == fd.sig for m in t.fields if not m.embedded):
            return True
    return False
