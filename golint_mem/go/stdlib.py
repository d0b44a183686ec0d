"""Result types of common standard-library functions and methods, from a compact table.

Without a toolchain the linter cannot read the standard library, so the calls that matter for
memory rules (buffers, byte slices, pools, formatting) are listed here.
"""

from __future__ import annotations

from functools import cache

from golint_mem.go.types import (
    BYTES,
    ERROR,
    UNKNOWN,
    GoType,
    Kind,
    basic,
    named,
    pointer,
    slice_of,
)

# "path.Func": "result[, result]"; types written as Go, packages by full import path.
_FUNCS = """
bytes.NewBuffer *bytes.Buffer
bytes.NewBufferString *bytes.Buffer
bytes.NewReader *bytes.Reader
bytes.Clone []byte
bytes.Join []byte
bytes.Repeat []byte
bytes.ToLower []byte
bytes.ToUpper []byte
bytes.TrimSpace []byte
strings.NewReader *strings.Reader
strings.NewReplacer *strings.Replacer
strings.Join string
strings.Repeat string
strings.ToLower string
strings.ToUpper string
strings.TrimSpace string
strings.Clone string
bufio.NewWriter *bufio.Writer
bufio.NewWriterSize *bufio.Writer
bufio.NewReader *bufio.Reader
bufio.NewReaderSize *bufio.Reader
bufio.NewScanner *bufio.Scanner
fmt.Sprintf string
fmt.Sprint string
fmt.Sprintln string
fmt.Errorf error
fmt.Appendf []byte
fmt.Append []byte
fmt.Appendln []byte
errors.New error
strconv.Itoa string
strconv.Quote string
strconv.FormatInt string
strconv.AppendInt []byte
strconv.AppendUint []byte
strconv.AppendQuote []byte
strconv.AppendFloat []byte
strconv.AppendBool []byte
encoding/json.Marshal []byte,error
encoding/json.MarshalIndent []byte,error
encoding/json.NewEncoder *encoding/json.Encoder
encoding/json.NewDecoder *encoding/json.Decoder
io.ReadAll []byte,error
io/ioutil.ReadAll []byte,error
io/ioutil.ReadFile []byte,error
os.ReadFile []byte,error
encoding/hex.EncodeToString string
encoding/hex.AppendEncode []byte
time.Now time.Time
time.Since time.Duration
context.Background context.Context
context.TODO context.Context
sync.NewCond *sync.Cond
"""

# "path.Type.Method": result, for methods on values of those named types.
_METHODS = """
bytes.Buffer.Bytes []byte
bytes.Buffer.String string
bytes.Buffer.Len int
bytes.Buffer.Cap int
bytes.Buffer.AvailableBuffer []byte
strings.Builder.String string
strings.Builder.Len int
strings.Builder.Cap int
sync.Pool.Get any
bufio.Scanner.Bytes []byte
bufio.Scanner.Text string
bufio.Reader.ReadBytes []byte,error
bufio.Reader.ReadSlice []byte,error
encoding/json.RawMessage.MarshalJSON []byte,error
"""

# "path.Type": underlying type ("struct" for struct types whose fields do not matter here).
_UNDERLYING = """
encoding/json.RawMessage []byte
net.IP []byte
net.IPMask []byte
net.HardwareAddr []byte
database/sql.RawBytes []byte
time.Duration int64
time.Month int
os.FileMode uint32
io/fs.FileMode uint32
net/http.Header map
net/url.Values map
bytes.Buffer struct
bytes.Reader struct
strings.Builder struct
strings.Reader struct
time.Time struct
sync.Pool struct
sync.Mutex struct
sync.RWMutex struct
sync.WaitGroup struct
sync.Once struct
bufio.Writer struct
bufio.Reader struct
math/big.Int struct
"""


def parse_type(text: str) -> GoType:
    """Parse the small subset of Go type syntax the tables use."""
    text = text.strip()
    if text.startswith("*"):
        return pointer(parse_type(text[1:]))
    if text.startswith("[]"):
        return slice_of(parse_type(text[2:]))
    if text == "struct":
        return GoType(Kind.STRUCT)
    if text == "map":
        return GoType(Kind.MAP, key=UNKNOWN, elem=UNKNOWN)
    if text == "any":
        return GoType(Kind.INTERFACE)
    if text == "error":
        return ERROR
    if "." in text:
        path, _, name = text.rpartition(".")
        return named(path, name)
    return basic(text)


def _table(source: str) -> dict[str, tuple[GoType, ...]]:
    table: dict[str, tuple[GoType, ...]] = {}
    for line in source.strip().splitlines():
        key, _, results = line.partition(" ")
        table[key] = tuple(parse_type(r) for r in results.split(","))
    return table


@cache
def _funcs() -> dict[str, tuple[GoType, ...]]:
    return _table(_FUNCS)


@cache
def _methods() -> dict[str, tuple[GoType, ...]]:
    return _table(_METHODS)


@cache
def _underlying() -> dict[str, tuple[GoType, ...]]:
    return _table(_UNDERLYING)


def underlying(t: GoType) -> GoType | None:
    """The underlying type of a listed standard-library named type, else None."""
    found = _underlying().get(f"{t.pkg}.{t.name}")
    return found[0] if found else None


