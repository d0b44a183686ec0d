"""Where the reports of a run go: one or several formats, each to standard output or a file.

`--format F -o PATH` names one report; `--output-format F[:PATH]`, repeated, names more (each
spelled as one item of golangci-lint's `--out-format sarif:out.sarif,text`). Standard output
takes at most one.

A file is written whole or not at all: the report goes to a temporary file in the target's
directory, created before linting starts (so an unwritable path fails the run at once), and is
renamed over the target only when complete, with the target's mode and owner, or the mode a new
file gets. A run killed while writing, or a full disk, leaves the previous report as it was. A
target that is not a regular file (/dev/null, a FIFO, /dev/stdout) is written in place.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

STDOUT = "-"


class OutputError(Exception):
    """A report that cannot be named or written; str() is one line."""


@dataclass(frozen=True, slots=True)
class Output:
    fmt: str
    path: str | None  # None: standard output
    shown: str  # as the user wrote it, for messages


def parse(spec: str, formats: Sequence[str]) -> Output:
    """`sarif:out.sarif`, `text` or `json:-` (standard output) as an Output."""
    fmt, colon, path = spec.partition(":")
    if fmt not in formats:
        raise OutputError(
            f"--output-format: unknown format {fmt!r} in {spec!r} (choose from "
            f"{', '.join(formats)})"
        )
    if colon and not path:
        raise OutputError(f"--output-format: no file after ':' in {spec!r} (use {fmt}:-)")
    return Output(fmt, None if not colon or path == STDOUT else path, spec)


def plan(
    fmt: str | None, output: str | None, specs: Sequence[str], formats: Sequence[str]
) -> list[Output]:
    """Every report the command line asks for. `--format`/`-o` make one, and the only one (text
    on standard output) when neither they nor `--output-format` are given."""
    outputs = [parse(s, formats) for s in specs]
    if fmt is not None or output is not None or not outputs:
        path = None if output in (None, STDOUT) else output
        shown = f"--format {fmt or 'text'}" + (f" -o {output}" if output else "")
        outputs.insert(0, Output(fmt or "text", path, shown))
    on_stdout = [o.shown for o in outputs if o.path is None]
    if len(on_stdout) > 1:
        raise OutputError(f"two reports to standard output: {' and '.join(on_stdout)}")
    seen: dict[str, str] = {}
    for o in outputs:
        if o.path is None:
            continue
        key = os.path.realpath(o.path)
        if key in seen:
            raise OutputError(f"two reports to the same file {o.path}: {seen[key]} and {o.shown}")
        seen[key] = o.shown
    return outputs


@dataclass(slots=True)
class _Pending:
    """A file report: its target and, for a regular file, the temporary file beside it."""

    output: Output
    target: str  # symlinks resolved: the link stays, the file it points to is replaced
    temp: str | None = None
    fd: int = -1
    mode: int = 0o644
    owner: tuple[int, int] | None = None


@dataclass(slots=True)
class Destinations:
    outputs: list[Output]
    pending: dict[Output, _Pending] = field(default_factory=dict)

    def open(self, output: Output) -> _Pending:
        assert output.path is not None
        target = os.path.realpath(output.path)
        pending = _Pending(output, target)
        try:
            st: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise _cannot(output.path, exc) from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise OutputError(f"cannot write {output.path}: Is a directory")
        if st is not None and not stat.S_ISREG(st.st_mode):
            return pending  # a device or a FIFO: written in place, at the end
        folder, name = os.path.split(target)
        try:
            pending.fd, pending.temp = tempfile.mkstemp(
                prefix=f".{name}.", suffix=".tmp", dir=folder
            )
        except OSError as exc:
            raise _cannot(output.path, exc) from None
        if st is not None:
            pending.mode = stat.S_IMODE(st.st_mode)
            pending.owner = (st.st_uid, st.st_gid)
        else:
            pending.mode = 0o666 & ~_umask()
        return pending

    def stream(self, output: Output) -> contextlib.AbstractContextManager[TextIO]:
        """The file to render `output` into; closed (and renamed into place) on leaving."""
        return _committing(self.pending[output])

    def discard(self) -> None:
        for p in self.pending.values():
            if p.fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(p.fd)
                p.fd = -1
            if p.temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(p.temp)
                p.temp = None


@contextlib.contextmanager
def opened(outputs: list[Output]) -> Iterator[Destinations]:
    """Create the temporary files of the file reports now; remove what was not committed when
    the block ends, however it ends."""
    dests = Destinations(outputs)
    try:
        for o in outputs:
            if o.path is not None:
                dests.pending[o] = dests.open(o)
        yield dests
    finally:
        dests.discard()


@contextlib.contextmanager
def _committing(p: _Pending) -> Iterator[TextIO]:
    path = p.output.path
    assert path is not None
    try:
        if p.temp is None:  # not a regular file: in place
            with open(
                p.target, "w", encoding="utf-8", errors="surrogateescape", newline="\n"
            ) as out:
                yield out
            return
        with open(p.fd, "w", encoding="utf-8", errors="surrogateescape", newline="\n") as out:
            p.fd = -1  # the file object owns it now
            yield out
            out.flush()
            os.fsync(out.fileno())
            if p.owner is not None:
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(out.fileno(), *p.owner)
            os.fchmod(out.fileno(), p.mode)
        os.replace(p.temp, p.target)
        p.temp = None
    except OSError as exc:
        raise _cannot(path, exc) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _cannot(path: str, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")
