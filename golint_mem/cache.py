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
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from golint_mem.model import Diagnostic, Position, Problem, ProblemKind, Severity

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


def settings_key(settings: Settings, grammar: str, installation: str) -> str:
    """The part of every key that is the same for the whole run."""
    parts = (
        FORMAT,
        installation,
        grammar,
        ",".join(sorted(settings.selected)),
        repr(settings.options),
        repr(settings.include_generated),
        repr(settings.max_bytes),
        settings.root,
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


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

    def key(self, files: Sequence[LintFile]) -> str:
        """The key of a package whose files all carry their bytes."""
        h = hashlib.sha256(self.run_key.encode())
        for f in files:
            assert f.data is not None
            h.update(f"\0{f.path}\0{f.display}\0{int(f.lint)}\0".encode())
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


def encode(result: PackageResult) -> dict[str, object]:
    return {
        "files": result.files,
        "diagnostics": [
            [
                d.path,
                d.code,
                d.name,
                str(d.severity),
                d.message,
                [d.start.line, d.start.column, d.start.column16],
                [d.end.line, d.end.column, d.end.column16],
                d.offset,
                d.line_text,
                d.fingerprint,
                d.suppressed,
            ]
            for d in result.diagnostics
        ],
        "problems": [[p.path, p.message, str(p.kind), p.line] for p in result.problems],
    }


def decode(raw: object) -> PackageResult:
    """The stored result; ValueError (or TypeError, KeyError) when it is not what encode wrote."""
    from golint_mem.engine import PackageResult

    if not isinstance(raw, dict):
        raise ValueError("not an object")
    result = PackageResult(files=_int(raw["files"]))
    for row in _list(raw["diagnostics"]):
        (path, code, name, sev, message, start, end, offset, text, fp, sup) = _list(row)
        result.diagnostics.append(
            Diagnostic(
                path=_str(path),
                code=_str(code),
                name=_str(name),
                severity=Severity(_str(sev)),
                message=_str(message),
                start=_position(start),
                end=_position(end),
                offset=_int(offset),
                line_text=_str(text),
                fingerprint=_str(fp),
                suppressed=None if sup is None else _str(sup),
            )
        )
    for row in _list(raw["problems"]):
        path, message, kind, line = _list(row)
        result.problems.append(
            Problem(_str(path), _str(message), ProblemKind(_str(kind)), _int(line))
        )
    return result


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


def _position(x: object) -> Position:
    line, column, column16 = _list(x)
    return Position(_int(line), _int(column), _int(column16))
