"""Which files of a directory `go build` compiles for a GOOS/GOARCH, as go/build decides.

A file is built when its name's `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` suffix (before `_test`)
matches, when the `//go:build` line of its header holds (or, without one, every `// +build`
line), and, with cgo off, when it does not import "C". Tags: the GOOS and GOARCH (android also
satisfies linux, illumos solaris, ios darwin), `unix` on Unix systems, `gc`, `cgo` when enabled,
the architecture's default feature level (`amd64.v1`...), `go1.1` up to the Go release in use,
and the extra tags given; every other tag, `ignore` included, is false.
"""

from __future__ import annotations

import os
import platform
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field


def _words(text: str) -> list[str]:
    return text.split()


# internal/syslist (Go 1.27): file-name suffixes that are constraints, and the Unix systems.
KNOWN_OS = frozenset(
    _words("""aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd
    plan9 solaris wasip1 windows zos""")
)
UNIX_OS = frozenset(
    _words("aix android darwin dragonfly freebsd hurd illumos ios linux netbsd openbsd solaris")
)
KNOWN_ARCH = frozenset(
    _words("""386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le
    mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm""")
)
# internal/buildcfg's tool tags for each architecture's default level (GOAMD64=v1, ...).
_ARCH_LEVEL = {
    "amd64": ("amd64.v1",),
    "arm64": ("arm64.v8.0",),
    "386": ("386.sse2",),
    "arm": ("arm.5", "arm.6", "arm.7"),
    "ppc64": ("ppc64.power8",),
    "ppc64le": ("ppc64le.power8",),
    "riscv64": ("riscv64.rva20u64",),
}
_MAX_SIZE = 1000  # go/build/constraint's limit on an expression's terms
_MAX_NESTING = 50  # parentheses; deeper input is refused rather than recursed into
_MACHINES = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "i386": "386",
    "i686": "386",
    "x86": "386",
    "ppc64le": "ppc64le",
    "ppc64": "ppc64",
    "s390x": "s390x",
    "riscv64": "riscv64",
    "loongarch64": "loong64",
    "mips64": "mips64",
}
_TAG_CHARS = re.compile(r"[\w.]+")
_BOM = b"\xef\xbb\xbf"


class ConstraintError(ValueError):
    """A build constraint Go would reject."""


@dataclass(frozen=True, slots=True)
class Not:
    x: Expr


@dataclass(frozen=True, slots=True)
class And:
    terms: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or:
    terms: tuple[Expr, ...]


# A tag name, or an operator over expressions; `a && b && c` is one And, so evaluating a long
# chain does not recurse once per term.
Expr = str | Not | And | Or


def parse_go_build(text: str) -> Expr:
    """The expression of a `//go:build` line (with or without the `//go:build` prefix)."""
    text = text.strip()
    if text.startswith("//go:build"):
        text = text[len("//go:build") :]
    parser = _Parser(text)
    x = parser.or_()
    if parser.tok:
        raise ConstraintError(f"unexpected token {parser.tok}")
    return x


class _Parser:
    """go/build/constraint's exprParser: `||` binds loosest, then `&&`, then `!`."""

    def __init__(self, s: str) -> None:
        self.s, self.i, self.tok, self.is_tag, self.size, self.depth = s, 0, "", False, 0, 0

    def or_(self) -> Expr:
        terms = [self.and_()]
        while self.tok == "||":
            terms.append(self.and_())
        return terms[0] if len(terms) == 1 else Or(tuple(terms))

    def and_(self) -> Expr:
        terms = [self.not_()]
        while self.tok == "&&":
            terms.append(self.not_())
        return terms[0] if len(terms) == 1 else And(tuple(terms))

    def not_(self) -> Expr:
        self.size += 1
        if self.size > _MAX_SIZE:
            raise ConstraintError("build expression too large")
        self.lex()
        if self.tok == "!":
            self.lex()
            if self.tok == "!":
                raise ConstraintError("double negation not allowed")
            return Not(self.atom())
        return self.atom()

    def atom(self) -> Expr:
        if self.tok == "(":
            self.depth += 1
            if self.depth > _MAX_NESTING:
                raise ConstraintError("build expression too deeply nested")
            try:
                x = self.or_()
            except ConstraintError as e:
                if str(e) == "unexpected end of expression":
                    raise ConstraintError("missing close paren") from None
                raise
            if self.tok != ")":
                raise ConstraintError("missing close paren")
            self.depth -= 1
            self.lex()
            return x
        if not self.is_tag:
            if not self.tok:
                raise ConstraintError("unexpected end of expression")
            raise ConstraintError(f"unexpected token {self.tok}")
        tag = self.tok
        self.lex()
        return tag

    def lex(self) -> None:
        s, n = self.s, len(self.s)
        self.is_tag = False
        while self.i < n and s[self.i] in " \t":
            self.i += 1
        if self.i >= n:
            self.tok = ""
            return
        c = s[self.i]
        if c in "()!":
            self.tok, self.i = c, self.i + 1
            return
        if c in "&|":
            if s[self.i : self.i + 2] != c + c:
                raise ConstraintError(f"invalid syntax at {c}")
            self.tok, self.i = c + c, self.i + 2
            return
        m = _TAG_CHARS.match(s, self.i)
        if not m:
            raise ConstraintError(f"invalid syntax at {c}")
        self.tok, self.i, self.is_tag = m.group(), m.end(), True


