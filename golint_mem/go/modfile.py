"""go.mod and go.work files, read the way golang.org/x/mod/modfile reads them.

The lexer and the line/block grammar follow modfile's read.go; the directives and their checks
follow rule.go (go.mod) and work.go (go.work). Positions in errors are 1-based lines, and a column
only where the lexer stopped inside a line, as modfile prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from golint_mem.go.semver import canonical_version

_GO_VERSION = re.compile(r"^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$")
_TOOLCHAIN = re.compile(r"^default$|^go1($|\.)")
_IDENT_STOP = frozenset(" ()[]{},")
_PUNCT = frozenset("\n()[]{},")
# A run of identifier characters, as isIdent: no space, bracket or comma, no `//` or `/*`.
_IDENT_RUN = re.compile(r"(?:[^\s()\[\]{},/]|/(?![/*]))+")
_GOMOD_BLOCKS = frozenset(("module", "godebug", "require", "exclude", "replace", "retract"))
_GOMOD_BLOCKS |= {"tool", "ignore"}
_GOWORK_BLOCKS = frozenset(("use", "replace", "godebug"))


@dataclass(frozen=True, slots=True)
class Problem:
    filename: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        if self.col > 1:
            return f"{self.filename}:{self.line}:{self.col}: {self.message}"
        return f"{self.filename}:{self.line}: {self.message}"


class ModFileError(ValueError):
    """A go.mod or go.work file that Go would reject; str() is its first problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


class _Token(NamedTuple):
    kind: str  # "ident", "string", "comment" (whole line), "eol" (suffix comment), "eof", or
    # the punctuation character itself, "\n" included
    text: str
    line: int
    col: int


class _Stop(Exception):
    """A lexer or grammar error: modfile stops at the first one."""


def _lex(text: str, filename: str) -> Iterator[_Token]:
    i, line, col, n = 0, 1, 1, len(text)
    while True:
        while i < n and text[i] in " \t\r":
            i, col = i + 1, col + 1
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            start = text.rfind("\n", 0, i) + 1
            kind = "eol" if text[start:i].strip() else "comment"
            yield _Token(kind, text[i:end].rstrip("\r"), line, col)
            i, line, col = end + 1, line + 1, 1  # the comment takes its newline
            continue
        if text.startswith("/*", i):
            raise _Stop(_problem(filename, line, col, "mod files must use // comments"))
        if i >= n:
            yield _Token("eof", "", line, col)
            return
        c = text[i]
        if c in _PUNCT:
            yield _Token(c, c, line, col)
            i += 1
            line, col = (line + 1, 1) if c == "\n" else (line, col + 1)
            continue
        j = i
        if c in '"`':
            j += 1
            while True:
                if j >= n:
                    raise _Stop(_problem(filename, line, col, "unexpected EOF in string"))
                if text[j] == "\n":
                    raise _Stop(_problem(filename, line, col, "unexpected newline in string"))
                if text[j] == c:
                    j += 1
                    break
                j += 2 if text[j] == "\\" and c == '"' else 1
            yield _Token("string", text[i:j], line, col)
        else:
            m = _IDENT_RUN.match(text, i)
            j = m.end() if m else i
            while j < n and _is_ident(text[j]) and not text.startswith(("//", "/*"), j):
                j += 1  # the rare characters the expression leaves to the slow check
            if j > i and not text[i:j].isprintable():
                j = i + next(k for k, ch in enumerate(text[i:j]) if not ch.isprintable())
            if j == i:
                raise _Stop(_problem(filename, line, col, f"unexpected input character {c!r}"))
            if text.startswith("/*", j):
                raise _Stop(_problem(filename, line, col, "mod files must use // comments"))
            yield _Token("ident", text[i:j], line, col)
        col += j - i
        i = j


def _is_ident(c: str) -> bool:
    return c not in _IDENT_STOP and not c.isspace() and c.isprintable()


def _problem(filename: str, line: int, col: int, message: str) -> Problem:
    return Problem(filename, line, col, message)


@dataclass(frozen=True, slots=True)
class _Line:
    block: str  # the block's verb ("" outside a block); then `tokens` hold only the arguments
    tokens: tuple[str, ...]  # () for the line that opens a block
    line: int
    col: int
    comment: str  # the suffix comment ending this line


def _eol(kind: str) -> bool:
    return kind in ("\n", "eol", "eof")


