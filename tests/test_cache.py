"""The result cache: what invalidates an entry, replay identical to a fresh run, bad caches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from golint_mem import cache as cachemod
from golint_mem.cache import Cache, decode, default_dir, encode, installation_digest, settings_key
from golint_mem.engine import Linter, LintFile, PackageResult, Settings
from golint_mem.model import Problem
from golint_mem.registry import known_codes
from golint_mem.runner import run
from tests.clirun import Ran, golint_mem
from tests.fixtures import ROOT, TESTDATA, packages

USER = """package app

import "bytes"

func render(s string) string {
\tb := bufPool.Get().(*bytes.Buffer)
\tb.WriteString(s)
\tout := b.String()
\tbufPool.Put(b)
\treturn out
}
"""

POOL = """package app

import (
\t"bytes"
\t"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}
"""

NOT_A_POOL = """package app

type pool struct{ v any }

func (p *pool) Get() any  { return p.v }
func (p *pool) Put(x any) { p.v = x }

var bufPool = &pool{}
"""

BROKEN = "package app\n\nfunc f() {\n\tpool.Put(b)\n\tx := \n}\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "user.go").write_text(USER)
    (tmp_path / "app" / "pool.go").write_text(POOL)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "broken.go").write_text(BROKEN)
    return tmp_path


def lint(tree: Path, cache_dir: Path, *args: str) -> Ran:
    return golint_mem("--cache-dir", str(cache_dir), *args, "./...", cwd=tree)


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.rglob("*.json"))


def test_replay_is_identical_to_a_fresh_run(tree: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    for fmt in ("text", "json", "sarif"):
        fresh = golint_mem("--no-cache", "--format", fmt, "./...", cwd=tree)
        first = lint(tree, cache_dir, "--format", fmt)
        again = lint(tree, cache_dir, "--format", fmt)
        assert fresh == first == again
    assert "GM101" in fresh.stdout
    assert "broken.go:5: parse error" in fresh.stderr  # a notice is replayed too
    assert len(entries(cache_dir)) == 2  # one per package, whatever the format


def test_hits_and_misses(tree: Path, tmp_path: Path) -> None:
    settings = Settings(selected=known_codes(), root=str(tree))
    jobs = [
        tuple(LintFile(str(p), p.name, True) for p in sorted((tree / d).glob("*.go")))
        for d in ("app", "other")
    ]
    first = Cache.open(str(tmp_path / "c"), settings)
    run(jobs, settings, 1, cache=first)
    assert (first.hits, first.misses) == (0, 2)
    second = Cache.open(str(tmp_path / "c"), settings)
    run(jobs, settings, 1, cache=second)
    assert (second.hits, second.misses) == (2, 0)
    assert not first.warnings and not second.warnings


def test_an_edited_file_is_linted_again(tree: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    assert "GM101" in lint(tree, cache_dir).stdout
    user = tree / "app" / "user.go"
    user.write_text(USER.replace("\tbufPool.Put(b)\n", "\tb.Reset()\n\tbufPool.Put(b)\n"))
    after = lint(tree, cache_dir)
    assert "GM101" not in after.stdout
    assert after == golint_mem("--no-cache", "./...", cwd=tree)


def test_an_edited_sibling_invalidates_the_package(tree: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    assert "GM101" in lint(tree, cache_dir).stdout
    # user.go is unchanged, but bufPool is no longer a sync.Pool.
    (tree / "app" / "pool.go").write_text(NOT_A_POOL)
    assert lint(tree, cache_dir).stdout == ""


def test_selection_and_options_are_part_of_the_key(tree: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    both = lint(tree, cache_dir)
    assert "GM101" in both.stdout and "GM103" in both.stdout
    only = lint(tree, cache_dir, "--select", "GM103")
    assert "GM101" not in only.stdout and "GM103" in only.stdout
    # GM101 counts WriteString as a write; a reset method named in the config changes that.
    (tree / ".golint-mem.toml").write_text('[rules.GM101]\nreset-methods = ["String"]\n')
    configured = lint(tree, cache_dir)
    assert "GM101" not in configured.stdout and "GM103" in configured.stdout
    assert configured == golint_mem("--no-cache", "./...", cwd=tree)


def test_the_key_covers_everything_a_result_depends_on() -> None:
    base = Settings(selected=frozenset({"GM101"}), root="/r")
    key = settings_key(base, "grammar 1", "install 1")
    variants = [
        settings_key(base, "grammar 2", "install 1"),
        settings_key(base, "grammar 1", "install 2"),
        settings_key(
            Settings(selected=frozenset({"GM101", "GM102"}), root="/r"), "grammar 1", "install 1"
        ),
        settings_key(
            Settings(selected=frozenset({"GM101"}), root="/r", options=(("GM101", (("x", 1),)),)),
            "grammar 1",
            "install 1",
        ),
        settings_key(
            Settings(selected=frozenset({"GM101"}), root="/r", include_generated=True),
            "grammar 1",
            "install 1",
        ),
        settings_key(Settings(selected=frozenset({"GM101"}), root="/s"), "grammar 1", "install 1"),
    ]
    assert len({key, *variants}) == len(variants) + 1
    c = Cache("/nowhere", key)
    a = LintFile("/p/a.go", "a.go", True, b"package p\n")
    b = LintFile("/p/b.go", "b.go", False, b"package p\n")
    k = c.key([a, b])
    assert c.key([a, LintFile(b.path, b.display, False, b"package p // edited\n")]) != k
    assert c.key([a, LintFile(b.path, b.display, True, b.data)]) != k  # now linted too
    assert c.key([a, LintFile(b.path, "x/b.go", False, b.data)]) != k  # shown elsewhere
    assert c.key([a, b]) == k


def test_the_installation_digest_covers_sources_and_rule_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "golint_mem"
    package.mkdir()
    (package / "cache.py").write_text("# the module itself\n")
    (package / "rules").mkdir()
    rule = package / "rules" / "gm999.py"
    rule.write_text("QUERY = '(call_expression) @c'\n")
    pages = tmp_path / "pages"
    pages.mkdir()
    page = pages / "GM999.md"
    page.write_text("# GM999\n")
    monkeypatch.setattr(cachemod, "__file__", str(package / "cache.py"))
    monkeypatch.setattr("golint_mem.pages.folder", lambda: pages)
    before = installation_digest()
    assert installation_digest() == before
    rule.write_text("QUERY = '(selector_expression) @s'\n")
    edited_rule = installation_digest()
    page.write_text("# GM999, reworded\n")
    edited_page = installation_digest()
    assert len({before, edited_rule, edited_page}) == 3


def test_entries_round_trip_every_fixture_result() -> None:
    linter = Linter(Settings(selected=known_codes(), include_generated=True, root=str(ROOT)))
    seen = 0
    for directory in packages():
        files = [
            LintFile(str(p), p.relative_to(ROOT).as_posix(), True)
            for p in sorted(directory.glob("*.go"))
        ]
        result = linter.lint_package(files)
        back = decode(json.loads(json.dumps(encode(result))))
        assert back == result
        seen += len(result.diagnostics)
    assert seen > 20


def test_a_corrupt_entry_is_ignored_with_a_warning(tree: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    good = lint(tree, cache_dir)
    for entry in entries(cache_dir):
        entry.write_text('{"files": 1, "diagnostics": [["half an entry"')
    bad = lint(tree, cache_dir)
    assert bad.code == good.code and bad.stdout == good.stdout
    assert bad.stderr.count("golint-mem: warning: ignoring corrupt cache entry") == 2
    assert lint(tree, cache_dir) == good  # rewritten


@pytest.mark.parametrize(
    "junk",
    [b"\xff\xfe", b"[]", b'{"files": "1", "diagnostics": [], "problems": []}', b"{}"],
)
def test_entries_of_the_wrong_shape_are_misses(tmp_path: Path, junk: bytes) -> None:
    c = Cache(str(tmp_path), "k")
    key = "ab" + "0" * 62
    path = Path(c._path(key))
    path.parent.mkdir(parents=True)
    path.write_bytes(junk)
    assert c.load(key) is None
    assert c.warnings and "corrupt cache entry" in c.warnings[0]


def test_an_unwritable_cache_is_a_warning_not_a_failure(tree: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    fresh = golint_mem("--no-cache", "./...", cwd=tree)
    ran = lint(tree, blocker / "cache")
    assert ran.code == fresh.code and ran.stdout == fresh.stdout
    assert "golint-mem: warning: cannot write the cache in" in ran.stderr
    assert "warning" not in lint(tree, blocker / "cache", "-q").stderr


def test_results_with_errors_are_not_stored(tmp_path: Path) -> None:
    c = Cache(str(tmp_path), "k")
    key = "cd" + "0" * 62
    c.store(key, PackageResult(problems=[Problem("a.go", "cannot read: gone")]))
    assert c.load(key) is None
    c.store(key, PackageResult(files=1))
    assert c.load(key) == PackageResult(files=1)


def test_an_unreadable_file_is_not_cached_as_clean(tree: Path, tmp_path: Path) -> None:
    settings = Settings(selected=known_codes(), root=str(tree))
    user = tree / "app" / "user.go"
    job = tuple(LintFile(str(p), p.name, True) for p in sorted((tree / "app").glob("*.go")))
    user.rename(tree / "app" / "moved")  # listed, then gone: cannot be read
    c = Cache.open(str(tmp_path / "c"), settings)
    missing = run([job], settings, 1, cache=c)
    assert any("cannot read" in p.message for p in missing.problems)
    (tree / "app" / "moved").rename(user)
    c = Cache.open(str(tmp_path / "c"), settings)
    back = run([job], settings, 1, cache=c)
    assert (c.hits, c.misses) == (0, 1)
    assert any(d.code == "GM101" for d in back.diagnostics)


def test_no_cache_writes_nothing_and_the_default_folder_follows_xdg(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_dir() == str(tmp_path / "xdg" / "golint-mem")
    golint_mem("--no-cache", "./...", cwd=tree)
    assert not (tmp_path / "xdg").exists()
    golint_mem("./...", cwd=tree)
    assert entries(tmp_path / "xdg" / "golint-mem")
    assert (tmp_path / "xdg" / "golint-mem" / "CACHEDIR.TAG").is_file()
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the spec says
    assert default_dir() == os.path.join(os.path.expanduser("~"), ".cache", "golint-mem")


def test_the_fixtures_replay_from_the_cache(tmp_path: Path) -> None:
    fresh = golint_mem("--no-cache", "--format", "json", "./...", cwd=TESTDATA)
    first = golint_mem("--cache-dir", str(tmp_path), "--format", "json", "./...", cwd=TESTDATA)
    again = golint_mem("--cache-dir", str(tmp_path), "--format", "json", "./...", cwd=TESTDATA)
    assert fresh == first == again
    assert len(json.loads(fresh.stdout)) > 20


def test_the_run_key_ignores_only_what_cannot_change_a_result() -> None:
    base = Settings(selected=frozenset({"GM101"}), root="/r")
    key = settings_key(base, "g", "i")
    assert settings_key(Settings(selected=base.selected, root="/r", timeout=99), "g", "i") == key
    assert settings_key(Settings(selected=base.selected, root="/r", debug=True), "g", "i") == key
    assert (
        settings_key(Settings(selected=base.selected, root="/r", prefilter=False), "g", "i") != key
    )


def test_the_run_key_does_not_depend_on_hash_randomisation() -> None:
    code = (
        "from golint_mem.cache import settings_key; from golint_mem.engine import Settings; "
        "codes = frozenset(f'GM{i}' for i in range(100, 200)); "
        "print(settings_key(Settings(selected=codes), 'g', 'i'))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(keys) == 1
