"""A content-hash cache of lint results, one entry per package, so an unchanged tree is not
linted again.

The key of an entry covers everything the package's findings depend on:
- the bytes of every file of the package, siblings included (the package index reads them), with
  their paths (findings and fingerprints carry paths) and whether each one is linted;
- golint-mem's version and a digest of its own installed source files and rule pages, so an
  edited rule in a development checkout never replays stale findings;
- the tree-sitter binding and grammar versions;
- the selected codes, their options, and the other settings that change results.

Entries are plain JSON, written atomically; one that cannot be read or does not have the
expected shape is ignored with a warning. A result with an error (an unreadable file, a timeout,
a rule crash) is never stored, so it is retried on the next run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from golint_mem.model import Diagnostic, Position, Problem, ProblemKind

if TYPE_CHECKING:
    from golint_mem.engine import LintFile, PackageResult, Settings

# Bumped when the entry format or the meaning of a key changes.
FORMAT = "1"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by golint-mem.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def default_dir() -> str:
    """$XDG_CACHE_HOME/golint-mem, or ~/.cache/golint-mem (XDG: a relative value is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "golint-mem")


def installation_digest() -> str:
    """A digest of golint-mem's own source files and rule pages, as installed.

    About 50 small files: reading them costs a few milliseconds, once per run.
    """
    from golint_mem import __version__, pages

    h = hashlib.sha256(f"golint-mem {__version__}\0".encode())
    package = os.path.dirname(os.path.abspath(__file__))
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__pycache__")))
        for name in sorted(filenames):
            if name.endswith((".py", ".md", ".scm")):
                path = os.path.join(dirpath, name)
                h.update(os.path.relpath(path, package).encode() + b"\0")
                with open(path, "rb") as fh:
                    h.update(fh.read())
    folder = pages.folder()
    if folder.is_dir():
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.endswith(".md") and item.is_file():
                h.update(b"page\0" + item.name.encode() + b"\0" + item.read_bytes())
    return h.hexdigest()


# Settings that cannot change what a package's result is (a timeout's result is never stored).
_NOT_IN_KEY = frozenset(("timeout", "debug"))


def settings_key(settings: Settings, grammar: str, installation: str) -> str:
    """The part of every key that is the same for the whole run: every Settings field but those
    above, so a field added later is covered without a change here."""
    parts = [FORMAT, installation, grammar]
    for f in dataclasses.fields(settings):
        if f.name not in _NOT_IN_KEY:
            value = getattr(settings, f.name)
            shown = sorted(value) if isinstance(value, frozenset | set) else value
            parts.append(f"{f.name}={shown!r}")
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(slots=True)
class Cache:
    """A cache folder, as the runner and its workers use it; picklable."""

    folder: str  # <cache dir>/v<FORMAT>
    run_key: str
    writable: bool = True
    warnings: list[str] = field(default_factory=list)
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, directory: str, settings: Settings) -> Cache:
        """The cache under `directory`; when it cannot be created, one warning and no writes."""
        from golint_mem import treesitter

        cache = cls(
            os.path.join(directory, f"v{FORMAT}"),
            settings_key(settings, treesitter.grammar_version(), installation_digest()),
        )
        try:
            os.makedirs(cache.folder, exist_ok=True)
            tag = os.path.join(directory, "CACHEDIR.TAG")
            if not os.path.exists(tag):
                _write_atomic(tag, _TAG.encode())
        except OSError as exc:
            cache.writable = False
            cache.warn(f"cannot write the cache in {directory}: {exc.strerror or exc}")
        return cache

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def key(self, files: Sequence[LintFile], context: str = "") -> str:
        """The key of a package whose files all carry their bytes; `context` is anything else
        its result depends on (the import path go.mod gives it, when a profile is in use)."""
        h = hashlib.sha256(f"{self.run_key}\0{context}".encode("utf-8", "surrogateescape"))
        for f in files:
            assert f.data is not None
            h.update(f"\0{f.path}\0{f.display}\0{int(f.lint)}\0".encode("utf-8", "surrogateescape"))
            h.update(hashlib.sha256(f.data).digest())
        return h.hexdigest()

    def _path(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], key[2:] + ".json")

    def load(self, key: str) -> PackageResult | None:
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as exc:
            self.warn(f"ignoring unreadable cache entry {path}: {exc.strerror or exc}")
            self.misses += 1
            return None
        try:
            result = decode(json.loads(raw))
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            self.warn(f"ignoring corrupt cache entry {path}: {exc}")
            self.misses += 1
            return None
        self.hits += 1
        return result

    def store(self, key: str, result: PackageResult) -> None:
        if not self.writable or any(p.kind is ProblemKind.ERROR for p in result.problems):
            return
        path = self._path(key)
        data = json.dumps(encode(result), separators=(",", ":")).encode()
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            _write_atomic(path, data)
        except OSError as exc:
            self.writable = False
            self.warn(f"cannot write the cache in {self.folder}: {exc.strerror or exc}")


