"""Import path to directory (golint_mem.go.modules) on module trees built in tmp_path."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from golint_mem.go import modules
from golint_mem.go.modules import ImportResolver, Location, escape_path

GOMOD = """\
module example.com/app

go 1.21

require (
	example.com/Dep v1.2.0
	example.com/app/nested v0.1.0
	rsc.io/quote v1.5.2
	example.com/gone v1.0.0 // indirect
)

replace example.com/local => ./local
replace rsc.io/quote v1.5.2 => rsc.io/quote v1.5.3
replace example.com/Dep v1.0.0 => ./local // another version than the one required
"""


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment naming only the module cache and GOROOT of the fixture."""
    env = {"GOMODCACHE": str(tmp_path / "modcache"), "GOROOT": str(tmp_path / "goroot")}
    env["HOME"] = str(tmp_path / "home")
    env.update(extra)
    return env


@pytest.fixture
def app(tmp_path: Path) -> Path:
    tree(
        tmp_path,
        {
            "app/go.mod": GOMOD,
            "app/pkg/a/a.go": "package a\n",
            "app/nested/go.mod": "module example.com/app/nested\n",
            "app/nested/n/n.go": "package n\n",
            "app/other/go.mod": "module example.com/elsewhere\n",
            "app/other/o/o.go": "package o\n",
            "app/local/go.mod": "module example.com/local\n",
            "app/local/l/l.go": "package l\n",
            "modcache/example.com/!dep@v1.2.0/sub/x.go": "package sub\n",
            "modcache/rsc.io/quote@v1.5.3/quote.go": "package quote\n",
            "modcache/rsc.io/quote@v1.5.2/quote.go": "package quote\n",
            "goroot/src/fmt/print.go": "package fmt\n",
            "goroot/src/net/http/server.go": "package http\n",
        },
    )
    return tmp_path


def test_main_module_cache_replace_and_std(app: Path) -> None:
    r = ImportResolver(str(app / "app/pkg/a"), env=env_for(app))
    assert r.problems == []
    assert r.resolve("example.com/app/pkg/a") == str(app / "app/pkg/a")
    assert r.locate("example.com/app/pkg/a") == Location(
        str(app / "app/pkg/a"), "example.com/app", "", "main"
    )
    dep = r.locate("example.com/Dep/sub")
    assert dep == Location(
        str(app / "modcache/example.com/!dep@v1.2.0/sub"), "example.com/Dep", "v1.2.0", "cache"
    )
    assert dep.immutable
    # The replacement's version, not the required one.
    assert r.resolve("rsc.io/quote") == str(app / "modcache/rsc.io/quote@v1.5.3")
    # A replace to a local directory, required or not.
    local = r.locate("example.com/local/l")
    assert local is not None and local.origin == "replace" and not local.immutable
    assert local.dir == str(app / "app/local/l")
    std = r.locate("net/http")
    assert std == Location(str(app / "goroot/src/net/http"), "std", "", "std")
    for missing in ("example.com/gone", "example.com/Dep/nope", "os", "example.com/app/nope"):
        assert r.resolve(missing) is None, missing
    for bad in ("", "./pkg/a", "/abs", "example.com/app/../app", "a//b", "a\\b"):
        assert r.resolve(bad) is None, bad


def test_nested_modules(app: Path) -> None:
    r = ImportResolver(str(app / "app"), env=env_for(app))
    # Not in the cache: the nested module's own directory, under the path it declares.
    assert r.locate("example.com/app/nested/n") == Location(
        str(app / "app/nested/n"), "example.com/app/nested", "", "main"
    )
    # A directory of a nested module that declares another path is no package of the app.
    assert r.resolve("example.com/app/other/o") is None
    assert r.resolve("example.com/elsewhere/o") is None
    # Once the required version is in the cache, that is what `go build` compiles.
    tree(app, {"modcache/example.com/app/nested@v0.1.0/n/n.go": "package n\n"})
    r = ImportResolver(str(app / "app"), env=env_for(app))
    assert r.resolve("example.com/app/nested/n") == str(
        app / "modcache/example.com/app/nested@v0.1.0/n"
    )


def test_module_root(app: Path) -> None:
    assert modules.module_root(str(app / "app/pkg/a")) == str(app / "app")
    assert modules.module_root(str(app / "app/nested/n")) == str(app / "app/nested")
    assert modules.module_root(str(app / "goroot/src/fmt")) == ""