def _lines(text: str, filename: str) -> list[_Line]:
    """Lines and blocks (`verb (` ... `)`), the grammar of parseStmt and parseLineBlock."""
    toks = list(_lex(text, filename))
    out: list[_Line] = []
    block: _Line | None = None
    i = 0
    while toks[i].kind != "eof":
        tok = toks[i]
        if tok.kind in ("\n", "comment", "eol"):
            i += 1
            continue
        if tok.kind == ")" and block is not None:
            nxt = toks[i + 1]
            if not _eol(nxt.kind):
                msg = "syntax error (expected newline after closing paren)"
                raise _Stop(_problem(filename, nxt.line, nxt.col, msg))
            block = None
            i += 1
            continue
        words, i = [tok.text], i + 1
        while not _eol(toks[i].kind):
            if toks[i].kind == "(" and block is None:
                after = toks[i + 1].kind
                if _eol(after) or (after == ")" and _eol(toks[i + 2].kind)):
                    block = _Line(" ".join(words), (), tok.line, tok.col, "")
                    out.append(block)
                    if after == ")":  # `verb ()`: an empty block
                        block, i = None, i + 2
                    else:
                        i += 1
                    words = []
                    break
            words.append(toks[i].text)
            i += 1
        if words:
            comment = toks[i].text if toks[i].kind == "eol" else ""
            verb = block.block if block is not None else ""
            out.append(_Line(verb, tuple(words), tok.line, tok.col, comment))
    if block is not None:
        end = toks[i]
        msg = f"syntax error (unterminated block started at {filename}:{block.line}:{block.col})"
        raise _Stop(_problem(filename, end.line, end.col, msg))
    return out


def _statements(text: str, filename: str, blocks: frozenset[str]) -> Iterator[_Line | Problem]:
    """Lines with the verb first: `require ( a v1 )` gives the line `require a v1`."""
    try:
        lines = _lines(text, filename)
    except _Stop as e:
        yield e.args[0]
        return
    for ln in lines:
        if not ln.block:
            yield ln
        elif " " in ln.block or ln.block not in blocks:
            if not ln.tokens:  # the block's own opening line
                yield _problem(filename, ln.line, ln.col, f"unknown block type: {ln.block}")
        elif ln.tokens:
            yield _Line("", (ln.block, *ln.tokens), ln.line, ln.col, ln.comment)


_ESCAPE = re.compile(
    r'\\(x[0-9a-fA-F]{2}|[0-7]{3}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[abfnrtv\\"])|\\'
)
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _unescape(m: re.Match[str]) -> str:
    e = m.group(1)
    if e is None:
        raise ValueError("invalid syntax")
    if e[0] in "xuU":
        return chr(int(e[1:], 16))
    if e[0].isdigit():
        return chr(int(e, 8))
    return _SIMPLE.get(e, e)


def unquote(word: str) -> str:
    """A module path or version as modfile's parseString reads it; ValueError if malformed."""
    if word.startswith('"'):
        if len(word) < 2 or not word.endswith('"'):
            raise ValueError(f"invalid quoted string: {word}")
        try:
            return _ESCAPE.sub(_unescape, word[1:-1])
        except ValueError:
            raise ValueError(f"invalid quoted string: {word}") from None
    if '"' in word or "'" in word or "`" in word:
        raise ValueError("unquoted string cannot contain quote")
    return word


def is_directory_path(path: str) -> bool:
    """modfile.IsDirectoryPath: a replacement that names a local directory, on any system."""
    return (
        path in (".", "..")
        or path.startswith(("./", ".\\", "../", "..\\", "/", "\\"))
        or (len(path) >= 2 and path[0].isascii() and path[0].isalpha() and path[1] == ":")
    )


@dataclass(frozen=True, slots=True)
class Require:
    path: str
    version: str
    indirect: bool = False


@dataclass(frozen=True, slots=True)
class Replace:
    old_path: str
    old_version: str  # "" replaces every version
    new_path: str  # a module path, or a directory relative to the file that says it
    new_version: str  # "" when new_path is a directory

    @property
    def local(self) -> bool:
        return not self.new_version


@dataclass(frozen=True, slots=True)
class GoMod:
    filename: str
    module: str  # "" when the file has no module line (a module boundary all the same)
    go: str = ""  # "" when the file has no go line (Go then assumes 1.16)
    toolchain: str = ""
    require: tuple[Require, ...] = ()
    exclude: tuple[Require, ...] = ()
    replace: tuple[Replace, ...] = ()


@dataclass(frozen=True, slots=True)
class GoWork:
    filename: str
    go: str = ""
    toolchain: str = ""
    use: tuple[str, ...] = ()  # directories relative to the go.work file, as written
    replace: tuple[Replace, ...] = ()


def _text(data: str | bytes) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


