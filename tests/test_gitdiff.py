from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from golint_mem.gitdiff import parse_diff
from tests.clirun import golint_mem

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

POOL = """package p

import "sync"

var bufPool sync.Pool

func put(b []byte) {
	bufPool.Put(b)
}
"""


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    cmd = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args]
    done = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "pkg ä").mkdir(parents=True)
    (root / "pkg ä" / "p.go").write_text(POOL)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "one")
    return root


def lines(out: str) -> list[str]:
    return [line.split(": GM")[0] for line in out.splitlines()]


def test_only_changed_lines(repo: Path) -> None:
    path = repo / "pkg ä" / "p.go"
    path.write_text(POOL.replace("\tbufPool.Put(b)\n", "\tbufPool.Put(b)\n\tbufPool.Put(b[:0])\n"))
    assert lines(golint_mem(cwd=repo).stdout) == ["pkg ä/p.go:8:14", "pkg ä/p.go:9:14"]
    ran = golint_mem("--new-from-rev", "HEAD", cwd=repo)
    assert ran.code == 1
    assert lines(ran.stdout) == ["pkg ä/p.go:9:14"]
    assert "1 finding hidden: not on lines changed since HEAD" in ran.stderr
    # Staged or committed, the change is still new against the older revision.
    git(repo, "commit", "-q", "-am", "two")
    assert lines(golint_mem("--new-from-rev", "HEAD~1", cwd=repo).stdout) == ["pkg ä/p.go:9:14"]
    ran = golint_mem("--new-from-rev", "HEAD", cwd=repo)
    assert (ran.code, ran.stdout) == (0, "")
    # From a subdirectory, with its own relative paths.
    sub = golint_mem("--new-from-rev", "HEAD~1", ".", cwd=path.parent)
    assert lines(sub.stdout) == ["p.go:9:14"]


def test_untracked_files_are_new(repo: Path) -> None:
    (repo / "new").mkdir()
    (repo / "new" / "n.go").write_text(POOL)
    (repo / ".gitignore").write_text("ignored/\n")
    (repo / "ignored").mkdir()
    (repo / "ignored" / "i.go").write_text(POOL)
    ran = golint_mem("--new-from-rev", "HEAD", cwd=repo)
    assert lines(ran.stdout) == ["new/n.go:8:14"]


def test_errors(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "p.go").write_text(POOL)
    for cwd, rev, message in [
        (outside, "HEAD", f"--new-from-rev: {outside} is not in a git repository"),
        (repo, "no-such-branch", "--new-from-rev: unknown revision 'no-such-branch'"),
        (repo, "--output=/tmp/x", "--new-from-rev: unknown revision '--output=/tmp/x'"),
        (repo, "HEAD~5", "--new-from-rev: unknown revision 'HEAD~5'"),
    ]:
        ran = golint_mem(f"--new-from-rev={rev}", cwd=cwd)
        assert (ran.code, ran.stdout) == (2, ""), rev
        assert ran.stderr == f"golint-mem: error: {message}\n"


DIFF = b"""\
diff --git a/a.go b/a.go
index 1..2 100644
--- a/a.go
+++ b/a.go
@@ -3 +3 @@ func a() {
-\tx := 1
+\tx := 2
@@ -10,0 +11,3 @@ func b() {
+++ not a header: an added line reading "++ not a header"
+\ty := 3
+\tz := 4
@@ -20,2 +22,0 @@
-\tgone()
-\tgone()
diff --git a/old.go b/old.go
deleted file mode 100644
--- a/old.go
+++ /dev/null
@@ -1,3 +0,0 @@
-package p
-
-var v int
diff --git "a/tab\\there.go" "b/tab\\there.go"
new file mode 100644
--- /dev/null
+++ "b/tab\\there \\303\\244\\"q\\".go"
@@ -0,0 +1,2 @@
+package p
+
diff --git a/with space.go b/with space.go
--- a/with space.go\t
+++ b/with space.go\t
@@ -1 +1 @@
-package p
+package q
diff --git a/renamed.go b/moved.go
similarity index 100%
rename from renamed.go
rename to moved.go
"""


def test_parse_diff() -> None:
    assert parse_diff(DIFF) == [
        ("a.go", {3, 11, 12, 13}),
        ('tab\there \u00e4"q".go', {1, 2}),
        ("with space.go", {1}),
    ]