def parse_plus_build(text: str) -> Expr:
    """A `// +build` line: spaces separate alternatives, commas join terms, `!` negates."""
    text = text.strip().removeprefix("//").strip().removeprefix("+build")
    clauses: list[Expr] = []
    size = 0
    for clause in text.split():
        terms: list[Expr] = []
        for lit in clause.split(","):
            name = lit.removeprefix("!")
            if lit.startswith("!!") or lit == "!":
                terms.append("ignore")
                continue
            term: Expr = name if _TAG_CHARS.fullmatch(name) else "ignore"  # as Go reads it
            terms.append(Not(term) if lit.startswith("!") else term)
        size += len(terms)
        clauses.append(terms[0] if len(terms) == 1 else And(tuple(terms)))
    if size > 100:
        raise ConstraintError("expression too complex for // +build lines")
    if not clauses:
        return "ignore"
    return clauses[0] if len(clauses) == 1 else Or(tuple(clauses))


def is_go_build(line: str) -> bool:
    rest = line.strip().removeprefix("//go:build")
    return rest != line.strip() and (not rest or rest[0] in " \t")


def is_plus_build(line: str) -> bool:
    if not line.startswith("//"):
        return False
    rest = line[2:].strip()
    return rest.startswith("+build") and (len(rest) == 6 or rest[6] in " \t")


@dataclass(frozen=True, slots=True)
class BuildContext:
    goos: str
    goarch: str
    cgo: bool = False
    tags: frozenset[str] = frozenset()  # -tags
    go_minor: int | None = None  # release tags go1.1 ... go1.<go_minor>; None: all of them
    _extra: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        extra = {self.goos, self.goarch, "gc", *self.tags, *_ARCH_LEVEL.get(self.goarch, ())}
        extra |= {"linux"} if self.goos == "android" else set()
        extra |= {"solaris"} if self.goos == "illumos" else set()
        extra |= {"darwin"} if self.goos == "ios" else set()
        extra |= {"unix"} if self.goos in UNIX_OS else set()
        extra |= {"cgo"} if self.cgo else set()
        object.__setattr__(self, "_extra", frozenset(extra))

    def match_tag(self, tag: str) -> bool:
        if tag == "boringcrypto":  # go/build's old name for it
            tag = "goexperiment.boringcrypto"
        if tag in self._extra:
            return True
        m = re.fullmatch(r"go1\.([1-9][0-9]*)", tag)
        return m is not None and (self.go_minor is None or int(m.group(1)) <= self.go_minor)

    def eval(self, x: Expr) -> bool:
        if isinstance(x, str):
            return self.match_tag(x)
        if isinstance(x, Not):
            return not self.eval(x.x)
        if isinstance(x, And):
            return all(self.eval(t) for t in x.terms)
        return any(self.eval(t) for t in x.terms)

    def match_file_name(self, name: str) -> bool:
        """goodOSArchFile: the `_GOOS`, `_GOARCH`, `_GOOS_GOARCH` suffixes of a file name."""
        stem = name.split(".", 1)[0]
        if "_" not in stem:
            return True
        parts = stem[stem.index("_") :].split("_")
        if parts[-1] == "test":
            parts.pop()
        if len(parts) >= 2 and parts[-2] in KNOWN_OS and parts[-1] in KNOWN_ARCH:
            return self.match_tag(parts[-1]) and self.match_tag(parts[-2])
        if parts and (parts[-1] in KNOWN_OS or parts[-1] in KNOWN_ARCH):
            return self.match_tag(parts[-1])
        return True

    def match_content(self, data: bytes) -> bool:
        """The file's header constraints, and cgo for a file that imports "C".

        ConstraintError for a malformed `//go:build` line or two of them (go/build rejects
        the file; the caller reports it).
        """
        data = data.removeprefix(_BOM)
        head, go_build = _header(data)
        if go_build is not None:
            try:
                x = parse_go_build(go_build)
            except ConstraintError as e:
                raise ConstraintError(f"parsing //go:build line: {e}") from None
            if not self.eval(x):
                return False
        else:
            for line in head:
                if is_plus_build(line):
                    try:
                        x = parse_plus_build(line)
                    except ConstraintError:
                        continue  # go/build ignores a +build line it cannot parse
                    if not self.eval(x):
                        return False
        return self.cgo or b'"C"' not in data or "C" not in imports(data)

    def builds(self, name: str, data: bytes, *, tests: bool = False) -> bool:
        """Whether `go build` (or `go test`, with tests) compiles the file `name`."""
        if not name.endswith(".go") or name.startswith(("_", ".")):
            return False
        if name.endswith("_test.go") and not tests:
            return False
        return self.match_file_name(name) and self.match_content(data)

    def go_files(self, directory: str, *, tests: bool = False) -> tuple[list[str], list[str]]:
        """(built file names, problems) of a directory, names sorted; unreadable files are
        problems too."""
        built: list[str] = []
        problems: list[str] = []
        try:
            names = sorted(e.name for e in os.scandir(directory) if e.is_file())
        except OSError as e:
            return [], [f"{directory}: {e.strerror or e}"]
        for name in names:
            if not name.endswith(".go") or not self.match_file_name(name):
                continue
            path = os.path.join(directory, name)
            try:
                with open(path, "rb") as f:
                    data = f.read()
                if self.builds(name, data, tests=tests):
                    built.append(name)
            except OSError as e:
                problems.append(f"{path}: {e.strerror or e}")
            except ConstraintError as e:
                problems.append(f"{path}: {e}")
        return built, problems


