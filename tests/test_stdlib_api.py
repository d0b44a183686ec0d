"""The standard library's API table (golint_mem.go.stdlib_api) and its generator."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from golint_mem.go import stdlib_api
from golint_mem.go.stdlib_api import (
    Field,
    StdlibAPI,
    parse_signature,
    split_list,
    stdlib,
)

ROOT = Path(__file__).resolve().parent.parent


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_stdlib_api", ROOT / "scripts" / "gen_stdlib_api.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_stdlib_api"] = mod
    spec.loader.exec_module(mod)
    return mod


gen = _load_generator()


def test_shipped_table_is_what_the_script_generates() -> None:
    shipped = gzip.decompress((ROOT / "golint_mem" / "go" / "stdlib_api.txt.gz").read_bytes())
    assert gen.generate(gen.DEFAULT_API) == shipped, "run python scripts/gen_stdlib_api.py"


def test_inputs_are_go_api_files_with_their_license() -> None:
    data = ROOT / "data" / "goapi"
    assert "The Go Authors" in (data / "LICENSE").read_text()
    rows = re.findall(
        r"^\| (\S+\.txt) \| ([0-9a-f]{64}) \|$", (data / "README.md").read_text(), re.M
    )
    listed = {name + ".gz" for name, _ in rows}
    assert listed == {p.name for p in data.glob("*.txt.gz")}
    assert {"except.txt.gz", "go1.txt.gz", "go1.27.txt.gz"} <= listed
    for name, digest in rows:
        data_bytes = gzip.decompress((data / f"{name}.gz").read_bytes())
        assert hashlib.sha256(data_bytes).hexdigest() == digest, name


def test_lookups() -> None:
    api = stdlib()
    assert api.release == "go1.27"
    trim = api.func("bytes", "TrimPrefix")
    assert trim is not None and trim.params == ("[]uint8", "[]uint8")
    assert trim.results == ("[]uint8",) and trim.since == 1
    peek = api.method("bufio", "Reader", "Peek")
    assert peek is not None and peek.recv == "*Reader"
    assert (peek.params, peek.results) == (("int",), ("[]uint8", "error"))
    assert api.var("encoding/base64", "StdEncoding") == "*Encoding"
    decode = api.method("encoding/base64", "Encoding", "DecodeString")
    assert decode is not None and decode.results == ("[]uint8", "error")
    assert decode.recv == "*Encoding"
    assert api.const("os", "O_RDONLY") == "int"
    assert api.const("io", "SeekStart") == "ideal-int"
    assert api.func("bytes", "NoSuchFunc") is None
    assert api.func("no/such/package", "F") is None
    assert api.type("bytes", "Buffer") is not None and api.type("bytes", "Nope") is None


def test_newer_releases_are_in() -> None:
    api = stdlib()
    clone = api.func("bytes", "Clone")
    assert clone is not None and clone.since == 20 and clone.results == ("[]uint8",)
    assert {"slices", "maps", "iter", "unique", "weak", "log/slog"} <= api.packages()
    seq = api.type("iter", "Seq")
    assert seq is not None and seq.underlying == "func(func($0) bool)"
    assert seq.type_params == (("$0", "interface{}"),)


def test_generic_functions_and_types() -> None:
    api = stdlib()
    index = api.func("slices", "Index")
    assert index is not None
    assert index.type_params == (("$0", "interface{ ~[]$1 }"), ("$1", "comparable"))
    assert index.params == ("$0", "$1") and index.results == ("int",)
    keys = api.func("maps", "Keys")
    assert keys is not None and keys.results == ("iter.Seq[$1]",)
    pointer = api.type("sync/atomic", "Pointer")
    assert pointer is not None and pointer.type_params == (("$0", "interface{}"),)
    load = pointer.methods["Load"]
    assert (load.recv, load.results) == ("*Pointer[$0]", ("*$0",))


def test_types() -> None:
    api = stdlib()
    rw = api.type("bufio", "ReadWriter")
    assert rw is not None and rw.kind == "struct"
    assert rw.fields == (Field("Reader", "*Reader", True), Field("Writer", "*Writer", True))
    promoted = rw.methods["Peek"]  # promoted from the embedded *Reader
    assert promoted.recv == "ReadWriter" and promoted.results == ("[]uint8", "error")
    request = api.type("net/http", "Request")
    assert request is not None and Field("Body", "io.ReadCloser") in request.fields
    reader = api.type("io", "ReadCloser")
    assert reader is not None and reader.kind == "interface"
    assert sorted(reader.methods) == ["Close", "Read"] and not reader.unexported_methods
    curve = api.type("crypto/ecdh", "Curve")
    assert curve is not None and curve.unexported_methods
    mode = api.type("os", "FileMode")
    assert mode is not None and mode.alias and mode.underlying == "fs.FileMode"
    duration = api.type("time", "Duration")
    assert duration is not None and duration.underlying == "int64" and duration.kind == "other"
    printf = api.func("fmt", "Printf")
    assert printf is not None and printf.variadic and printf.params[-1] == "...interface{}"


def test_per_system_features() -> None:
    linux, windows = stdlib("linux", "amd64"), stdlib("windows", "amd64")
    assert linux.type("syscall", "Stat_t") is not None
    assert windows.type("syscall", "Stat_t") is None
    assert windows.type("syscall", "Win32finddata") is not None
    assert linux.type("syscall", "Win32finddata") is None
    # A system without features of its own gets linux's.
    assert stdlib("freebsd", "riscv64").type("syscall", "Stat_t") is not None
    assert stdlib() is stdlib("linux", "amd64")  # memoised


def test_qualifiers_name_import_paths() -> None:
    api = stdlib()
    assert api.qualifier("crypto/tls", "x509") == "crypto/x509"
    assert api.qualifier("crypto/tls", "rand") == "crypto/rand"
    assert api.qualifier("net/http", "io") == "io"
    assert api.qualifier("os", "fs") == "io/fs"
    assert api.qualifier("html/template", "template") == "text/template"
    assert api.qualifier("bytes", "nosuchpackage") is None
    assert stdlib_api.package_name("math/rand/v2") == "rand"
    assert stdlib_api.package_name("bytes") == "bytes"


def test_signature_parsing() -> None:
    assert split_list("a, func(b, c) d, map[e]f, struct{ g, h int }") == (
        "a",
        "func(b, c) d",
        "map[e]f",
        "struct{ g, h int }",
    )
    assert split_list("") == ()
    assert parse_signature("()") == ((), (), ())
    assert parse_signature("(int) (func() error, bool)") == ((), ("int",), ("func() error", "bool"))
    assert parse_signature("[$0 any]($0) func($0)") == ((("$0", "any"),), ("$0",), ("func($0)",))


API_FILES = {
    "go1.txt": """\
