"""Run the golint-mem command in this process, from a given directory, one worker."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from golint_mem.cli import main


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str


def golint_mem(*args: str, cwd: Path) -> Ran:
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(main, ["-j", "1", *args], catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)
