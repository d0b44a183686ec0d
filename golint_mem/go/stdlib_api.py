"""The standard library's exported API, from the table scripts/gen_stdlib_api.py generates out
of Go's own `api/go1*.txt` files (Go 1.0 to the newest release it was run on).

Type strings are spelled as in those files: `[]uint8` for `[]byte`, `int32` for `rune`, other
packages' types qualified by package name (`io.Reader`, `*x509.Certificate`), a package's own
types unqualified, type parameters as `$0`, `$1`. The data file is read on the first lookup and
each package's lines are searched on the first lookup in that package; answers are memoised.
`Func.since` and `TypeInfo.since` give the release that added a name, for a module whose `go`
line is older.
"""

from __future__ import annotations

import bisect
import gzip
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

DATA = "stdlib_api.txt.gz"
_BRACKETS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
# Columns before the optional `since` and `mask` ones, per kind of line.
_WIDTH = {"f": 3, "m": 4, "t": 4, "s": 4, "e": 3, "i": 4, "u": 2, "v": 3, "c": 3}


@dataclass(frozen=True, slots=True)
class Func:
    """A function, a method (recv set) or an interface method (recv is the interface's name)."""

    package: str
    name: str
    params: tuple[str, ...]
    results: tuple[str, ...]
    type_params: tuple[tuple[str, str], ...] = ()  # (name, constraint): ("$0", "comparable")
    recv: str = ""  # "*Reader", "Pointer[$0]", or "" for a function
    since: int = 0  # the Go 1.x minor release that added it

    @property
    def variadic(self) -> bool:
        return bool(self.params) and self.params[-1].startswith("...")


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the type's name for an embedded field
    type: str
    embedded: bool = False


@dataclass(frozen=True, slots=True)
class TypeInfo:
    package: str
    name: str
    underlying: str  # "struct", "interface", "int64", "func(error)", or the target of an alias
    alias: bool = False
    type_params: tuple[tuple[str, str], ...] = ()
    fields: tuple[Field, ...] = ()  # exported and embedded fields, in name order
    methods: Mapping[str, Func] = field(default_factory=dict)  # method set of T and *T
    unexported_methods: bool = False  # an interface with methods outside the package
    since: int = 0

    @property
    def kind(self) -> str:
        """ "struct", "interface", or "other" (a basic, func, map, slice... underlying type)."""
        return self.underlying if self.underlying in ("struct", "interface") else "other"


def split_list(text: str) -> tuple[str, ...]:
    """Split "a, func(b, c) d, e" at its top-level commas."""
    out: list[str] = []
    depth, start = 0, 0
    for i, c in enumerate(text):
        depth += _BRACKETS.get(c, 0)
        if c == "," and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    last = text[start:].strip()
    return (*out, last) if last or out else ()


def _close(text: str, start: int) -> int:
    """The index after the bracket that closes the one at text[start]."""
    depth = 0
    for i in range(start, len(text)):
        depth += _BRACKETS.get(text[i], 0)
        if depth == 0:
            return i + 1
    return len(text)


def type_params(text: str) -> TypeParams:
    """ "[$0 interface{ ~[]$1 }, $1 comparable]" -> (("$0", "interface{ ~[]$1 }"), ...)."""
    if not text.startswith("["):
        return ()
    pairs = (p.partition(" ") for p in split_list(text[1:-1]))
    return tuple((name, constraint) for name, _, constraint in pairs)


TypeParams = tuple[tuple[str, str], ...]


def parse_signature(sig: str) -> tuple[TypeParams, tuple[str, ...], tuple[str, ...]]:
    """(type params, params, results) of "[T any](a, b) (c, error)" as the api files write it."""
    tparams: TypeParams = ()
    if sig.startswith("["):
        end = _close(sig, 0)
        tparams, sig = type_params(sig[:end]), sig[end:]
    end = _close(sig, 0)
    params = split_list(sig[1 : end - 1])
    rest = sig[end:].strip()
    results = split_list(rest[1:-1]) if rest.startswith("(") else (rest,) if rest else ()
    return tparams, params, results


