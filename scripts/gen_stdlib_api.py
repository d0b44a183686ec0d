#!/usr/bin/env python3
"""Generate golint_mem/go/stdlib_api.txt.gz, the standard library's exported API, from Go's
`api/go1*.txt` files.

    python scripts/gen_stdlib_api.py                 # from data/goapi (Go 1.27.4's files)
    python scripts/gen_stdlib_api.py --api DIR       # from another Go tree's api/ directory
    python scripts/gen_stdlib_api.py --check         # exit 1 if the shipped file is stale

Each input line is one feature (`pkg bytes, func Clone([]uint8) []uint8`); this keeps the
declarations with their types and drops constant values, `//deprecated` notes and issue numbers.
Features listed in except.txt (removed from the API) are dropped; a feature changed in a later
release keeps the later text, and the release that first listed its name. Per-system features
(`pkg syscall (linux-386), ...`) are kept for linux, darwin and windows, each line with a mask of
the systems it holds on; a feature listed for every system is kept once.

Output, one line per feature, tab-separated, in sections `@package`:
  f name signature | m receiver name signature | t name type-params type | s type field type |
  e type embedded-type | i interface method signature | u interface (has unexported methods) |
  v name type | c name type
then two optional columns: the minor release that added it (empty for Go 1.0) and the mask.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_API = ROOT / "data" / "goapi"
OUTPUT = ROOT / "golint_mem" / "go" / "stdlib_api.txt.gz"
SYSTEMS = ("linux", "darwin", "windows")
FORMAT = "golint-mem stdlib api 1"

_LINE = re.compile(r"^pkg (\S+?)(?: \(([^)]*)\))?, (.*?)(?: #\d+)?$")
_FUNC = re.compile(r"^func (\w+)(.*)$")
_METHOD = re.compile(r"^method \(([^)]*)\) (\w+)(.*)$")
_TYPE = re.compile(r"^type (\w+)")
_VAR = re.compile(r"^(var|const) (\w+) (.*)$")
_IFACE_METHOD = re.compile(r"^(\w+)(\(.*)$")


def _version(name: str) -> int:
    m = re.fullmatch(r"go1(?:\.(\d+))?\.txt(?:\.gz)?", name)
    return int(m.group(1) or 0) if m else -1


def _read(path: Path) -> list[str]:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8").splitlines()


def _bracket_end(s: str, start: int) -> int:
    """The index after the `]` that closes the `[` at s[start]."""
    depth = 0
    for i in range(start, len(s)):
        depth += {"[": 1, "(": 1, "{": 1, "]": -1, ")": -1, "}": -1}.get(s[i], 0)
        if depth == 0:
            return i + 1
    raise ValueError(f"unbalanced brackets: {s}")


def feature(rest: str) -> tuple[tuple[str, ...], str] | None:
    """(key, value) of one feature: the key names it, the value is what it says about it."""
    if "//deprecated" in rest:
        return None
    if m := _FUNC.match(rest):
        return ("f", m.group(1)), m.group(2)
    if m := _METHOD.match(rest):
        return ("m", m.group(1), m.group(2)), m.group(3)
    if m := _VAR.match(rest):
        if m.group(3).startswith("= "):
            return None  # a constant's value
        return (m.group(1)[0], m.group(2)), m.group(3)
    m = _TYPE.match(rest)
    if m is None:
        raise ValueError(f"unknown feature: {rest}")
    name, i = m.group(1), m.end()
    tparams = ""
    if rest[i : i + 1] == "[":
        end = _bracket_end(rest, i)
        tparams, i = rest[i:end], end
    body = rest[i + 1 :]
    for kind in ("struct", "interface"):
        if not body.startswith(kind + ", "):
            continue
        member = body[len(kind) + 2 :]
        if kind == "struct":
            if member.startswith("embedded "):
                return ("e", name, member[len("embedded ") :]), ""
            field, _, typ = member.partition(" ")
            return ("s", name, field), typ
        if member == "unexported methods":
            return ("u", name), ""
        mm = _IFACE_METHOD.match(member)
        if mm is None:
            raise ValueError(f"unknown interface member: {rest}")
        return ("i", name, mm.group(1)), mm.group(2)
    if body.startswith("interface {"):
        body = "interface"  # the method names are listed again one by one
    return ("t", name), f"{tparams}\t{body}"


def collect(files: list[tuple[int, list[str]]], excluded: set[str]) -> list[str]:
    """Output lines, sorted, from (minor release, lines) pairs."""
    contexts: set[str] = set()
    # (package, context) -> key -> [value, since]
    table: dict[tuple[str, str], dict[tuple[str, ...], list[object]]] = defaultdict(dict)
    for minor, lines in sorted(files):
        for line in lines:
            m = _LINE.match(line)
            if m is None or m.group(0).split(" #")[0] in excluded:
                continue
            pkg, ctx, rest = m.groups()
            ctx = (ctx or "").removesuffix("-cgo")
            if ctx and ctx.split("-")[0] not in SYSTEMS:
                continue
            got = feature(rest)
            if got is None:
                continue
            key, value = got
            if ctx:
                contexts.add(ctx)
            entry = table[(pkg, ctx)].setdefault(key, [value, minor])
            entry[0] = value
    for entries in table.values():
        for key, (_, since) in list(entries.items()):
            if key[0] in ("i", "u"):  # no `type T interface { ... }` line when some methods
                entries.setdefault(("t", key[1]), ["\tinterface", since])  # are unexported
    order = sorted(contexts)
    bit = {c: 1 << i for i, c in enumerate(order)}
    out: dict[str, dict[tuple[str, ...], int]] = defaultdict(dict)  # pkg -> row -> mask
    for (pkg, ctx), entries in table.items():
        universal = table.get((pkg, ""), {}) if ctx else {}
        for key, (value, since) in entries.items():
            if key in universal:
                continue
            cols = key if key[0] in ("e", "u") else (*key, *str(value).split("\t"))
            row = (*cols, str(since) if since else "")
            rows = out[pkg]
            rows[row] = rows.get(row, 0) | bit.get(ctx, 0)
    lines = [f"{FORMAT}\tgo1.{max(v for v, _ in files)}", "!contexts\t" + " ".join(order)]
    for pkg in sorted(out):
        lines.append(f"@{pkg}")
        # Sorted as strings: the loader finds a name's lines by binary search.
        lines += sorted(
            "\t".join((*r, str(m) if m else "")).rstrip("\t") for r, m in out[pkg].items()
        )
    return lines


def generate(api_dir: Path) -> bytes:
    """The uncompressed data file for the api files of `api_dir`."""
    paths = [p for p in sorted(api_dir.iterdir()) if _version(p.name) >= 0]
    files = [(_version(p.name), _read(p)) for p in paths]
    if not files:
        raise SystemExit(f"{api_dir}: no go1*.txt files")
    excluded: set[str] = set()
    for name in ("except.txt", "except.txt.gz"):
        if (api_dir / name).is_file():
            excluded.update(ln.split(" #")[0] for ln in _read(api_dir / name))
    return ("\n".join(collect(files, excluded)) + "\n").encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", type=Path, default=DEFAULT_API, help="a Go api/ directory")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    data = generate(args.api)
    if args.check:
        shipped = gzip.decompress(args.output.read_bytes()) if args.output.exists() else b""
        if shipped != data:
            print(f"{args.output} is not what {args.api} generates: run {sys.argv[0]}")
            return 1
        return 0
    args.output.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{args.output}: {len(data)} bytes, {args.output.stat().st_size} compressed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