# What a standard function does to each argument: r reads it, w writes into it (or keeps it to
# write into later, as json.NewEncoder does); the last letter stands for any further arguments.
# "path.*" covers every function of a package that is not listed by name.
_ARG_ROLES = """
fmt.* r
fmt.Fprint wr
fmt.Fprintf wr
fmt.Fprintln wr
fmt.Fscan rw
fmt.Fscanf rrw
fmt.Fscanln rw
fmt.Sscan rw
fmt.Sscanf rrw
fmt.Sscanln rw
fmt.Scan w
fmt.Scanf rw
fmt.Scanln w
fmt.Append wr
fmt.Appendf wr
fmt.Appendln wr
log.* r
log/slog.* r
errors.* r
strings.* r
bytes.* r
bytes.NewBuffer w
bytes.NewReader r
strconv.* r
strconv.AppendInt wr
strconv.AppendUint wr
strconv.AppendFloat wr
strconv.AppendBool wr
strconv.AppendQuote wr
strconv.AppendQuoteRune wr
unicode/utf8.* r
unicode/utf8.AppendRune wr
unicode/utf8.EncodeRune wr
io.Copy wr
io.CopyN wrr
io.CopyBuffer wrw
io.ReadFull rw
io.ReadAtLeast rwr
io.ReadAll r
io.WriteString wr
io.MultiWriter w
io.MultiReader r
io.LimitReader rr
io.TeeReader rw
encoding/json.Marshal r
encoding/json.MarshalIndent r
encoding/json.Unmarshal rw
encoding/json.NewEncoder w
encoding/json.NewDecoder r
encoding/json.Valid r
encoding/json.Compact wr
encoding/json.Indent wr
encoding/binary.Write wr
encoding/binary.Read rrw
encoding/binary.* r
encoding/hex.Encode wr
encoding/hex.Decode wr
encoding/hex.* r
encoding/base64.* r
bufio.NewReader r
bufio.NewReaderSize rr
bufio.NewScanner r
bufio.NewWriter w
bufio.NewWriterSize wr
math.* r
math/bits.* r
time.* r
unicode.* r
reflect.* r
sort.Slice wr
sort.SliceStable wr
sort.Sort w
sort.Stable w
sort.Strings w
sort.Ints w
sort.Float64s w
sort.* r
slices.Sort w
slices.SortFunc wr
slices.SortStableFunc wr
slices.Reverse w
slices.* r
maps.Copy wr
maps.DeleteFunc wr
maps.* r
"""


@cache
def _arg_roles() -> dict[str, str]:
    return dict(line.split(" ", 1) for line in _ARG_ROLES.strip().splitlines())


def arg_role(path: str, name: str, index: int) -> str | None:
    """'r' or 'w' for the index-th argument of a standard function; None when not known."""
    roles = _arg_roles()
    spec = roles.get(f"{path}.{name}") or roles.get(f"{path}.*")
    if not spec:
        return None
    return spec[min(index, len(spec) - 1)]


# Exported type names of standard packages that are not in the tables above.
_EXTRA_EXPORTS = {
    "sync": ("Map", "Cond", "Locker"),
    "net/http": ("ResponseWriter", "Request", "Handler", "HandlerFunc", "ServeMux"),
    "testing": ("B", "T", "M", "F", "PB", "TB"),
    "context": ("Context",),
}


@cache
def exports(path: str) -> frozenset[str]:
    """Type names a standard package is known to export (for dot imports)."""
    names = set(_EXTRA_EXPORTS.get(path, ()))
    for key in (*_underlying(), *_methods()):
        pkg, _, rest = key.rpartition(".") if key.count(".") == 1 else _split_method(key)
        if pkg == path:
            names.add(rest)
    return frozenset(names)


def _split_method(key: str) -> tuple[str, str, str]:
    """'path.Type.Method' (path may hold dots, as in gopkg.in) to (path, '.', Type)."""
    head, _, _method = key.rpartition(".")
    pkg, _, typ = head.rpartition(".")
    return pkg, ".", typ


@cache
def byte_names() -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]]]:
    """The names through which the tables can give a byte type: types and methods, whoever
    spells them, and functions by the import path that has to be imported to call them."""
    types: set[str] = set()
    methods: set[str] = set()
    by_path: dict[str, set[str]] = {}
    for key, results in _funcs().items():
        if any(_has_byte(t) for t in results):
            path, _, name = key.rpartition(".")
            by_path.setdefault(path, set()).add(name)
    for key, results in _methods().items():
        if any(_has_byte(t) for t in results):
            methods.add(key.rpartition(".")[2])
    for key, (t,) in _underlying().items():
        if _has_byte(t):
            types.add(key.rpartition(".")[2])
    return frozenset(types), frozenset(methods), {p: frozenset(n) for p, n in by_path.items()}


def _has_byte(t: GoType) -> bool:
    if t.kind is Kind.BASIC and t.name == "byte":
        return True
    inner = (t.elem, t.key, *t.params, *t.results, *(f.type for f in t.fields), *t.args)
    return any(_has_byte(x) for x in inner if x is not None)


def func_results(path: str, name: str) -> tuple[GoType, ...] | None:
    return _funcs().get(f"{path}.{name}")


def method_results(recv: GoType, name: str) -> tuple[GoType, ...] | None:
    """Results of `name` called on a value of (a pointer to) a listed standard-library type."""
    if recv.kind is Kind.POINTER and recv.elem is not None:
        recv = recv.elem
    if recv.kind is not Kind.NAMED or not recv.pkg:
        return None
    return _methods().get(f"{recv.pkg}.{recv.name}.{name}")


def single(results: tuple[GoType, ...] | None) -> GoType:
    if not results:
        return UNKNOWN
    return results[0] if len(results) == 1 else GoType(Kind.TUPLE, results=results)


__all__ = ["BYTES", "func_results", "method_results", "parse_type", "single"]
