"""Where the package of an import path lives on disk, the way the go command finds it.

In order: the standard library (`$GOROOT/src`, for paths whose first element has no dot); the
main modules (the module being linted, or every module a go.work `use`s); then, in vendor mode,
`vendor/` as listed by `vendor/modules.txt`, otherwise the required modules: a `replace` to a
local directory, or the module cache at the required (or replacement) version. The longest
module path that is a prefix of the import path and holds the package's directory wins.

Vendor mode is Go's default when `vendor/modules.txt` sits beside go.mod and the `go` line is
1.14 or later (beside go.work for a workspace, Go 1.22+; Go itself only asks for the directory);
`-mod=mod` or `-mod=readonly` (argument or $GOFLAGS) turns it off, `-mod=vendor` on. A package
in a nested module of the main module's tree that no require, replace or vendor entry provides
is taken from the tree itself (go build would need the module; a linter is better served by the
local copy).

Nothing here runs the network: an import that cannot be found is None. `go env GOROOT` runs
only when $GOROOT is unset and `go` is on PATH, with GOTOOLCHAIN=local and a short timeout, once
per process.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from golint_mem.go.modfile import GoMod, ModFileError, Replace, parse_gomod, parse_gowork
from golint_mem.go.semver import compare_versions

_GO_ENV_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Location:
    dir: str
    module: str  # "std" for the standard library
    version: str  # "" for main modules and local replacements
    origin: str  # "std", "main", "replace", "vendor" or "cache"

    @property
    def immutable(self) -> bool:
        """Files under it never change (a cache entry is keyed by its path alone)."""
        return self.origin in ("std", "cache")


def escape_path(path: str) -> str:
    """The module cache's spelling of a path or version: `!` before each lowered capital."""
    return "".join("!" + c.lower() if "A" <= c <= "Z" else c for c in path)


def _major_minor(version: str) -> tuple[int, int]:
    """(1, 21) for a go line's "1.21", "1.21.3" or "1.21rc1"."""
    m = re.match(r"([0-9]+)(?:\.([0-9]+))?", version)
    return (int(m.group(1)), int(m.group(2) or 0)) if m else (0, 0)


