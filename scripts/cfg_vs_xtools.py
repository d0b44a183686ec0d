#!/usr/bin/env python3
"""Check golint_mem.go.cfg against golang.org/x/tools/go/cfg on a Go tree: which statements
each graph says are reachable.

    python scripts/cfg_vs_xtools.py /usr/lib/go-1.19/src

Builds, in a temporary module, a small Go program over the copy of x/tools/go/cfg that the Go
installation vendors for `go vet` (GOROOT/src/cmd/vendor), with the same table of calls that
never return; both sides give, for every statement of every function and func literal, whether
its block is live. Prints the counts and each statement on which they disagree (exit status 1).
Files tree-sitter or go/parser cannot parse cleanly are left out. Needs `go` on PATH; nothing
is downloaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from golint_mem.go import cfg
from golint_mem.treesitter import matches, parse, query

# Statements both graphs hold as nodes (x/tools keeps no branch statement, and evaluates a
# select's receive before choosing the case).
STATEMENTS = frozenset(
    (
        "expression_statement",
        "send_statement",
        "inc_statement",
        "dec_statement",
        "assignment_statement",
        "short_var_declaration",
        "go_statement",
        "defer_statement",
        "return_statement",
        "var_spec",
    )
)
FUNCS = query("[(function_declaration) (method_declaration) (func_literal)] @f")

MAIN = """package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"xcfg/cfg"
)

var noReturn = map[string]map[string]bool{%s}

func mayReturn(call *ast.CallExpr) bool {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return !noReturn[""][fn.Name]
	case *ast.SelectorExpr:
		if noReturn["*"][fn.Sel.Name] {
			return false
		}
		if x, ok := fn.X.(*ast.Ident); ok && noReturn[x.Name][fn.Sel.Name] {
			return false
		}
	}
	return true
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	filepath.Walk(os.Args[1], func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return nil
		}
		emit := func(body *ast.BlockStmt) {
			for _, b := range cfg.New(body, mayReturn).Blocks {
				for _, n := range b.Nodes {
					switch n.(type) {
					case ast.Stmt, *ast.ValueSpec:
						at := fset.Position(n.Pos()).Offset
						fmt.Fprintf(out, "%%s\\t%%d\\t%%v\\n", path, at, b.Live)
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					emit(n.Body)
				}
			case *ast.FuncLit:
				emit(n.Body)
			}
			return true
		})
		return nil
	})
}
"""


def theirs(root: str) -> dict[tuple[str, int], bool]:
    goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True)
    vendored = os.path.join(goroot.stdout.strip(), "src/cmd/vendor/golang.org/x/tools/go/cfg")
    table = ", ".join(
        f'"{q}": {{{", ".join(f"{chr(34)}{n}{chr(34)}: true" for n in sorted(names))}}}'
        for q, names in sorted(cfg.NO_RETURN.items())
    )
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(vendored, os.path.join(tmp, "cfg"))
        with open(os.path.join(tmp, "go.mod"), "w") as f:
            f.write("module xcfg\n\ngo 1.19\n")
        with open(os.path.join(tmp, "main.go"), "w") as f:
            f.write(MAIN % table)
        env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off"}
        subprocess.run(["go", "build", "-o", "xcfg", "."], cwd=tmp, env=env, check=True)
        run = subprocess.run(
            [os.path.join(tmp, "xcfg"), root], capture_output=True, text=True, check=True
        )
    out: dict[tuple[str, int], bool] = {}
    for line in run.stdout.splitlines():
        path, offset, live = line.split("\t")
        out[(path, int(offset))] = live == "true"
    return out


def ours(root: str) -> dict[tuple[str, int], bool]:
    out: dict[tuple[str, int], bool] = {}
    for d, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(".go"):
                continue
            path = os.path.join(d, name)
            with open(path, "rb") as f:
                data = f.read()
            tree = parse(data)
            if tree.root_node.has_error:
                continue
            for _, m in matches(FUNCS, tree.root_node):
                for b in cfg.build(m["f"][0], data).blocks:
                    for n in b.nodes:
                        if n.type in STATEMENTS:
                            out[(path, n.start_byte)] = b.live
    return out


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/go-1.19/src"
    root = os.path.realpath(root)
    x, o = theirs(root), ours(root)
    both = sorted(set(x) & set(o))
    differ = [k for k in both if x[k] != o[k]]
    dead = sum(1 for k in both if not o[k])
    print(f"{len(both)} statements in both graphs ({dead} unreachable): {len(differ)} differ")
    for path, offset in differ:
        with open(path, "rb") as f:
            line = f.read()[:offset].count(b"\n") + 1
        print(f"{path}:{line}: x/tools live={x[(path, offset)]}, ours live={o[(path, offset)]}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