def test_package_path(app: Path) -> None:
    tree(app, {"app/pkg/testdata/t.go": "package t\n"})
    r = ImportResolver(str(app / "app"), env=env_for(app))
    assert r.package_path(str(app / "app")) == "example.com/app"
    assert r.package_path(str(app / "app/pkg/a")) == "example.com/app/pkg/a"
    assert r.package_path(str(app / "app/nested/n")) is None  # another module's
    assert r.package_path(str(app / "app/pkg/testdata")) is None
    assert r.package_path(str(app / "modcache")) is None


def test_module_cache_location(tmp_path: Path) -> None:
    tree(tmp_path, {"m/go.mod": "module m\n"})
    d = str(tmp_path / "m")
    home = str(tmp_path / "home")
    gopaths = os.pathsep.join(["/gp1", "/gp2"])
    assert ImportResolver(d, env={"GOMODCACHE": "/c", "HOME": home}).modcache == "/c"
    assert ImportResolver(d, env={"GOPATH": gopaths}).modcache == "/gp1/pkg/mod"
    assert ImportResolver(d, env={"HOME": home}).modcache == f"{home}/go/pkg/mod"
    # `go env -w` settings, below the environment's.
    tree(tmp_path, {"cfg/go/env": "GOMODCACHE=/from-go-env\nGOFLAGS=-mod=mod\n"})
    cfg = str(tmp_path / "cfg")
    assert ImportResolver(d, env={"XDG_CONFIG_HOME": cfg}).modcache == "/from-go-env"
    r = ImportResolver(d, env={"XDG_CONFIG_HOME": cfg, "GOMODCACHE": "/c"})
    assert r.modcache == "/c"
    assert ImportResolver(d, env={"XDG_CONFIG_HOME": cfg, "GOENV": "off"}).modcache != (
        "/from-go-env"
    )


def test_escape_path() -> None:
    assert escape_path("github.com/BurntSushi/toml") == "github.com/!burnt!sushi/toml"
    assert escape_path("v1.0.0-RC1") == "v1.0.0-!r!c1"


VENDORED = {
    "v/go.mod": "module example.com/v\ngo 1.14\nrequire (\n\texample.com/dep v1.0.0\n"
    "\texample.com/w v1.0.0\n)\nreplace example.com/w => ./w\n",
    "v/vendor/modules.txt": "# example.com/dep v1.0.0\n## explicit\nexample.com/dep/pkg\n"
    "# example.com/w v1.0.0 => ./w\n## explicit\nexample.com/w\n",
    "v/vendor/example.com/dep/pkg/p.go": "package pkg\n",
    "v/vendor/example.com/dep/unlisted/u.go": "package unlisted\n",
    "v/vendor/example.com/w/w.go": "package w\n",
    "v/w/go.mod": "module example.com/w\n",
    "v/w/w.go": "package w\n",
    "v/own/own.go": "package own\n",
    "modcache/example.com/dep@v1.0.0/pkg/p.go": "package pkg\n",
}


def test_vendor_mode(tmp_path: Path) -> None:
    tree(tmp_path, VENDORED)
    env = env_for(tmp_path)
    r = ImportResolver(str(tmp_path / "v"), env=env)
    assert r.vendor_dir == str(tmp_path / "v/vendor")
    assert r.locate("example.com/dep/pkg") == Location(
        str(tmp_path / "v/vendor/example.com/dep/pkg"), "example.com/dep", "v1.0.0", "vendor"
    )
    assert r.resolve("example.com/dep/unlisted") is None  # not in modules.txt
    assert r.resolve("example.com/w") == str(tmp_path / "v/vendor/example.com/w")
    assert r.resolve("example.com/v/own") == str(tmp_path / "v/own")  # the main module
    cached = str(tmp_path / "modcache/example.com/dep@v1.0.0/pkg")
    # -mod=mod, as an argument or in $GOFLAGS, reads the module cache instead.
    assert ImportResolver(str(tmp_path / "v"), env=env, mod="mod").resolve(
        "example.com/dep/pkg"
    ) == (cached)
    r = ImportResolver(str(tmp_path / "v"), env={**env, "GOFLAGS": "-v -mod=readonly"})
    assert r.vendor_dir == "" and r.resolve("example.com/dep/pkg") == cached
    assert r.resolve("example.com/w") == str(tmp_path / "v/w")