class _Reader:
    """Shared checks of the directives go.mod and go.work have in common."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.go = self.toolchain = ""
        self.replace: list[Replace] = []

    def error(self, ln: _Line, message: str) -> None:
        self.problems.append(_problem(self.filename, ln.line, ln.col, message))

    def string(self, ln: _Line, word: str) -> str | None:
        try:
            return unquote(word)
        except ValueError as e:
            self.error(ln, str(e))
            return None

    def version(self, ln: _Line, verb: str, path: str, word: str) -> str | None:
        v = self.string(ln, word)
        if v is None:
            return None
        c = canonical_version(v)
        if not c:
            self.error(ln, f"{verb} {path}: invalid version {v!r}: must be of the form v1.2.3")
            return None
        return c

    def common(self, ln: _Line, verb: str, args: tuple[str, ...]) -> bool:
        """True when `verb` is go, toolchain or replace (then handled here)."""
        if verb == "go":
            if self.go:
                self.error(ln, "repeated go statement")
            elif len(args) != 1:
                self.error(ln, "go directive expects exactly one argument")
            elif not _GO_VERSION.match(args[0]):
                self.error(ln, f"invalid go version '{args[0]}': must match format 1.23.0")
            else:
                self.go = args[0]
        elif verb == "toolchain":
            if self.toolchain:
                self.error(ln, "repeated toolchain statement")
            elif len(args) != 1:
                self.error(ln, "toolchain directive expects exactly one argument")
            elif not _TOOLCHAIN.match(args[0]):
                msg = (
                    f"invalid toolchain version '{args[0]}': must match format go1.23.0 or default"
                )
                self.error(ln, msg)
            else:
                self.toolchain = args[0]
        elif verb == "replace":
            self.parse_replace(ln, args)
        else:
            return False
        return True

    def parse_replace(self, ln: _Line, args: tuple[str, ...]) -> None:
        arrow = 1 if len(args) >= 2 and args[1] == "=>" else 2
        if len(args) < arrow + 2 or len(args) > arrow + 3 or args[arrow] != "=>":
            usage = "usage: replace module/path [v1.2.3] => other/module v1.4"
            self.error(ln, f"{usage}\n\t or replace module/path [v1.2.3] => ../local/directory")
            return
        old = self.string(ln, args[0])
        new = self.string(ln, args[arrow + 1])
        if old is None or new is None:
            return
        old_v = self.version(ln, "replace", old, args[1]) if arrow == 2 else ""
        new_v = ""
        if len(args) == arrow + 2 and not is_directory_path(new):
            if "@" in new:
                self.error(ln, "replacement module must match format 'path version'")
            else:
                self.error(ln, "replacement module without version must be directory path")
            return
        if len(args) == arrow + 3:
            if is_directory_path(new):
                self.error(ln, f"replacement module directory path {new!r} cannot have version")
                return
            new_v = self.version(ln, "replace", new, args[arrow + 2]) or ""
        if old_v is not None and (new_v or len(args) == arrow + 2):
            self.replace.append(Replace(old, old_v, new, new_v))

    def done(self) -> None:
        if self.problems:
            raise ModFileError(self.problems)


def _indirect(comment: str) -> bool:
    words = comment.removeprefix("//").split()
    return words == ["indirect"] or (len(words) > 1 and words[0] == "indirect;")


def parse_gomod(data: str | bytes, filename: str = "go.mod", *, strict: bool = True) -> GoMod:
    """Parse a go.mod file; ModFileError names the file and line of what Go would reject.

    `strict=False` reads a dependency's go.mod as modfile.ParseLax does: only module, go and
    require count, and directives unknown to this version are ignored.
    """
    r = _Reader(filename)
    module = ""
    require: list[Require] = []
    exclude: list[Require] = []
    for ln in _statements(_text(data), filename, _GOMOD_BLOCKS):
        if isinstance(ln, Problem):
            r.problems.append(ln)
            continue
        verb, args = ln.tokens[0], ln.tokens[1:]
        if not strict and verb not in ("go", "module", "require", "retract"):
            continue
        if verb == "module":
            if module:
                r.error(ln, "repeated module statement")
            elif len(args) != 1:
                r.error(ln, "usage: module module/path")
            else:
                module = r.string(ln, args[0]) or ""
        elif verb in ("require", "exclude"):
            if len(args) != 2:
                r.error(ln, f"usage: {verb} module/path v1.2.3")
                continue
            path = r.string(ln, args[0])
            version = r.version(ln, verb, path or args[0], args[1])
            if path is not None and version is not None:
                into = require if verb == "require" else exclude
                into.append(Require(path, version, verb == "require" and _indirect(ln.comment)))
        elif verb in ("retract", "godebug", "tool", "ignore"):
            pass  # nothing here depends on them
        elif not r.common(ln, verb, args):
            r.error(ln, f"unknown directive: {verb}")
    r.done()
    return GoMod(filename, module, r.go, r.toolchain, (*require,), (*exclude,), (*r.replace,))


def parse_gowork(data: str | bytes, filename: str = "go.work") -> GoWork:
    """Parse a go.work file (modfile.ParseWork); ModFileError names the file and line."""
    r = _Reader(filename)
    use: list[str] = []
    for ln in _statements(_text(data), filename, _GOWORK_BLOCKS):
        if isinstance(ln, Problem):
            r.problems.append(ln)
            continue
        verb, args = ln.tokens[0], ln.tokens[1:]
        if verb == "use":
            if len(args) != 1:
                r.error(ln, "usage: use local/dir")
            elif (path := r.string(ln, args[0])) is not None:
                use.append(path)
        elif verb == "godebug":
            pass
        elif not r.common(ln, verb, args):
            r.error(ln, f"unknown directive: {verb}")
    r.done()
    return GoWork(filename, r.go, r.toolchain, (*use,), (*r.replace,))
