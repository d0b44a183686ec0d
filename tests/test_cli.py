"""The command line end to end: output shape, exit statuses, options, standard input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from golint_mem import __version__
from golint_mem.cli import main
from golint_mem.registry import all_metas

POOL_BUG = """package app

import (
\t"bytes"
\t"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(s string) string {
\tb := bufPool.Get().(*bytes.Buffer)
\tb.WriteString(s)
\tout := b.String()
\tbufPool.Put(b)
\treturn out
}
"""

CLEAN = POOL_BUG.replace(
    "\tbufPool.Put(b)\n",
    "\tif b.Cap() > 1<<16 {\n\t\treturn out\n\t}\n\tb.Reset()\n\tbufPool.Put(b)\n",
)


def run(cwd: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process in `cwd` (one worker unless -j is given)."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        argv = list(args) if any(a in ("-j", "--jobs") for a in args) else ["-j", "1", *args]
        result = CliRunner().invoke(main, argv, input=stdin)
    finally:
        os.chdir(old)
    assert "Traceback" not in result.stderr, result.stderr
    return result.exit_code, result.stdout, result.stderr


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_pool_bug_is_reported_go_vet_style(tmp_path: Path) -> None:
    write(tmp_path, {"app/render.go": POOL_BUG})
    code, out, err = run(tmp_path, "./...")
    assert code == 1
    assert out.splitlines()[0] == (
        "app/render.go:14:14: GM101 b is put back into bufPool without being reset"
    )
    assert "GM103" in out
    assert err.strip().endswith("2 findings in 1 file")


def test_default_pattern_and_clean_tree(tmp_path: Path) -> None:
    write(tmp_path, {"app/render.go": CLEAN})
    code, out, err = run(tmp_path)
    assert (code, out) == (0, "")
    assert "0 findings in 1 file" in err


def test_findings_sorted_by_path_line_column(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"b/x.go": POOL_BUG, "a/x.go": POOL_BUG, "a/y.go": POOL_BUG.replace("render", "other")},
    )
    _, out, _ = run(tmp_path, "./...")
    keys = [line.split(": ")[0] for line in out.splitlines()]
    assert [k.split(":")[0] for k in keys] == ["a/x.go"] * 2 + ["a/y.go"] * 2 + ["b/x.go"] * 2


@pytest.mark.parametrize("pattern", ["./nothere/...", "missing.go", "nodir"])
def test_pattern_matching_nothing_exits_2(tmp_path: Path, pattern: str) -> None:
    write(tmp_path, {"app/render.go": POOL_BUG})
    code, _, err = run(tmp_path, pattern)
    assert code == 2
    assert pattern in err
    assert len([line for line in err.splitlines() if pattern in line]) == 1


def test_broken_config_exits_2_with_one_line(tmp_path: Path) -> None:
    write(tmp_path, {"app/render.go": POOL_BUG, ".golint-mem.toml": "selct = ['GM1']\n"})
    code, out, err = run(tmp_path, "./...")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "selct" in err and ".golint-mem.toml" in err


def test_bad_toml_exits_2(tmp_path: Path) -> None:
    write(tmp_path, {"app/render.go": POOL_BUG, ".golint-mem.toml": "select = [\n"})
    code, _, err = run(tmp_path)
    assert code == 2 and ".golint-mem.toml" in err


def test_config_rule_option_is_used(tmp_path: Path) -> None:
    recycled = (
        POOL_BUG.replace('"bytes"', '"example.com/arena"')
        .replace("bytes.Buffer", "arena.Buffer")
        .replace("\tbufPool.Put(b)", "\tb.Recycle()\n\tbufPool.Put(b)")
    )
    write(tmp_path, {"app/render.go": recycled})
    assert "GM101" in run(tmp_path, "--select", "GM101")[1]
    (tmp_path / ".golint-mem.toml").write_text('[rules.GM101]\nreset-methods = ["Recycle"]\n')
    assert run(tmp_path, "--select", "GM101")[:2] == (0, "")


def test_config_max_capacity_is_used(tmp_path: Path) -> None:
    bounded = (
        'package app\n\nimport (\n\t"bytes"\n\t"sync"\n)\n\n'
        "var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}\n\n"
        "func render(p []byte) {\n\tb := bufPool.Get().(*bytes.Buffer)\n\tb.Reset()\n"
        "\tb.Write(p)\n\tif b.Cap() <= 1<<16 {\n\t\tbufPool.Put(b)\n\t}\n}\n"
    )
    write(tmp_path, {"app/render.go": bounded})
    assert run(tmp_path, "--select", "GM103")[:2] == (0, "")
    (tmp_path / ".golint-mem.toml").write_text("[rules.GM103]\nmax-capacity = 4096\n")
    code, out, _ = run(tmp_path, "--select", "GM103")
    assert code == 1 and "up to 65,536 bytes, above max-capacity 4,096" in out, out


def test_stdin_is_judged_with_its_package(tmp_path: Path) -> None:
    pool_elsewhere = 'package app\n\nimport "sync"\n\ntype server struct{ bufs sync.Pool }\n'
    uses = (
        'package app\n\nimport "bytes"\n\nfunc (s *server) h(p []byte) {\n'
        "\tb := s.bufs.Get().(*bytes.Buffer)\n\tb.Write(p)\n\ts.bufs.Put(b)\n}\n"
    )
    write(tmp_path, {"app/types.go": pool_elsewhere, "app/handler.go": "package app\n"})
    code, out, _ = run(
        tmp_path, "--select", "GM101", "--stdin-filename", "app/handler.go", "-", stdin=uses
    )
    assert code == 1
    assert out == "app/handler.go:8:13: GM101 b is put back into s.bufs without being reset\n"


def test_select_ignore_and_unknown_codes(tmp_path: Path) -> None:
    write(tmp_path, {"app/render.go": POOL_BUG})
    assert {line.split()[1] for line in run(tmp_path, "--select", "GM103")[1].splitlines()} == {
        "GM103"
    }
    assert {line.split()[1] for line in run(tmp_path, "--ignore", "GM10")[1].splitlines()} == set()
    code, out, err = run(tmp_path, "--select", "GM999")
    assert code == 2 and "GM999" in err and out == ""


def test_exit_zero(tmp_path: Path) -> None:
    write(tmp_path, {"app/render.go": POOL_BUG})
    code, out, _ = run(tmp_path, "--exit-zero")
    assert code == 0 and "GM101" in out


def test_json_to_output_file(tmp_path: Path) -> None:
    write(tmp_path, {"app/render.go": POOL_BUG})
    code, out, _ = run(tmp_path, "--format", "json", "--output", "report.json")
    assert (code, out) == (1, "")
    rows = json.loads((tmp_path / "report.json").read_text())
    assert (rows[0]["code"], rows[0]["path"], rows[0]["line"]) == ("GM101", "app/render.go", 14)


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    write(tmp_path, {"app/render.go": POOL_BUG})
    code, _, err = run(tmp_path, "--output", "no/such/dir/report.txt")
    assert code == 2 and "no/such/dir/report.txt" in err


def test_generated_files_and_tests(tmp_path: Path) -> None:
    generated = "// Code generated by hand. DO NOT EDIT.\n\n" + POOL_BUG
    write(tmp_path, {"app/gen.go": generated, "app/x_test.go": POOL_BUG.replace("render", "r2")})
    out = run(tmp_path)[1]
    assert "gen.go" not in out and "x_test.go" in out
    assert "gen.go" in run(tmp_path, "--include-generated")[1]
    assert "x_test.go" not in run(tmp_path, "--no-tests")[1]


def test_parse_error_is_a_notice_unless_asked(tmp_path: Path) -> None:
    write(tmp_path, {"app/render.go": POOL_BUG + "\nfunc broken( {\n"})
    code, out, err = run(tmp_path)
    assert code == 1 and "GM101" in out
    assert "app/render.go:18: parse error" in err
    code, out, _ = run(tmp_path, "--parse-errors")
    assert "GM000" in out


def test_suppression_directive(tmp_path: Path) -> None:
    quiet = POOL_BUG.replace(
        "\tbufPool.Put(b)", "\tbufPool.Put(b) //golintmem:ignore GM101,GM103 callers reset it"
    )
    write(tmp_path, {"app/render.go": quiet})
    code, out, err = run(tmp_path)
    assert (code, out) == (0, "")
    assert "(2 suppressed)" in err
    bare = POOL_BUG.replace("\tbufPool.Put(b)", "\tbufPool.Put(b) //golintmem:ignore GM101")
    write(tmp_path, {"app/render.go": bare})
    assert "GM001" in run(tmp_path)[1]


def test_parallel_output_is_identical(tmp_path: Path) -> None:
    write(tmp_path, {f"p{i}/x.go": POOL_BUG for i in range(6)})
    one = run(tmp_path, "-j", "1")
    two = run(tmp_path, "-j", "2")
    assert one == two and one[0] == 1


def test_list_rules_explain_version(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--list-rules")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [m.code for m in all_metas()]
    code, out, _ = run(tmp_path, "--explain", "gm101")
    assert code == 0 and out.startswith("# GM101: pool-put-without-reset")
    code, _, err = run(tmp_path, "--explain", "GM999")
    assert code == 2 and "GM999" in err
    assert run(tmp_path, "--version")[1].strip() == f"golint-mem, version {__version__}"


def test_python_dash_m_and_stdin_in_a_real_process(tmp_path: Path) -> None:
    write(tmp_path, {"app/render.go": CLEAN})
    proc = subprocess.run(
        [sys.executable, "-m", "golint_mem", "--stdin-filename", "app/render.go", "-"],
        input=POOL_BUG.encode(),
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.decode().startswith("app/render.go:14:14: GM101 ")