def package_name(path: str) -> str:
    """The name a standard package declares: its last element, `rand` for math/rand/v2."""
    parts = path.split("/")
    if len(parts) > 1 and parts[-1][:1] == "v" and parts[-1][1:].isdigit():
        return parts[-2]
    return parts[-1]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y:
            break
        n += 1
    return n


def _receiver_base(recv: str) -> str:
    return recv.lstrip("*").split("[", 1)[0]


class StdlibAPI:
    """Lookups in the standard library's API for one GOOS/GOARCH (per-system features: linux,
    darwin and windows; another system gets linux's)."""

    def __init__(self, text: str, goos: str = "linux", goarch: str = "amd64") -> None:
        header, contexts_line, _ = text.split("\n", 2)
        self.release = header.split("\t")[-1]  # "go1.27"
        contexts = contexts_line.split("\t", 1)[1].split()
        self._bit = _context_bit(contexts, goos, goarch)
        self._text = text
        self._sections: dict[str, tuple[int, int]] = {}
        pos = text.find("\n@")
        while pos >= 0:
            eol = text.index("\n", pos + 1)
            nxt = text.find("\n@", eol)
            self._sections[text[pos + 2 : eol]] = (eol + 1, len(text) if nxt < 0 else nxt)
            pos = nxt
        self._packages: dict[str, _Package] = {}
        self._names: dict[str, list[str]] = {}  # package name -> paths
        self._qualifiers: dict[tuple[str, str], str | None] = {}

    def packages(self) -> frozenset[str]:
        return frozenset(self._sections)

    def _package(self, path: str) -> _Package | None:
        pkg = self._packages.get(path)
        if pkg is None and path in self._sections:
            start, end = self._sections[path]
            pkg = self._packages[path] = _Package(path, self._text[start:end], self._bit)
        return pkg

    def qualifier(self, package: str, name: str) -> str | None:
        """The import path that `name.` stands for in the type strings of `package`: the
        standard package of that name (`x509` -> crypto/x509); of several (`rand`, `template`),
        the one nearest to `package` in the tree, never `package` itself (its own types are
        unqualified), then the shortest."""
        key = (package, name)
        if key not in self._qualifiers:
            candidates = [p for p in self._by_name().get(name, ()) if p != package]
            near = sorted(candidates, key=lambda p: (-_common_prefix(p, package), len(p), p))
            self._qualifiers[key] = near[0] if near else None
        return self._qualifiers[key]

    def _by_name(self) -> dict[str, list[str]]:
        if not self._names:
            for path in self._sections:
                self._names.setdefault(package_name(path), []).append(path)
        return self._names

    def func(self, package: str, name: str) -> Func | None:
        pkg = self._package(package)
        return pkg.func(name) if pkg else None

    def method(self, package: str, type_name: str, name: str) -> Func | None:
        """A method of T or *T, promoted ones included, or a method of an interface T."""
        t = self.type(package, type_name)
        return t.methods.get(name) if t else None

    def type(self, package: str, name: str) -> TypeInfo | None:
        pkg = self._package(package)
        return pkg.type(name) if pkg else None

    def var(self, package: str, name: str) -> str | None:
        """The type of a package-level variable."""
        pkg = self._package(package)
        return pkg.value("v", name) if pkg else None

    def const(self, package: str, name: str) -> str | None:
        """The type of a constant: a named or basic type, or "ideal-int" (and -float, -char,
        -string, -bool) for an untyped one."""
        pkg = self._package(package)
        return pkg.value("c", name) if pkg else None


def _context_bit(contexts: list[str], goos: str, goarch: str) -> int:
    """The system whose per-system features apply: the same, else the same GOOS on amd64 or
    arm64, else linux on the same GOARCH, else linux/amd64."""
    wants = (f"{goos}-{goarch}", f"{goos}-amd64", f"{goos}-arm64", f"linux-{goarch}")
    for want in (*wants, "linux-amd64"):
        if want in contexts:
            return 1 << contexts.index(want)
    return 0