@cache
def _go_env_goroot() -> str:
    """`go env GOROOT`, or "" when there is no go command or it does not answer in time."""
    go = shutil.which("go")
    if not go:
        return ""
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": ""}
    try:
        out = subprocess.run(
            [go, "env", "GOROOT"],
            capture_output=True,
            text=True,
            timeout=_GO_ENV_TIMEOUT,
            env=env,
            cwd=os.path.abspath(os.sep),  # no go.mod or go.work to read on the way
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _go_env_file(env: Mapping[str, str]) -> dict[str, str]:
    """Settings written by `go env -w` ($GOENV, else the user config dir's go/env)."""
    path = env.get("GOENV", "")
    if path == "off":
        return {}
    if not path:  # os.UserConfigDir
        home = env.get("HOME") or os.path.expanduser("~")
        base = env.get("XDG_CONFIG_HOME", "")
        if sys.platform == "win32":
            base = env.get("APPDATA", "")
        elif sys.platform == "darwin":
            base = os.path.join(home, "Library", "Application Support")
        elif not os.path.isabs(base):
            base = os.path.join(home, ".config")
        path = os.path.join(base, "go", "env")
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    return dict(ln.split("=", 1) for ln in lines if "=" in ln and not ln.startswith("#"))


def module_root(directory: str) -> str:
    """The directory of the go.mod that governs `directory`, or "" (a key for one resolver per
    module: every directory of a module resolves imports alike)."""
    return os.path.dirname(_find_up(directory, "go.mod"))


def _find_up(directory: str, name: str) -> str:
    d = os.path.abspath(directory)
    while True:
        if os.path.isfile(os.path.join(d, name)):
            return os.path.join(d, name)
        parent = os.path.dirname(d)
        if parent == d:
            return ""
        d = parent


@dataclass(frozen=True, slots=True)
class _Main:
    path: str
    dir: str
    mod: GoMod


class ImportResolver:
    """Maps import paths to package directories for one main module or workspace; answers are
    memoised. `problems` lists unreadable or malformed go.mod / go.work files, one line each."""

    def __init__(
        self,
        directory: str,
        *,
        env: Mapping[str, str] | None = None,
        mod: str = "",
        goroot: str | None = None,
    ) -> None:
        """`directory`: any directory of the linted tree (go.mod and go.work are looked up from
        it); `env`: the environment (os.environ by default); `mod`: the -mod flag;
        `goroot`: overrides $GOROOT and `go env GOROOT`."""
        env = os.environ if env is None else env
        conf = {**_go_env_file(env), **{k: v for k, v in env.items() if v}}
        self.problems: list[str] = []
        self._inputs: list[str] = []
        self._memo: dict[str, Location | None] = {}
        self._boundary: dict[str, str | None] = {}
        self.mains: list[_Main] = []
        self.replace: list[tuple[Replace, str]] = []  # with the directory it is relative to
        self.require: dict[str, str] = {}  # module path -> highest required version
        self.modcache = self._modcache(conf)
        self._goroot = goroot if goroot is not None else conf.get("GOROOT")
        self._goroot_src: str | None = None  # found on first use: it may run `go env`
        self.vendor_dir = ""
        self.vendored: dict[str, tuple[str, str]] = {}  # package -> (module, version)
        self._load(directory, conf, mod or _flag_mod(conf.get("GOFLAGS", "")))

    # Setting up.

    @staticmethod
    def _modcache(conf: Mapping[str, str]) -> str:
        if conf.get("GOMODCACHE"):
            return conf["GOMODCACHE"]
        gopath = conf.get("GOPATH", "").split(os.pathsep)[0]
        if not gopath:
            gopath = os.path.join(conf.get("HOME") or os.path.expanduser("~"), "go")
        return os.path.join(gopath, "pkg", "mod")

    @property
    def goroot_src(self) -> str:
        """$GOROOT/src ("" if unknown): the `goroot` argument, else $GOROOT, else `go env`."""
        if self._goroot_src is None:
            root = self._goroot if self._goroot is not None else _go_env_goroot()
            src = os.path.join(root, "src") if root else ""
            self._goroot_src = src if src and os.path.isdir(src) else ""
        return self._goroot_src

    def _read(self, path: str) -> bytes | None:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            self.problems.append(f"{path}: {e.strerror or e}")
            return None
        self._inputs.append(f"{path}\0{hashlib.sha256(data).hexdigest()}")
        return data

    def _add_main(self, gomod_path: str) -> None:
        data = self._read(gomod_path)
        if data is None:
            return
        try:
            gomod = parse_gomod(data, gomod_path)
        except ModFileError as e:
            self.problems.append(str(e))
            return
        moddir = os.path.dirname(gomod_path)
        self.mains.append(_Main(gomod.module, moddir, gomod))
        self.replace.extend((r, moddir) for r in gomod.replace)
        for req in gomod.require:
            have = self.require.get(req.path, "")
            if not have or compare_versions(req.version, have) > 0:
                self.require[req.path] = req.version

    def _load(self, directory: str, conf: Mapping[str, str], mod: str) -> None:
        gowork = conf.get("GOWORK", "")
        gowork = "" if gowork == "off" else gowork or _find_up(directory, "go.work")
        if gowork:
            data = self._read(gowork)
            try:
                work = parse_gowork(data or b"", gowork) if data is not None else None
            except ModFileError as e:
                self.problems.append(str(e))
                work = None
            if work is not None:
                base = os.path.dirname(os.path.abspath(gowork))
                self.replace.extend((r, base) for r in work.replace)  # these win: first
                for use in work.use:
                    self._add_main(
                        os.path.join(os.path.normpath(os.path.join(base, use)), "go.mod")
                    )
                self._vendor(os.path.join(base, "vendor"), work.go or "1.22", mod, workspace=True)
                return
        gomod = _find_up(directory, "go.mod")
        if gomod:
            self._add_main(gomod)
            if self.mains:
                main = self.mains[0]
                self._vendor(os.path.join(main.dir, "vendor"), main.mod.go or "1.16", mod)
                if main.path in ("std", "cmd"):  # linting a Go tree: its own library
                    self._goroot_src = main.dir if main.path == "std" else os.path.dirname(main.dir)

    def _vendor(self, vendor: str, go: str, mod: str, *, workspace: bool = False) -> None:
        if mod in ("mod", "readonly") or not os.path.isfile(os.path.join(vendor, "modules.txt")):
            return
        if mod != "vendor" and _major_minor(go) < ((1, 22) if workspace else (1, 14)):
            return
        data = self._read(os.path.join(vendor, "modules.txt"))
        text = (data or b"").decode("utf-8", "replace")
        if ("## workspace" in text.splitlines()) != workspace:
            return  # Go refuses a vendor directory made for the other mode
        self.vendor_dir = vendor
        module = version = ""
        for ln in text.splitlines():
            if ln.startswith("# "):  # "# path version [=> replacement [version]]"
                words = ln[2:].split()
                module = words[0] if words else ""
                version = words[1] if len(words) > 1 and words[1] != "=>" else ""
            elif ln.strip() and not ln.startswith("#"):
                self.vendored[ln.strip()] = (module, version)

    # Answers.

    def fingerprint(self) -> str:
        """A digest of everything the answers depend on but the directories themselves."""
        h = hashlib.sha256()
        for part in (*self._inputs, self.modcache, self.goroot_src, self.vendor_dir):
            h.update(part.encode("utf-8", "surrogateescape") + b"\n")
        return h.hexdigest()

    def resolve(self, import_path: str) -> str | None:
        """The directory of an imported package, or None when it cannot be found."""
        loc = self.locate(import_path)
        return loc.dir if loc else None

    def locate(self, import_path: str) -> Location | None:
        if import_path in self._memo:
            return self._memo[import_path]
        loc = None
        if _valid(import_path):
            loc = self._std(import_path) or self._modules(import_path)
        self._memo[import_path] = loc
        return loc

    def package_path(self, directory: str) -> str | None:
        """The import path of a directory of a main module (None outside them, or inside a
        nested module's tree, a vendor directory or testdata)."""
        d = os.path.abspath(directory)
        for main in sorted(self.mains, key=lambda m: -len(m.dir)):
            rel = os.path.relpath(d, main.dir)
            if rel == os.curdir:
                return main.path or None
            if rel.startswith(os.pardir) or not main.path:
                continue
            parts = rel.split(os.sep)
            if "vendor" in parts or "testdata" in parts or self._nested(main, d):
                return None
            return "/".join(parts) if main.path == "std" else "/".join([main.path, *parts])
        return None

    def _std(self, path: str) -> Location | None:
        if "." in path.split("/", 1)[0] or not self.goroot_src:
            return None
        d = os.path.join(self.goroot_src, *path.split("/"))
        return Location(d, "std", "", "std") if os.path.isdir(d) else None

    def _modules(self, path: str) -> Location | None:
        parts = path.split("/")
        for n in range(len(parts), 0, -1):
            prefix, rest = "/".join(parts[:n]), parts[n:]
            for main in self.mains:
                if main.path == prefix:
                    d = os.path.join(main.dir, *rest)
                    if os.path.isdir(d) and not self._nested(main, d):
                        return Location(d, main.path, "", "main")
            if self.vendor_dir:
                continue
            dep = self._dependency(prefix)
            if dep is not None:
                d = os.path.join(dep.dir, *rest)
                if os.path.isdir(d):
                    return Location(d, dep.module, dep.version, dep.origin)
        if self.vendor_dir and (path in self.vendored or not self.vendored):
            d = os.path.join(self.vendor_dir, *parts)
            if os.path.isdir(d):
                module, version = self.vendored.get(path, ("", ""))
                return Location(d, module, version, "vendor")
        return self._nested_fallback(parts)

    def _dependency(self, module: str) -> Location | None:
        """The root directory of a required (or replaced) module."""
        version = self.require.get(module, "")
        for rep, base in self.replace:
            if rep.old_path != module or rep.old_version not in ("", version):
                continue
            if rep.local:
                d = os.path.normpath(os.path.join(base, rep.new_path))
                return Location(d, module, "", "replace") if os.path.isdir(d) else None
            return self._cached(rep.new_path, rep.new_version)
        return self._cached(module, version) if version else None

    def _cached(self, module: str, version: str) -> Location | None:
        d = os.path.join(self.modcache, f"{escape_path(module)}@{escape_path(version)}")
        return Location(d, module, version, "cache") if os.path.isdir(d) else None

    def _nested(self, main: _Main, d: str) -> bool:
        """Whether `d` lies in another module's tree inside `main`'s (a go.mod on the way)."""
        while d != main.dir and len(d) > len(main.dir):
            if self._gomod_at(d) is not None:
                return True
            d = os.path.dirname(d)
        return False

    def _gomod_at(self, d: str) -> str | None:
        """The module path declared by d/go.mod ("" if it has none), None without go.mod."""
        if d not in self._boundary:
            path = None
            try:
                with open(os.path.join(d, "go.mod"), "rb") as f:
                    path = parse_gomod(f.read(), os.path.join(d, "go.mod"), strict=False).module
            except (OSError, ModFileError):
                path = "" if os.path.isfile(os.path.join(d, "go.mod")) else None
            self._boundary[d] = path
        return self._boundary[d]

    def _nested_fallback(self, parts: list[str]) -> Location | None:
        """A nested module of a main module's tree, found by the path it declares."""
        for main in self.mains:
            if not main.path or parts[: len(main.path.split("/"))] != main.path.split("/"):
                continue
            d = os.path.join(main.dir, *parts[len(main.path.split("/")) :])
            probe = d
            while len(probe) > len(main.dir):
                module = self._gomod_at(probe)
                if module is not None:
                    rel = os.path.relpath(d, probe).replace(os.sep, "/")
                    want = module if rel == "." else f"{module}/{rel}"
                    if module and want == "/".join(parts) and os.path.isdir(d):
                        return Location(d, module, "", "main")
                    break
                probe = os.path.dirname(probe)
        return None


def _valid(path: str) -> bool:
    """An import path the go command would look up (not relative, absolute or empty)."""
    if not path or path.startswith(("/", ".")) or "\\" in path or "\0" in path:
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


def _flag_mod(goflags: str) -> str:
    mod = ""
    for flag in goflags.split():
        if flag.startswith(("-mod=", "--mod=")):
            mod = flag.split("=", 1)[1]
    return mod
