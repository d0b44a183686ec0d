#!/usr/bin/env python3
"""Time building control-flow graphs against parsing, over every .go file under the given dirs.

    python scripts/bench_cfg.py /usr/lib/go-1.19/src

Parses each file (timed), then builds the graph of every function, method and func literal
(timed apart), and prints graphs per second and the build time as a share of the parse time.
One run, in this process; the machine is shared, so read the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from golint_mem.go import cfg
from golint_mem.treesitter import parse


def _files(roots: list[str]) -> list[str]:
    out = []
    for root in roots:
        for d, dirs, names in os.walk(root):
            dirs.sort()
            out.extend(os.path.join(d, n) for n in sorted(names) if n.endswith(".go"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("roots", nargs="+")
    args = ap.parse_args()
    parse_s = build_s = 0.0
    graphs = blocks = 0
    for path in _files(args.roots):
        with open(path, "rb") as f:
            data = f.read()
        t0 = time.perf_counter()
        tree = parse(data)
        t1 = time.perf_counter()
        funcs = [n for n in tree.root_node.named_children if n.type in cfg.FUNCS]
        t2 = time.perf_counter()
        for fn in funcs:
            for g in cfg.build_all(fn, data):
                graphs += 1
                blocks += len(g.blocks)
        t3 = time.perf_counter()
        parse_s += t1 - t0
        build_s += t3 - t2
    print(f"parse: {parse_s:.2f} s; build: {build_s:.2f} s for {graphs} graphs, {blocks} blocks")
    print(f"{graphs / build_s:.0f} graphs/s; build / parse = {build_s / parse_s:.2f}")


if __name__ == "__main__":
    main()