def test_vendor_needs_modules_txt(tmp_path: Path) -> None:
    tree(tmp_path, VENDORED)
    (tmp_path / "v/vendor/modules.txt").unlink()
    r = ImportResolver(str(tmp_path / "v"), env=env_for(tmp_path))
    assert r.vendor_dir == "" and r.problems == []
    assert r.resolve("example.com/dep/pkg") == str(tmp_path / "modcache/example.com/dep@v1.0.0/pkg")


def test_vendor_needs_go_1_14(tmp_path: Path) -> None:
    tree(tmp_path, VENDORED)
    gomod = tmp_path / "v/go.mod"
    gomod.write_text(gomod.read_text().replace("go 1.14", "go 1.13"))
    env = env_for(tmp_path)
    assert ImportResolver(str(tmp_path / "v"), env=env).vendor_dir == ""
    assert ImportResolver(str(tmp_path / "v"), env=env, mod="vendor").vendor_dir != ""


def test_workspace(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "ws/go.work": "go 1.22\n\nuse (\n\t./a\n\t./b\n)\nreplace example.com/x => ./x\n",
            "ws/a/go.mod": "module example.com/a\nrequire example.com/c v1.3.0\n",
            "ws/a/sub/s.go": "package sub\n",
            "ws/b/go.mod": "module example.com/b\nrequire (\n\texample.com/c v1.1.0\n"
            "\texample.com/x v1.0.0\n)\nreplace example.com/x => example.com/y v1.0.0\n",
            "ws/b/p/p.go": "package p\n",
            "ws/x/go.mod": "module example.com/x\n",
            "ws/x/x.go": "package x\n",
            "modcache/example.com/c@v1.1.0/c.go": "package c\n",
            "modcache/example.com/c@v1.3.0/c.go": "package c\n",
            "modcache/example.com/y@v1.0.0/y.go": "package y\n",
        },
    )
    env = env_for(tmp_path)
    r = ImportResolver(str(tmp_path / "ws/a/sub"), env=env)
    assert [m.path for m in r.mains] == ["example.com/a", "example.com/b"]
    assert r.resolve("example.com/b/p") == str(tmp_path / "ws/b/p")
    assert r.resolve("example.com/a/sub") == str(tmp_path / "ws/a/sub")
    # The highest version any workspace module requires.
    assert r.resolve("example.com/c") == str(tmp_path / "modcache/example.com/c@v1.3.0")
    # go.work's replace wins over a module's.
    assert r.resolve("example.com/x") == str(tmp_path / "ws/x")
    off = ImportResolver(str(tmp_path / "ws/b/p"), env={**env, "GOWORK": "off"})
    assert off.resolve("example.com/a/sub") is None
    assert off.resolve("example.com/c") == str(tmp_path / "modcache/example.com/c@v1.1.0")
    assert off.resolve("example.com/x") == str(tmp_path / "modcache/example.com/y@v1.0.0")
    assert off.fingerprint() != r.fingerprint()


def test_workspace_vendor(tmp_path: Path) -> None:
    files = {
        "ws/go.work": "go 1.22\nuse ./a\n",
        "ws/a/go.mod": "module example.com/a\ngo 1.22\nrequire example.com/d v1.0.0\n",
        "ws/vendor/modules.txt": "# example.com/d v1.0.0\n## explicit\nexample.com/d\n"
        "## workspace\n",
        "ws/vendor/example.com/d/d.go": "package d\n",
    }
    tree(tmp_path, files)
    r = ImportResolver(str(tmp_path / "ws/a"), env=env_for(tmp_path))
    assert r.resolve("example.com/d") == str(tmp_path / "ws/vendor/example.com/d")
    # A module's own vendor directory made for a workspace is not used outside it.
    (tmp_path / "ws/vendor").rename(tmp_path / "ws/a/vendor")
    r = ImportResolver(str(tmp_path / "ws/a"), env=env_for(tmp_path, GOWORK="off"))
    assert r.vendor_dir == "" and r.resolve("example.com/d") is None


def test_bad_files_are_problems_not_errors(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "m/go.mod": "module m\nrequire (\n\tx\n)\n",
            "goroot/src/fmt/print.go": "package fmt\n",
        },
    )
    r = ImportResolver(str(tmp_path / "m"), env=env_for(tmp_path))
    assert r.problems == [f"{tmp_path}/m/go.mod:3:2: usage: require module/path v1.2.3"]
    assert r.resolve("fmt") == str(tmp_path / "goroot/src/fmt")
    assert r.resolve("m") is None
    tree(tmp_path, {"w/go.work": "use\n", "w/m/go.mod": "module m\n"})
    r = ImportResolver(str(tmp_path / "w/m"), env=env_for(tmp_path))
    assert r.problems == [f"{tmp_path}/w/go.work:1: usage: use local/dir"]
    assert r.resolve("m") == str(tmp_path / "w/m")  # the go.mod still counts


