"""CPU profiles as Go's profile-guided optimisation keeps them, turned into hot functions.

A profile is a gzipped pprof protobuf (`default.pgo` in a main package's directory, or any file
given with --profile). It is decoded with the `protobuf` runtime and the published profile.proto
(golint_mem/pprof/), imported only when a profile is actually read. A function is hot when its
flat or its cumulative share of the CPU samples reaches the threshold; closures count towards the
function that declares them, generic instantiations towards the generic function.

Functions are named as in pprof and by package import path: `example.com/m/pkg.F`,
`example.com/m/pkg.T.M` (value and pointer receivers alike), and `main.F` for package main. The
import path of a directory comes from the nearest go.mod's `module` line.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote

PROFILE_NAME = "default.pgo"
DEFAULT_THRESHOLD = 1.0  # percent of the samples
_CLOSURE = re.compile(r"(?:func|gowrap|deferwrap)\d+|\d+")
_MODULE = re.compile(rb"(?m)^\s*module\s+\"?([^\s\"/]+[^\s\"]*)\"?\s*(?://.*)?$")
_PACKAGE = re.compile(rb"(?m)^package\s+(\w+)")


class ProfileError(Exception):
    """A profile that cannot be used; str() is one line naming the file."""


@dataclass(frozen=True, slots=True)
class HotFunctions:
    """Functions at or above the threshold: key -> (percent of samples, profile shown by name)."""

    shares: Mapping[str, tuple[float, str]] = field(default_factory=dict, hash=False)
    threshold: float = DEFAULT_THRESHOLD

    def lookup(self, key: str) -> tuple[float, str] | None:
        return self.shares.get(key)


def function_key(name: str) -> str | None:
    """The key of a pprof function name: `a/b.(*T).M.func1` -> `a/b.T.M`; None if it has none."""
    while "[" in name:  # generic instantiations: pkg.F[...] and pkg.(*T[go.shape.int]).M
        stripped = re.sub(r"\[[^\[\]]*\]", "", name)
        if stripped == name:
            return None
        name = stripped
    slash = name.rfind("/")
    dot = name.find(".", slash + 1)
    if dot <= 0:
        return None
    pkg, parts = unquote(name[:dot]), name[dot + 1 :].split(".")
    first = parts[0]
    if first.startswith("(*") and first.endswith(")"):
        first = first[2:-1]
    if not first:
        return None
    if len(parts) > 1 and parts[1] and not _CLOSURE.fullmatch(parts[1]):
        return f"{pkg}.{first}.{parts[1].removesuffix('-fm')}"
    return f"{pkg}.{first}"


def shares(data: bytes) -> dict[str, tuple[float, float]]:
    """Flat and cumulative percent of the CPU samples per function key, from a profile's bytes."""
    from google.protobuf.message import DecodeError

    from golint_mem.pprof import profile_pb2

    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise ProfileError(f"not a gzipped pprof profile ({exc})") from None
    prof = profile_pb2.Profile()
    try:
        prof.ParseFromString(data)
    except DecodeError:
        raise ProfileError("not a pprof profile (the protobuf does not decode)") from None
    strings = prof.string_table

    def text(i: int) -> str:
        return strings[i] if 0 <= i < len(strings) else ""

    column = _value_column([text(t.type) for t in prof.sample_type])
    if column is None:
        raise ProfileError("not a CPU profile (no 'cpu' or 'samples' sample type)")
    keys = {f.id: function_key(text(f.name)) for f in prof.function}
    frames = {loc.id: [keys.get(ln.function_id) for ln in loc.line] for loc in prof.location}
    flat: dict[str, int] = {}
    cum: dict[str, int] = {}
    total = 0
    for s in prof.sample:
        value = s.value[column] if column < len(s.value) else 0
        if value <= 0:
            continue
        total += value
        stack = [k for loc in s.location_id for k in frames.get(loc, ())]
        if stack and stack[0] is not None:
            flat[stack[0]] = flat.get(stack[0], 0) + value
        for k in {k for k in stack if k is not None}:
            cum[k] = cum.get(k, 0) + value
    if total == 0:
        return {}
    return {k: (100.0 * flat.get(k, 0) / total, 100.0 * c / total) for k, c in cum.items()}


def _value_column(types: list[str]) -> int | None:
    for wanted in ("cpu", "samples"):
        if wanted in types:
            return types.index(wanted)
    return None


def load(paths: Iterable[tuple[str, str]], threshold: float) -> HotFunctions:
    """Read (path, shown name) profiles; a function hot in any of them is hot."""
    hot: dict[str, tuple[float, str]] = {}
    for path, shown in paths:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise ProfileError(f"{shown}: cannot read: {exc.strerror or exc}") from None
        try:
            found = shares(data)
        except ProfileError as exc:
            raise ProfileError(f"{shown}: {exc}") from None
        for key, (flat, cumulative) in found.items():
            share = max(flat, cumulative)
            if share >= threshold and share > hot.get(key, (-1.0, ""))[0]:
                hot[key] = (share, shown)
    return HotFunctions(dict(sorted(hot.items())), threshold)


def is_main_package(directory: str, files: Iterable[str]) -> bool:
    """Whether the package in `directory` is `package main` (its first readable non-test file)."""
    for name in files:
        if name.endswith("_test.go"):
            continue
        try:
            with open(os.path.join(directory, name), "rb") as fh:
                head = fh.read(64 << 10)
        except OSError:
            continue
        m = _PACKAGE.search(head)
        if m is not None:
            return m.group(1) == b"main"
    return False


def default_profiles(directories: Iterable[str]) -> list[str]:
    """The default.pgo files of the main packages among `directories`, sorted."""
    found: list[str] = []
    for d in directories:
        path = os.path.join(d, PROFILE_NAME)
        if os.path.isfile(path):
            try:
                names = sorted(n for n in os.listdir(d) if n.endswith(".go"))
            except OSError:
                continue
            if is_main_package(d, names):
                found.append(path)
    return sorted(found)


@cache
def _module(directory: str) -> tuple[str, str] | None:
    """(module root, module path) of the nearest go.mod at or above `directory`."""
    gomod = os.path.join(directory, "go.mod")
    if os.path.isfile(gomod):
        try:
            with open(gomod, "rb") as fh:
                m = _MODULE.search(fh.read())
        except OSError:
            m = None
        return (directory, m.group(1).decode("utf-8", "replace")) if m is not None else None
    parent = os.path.dirname(directory)
    return None if parent == directory else _module(parent)


def import_path(directory: str) -> str | None:
    """The import path of the package in `directory`, from the nearest go.mod."""
    found = _module(os.path.abspath(directory))
    if found is None:
        return None
    root, module = found
    rel = os.path.relpath(os.path.abspath(directory), root).replace(os.sep, "/")
    return module if rel == "." else f"{module}/{rel}"
