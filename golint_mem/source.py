"""A Go source file's bytes, and the mapping from byte offsets to lines and columns."""

from __future__ import annotations

import bisect
import re

from golint_mem.model import Position

BOM = b"\xef\xbb\xbf"
_NEWLINE = re.compile(rb"\n")


class SourceDecodeError(ValueError):
    """The file is not valid UTF-8; `offset` is where decoding failed."""

    def __init__(self, offset: int, line: int) -> None:
        super().__init__(f"not valid UTF-8 (line {line}, byte {offset})")
        self.offset = offset
        self.line = line


class SourceFile:
    """The bytes of one file, a leading UTF-8 byte order mark removed.

    Offsets everywhere are into `data`; line and column numbers are computed only when asked for.
    """

    __slots__ = ("_line_starts", "data", "path")

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.data = data[len(BOM) :] if data.startswith(BOM) else data
        self._line_starts: list[int] | None = None

    @classmethod
    def decoded(cls, path: str, data: bytes) -> SourceFile:
        """Like the constructor, but raise SourceDecodeError when the bytes are not UTF-8."""
        src = cls(path, data)
        try:
            src.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceDecodeError(exc.start, src.data.count(b"\n", 0, exc.start) + 1) from None
        return src

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.data)]
        return self._line_starts

    def line_of(self, offset: int) -> int:
        """The 1-based line holding `offset`."""
        return bisect.bisect_right(self.line_starts, offset)

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self.data)
        raw = self.data[starts[line - 1] : end].rstrip(b"\r\n")
        return raw.decode("utf-8", "replace")

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.data)))
        line = self.line_of(offset)
        start = self.line_starts[line - 1]
        prefix = self.data[start:offset].decode("utf-8", "replace")
        units16 = len(prefix) + sum(1 for ch in prefix if ord(ch) > 0xFFFF)
        return Position(line=line, column=offset - start + 1, column16=units16 + 1)

    def text(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8", "replace")