def test_fingerprint_follows_go_mod(app: Path) -> None:
    env = env_for(app)
    before = ImportResolver(str(app / "app"), env=env).fingerprint()
    assert ImportResolver(str(app / "app"), env=env).fingerprint() == before
    (app / "app/go.mod").write_text(GOMOD.replace("v1.2.0", "v1.2.1"))
    assert ImportResolver(str(app / "app"), env=env).fingerprint() != before


def test_linting_a_go_tree_uses_its_own_library(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "go/src/go.mod": "module std\n\ngo 1.27\n",
            "go/src/bytes/bytes.go": "package bytes\n",
            "go/src/net/http/server.go": "package http\n",
            "go/src/vendor/modules.txt": "# golang.org/x/net v0.1.0\n## explicit; go 1.18\n"
            "golang.org/x/net/dns/dnsmessage\n",
            "go/src/vendor/golang.org/x/net/dns/dnsmessage/m.go": "package dnsmessage\n",
            "goroot/src/bytes/bytes.go": "package bytes\n",
        },
    )
    r = ImportResolver(str(tmp_path / "go/src/net/http"), env=env_for(tmp_path))
    assert r.resolve("bytes") == str(tmp_path / "go/src/bytes")
    assert r.resolve("golang.org/x/net/dns/dnsmessage") == str(
        tmp_path / "go/src/vendor/golang.org/x/net/dns/dnsmessage"
    )
    assert r.package_path(str(tmp_path / "go/src/net/http")) == "net/http"


def fake_go(tmp_path: Path, script: str) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    go = bin_dir / "go"
    go.write_text("#!/bin/sh\n" + script)
    go.chmod(go.stat().st_mode | stat.S_IEXEC)
    return {"PATH": str(bin_dir)}


def test_goroot_from_go_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, {"fake-root/src/fmt/print.go": "package fmt\n", "m/go.mod": "module m\n"})
    log = tmp_path / "log"
    path = fake_go(
        tmp_path, f'echo "$@ GOTOOLCHAIN=$GOTOOLCHAIN" > {log}\necho {tmp_path}/fake-root\n'
    )
    monkeypatch.setenv("PATH", path["PATH"])
    monkeypatch.delenv("GOROOT", raising=False)
    modules._go_env_goroot.cache_clear()
    try:
        r = ImportResolver(str(tmp_path / "m"), env={"HOME": str(tmp_path)})
        assert not log.exists()  # not before a standard-library path is looked up
        assert r.resolve("example.com/x") is None and not log.exists()
        assert r.resolve("fmt") == str(tmp_path / "fake-root/src/fmt")
        assert log.read_text() == "env GOROOT GOTOOLCHAIN=local\n"
        log.unlink()
        r = ImportResolver(str(tmp_path / "m"), env={"HOME": str(tmp_path)})
        assert r.resolve("fmt") is not None and not log.exists()  # asked once per process
    finally:
        modules._go_env_goroot.cache_clear()


def test_go_env_that_hangs_is_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, {"m/go.mod": "module m\n"})
    monkeypatch.setenv("PATH", fake_go(tmp_path, "exec sleep 5\n")["PATH"])
    monkeypatch.setattr(modules, "_GO_ENV_TIMEOUT", 0.2)
    modules._go_env_goroot.cache_clear()
    try:
        r = ImportResolver(str(tmp_path / "m"), env={"HOME": str(tmp_path)})
        assert r.goroot_src == "" and r.resolve("fmt") is None
    finally:
        modules._go_env_goroot.cache_clear()


def test_no_go_mod_at_all(tmp_path: Path) -> None:
    tree(tmp_path, {"loose/x.go": "package x\n", "goroot/src/fmt/p.go": "package fmt\n"})
    r = ImportResolver(str(tmp_path / "loose"), env=env_for(tmp_path))
    assert r.mains == [] and r.problems == []
    assert r.resolve("fmt") == str(tmp_path / "goroot/src/fmt")
    assert r.resolve("example.com/x") is None
    assert r.package_path(str(tmp_path / "loose")) is None
