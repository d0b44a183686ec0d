"""Go package patterns (`./...`, `dir/...`, `dir`, `file.go`) to the packages and files to lint.

Patterns are filesystem paths read the way the go command reads them; import paths are not
resolved (there is no Go toolchain) and `-` (standard input) belongs to the CLI.

- `dir/...` walks dir, skipping directories named `.*`, `_*`, `testdata` and `vendor` below it;
  `dir` alone means the .go files directly in it; `file.go` means that file, its package being
  its directory, with the other files there as unlinted siblings for the package index.
- Files named `.*` or `_*` do not exist for the go command, so neither for us.
- A symlinked directory is followed when it resolves inside the pattern's root (or always, with
  follow_symlinks), and never twice; symlinked files are ordinary files.

Problems about a pattern carry the pattern as their path; about a directory, its display path.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from golint_mem.model import Problem, ProblemKind

_RECURSIVE_SUFFIXES = ("/...", os.sep + "...")


@dataclass(frozen=True, slots=True)
class GoFile:
    path: str  # absolute, normalised with os.path.abspath; symlinks not resolved
    display: str  # relative to cwd, '/'-separated
    lint: bool  # False: only a sibling feeding the package index


@dataclass(frozen=True, slots=True)
class Package:
    dir: str  # absolute
    files: tuple[GoFile, ...]  # every .go file directly in dir, sorted by display


@dataclass(slots=True)
class Discovery:
    packages: list[Package] = field(default_factory=list)  # sorted by display path of dir
    problems: list[Problem] = field(default_factory=list)


def display_path(path: str, cwd: str) -> str:
    """`path` relative to `cwd` with '/' separators; absolute when there is no relative path."""
    try:
        shown = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        shown = os.path.abspath(path)
    return shown.replace(os.sep, "/") if os.sep != "/" else shown


def discover(
    patterns: Sequence[str],
    *,
    cwd: str,
    tests: bool = True,
    exclude: Callable[[str], bool] | None = None,
    follow_symlinks: bool = False,
    force_exclude: bool = False,
) -> Discovery:
    """Expand `patterns` into packages, as the module docstring says.

    `exclude` receives absolute paths: a file's, or a directory's followed by '/'. An excluded
    file is kept as a sibling with lint=False; an excluded directory is not entered.
    Packages without a single file to lint are left out. With `force_exclude`, a file named
    as a pattern is skipped, without a notice, where `./...` would skip it: below a directory
    named testdata, vendor, .* or _* (from cwd on), or excluded.
    """
    if "-" in patterns:
        raise ValueError("'-' (standard input) is handled by the caller, not by discover()")
    walker = _Walker(os.path.abspath(cwd), tests, exclude, follow_symlinks, force_exclude)
    for pattern in patterns:
        walker.expand(pattern)
    return walker.result()


def _reason(err: OSError) -> str:
    text = err.strerror or os.strerror(err.errno or errno.EIO)
    return text[:1].lower() + text[1:]  # Go style: "permission denied"


def _skipped_below(directory: str, cwd: str) -> bool:
    """Whether a walk from cwd (or from the nearest common folder) would skip `directory`."""
    try:
        rel = os.path.relpath(directory, cwd)
    except ValueError:  # another drive
        return False
    parts = [p for p in rel.split(os.sep) if p not in (os.curdir, os.pardir)]
    return any(p in ("testdata", "vendor") or p.startswith((".", "_")) for p in parts)


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@dataclass(slots=True)
class _Listing:
    go_files: list[str]  # names
    subdirs: list[tuple[str, bool]]  # (name, is a symlink)


class _Walker:
    def __init__(
        self,
        cwd: str,
        tests: bool,
        exclude: Callable[[str], bool] | None,
        follow_symlinks: bool,
        force_exclude: bool = False,
    ) -> None:
        self.cwd = cwd
        self.tests = tests
        self.exclude = exclude
        self.follow_symlinks = follow_symlinks
        self.force_exclude = force_exclude
        self.dirs: dict[str, dict[str, bool]] = {}  # dir -> file path -> lint
        self.problems: list[Problem] = []
        # Several patterns may list the same directory: read it once, report it once.
        self.listings: dict[str, _Listing | None] = {}

    def problem(self, path: str, message: str, kind: ProblemKind = ProblemKind.ERROR) -> None:
        self.problems.append(Problem(path=path, message=message, kind=kind))

    def expand(self, pattern: str) -> None:
        if not pattern:
            self.problem('""', "empty pattern")
            return
        recursive = pattern == "..." or pattern.endswith(_RECURSIVE_SUFFIXES)
        base = pattern[:-3] if recursive else pattern
        if "..." in base:
            self.problem(pattern, "'...' is supported only as the last element of a pattern")
            return
        path = os.path.abspath(os.path.join(self.cwd, base or "."))
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            self.problem(pattern, _reason(err))
            return
        if stat.S_ISDIR(mode):
            found, linted = self.walk(path) if recursive else self.add_dir(path)
        elif recursive:
            self.problem(pattern, "not a directory")
            return
        elif stat.S_ISREG(mode) and path.endswith(".go"):
            self.add_named_file(path)
            return
        else:
            self.problem(pattern, "not a directory or a .go file")
            return
        if not linted and self.listings[path] is not None:  # else already reported as unreadable
            why = f" to lint (all {found} are tests or excluded)" if found else ""
            self.problem(pattern, f"matched no Go files{why}")

    def listing(self, path: str) -> _Listing | None:
        """One scandir of `path`, cached; None (and a problem) when it cannot be read."""
        if path in self.listings:
            return self.listings[path]
        found = _Listing([], [])
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith((".", "_")):  # ignored by the go command
                        continue
                    try:
                        if name.endswith(".go") and entry.is_file():
                            found.go_files.append(name)
                        elif entry.is_dir():  # a directory named x.go is a directory
                            found.subdirs.append((name, entry.is_symlink()))
                    except OSError:
                        continue  # vanished meanwhile: nothing to lint
        except OSError as err:
            self.problem(display_path(path, self.cwd), f"cannot read directory: {_reason(err)}")
            self.listings[path] = None
            return None
        # scandir order is the filesystem's: sorted, the walk (which link wins, the order of
        # problems) does not depend on it.
        found.subdirs.sort()
        self.listings[path] = found
        return found

    def lintable(self, path: str) -> bool:
        if not self.tests and path.endswith("_test.go"):
            return False
        return self.exclude is None or not self.exclude(path)

    def record(self, directory: str, path: str, lint: bool) -> None:
        files = self.dirs.setdefault(directory, {})
        files[path] = files.get(path, False) or lint

    def add_dir(self, directory: str) -> tuple[int, int]:
        """Record the .go files in `directory`; return how many were found and how many lint."""
        listing = self.listing(directory)
        if listing is None:
            return 0, 0
        linted = 0
        for name in listing.go_files:
            path = os.path.join(directory, name)
            lint = self.lintable(path)
            linted += lint
            self.record(directory, path, lint)
        return len(listing.go_files), linted

    def add_named_file(self, path: str) -> None:
        directory, name = os.path.split(path)
        shown = display_path(path, self.cwd)
        if name.startswith((".", "_")):
            self.problem(shown, "ignored, like every file named .* or _*", ProblemKind.NOTICE)
            return
        if self.force_exclude and (_skipped_below(directory, self.cwd) or not self.lintable(path)):
            return
        listing = self.listing(directory)
        for sibling in listing.go_files if listing else ():
            self.record(directory, os.path.join(directory, sibling), False)
        lint = self.lintable(path)
        self.record(directory, path, lint)
        if not lint:
            # A notice, not an error: pre-commit passes excluded files by name.
            why = "a test file" if not self.tests and name.endswith("_test.go") else "excluded"
            self.problem(shown, f"not linted: {why}", ProblemKind.NOTICE)

    def walk(self, root: str) -> tuple[int, int]:
        root_real = os.path.realpath(root)
        visited = {root_real}
        # Symlinked directories wait until every real directory has been seen, so a directory
        # reachable both ways is listed under its real path, whatever the names sort to.
        pending: list[tuple[str, str]] = [(root, root_real)]
        symlinked: list[str] = []
        found = linted = 0
        while pending or symlinked:
            if not pending:
                symlinked.sort(reverse=True)
                link = symlinked.pop()
                real = os.path.realpath(link)
                if real in visited:
                    continue
                if not self.follow_symlinks and not _within(real, root_real):
                    continue
                visited.add(real)
                pending.append((link, real))
            directory, real = pending.pop()
            counts = self.add_dir(directory)
            found += counts[0]
            linted += counts[1]
            listing = self.listings[directory]
            # Pushed largest first, so the stack pops them in sorted order.
            for name, is_link in reversed(listing.subdirs) if listing else ():
                if name in ("testdata", "vendor"):
                    continue
                sub = os.path.join(directory, name)
                if self.exclude is not None and self.exclude(sub + "/"):
                    continue
                if is_link:
                    symlinked.append(sub)
                elif (sub_real := os.path.join(real, name)) not in visited:
                    visited.add(sub_real)
                    pending.append((sub, sub_real))
        return found, linted

    def result(self) -> Discovery:
        packages = []
        for directory, files in self.dirs.items():
            if not any(files.values()):
                continue
            gofiles = [GoFile(p, display_path(p, self.cwd), lint) for p, lint in files.items()]
            gofiles.sort(key=lambda f: f.display)
            packages.append(Package(directory, tuple(gofiles)))
        packages.sort(key=lambda p: display_path(p.dir, self.cwd))
        return Discovery(packages, self.problems)