def host(tags: Iterable[str] = (), *, go_minor: int | None = None) -> BuildContext:
    """The running machine's GOOS/GOARCH as Go names them, unless $GOOS/$GOARCH say otherwise;
    cgo only when $CGO_ENABLED is 1 (go/build's default also needs a C compiler)."""
    goos = "windows" if sys.platform in ("win32", "cygwin") else sys.platform
    goos = re.sub(r"[0-9]+$", "", goos)  # freebsd14
    machine = platform.machine().lower()
    arch = _MACHINES.get(machine) or ("arm" if machine.startswith("arm") else "amd64")
    return BuildContext(
        goos=os.environ.get("GOOS") or goos,
        goarch=os.environ.get("GOARCH") or arch,
        cgo=os.environ.get("CGO_ENABLED") == "1",
        tags=frozenset(tags),
        go_minor=go_minor,
    )


def release_minor(go: str, toolchain: str = "") -> int | None:
    """The Go 1.x release a module builds with, for BuildContext.go_minor: the newer of its
    go.mod `go` line ("1.21.3") and `toolchain` line ("go1.23.4"); None if it names neither."""
    minors = [int(m.group(1)) for v in (go, toolchain) if (m := re.match(r"(?:go)?1\.([0-9]+)", v))]
    return max(minors) if minors else None


def _header(data: bytes) -> tuple[list[str], str | None]:
    """go/build's parseFileHeader: the leading comment lines that may hold `// +build` (those
    before the last blank line ahead of the first code), and the `//go:build` line if any."""
    lines: list[str] = []
    end = 0
    go_build: str | None = None
    ended = in_block = False
    pos = 0
    while pos <= len(data):
        nl = data.find(b"\n", pos)
        nl = len(data) if nl < 0 else nl
        line = data[pos:nl].decode("utf-8", "replace").strip()
        pos = nl + 1
        if not line and not ended:
            lines.append(line)
            end = len(lines)
            continue
        ended = ended or not line.startswith("//")
        if not in_block and is_go_build(line):
            if go_build is not None:
                raise ConstraintError("multiple //go:build comments")
            go_build = line
        rest = line
        while rest:
            if in_block:
                star = rest.find("*/")
                if star < 0:
                    break
                in_block, rest = False, rest[star + 2 :].strip()
            elif rest.startswith("//"):
                break
            elif rest.startswith("/*"):
                in_block, rest = True, rest[2:].strip()
            else:
                return lines[:end], go_build
        lines.append(line)
    return lines[:end], go_build


_HEAD_TOKEN = re.compile(
    rb'\s+|//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|[A-Za-z_][A-Za-z0-9_]*|.', re.S
)


def imports(data: bytes) -> list[str]:
    """The import paths of a Go file, read from its header only (go/build's readGoInfo)."""
    data = data.removeprefix(_BOM)
    toks = [
        t
        for t in (m.group() for m in _HEAD_TOKEN.finditer(data, 0, _import_end(data)))
        if not t.isspace() and not t.startswith((b"//", b"/*"))
    ]
    out: list[str] = []
    if len(toks) < 2 or toks[0] != b"package":
        return out
    i = 2
    while i < len(toks) and toks[i] == b";":
        i += 1
    while i < len(toks) and toks[i] == b"import":
        i += 1
        grouped = i < len(toks) and toks[i] == b"("
        i += grouped
        while i < len(toks) and toks[i] != b")":
            if toks[i] == b";":
                i += 1
                continue
            if toks[i][:1] not in b'"`':
                i += 1  # the spec's name: an identifier, `.` or `_`
            if i < len(toks) and toks[i][:1] in b'"`':
                out.append(toks[i][1:-1].decode("utf-8", "replace"))
            i += 1
            if not grouped:
                break
        i += grouped
        while i < len(toks) and toks[i] == b";":
            i += 1
    return out


def _import_end(data: bytes) -> int:
    """Where the import declarations surely end: the first declaration keyword at a line start."""
    m = re.search(rb"^(?:func|type|var|const)\b", data, re.M)
    return m.start() if m else len(data)
