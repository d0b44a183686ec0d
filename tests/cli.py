"""Run golint-mem as users do, in a child process, and Go sources for the hostile-input tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEADER = 'package {pkg}\n\nimport (\n\t"bytes"\n\t"sync"\n)\n\n'
POOL = "var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}\n"
# A function with one GM101 finding (and a GM103 one) on its Put, line 4 of the function.
PUT_FUNC = (
    "func {name}(s string) {{\n"
    "\tbuf := bufPool.Get().(*bytes.Buffer)\n"
    "\tbuf.WriteString(s)\n"
    "\tbufPool.Put(buf)\n"
    "}}\n"
)

# good/good.go: one package that is always fine to lint; its finding must survive whatever else
# the run meets.
GOOD = HEADER.format(pkg="good") + POOL + "\n" + PUT_FUNC.format(name="f")
GOOD_FINDING = "good/good.go:13:14: GM101 buf is put back into bufPool without being reset"

_SUMMARY = re.compile(r"^\d+ findings? in \d+ files?( \(\d+ suppressed\))?$")


def go_file(pkg: str, *bodies: str, pool: bool = True) -> str:
    """A Go file of package `pkg` importing bytes and sync, with bufPool and the given bodies."""
    return HEADER.format(pkg=pkg) + (POOL if pool else "") + "\n" + "\n".join(bodies)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[str]:
        """Lines on stderr other than the summary."""
        return [line for line in self.err.splitlines() if not _SUMMARY.match(line)]


def golint_mem(cwd: Path, *args: str, timeout: float = 120) -> Run:
    """`golint-mem ARGS` in `cwd`, from this checkout; fails the test if it takes `timeout`."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-m", "golint_mem", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    out = proc.stdout.decode("utf-8", "surrogateescape")
    err = proc.stderr.decode("utf-8", "surrogateescape")
    assert "Traceback" not in out + err, err
    return Run(proc.returncode, out, err)


def write(root: Path, name: str, content: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode())
    return path