def _write_atomic(path: str, data: bytes) -> None:
    """Readers see the old entry or the new one, never half of one (workers write concurrently)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# -- entries as plain JSON ---------------------------------------------------------------------
# A Diagnostic or Problem is stored as the list of its fields in declaration order, so a field
# added to the model is stored without a change here (and the installation digest changes).


def encode(result: PackageResult) -> dict[str, object]:
    return {
        "files": result.files,
        "diagnostics": [_row(d) for d in result.diagnostics],
        "problems": [_row(p) for p in result.problems],
    }


def decode(raw: object) -> PackageResult:
    """The stored result; ValueError (or TypeError, KeyError) when it is not what encode wrote."""
    from golint_mem.engine import PackageResult

    if not isinstance(raw, dict):
        raise ValueError("not an object")
    return PackageResult(
        diagnostics=[_unrow(Diagnostic, row) for row in _list(raw["diagnostics"])],
        problems=[_unrow(Problem, row) for row in _list(raw["problems"])],
        files=_int(raw["files"]),
    )


def _row(obj: Diagnostic | Problem) -> list[object]:
    return [_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)]


def _plain(v: object) -> object:
    if isinstance(v, Position):
        return [v.line, v.column, v.column16]
    if isinstance(v, Enum):
        return v.value
    if v is None or isinstance(v, str | int):
        return v
    raise TypeError(f"the cache cannot store a {type(v).__name__}")


_T = TypeVar("_T", Diagnostic, Problem)


def _unrow(cls: type[_T], row: object) -> _T:
    values = _list(row)
    hints = _hints(cls)
    if len(values) != len(hints):
        raise ValueError(f"{cls.__name__} with {len(values)} fields, expected {len(hints)}")
    args: list[Any] = [_typed(h, v) for h, v in zip(hints, values, strict=True)]
    return cls(*args)


_HINTS: dict[type, tuple[object, ...]] = {}  # the field types of a model class, resolved once


def _hints(cls: type) -> tuple[object, ...]:
    found = _HINTS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _HINTS[cls] = tuple(hints[f.name] for f in dataclasses.fields(cls))
    return found


def _typed(hint: object, v: object) -> object:
    if hint is str:
        return _str(v)
    if hint is int:
        return _int(v)
    if hint is Position:
        line, column, column16 = _list(v)
        return Position(_int(line), _int(column), _int(column16))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(_str(v))
    args = typing.get_args(hint)
    if type(None) in args and len(args) == 2:
        return None if v is None else _typed(next(a for a in args if a is not type(None)), v)
    raise TypeError(f"the cache cannot read a field of type {hint}")


def _list(x: object) -> list[object]:
    if not isinstance(x, list):
        raise ValueError(f"expected a list, found {type(x).__name__}")
    return x


def _str(x: object) -> str:
    if not isinstance(x, str):
        raise ValueError(f"expected a string, found {type(x).__name__}")
    return x


def _int(x: object) -> int:
    if not isinstance(x, int) or isinstance(x, bool):
        raise ValueError(f"expected an integer, found {type(x).__name__}")
    return x
