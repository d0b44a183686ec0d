"""scripts/new_rule.py: the skeleton is picked up everywhere a rule must be, and its tests fail
until it is filled in. Run on a copy of the checkout, never on the checkout itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from new_rule import Refused, add

CODE, NAME = "GM399", "made-up-pattern"
MODULE = "golint_mem/rules/gm399_made_up_pattern.py"


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the tests need of the checkout, with GM399 added by the script."""
    copy = tmp_path_factory.mktemp("checkout")
    ignore = shutil.ignore_patterns("__pycache__", ".*")
    for name in ("golint_mem", "docs", "testdata", "tests", "scripts"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    for name in ("README.md", "pyproject.toml"):
        shutil.copy(ROOT / name, copy / name)
    run = subprocess.run(
        [sys.executable, "scripts/new_rule.py", CODE, NAME],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[:5] == [
        MODULE,
        "docs/rules/GM399.md",
        "testdata/GM399/gm399.go",
        "golint_mem/registry.py",
        "README.md",
    ]
    return copy


def in_copy(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A command run in the copy, importing the copy's golint_mem (not the installed one)."""
    env = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run(
        [*args], cwd=copy, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_the_registry_lists_it_in_code_order(checkout: Path) -> None:
    run = in_copy(checkout, sys.executable, "-m", "golint_mem", "--list-rules")
    codes = [line.split()[0] for line in run.stdout.splitlines()]
    assert run.returncode == 0 and CODE in codes
    assert codes == sorted(codes)
    assert f"[{CODE}](docs/rules/{CODE}.md) | {NAME} |" in (checkout / "README.md").read_text()


def test_explain_shows_its_page(checkout: Path) -> None:
    run = in_copy(checkout, sys.executable, "-m", "golint_mem", "--explain", CODE.lower())
    assert run.returncode == 0 and run.stdout.startswith(f"# {CODE}: {NAME}\n")


def test_its_tests_run_and_fail_until_it_is_filled_in(checkout: Path) -> None:
    tests = ["tests/test_rules_contract.py", "tests/test_rule_pages.py", "tests/test_fixtures.py"]
    run = in_copy(
        checkout, sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v", "-k", CODE, *tests
    )
    outcome = {
        line.split(" ")[0]: line.split(" ")[1]
        for line in run.stdout.splitlines()
        if line.startswith("tests/") and (" PASSED" in line or " FAILED" in line)
    }
    assert outcome == {
        f"tests/test_rules_contract.py::test_query_compiles_and_captures_something[{CODE}]": (
            "PASSED"
        ),
        f"tests/test_rules_contract.py::test_enough_positive_and_negative_fixture_lines[{CODE}]": (
            "FAILED"
        ),
        f"tests/test_rule_pages.py::test_page_has_every_section[{CODE}]": "PASSED",
        f"tests/test_rule_pages.py::test_example_triggers_and_use_instead_is_clean[{CODE}]": (
            "FAILED"
        ),
        f"tests/test_fixtures.py::test_fixture_package[testdata/{CODE}]": "PASSED",
    }, run.stdout


def test_the_skeleton_is_clean_for_ruff_and_gofmt(checkout: Path) -> None:
    ruff = Path(sys.executable).with_name("ruff")
    if ruff.exists():
        run = in_copy(checkout, str(ruff), "check", "--no-cache", MODULE, "scripts/new_rule.py")
        assert run.returncode == 0, run.stdout
        run = in_copy(checkout, str(ruff), "format", "--no-cache", "--check", MODULE)
        assert run.returncode == 0, run.stdout
    if shutil.which("gofmt") is not None:
        assert in_copy(checkout, "gofmt", "-l", f"testdata/{CODE}").stdout == ""


@pytest.mark.parametrize(
    ("code", "name", "why"),
    [
        ("GM101", "again", "GM101 exists already"),
        ("GM042", "engine-code", "'GM042' is not a rule code"),
        ("GM1011", "too-long", "'GM1011' is not a rule code"),
        ("GM301", "Not_Kebab", "'Not_Kebab' is not a rule name"),
    ],
)
def test_refused(code: str, name: str, why: str) -> None:
    """Refused before anything is written (the checkout's own files are not touched)."""
    with pytest.raises(Refused, match=why):
        add(code, name, ROOT)