class _Methods(Mapping[str, Func]):
    """A type's methods, each signature parsed on first use."""

    def __init__(self, package: str, rows: dict[str, tuple[str, str, int]]) -> None:
        self._package, self._rows = package, rows  # name -> (receiver, signature, since)
        self._funcs: dict[str, Func] = {}

    def __getitem__(self, name: str) -> Func:
        f = self._funcs.get(name)
        if f is None:
            recv, sig, since = self._rows[name]
            _, params, results = parse_signature(sig)
            f = self._funcs[name] = Func(self._package, name, params, results, (), recv, since)
        return f

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class _Package:
    """One package's lines, which the generator sorts: the lines about one name are adjacent,
    and a binary search finds them. Answers are memoised."""

    def __init__(self, path: str, text: str, bit: int) -> None:
        self.path, self.bit = path, bit
        self.lines = text.rstrip("\n").split("\n")
        self._funcs: dict[str, Func | None] = {}
        self._types: dict[str, TypeInfo | None] = {}

    def _find(self, prefix: str, *, open_ended: bool = False) -> list[str]:
        """The lines that are `prefix` or start with it and a tab (or, open-ended, with it)."""
        lines = self.lines
        i = bisect.bisect_left(lines, prefix)
        out = []
        while i < len(lines):
            line = lines[i]
            if line == prefix or line.startswith(prefix if open_ended else prefix + "\t"):
                out.append(line)
                i += 1
            else:
                break
        return out

    def rows(self, kind: str, name: str) -> list[tuple[list[str], int]]:
        """(columns, since) of the lines about `name` that hold on this system; for kind "T",
        the fields and methods of the type `name`."""
        if kind != "T":
            lines = self._find(f"{kind}\t{name}")
        else:
            lines = [ln for k in "eisu" for ln in self._find(f"{k}\t{name}")]
            for recv in (name, "*" + name):
                lines += self._find(f"m\t{recv}")
                lines += self._find(f"m\t{recv}[", open_ended=True)  # Pointer[$0]
        out = []
        for line in lines:
            cols = line.split("\t")
            width = _WIDTH[cols[0]]
            if len(cols) > width + 1 and not int(cols[width + 1]) & self.bit:
                continue  # a feature of other systems only
            out.append((cols[:width], int(cols[width]) if len(cols) > width and cols[width] else 0))
        return out

    def value(self, kind: str, name: str) -> str | None:
        rows = self.rows(kind, name)
        return rows[0][0][2] if rows else None

    def func(self, name: str) -> Func | None:
        if name not in self._funcs:
            rows = self.rows("f", name)
            f = None
            if rows:
                (cols, since), *_ = rows
                tparams, params, results = parse_signature(cols[2])
                f = Func(self.path, name, params, results, tparams, since=since)
            self._funcs[name] = f
        return self._funcs[name]

    def type(self, name: str) -> TypeInfo | None:
        if name not in self._types:
            self._types[name] = self._build(name)
        return self._types[name]

    def _build(self, name: str) -> TypeInfo | None:
        rows = self.rows("t", name)
        if not rows:
            return None
        (_, _, tparams, underlying), since = rows[0]
        fields: list[Field] = []
        methods: dict[str, tuple[str, str, int]] = {}
        unexported = False
        for cols, member_since in self.rows("T", name):
            kind = cols[0]
            if kind == "s":
                fields.append(Field(cols[2], cols[3]))
            elif kind == "e":
                fields.append(Field(_receiver_base(cols[2].split(".")[-1]), cols[2], True))
            elif kind == "u":
                unexported = True
            else:
                methods[cols[2]] = (cols[1] if kind == "m" else name, cols[3], member_since)
        return TypeInfo(
            self.path,
            name,
            underlying.removeprefix("= "),
            underlying.startswith("= "),
            type_params(tparams),
            tuple(sorted(fields, key=lambda f: f.name)),
            _Methods(self.path, methods),
            unexported,
            since,
        )


@cache
def _data() -> str:
    raw = resources.files("golint_mem.go").joinpath(DATA).read_bytes()
    return gzip.decompress(raw).decode("utf-8")


def stdlib(goos: str = "linux", goarch: str = "amd64") -> StdlibAPI:
    """The shipped table, for a system (memoised: one per process and system)."""
    return _stdlib(goos, goarch)


@cache
def _stdlib(goos: str, goarch: str) -> StdlibAPI:
    return StdlibAPI(_data(), goos, goarch)
