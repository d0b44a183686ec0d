"""The pre-commit hooks (.pre-commit-hooks.yaml), run for real with `pre-commit try-repo`.

try-repo clones this repository at HEAD (plus uncommitted changes to tracked files), builds a
virtualenv and pip-installs golint-mem into it, from PyPI for the dependencies: about a minute on a
fresh machine, every run, since try-repo keeps its store in a temporary directory.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.clirun import golint_mem

ROOT = Path(__file__).resolve().parent.parent

POOLS = """package app

import "sync"

type record struct {
	name  string
	count int
}

var recordPool = sync.Pool{New: func() any { return new(record) }}
"""
# The pool is declared in pools.go: only with its package around it is use.go's bug visible.
USE = """package app

func label(name string) string {
	r := recordPool.Get().(*record)
	r.name = "<" + name + ">"
	s := r.name
	recordPool.Put(r)
	return s
}
"""
FIXED = USE.replace("\trecordPool.Put(r)", "\t*r = record{}\n\trecordPool.Put(r)")


def test_manifest() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {h["id"]: h for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"golint-mem", "golint-mem-all"}
    for h in hooks.values():
        assert (h["language"], h["types"]) == ("python", ["go"])
    # The files pre-commit names are skipped where ./... would skip them (vendor/, testdata/).
    assert hooks["golint-mem"]["entry"] == "golint-mem --force-exclude"
    assert hooks["golint-mem-all"]["entry"] == "golint-mem"
    assert hooks["golint-mem"]["pass_filenames"] is True
    every = hooks["golint-mem-all"]
    assert (every["pass_filenames"], every["require_serial"], every["args"]) == (
        False,
        True,
        ["./..."],
    )
    raw = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert [h["id"] for h in raw] == ["golint-mem", "golint-mem-all"]


def findings(out: str) -> list[str]:
    return sorted(line for line in out.splitlines() if re.match(r"\S+:\d+:\d+: GM\d{3} ", line))


def test_a_file_alone_is_judged_with_its_package() -> None:
    """What pre-commit does (pass file names) finds on each file what ./... finds on it."""
    everything = findings(golint_mem("./...", cwd=ROOT / "testdata").stdout)
    files = sorted((ROOT / "testdata").rglob("*.go"))
    assert len(files) > 5
    for path in files:
        rel = path.relative_to(ROOT / "testdata").as_posix()
        alone = findings(golint_mem(rel, cwd=ROOT / "testdata").stdout)
        assert alone == [f for f in everything if f.startswith(rel + ":")], rel
    # A finding that needs the sibling file declaring the pool, so the siblings were read.
    assert any(f.startswith("GM101/uses_elsewhere.go:7:16: GM101") for f in everything)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_INPUT="1",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    return env


def _hook_status(output: str) -> dict[str, str]:
    """{hook name: Passed/Failed/...} from pre-commit's `name.....Status` lines."""
    return {
        m[1]: m[2]
        for m in re.finditer(r"^(\S.*?)\.{3,}(?:\(.*?\))?(Passed|Failed|Skipped)$", output, re.M)
    }


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_try_repo(tmp_path: Path) -> None:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    assert head.returncode == 0, f"try-repo needs {ROOT} to be a git repository: {head.stderr}"
    env = _env(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    (work / "pools.go").write_text(POOLS)
    (work / "use.go").write_text(USE)
    subprocess.run(["git", "init", "-q"], cwd=work, env=env, check=True)
    subprocess.run(["git", "add", "."], cwd=work, env=env, check=True)

    def try_repo(*args: str) -> tuple[int, str]:
        cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), *args, "--color=never"]
        done = subprocess.run(
            cmd, cwd=work, env=env, capture_output=True, text=True, timeout=900, check=False
        )
        return done.returncode, done.stdout + done.stderr

    # Every hook of the manifest; golint-mem is given use.go alone.
    code, out = try_repo("--files", "use.go")
    assert code == 1, out
    assert _hook_status(out) == {"golint-mem": "Failed", "golint-mem (all packages)": "Failed"}
    assert out.count("use.go:7:17: GM101 r is put back into recordPool without being reset") == 2

    (work / "use.go").write_text(FIXED)
    subprocess.run(["git", "add", "."], cwd=work, env=env, check=True)
    code, out = try_repo("--all-files")
    assert code == 0, out
    assert _hook_status(out) == {"golint-mem": "Passed", "golint-mem (all packages)": "Passed"}


# The hooks of the manifest, run by real pre-commit without a network: a `repo: local` copy of
# each (its entry, args, types and pass_filenames) whose `golint-mem` is this checkout.
VENDORED_BUG = USE.replace("package app", "package vendored")
VENDORED_POOLS = POOLS.replace("package app", "package vendored")


def _local_config() -> str:
    from pre_commit.clientlib import load_manifest

    hooks = []
    for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml")):
        keys = ("id", "name", "entry", "args", "types", "pass_filenames", "require_serial")
        hooks.append({k: h[k] for k in keys} | {"language": "system"})
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]})


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_hooks_skip_vendor_and_testdata(tmp_path: Path) -> None:
    env = _env(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "golint-mem"
    wrapper.write_text(
        f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m golint_mem -j 1 "$@"\n'
    )
    wrapper.chmod(0o755)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    work = tmp_path / "work"
    for folder in ("app", "vendor/example.com/lib", "testdata/case", "app/testdata", "_tools"):
        (work / folder).mkdir(parents=True, exist_ok=True)
        (work / folder / "pools.go").write_text(VENDORED_POOLS)
        (work / folder / "use.go").write_text(VENDORED_BUG)
    (work / ".pre-commit-config.yaml").write_text(_local_config())
    subprocess.run(["git", "init", "-q"], cwd=work, env=env, check=True)
    subprocess.run(["git", "add", "."], cwd=work, env=env, check=True)

    def pre_commit(*args: str) -> tuple[int, str]:
        cmd = [sys.executable, "-m", "pre_commit", "run", "--color=never", *args]
        done = subprocess.run(
            cmd, cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        return done.returncode, done.stdout + done.stderr

    everything = findings(golint_mem("./...", cwd=work).stdout)
    assert everything == [
        "app/use.go:7:17: GM101 r is put back into recordPool without being reset"
    ]
    code, out = pre_commit("golint-mem", "--all-files")
    assert code == 1, out
    assert _hook_status(out) == {"golint-mem": "Failed"}
    assert findings(out) == everything  # vendor/, testdata/ and _tools/ were passed, not linted
    # A commit that only vendors a module, or only touches test data, is not blocked.
    skipped = ["vendor/example.com/lib/use.go", "testdata/case/use.go", "app/testdata/use.go"]
    code, out = pre_commit("golint-mem", "--files", *skipped, "_tools/use.go")
    assert code == 0, out
    assert _hook_status(out) == {"golint-mem": "Passed"}
    # The other hook lints ./... whatever the files: the same findings.
    code, out = pre_commit("golint-mem-all", "--files", *skipped)
    assert code == 1, out
    assert findings(out) == everything
