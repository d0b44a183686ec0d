"""action.yml: its shape, injection safety, and its scripts run with bash as the runner would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
BASH = shutil.which("bash")

POOL = """package p

import "sync"

var bufPool sync.Pool

func put(b []byte) {
	bufPool.Put(b)
}
"""


def action() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(ACTION.read_text("utf-8"))
    return doc


def steps() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = action()["runs"]["steps"]
    return found


def step(step_id: str) -> dict[str, Any]:
    (found,) = [s for s in steps() if s.get("id") == step_id]
    return found


def test_composite_with_the_inputs() -> None:
    doc = action()
    assert doc["runs"]["using"] == "composite"
    inputs = doc["inputs"]
    assert {k: v.get("default") for k, v in inputs.items()} == {
        "args": "./...",
        "working-directory": ".",
        "version": "",
        "sarif-file": "golint-mem.sarif",
        "upload": "true",
        "category": "",
        "fail-on-findings": "",
        "python-version": "3.12",
    }
    assert all(v["description"] for v in inputs.values())
    install = step("install")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    lint = step("lint")["run"]
    assert '--output-format "sarif:$SARIF_FILE" --output-format "github:$annotations"' in lint
    assert lint.count('"$GOLINT_MEM"') == 1  # one run writes both reports
    (upload,) = [s for s in steps() if "upload-sarif" in s.get("uses", "")]
    assert upload["if"].startswith("inputs.upload == 'true'")
    assert upload["with"]["category"] == "${{ inputs.category }}"


def test_no_expression_inside_a_script() -> None:
    scripts = [s["run"] for s in steps() if "run" in s]
    assert len(scripts) == 3
    for script in scripts:
        # Not only ${{ inputs.x }}: any expression in a script is pasted in as shell code.
        assert "${{" not in script, script


def test_env_values_are_quoted_in_scripts() -> None:
    for s in steps():
        if "run" not in s:
            continue
        names = set(s.get("env", {}))
        for lineno, line in enumerate(s["run"].splitlines(), 1):
            for m in re.finditer(r"\$\{?([A-Z_]+)\b", line):
                if m[1] in names:
                    assert _quoted(line, m.start()), f"{s.get('name')}: line {lineno}: {line}"


def _quoted(line: str, at: int) -> bool:
    """Inside double quotes at `at`? Good enough for these scripts: no escaped quotes."""
    return line[:at].count('"') % 2 == 1


def test_actions_are_pinned_by_commit() -> None:
    uses = [s["uses"] for s in steps() if "uses" in s]
    assert len(uses) == 2
    for u in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", u), u
    for line in ACTION.read_text("utf-8").splitlines():
        if re.match(r"\s*(- )?uses:", line):  # the tag it stands for, for people and Dependabot
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_scripts_parse() -> None:
    for s in steps():
        if "run" in s:
            done = subprocess.run([BASH, "-n"], input=s["run"], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr


def run_step(
    step_id: str, env: dict[str, str], cwd: Path, tmp: Path
) -> tuple[int, str, dict[str, str]]:
    assert BASH is not None
    out_file = tmp / f"{step_id}.out"
    out_file.write_text("")
    full = {**os.environ, "RUNNER_TEMP": str(tmp), **env, "GITHUB_OUTPUT": str(out_file),
            "RUNNER_OS": "Linux"}  # fmt: skip
    # As the runner runs a `shell: bash` step: bash --noprofile --norc -eo pipefail {0}
    cmd = [BASH, "--noprofile", "--norc", "-eo", "pipefail", "-c", step(step_id)["run"]]
    done = subprocess.run(cmd, cwd=cwd, env=full, capture_output=True, text=True, timeout=120)
    outputs = dict(line.split("=", 1) for line in out_file.read_text().splitlines() if line)
    return done.returncode, done.stdout + done.stderr, outputs


@pytest.fixture
def wrapper(tmp_path: Path) -> str:
    """Stands for the installed golint-mem: this checkout, run by this Python; each run appends
    its arguments to calls.log."""
    script = tmp_path / "golint-mem"
    log = tmp_path / "calls.log"
    script.write_text(
        f'#!/bin/sh\necho "$*" >> "{log}"\n'
        f'PYTHONPATH="{ROOT}" exec "{sys.executable}" -m golint_mem -j 1 "$@"\n'
    )
    script.chmod(0o755)
    return str(script)


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_lint_step(tmp_path: Path, wrapper: str) -> None:
    work = tmp_path / "work"
    (work / "pkg").mkdir(parents=True)
    (work / "pkg" / "p.go").write_text(POOL)
    env = {"GOLINT_MEM": wrapper, "ARGS": "./...\n  --select GM102", "SARIF_FILE": "out.sarif",
           "GITHUB_WORKSPACE": str(work)}  # fmt: skip
    code, log, outputs = run_step("lint", env, work, tmp_path)
    assert code == 0, log
    assert outputs == {"exit-code": "1", "sarif-file": str(work / "out.sarif")}
    assert "::warning file=pkg/p.go,line=8,col=14," in log
    assert '"ruleId": "GM102"' in (work / "out.sarif").read_text()
    assert len((tmp_path / "calls.log").read_text().splitlines()) == 1  # linted once
    assert [p.name for p in tmp_path.iterdir() if "annotations" in p.name] == []


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
@pytest.mark.parametrize(
    "args",
    [
        "./... --format json -o mine.json",
        "./... --format text",
        "./... --output-format github",
        "./... -o mine.txt --statistics",
        "./... --format sarif",
    ],
)
def test_users_format_and_output_do_not_break_the_upload(
    tmp_path: Path, wrapper: str, args: str
) -> None:
    work = tmp_path / "work"
    (work / "pkg").mkdir(parents=True)
    (work / "pkg" / "p.go").write_text(POOL)
    env = {"GOLINT_MEM": wrapper, "ARGS": args, "SARIF_FILE": "out.sarif",
           "GITHUB_WORKSPACE": str(work)}  # fmt: skip
    code, log, outputs = run_step("lint", env, work, tmp_path)
    assert code == 0, log
    assert outputs["exit-code"] == "1", log
    doc = json.loads((work / "out.sarif").read_text())
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["GM102"]
    assert log.count("::warning file=pkg/p.go,line=8,col=14,") == 1 + ("github" in args)
    if "-o mine.json" in args:
        assert json.loads((work / "mine.json").read_text())[0]["code"] == "GM102"
    assert len((tmp_path / "calls.log").read_text().splitlines()) == 1


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_args_cannot_run_code(tmp_path: Path, wrapper: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "p.go").write_text(POOL)
    marker = tmp_path / "pwned"
    env = {"GOLINT_MEM": wrapper, "SARIF_FILE": "out.sarif",
           "ARGS": f'$(touch {marker}) `touch {marker}` ; touch {marker} *'}  # fmt: skip
    code, log, outputs = run_step("lint", env, work, tmp_path)
    assert code == 0, log
    assert not marker.exists()
    assert outputs["exit-code"] == "2"  # the words reached golint-mem as patterns, unexpanded
    assert "$(touch: no such file or directory" in log


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
@pytest.mark.parametrize(
    ("exit_code", "fail_on_findings", "upload", "fails"),
    [
        ("0", "", "true", False),
        ("1", "", "true", False),  # uploading: code scanning decides
        ("1", "", "false", True),
        ("1", "true", "true", True),
        ("1", "false", "false", False),
        ("2", "false", "true", True),  # an error always fails
        ("", "", "true", True),  # golint-mem did not even run
    ],
)
def test_verdict(
    tmp_path: Path, exit_code: str, fail_on_findings: str, upload: str, fails: bool
) -> None:
    env = {"EXIT_CODE": exit_code, "FAIL_ON_FINDINGS": fail_on_findings, "UPLOAD": upload}
    code, log, _ = run_step("verdict", env, tmp_path, tmp_path)
    assert (code != 0) == fails, log
    if exit_code not in ("0", "1"):
        assert log.startswith("::error title=golint-mem::golint-mem could not lint every file")


# Pins in the docs and the action name things that exist --------------------------------------

README = ROOT / "README.md"
_USES = re.compile(r"uses: ([\w.-]+/[\w.-]+)(/[\w./-]+)?@(\S+)(?: # (v[\d.]+))?")


def _pins() -> list[tuple[str, str, str | None, str]]:
    """(owner/repo, ref, the version comment, where) of every `uses:` in action.yml and README."""
    found = []
    for path in (ACTION, README):
        for line in path.read_text("utf-8").splitlines():
            m = _USES.search(line)
            if m:
                found.append((m[1], m[3], m[4], f"{path.name}: {line.strip()}"))
    return found


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_third_party_actions_are_pinned_by_sha_with_their_version() -> None:
    pins = [p for p in _pins() if p[0] != "golint-mem/golint-mem"]
    assert {p[0] for p in pins} == {
        "actions/checkout", "actions/setup-python", "github/codeql-action",
    }  # fmt: skip
    for _repo, ref, version, where in pins:
        assert re.fullmatch(r"[0-9a-f]{40}", ref) and version, where


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_action_shas_are_the_tags_they_claim() -> None:
    """Checked against the actions' own repositories where a mirror of them is at hand
    (MIRROR_ROOT, as the `fetch` tool lays them out); skipped elsewhere."""
    mirrors = Path(os.environ.get("MIRROR_ROOT", "/work/.mirror"))
    checked = 0
    for repo, ref, version, where in _pins():
        gitdir = mirrors / repo.replace("/", "+") / "repo"
        if version is None or not gitdir.is_dir():
            continue
        tag = _git("--git-dir", str(gitdir), "rev-parse", f"{version}^{{commit}}")
        assert tag.returncode == 0 and tag.stdout.strip() == ref, where
        checked += 1
    if not checked:
        pytest.skip("no mirror of the actions here")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_golint_mem_pins_name_refs_that_exist() -> None:
    """No release is tagged yet: the docs pin `main`, which this repository has."""
    if _git("rev-parse", "--git-dir", cwd=ROOT).returncode != 0:
        pytest.skip("not a git checkout")
    refs = [p[1] for p in _pins() if p[0] == "golint-mem/golint-mem"]
    text = README.read_text("utf-8")
    refs += re.findall(r"golint-mem/golint-mem\n\s+rev: (\S+)", text)
    refs += re.findall(r"git\+https://github\.com/golint-mem/golint-mem@([\w.-]+)", text)
    assert len(refs) >= 3
    for ref in refs:
        known = any(
            _git("rev-parse", "--verify", "--quiet", f"{r}^{{commit}}", cwd=ROOT).returncode == 0
            for r in (ref, f"origin/{ref}")
        )
        assert known, f"README pins golint-mem at {ref!r}, which this repository does not have"
    assert "v0.1.0" not in text and "v0.1.0" not in ACTION.read_text("utf-8")
