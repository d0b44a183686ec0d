#!/usr/bin/env python3
"""Time golint_mem.go: the standard library table, and import resolution on a Go tree.

    python scripts/bench_modules.py /work/corpus/hugo
    python scripts/bench_modules.py /work/corpus/hugo --fake-cache

Prints the size of the shipped table, the time to load it and to answer 1,000 lookups (cold:
each package parsed on first use; warm: memoised), then for the tree: the time to list every
package's built files and read their imports, and the time to resolve every import of every
package (a fresh resolver per module, as a run would). `--fake-cache` first builds a module
cache in a temporary directory with an empty directory for each imported package of each
required module, at the required (or replacement) version, so resolution finds them there;
without it, the module cache named by the environment is used as it is (often absent).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from golint_mem.go import build, modules, stdlib_api
from golint_mem.go.modules import ImportResolver, escape_path, module_root

SKIP = ("vendor", "testdata", "node_modules")


def bench_stdlib() -> None:
    raw = (Path(stdlib_api.__file__).parent / stdlib_api.DATA).read_bytes()
    print(f"table: {len(raw)} bytes gzip, {len(gzip.decompress(raw))} bytes of text")
    t0 = time.perf_counter()
    api = stdlib_api.StdlibAPI(gzip.decompress(raw).decode())
    t1 = time.perf_counter()
    print(f"load (decompress, index {len(api.packages())} packages): {(t1 - t0) * 1e3:.1f} ms")
    text = gzip.decompress(raw).decode()
    queries: list[tuple[str, str, str]] = []
    pkg = ""
    for line in text.splitlines()[2:]:
        if line.startswith("@"):
            pkg = line[1:]
        elif line[0] in "fmvt":
            cols = line.split("\t")
            if len(cols) > stdlib_api._WIDTH[line[0]] + 1:
                continue  # a feature of some systems only
            name = cols[1].lstrip("*").split("[")[0]
            queries.append((line[0], pkg, name if line[0] != "m" else f"{name}.{cols[2]}"))
    step = max(1, len(queries) // 1000)
    sample = queries[::step][:1000]
    for label in ("cold", "warm"):
        t0 = time.perf_counter()
        found = sum(_lookup(api, *q) for q in sample)
        dt = time.perf_counter() - t0
        print(f"{len(sample)} lookups ({label}, {found} found): {dt * 1e3:.1f} ms")


def _lookup(api: stdlib_api.StdlibAPI, kind: str, pkg: str, name: str) -> bool:
    if kind == "f":
        return api.func(pkg, name) is not None
    if kind == "m":
        type_name, method = name.split(".")
        return api.method(pkg, type_name, method) is not None
    if kind == "v":
        return api.var(pkg, name) is not None
    return api.type(pkg, name) is not None


def packages(root: Path) -> dict[str, list[str]]:
    """Directory -> import paths of its built files (tests included)."""
    ctx = build.host()
    out: dict[str, list[str]] = {}
    for d, dirs, _ in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP and not x.startswith((".", "_")))
        names, _problems = ctx.go_files(d, tests=True)
        found: set[str] = set()
        for name in names:
            with open(os.path.join(d, name), "rb") as f:
                found.update(build.imports(f.read()))
        if names:
            out[d] = sorted(found)
    return out


def fake_cache(root: Path, pkgs: dict[str, list[str]], cache: Path) -> int:
    """Empty package directories for every import a module cache would answer."""
    made = 0
    env = {"GOMODCACHE": str(cache), "HOME": str(cache)}
    for d, imports in pkgs.items():
        r = ImportResolver(d, env=env)
        for imp in imports:
            if r.locate(imp) is not None:
                continue
            for n in range(imp.count("/") + 1, 0, -1):
                module = "/".join(imp.split("/")[:n])
                version = r.require.get(module)
                if version:
                    rest = imp.split("/")[n:]
                    target = cache / f"{escape_path(module)}@{escape_path(version)}"
                    target.joinpath(*rest).mkdir(parents=True, exist_ok=True)
                    made += 1
                    break
    return made


def bench_tree(root: Path, use_fake_cache: bool, repeat: int) -> None:
    t0 = time.perf_counter()
    pkgs = packages(root)
    t1 = time.perf_counter()
    n_imports = sum(len(v) for v in pkgs.values())
    print(
        f"{root}: {len(pkgs)} packages, {n_imports} imports; files and imports read in "
        f"{(t1 - t0) * 1e3:.0f} ms"
    )
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        if use_fake_cache:
            made = fake_cache(root, pkgs, Path(tmp))
            env["GOMODCACHE"] = tmp
            print(f"fake module cache: {made} package directories")
        modules._go_env_goroot()  # once per process: not part of a run's cost per tree
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            resolvers: dict[str, ImportResolver] = {}
            origins: Counter[str] = Counter()
            for d, imports in pkgs.items():
                key = module_root(d)
                r = resolvers.get(key)
                if r is None:
                    r = resolvers[key] = ImportResolver(d, env=env)
                for imp in imports:
                    loc = r.locate(imp)
                    origins[loc.origin if loc else "not found"] += 1
            times.append(time.perf_counter() - t0)
    cache_state = "fake cache" if use_fake_cache else f"cache {env.get('GOMODCACHE', 'default')}"
    unique = len({i for v in pkgs.values() for i in v})
    print(
        f"resolved {unique} distinct paths ({cache_state}, {len(resolvers)} resolvers), "
        f"median of {repeat}: {statistics.median(times) * 1e3:.0f} ms: "
        + ", ".join(f"{k} {v}" for k, v in sorted(origins.items()))
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="*", type=Path)
    parser.add_argument("--fake-cache", action="store_true")
    parser.add_argument("-r", "--repeat", type=int, default=5)
    args = parser.parse_args()
    bench_stdlib()
    for root in args.trees:
        bench_tree(root, use_fake_cache=False, repeat=args.repeat)
        if args.fake_cache:
            bench_tree(root, use_fake_cache=True, repeat=args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
