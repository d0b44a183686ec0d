#!/usr/bin/env python3
"""Time building control-flow graphs (golint_mem.go.cfg) against parsing, on a Go tree.

    python scripts/bench_cfg.py /usr/lib/go-1.19/src

Parses every .go file (timed), then builds the graph of every function, method and func literal
(timed apart), and of only the functions whose text holds `.Put(` (the ones GM1xx rules will
ask for). Prints graphs per second and each build time as a share of the parse time. One run in
this process: the machine is shared, so read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from golint_mem.go import cfg
from golint_mem.treesitter import matches, parse, query

FUNCS = query("[(function_declaration) (method_declaration) (func_literal)] @f")


def _files(roots: list[str]) -> list[str]:
    out = []
    for root in roots:
        for d, dirs, names in os.walk(root):
            dirs.sort()
            out.extend(os.path.join(d, n) for n in sorted(names) if n.endswith(".go"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("roots", nargs="+")
    args = ap.parse_args()
    parse_s = every_s = put_s = 0.0
    graphs = blocks = puts = deepest = 0
    for path in _files(args.roots):
        with open(path, "rb") as f:
            data = f.read()
        t0 = time.perf_counter()
        tree = parse(data)
        parse_s += time.perf_counter() - t0
        funcs = [m["f"][0] for _, m in matches(FUNCS, tree.root_node)]
        t0 = time.perf_counter()
        for fn in funcs:
            g = cfg.build(fn, data)
            graphs += 1
            blocks += len(g.blocks)
            deepest = max(deepest, len(g.blocks))
        every_s += time.perf_counter() - t0
        with_put = [fn for fn in funcs if data.find(b".Put(", fn.start_byte, fn.end_byte) >= 0]
        t0 = time.perf_counter()
        for fn in with_put:
            cfg.build(fn, data)
        put_s += time.perf_counter() - t0
        puts += len(with_put)
    print(f"{len(_files(args.roots))} files parsed in {parse_s:.2f} s")
    print(
        f"every function: {graphs} graphs ({blocks} blocks, largest {deepest}) in {every_s:.2f} s:"
        f" {graphs / every_s:.0f} graphs/s, {every_s / parse_s:.2f} x parse time"
    )
    print(
        f"functions holding .Put(: {puts} graphs in {put_s:.3f} s:"
        f" {put_s / parse_s:.4f} x parse time"
    )


if __name__ == "__main__":
    main()