pkg demo, func Old(int) string
pkg demo, func Changed(int)
pkg demo, type T struct
pkg demo, type T struct, Name string
pkg demo, type T struct, embedded *Inner
pkg demo, method (*T) Get() []uint8
pkg demo, type Inner struct
pkg demo, type I interface { M }
pkg demo, type I interface, M(...int) (int, error)
pkg demo, type I interface, unexported methods
pkg demo, const C = 1
pkg demo, const C ideal-int
pkg demo, var V *T
pkg demo (linux-amd64), const Sys ideal-int
pkg demo (linux-amd64-cgo), var Cgo int
pkg demo (windows-amd64), const Sys uint32
pkg demo (freebsd-amd64), const Bsd ideal-int
pkg demo (linux-386), const Both ideal-int
pkg demo (linux-amd64), const Both ideal-int
pkg demo, func Removed()
""",
    "go1.2.txt.gz": """\
# a comment line

pkg demo, func Changed(int) error #123
pkg demo, func Gen[$0 interface{ ~[]$1 }, $1 comparable]($0, $1) int #456
pkg demo, type G[$0 any] struct
pkg demo, method (G[$0]) Value() $0
pkg demo, func Old //deprecated
pkg demo, type A = T
pkg other, func F(demo.T)
""",
    "except.txt": "pkg demo, func Removed()\n",
}


def test_generator_on_small_input(tmp_path: Path) -> None:
    for name, text in API_FILES.items():
        (tmp_path / name).write_bytes(
            gzip.compress(text.encode()) if name.endswith(".gz") else text.encode()
        )
    text = gen.generate(tmp_path).decode()
    assert text.splitlines()[:3] == [
        "golint-mem stdlib api 1\tgo1.2",
        "!contexts\tlinux-386 linux-amd64 windows-amd64",
        "@demo",
    ]
    api = StdlibAPI(text)
    old = api.func("demo", "Old")
    assert old is not None and old.results == ("string",) and old.since == 0
    changed = api.func("demo", "Changed")  # the later text, the first release
    assert changed is not None and changed.results == ("error",) and changed.since == 0
    assert api.func("demo", "Removed") is None
    gen_func = api.func("demo", "Gen")
    assert gen_func is not None and gen_func.since == 2
    assert gen_func.type_params == (("$0", "interface{ ~[]$1 }"), ("$1", "comparable"))
    t = api.type("demo", "T")
    assert t is not None
    assert t.fields == (Field("Inner", "*Inner", True), Field("Name", "string"))
    assert t.methods["Get"].results == ("[]uint8",)
    i = api.type("demo", "I")
    assert i is not None and i.unexported_methods and i.methods["M"].params == ("...int",)
    g = api.type("demo", "G")
    assert g is not None and g.type_params == (("$0", "any"),) and g.methods["Value"].since == 2
    alias = api.type("demo", "A")
    assert alias is not None and alias.alias and alias.underlying == "T"
    assert (api.const("demo", "C"), api.var("demo", "V")) == ("ideal-int", "*T")
    assert api.const("demo", "Sys") == "ideal-int" and api.var("demo", "Cgo") == "int"
    assert api.const("demo", "Bsd") is None  # systems other than linux, darwin, windows
    assert "Both\tideal-int\t\t3" in text  # one line for both systems that have it
    windows = StdlibAPI(text, "windows", "amd64")
    assert windows.const("demo", "Sys") == "uint32" and windows.var("demo", "Cgo") is None
    assert StdlibAPI(text, "linux", "386").const("demo", "Sys") is None
    assert api.func("other", "F") is not None


def test_generator_rejects_unknown_lines(tmp_path: Path) -> None:
    (tmp_path / "go1.txt").write_text("pkg demo, frob X\n")
    with pytest.raises(ValueError, match="unknown feature: frob X"):
        gen.generate(tmp_path)
