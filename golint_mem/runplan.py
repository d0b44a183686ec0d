"""From the command line and the config files to the work of a run: which files, in which
packages, linted with which settings.

Packages whose config files differ (a nested `.golint-mem.toml`) get Settings of their own and are
linted as separate groups; `[per-file-ignores]` and rule severities are applied to the findings
afterwards, file by file, so they never change what the cache stores.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from golint_mem.model import Problem, RunResult, Severity

if TYPE_CHECKING:
    from golint_mem.configtree import ConfigTree, Layered
    from golint_mem.engine import LintFile, Settings
    from golint_mem.pgo import HotFunctions
    from golint_mem.runner import Job


class Failure(Exception):
    """A user-facing error: one line on stderr, exit 2."""


@dataclass(frozen=True, slots=True)
class Options:
    """The parsed command line, typed."""

    patterns: tuple[str, ...]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fmt: str | None
    output: str | None
    output_format: tuple[str, ...]
    statistics: bool
    fail_on: str
    color: str
    jobs: int | None
    exit_zero: bool
    config_path: str | None
    quiet: bool
    stdin_filename: str | None
    tests: bool | None
    force_exclude: bool
    include_generated: bool | None
    parse_errors: bool
    report_unused_directives: bool
    follow_symlinks: bool
    timeout: float
    max_file_size: int
    no_cache: bool
    cache_dir: str | None
    baseline: str | None
    write_baseline: str | None
    new_from_rev: str | None
    profile: str | None
    profile_threshold: float | None
    debug: bool


def codes(values: Sequence[str]) -> list[str] | None:
    """`--select GM101,GM102 --select pool-put-non-pointer` as a list of codes and prefixes;
    None when not given."""
    if not values:
        return None
    from golint_mem.registry import resolve

    return [resolve(c) for v in values for c in v.split(",") if c.strip()]


def config_tree(opts: Options, cwd: str) -> ConfigTree:
    from golint_mem import config as configmod
    from golint_mem.configtree import ConfigTree
    from golint_mem.registry import all_metas, codes_by_name, rules
    from golint_mem.rule import NoOptions

    # Every rule may be given a severity; the rule modules' options are their Options classes.
    options: dict[str, type] = {m.code: NoOptions for m in all_metas()} | {
        r.meta.code: r.options or NoOptions for r in rules()
    }
    names = codes_by_name()

    def load(path: str) -> configmod.FileConfig:
        try:
            return configmod.load_config(path, rules=options, cwd=cwd, names=names)
        except configmod.ConfigError as exc:
            raise Failure(str(exc)) from None

    return ConfigTree(load, opts.config_path)


def settings(opts: Options, layered: Layered, cwd: str, root: str) -> Settings:
    """The Settings of the packages `layered` configures: command-line options over files."""
    from golint_mem import registry
    from golint_mem.discover import display_path
    from golint_mem.engine import Settings
    from golint_mem.engine_rules import OPT_IN

    def chosen(flag: str, values: Sequence[str]) -> list[str] | None:
        given = codes(values)
        if given is not None:
            registry_check(given, f"--{flag}")
            return given
        value, cfg = layered.nearest(flag)
        if value is None or cfg is None or cfg.path is None:
            return None
        assert isinstance(value, tuple)
        # A code from a config file is named with the file, like the config's own errors.
        registry_check(list(value), f"{display_path(cfg.path, cwd)}: {flag}")
        return list(value)

    def registry_check(selectors: list[str], what: str) -> None:
        try:
            registry.validate(selectors, what)
        except registry.SelectionError as exc:
            raise Failure(str(exc)) from None

    select = chosen("select", opts.select)
    ignore = chosen("ignore", opts.ignore)
    off = set(OPT_IN)
    if opts.parse_errors:
        off.discard("GM000")
    if opts.report_unused_directives:
        off.discard("GM002")
    selected = registry.select(select, ignore, frozenset(off))
    generated, _ = layered.nearest("include_generated")
    return Settings(
        selected=selected,
        options=tuple(
            (code, tuple(sorted(values.items())))
            for code, values in sorted(layered.rule_options().items())
            if code in selected
        ),
        include_generated=bool(opts.include_generated or generated),
        timeout=opts.timeout,
        max_bytes=opts.max_file_size,
        root=root,
        debug=opts.debug,
    )


def project_root(cwd: str, config_path: str | None) -> str:
    """The repository root (a directory with .git) above cwd, else the config's folder, else cwd."""
    cur = cwd
    while True:
        if os.path.exists(os.path.join(cur, ".git")):
            return cur
        parent = os.path.dirname(cur)
        if parent == cur:
            break
        cur = parent
    return os.path.dirname(os.path.abspath(config_path)) if config_path else cwd


def jobs(opts: Options, tree: ConfigTree, cwd: str) -> tuple[list[Job], list[Problem]]:
    """The packages to lint, each its files (siblings unlinted), sorted by directory."""
    from golint_mem.discover import discover
    from golint_mem.engine import LintFile

    def excluded(path: str) -> bool:
        if tree.excluded(path):
            return True
        if opts.tests is None and path.endswith("_test.go"):
            tests, _ = tree.at(os.path.dirname(path)).nearest("tests")
            return tests is False
        return False

    patterns = [p for p in opts.patterns if p != "-"] if opts.patterns else ["./..."]
    found = (
        discover(
            patterns,
            cwd=cwd,
            tests=opts.tests is not False,
            exclude=excluded,
            follow_symlinks=opts.follow_symlinks,
            force_exclude=opts.force_exclude,
        )
        if patterns
        else None
    )
    packages: dict[str, list[LintFile]] = {}
    problems = list(found.problems) if found is not None else []
    for pkg in found.packages if found is not None else ():
        packages[pkg.dir] = [LintFile(f.path, f.display, f.lint) for f in pkg.files]
    if "-" in opts.patterns:
        _add_stdin(opts, cwd, packages)
    return [tuple(files) for _, files in sorted(packages.items())], problems


def _add_stdin(opts: Options, cwd: str, packages: dict[str, list[LintFile]]) -> None:
    """Standard input stands for the file --stdin-filename names, judged with its siblings."""
    from golint_mem.discover import discover, display_path
    from golint_mem.engine import LintFile

    data = sys.stdin.buffer.read()
    path = os.path.abspath(os.path.join(cwd, opts.stdin_filename or "stdin.go"))
    folder = os.path.dirname(path)
    files = {f.path: f for f in packages.get(folder, [])}
    if os.path.isdir(folder):
        for pkg in discover([folder], cwd=cwd, tests=True).packages:
            for f in pkg.files:
                files.setdefault(f.path, LintFile(f.path, f.display, False))
    files[path] = LintFile(path, display_path(path, cwd), True, data)
    packages[folder] = sorted(files.values(), key=lambda f: f.display)


def groups(
    opts: Options, tree: ConfigTree, jobs: Sequence[Job], cwd: str, root: str
) -> list[tuple[Settings, list[Job]]]:
    """The jobs by the Settings their directory's config files give, each with its hot
    functions; one group when no nested config changes anything."""
    from golint_mem.configtree import grouped

    directories = {i: os.path.dirname(job[0].path) for i, job in enumerate(jobs) if job}
    out: list[tuple[Settings, list[Job]]] = []
    profiles: dict[object, HotFunctions | None] = {}
    for layered, indexes in grouped(tree, directories).values():
        members = [jobs[i] for i in indexes]
        s = settings(opts, layered, cwd, root)
        hot = hot_functions(opts, layered, cwd, members, profiles)
        if hot is not None:
            s = dataclasses.replace(s, hot=hot)
        for known, packages in out:
            if known == s:
                packages.extend(members)
                break
        else:
            out.append((s, members))
    return out


def hot_functions(
    opts: Options,
    layered: Layered,
    cwd: str,
    jobs: Sequence[Job],
    loaded: dict[object, HotFunctions | None],
) -> HotFunctions | None:
    """The hot functions of --profile (or the config's profile), else of the default.pgo files
    in the directories of the main packages linted; None when there is no profile. `loaded`
    remembers profiles read for another group."""
    from golint_mem import pgo
    from golint_mem.discover import display_path

    level, _ = layered.nearest("profile_threshold")
    threshold = opts.profile_threshold or level or pgo.DEFAULT_THRESHOLD
    assert isinstance(threshold, float)
    if opts.profile is not None:
        given: object = opts.profile
        base = cwd
    else:
        given, cfg = layered.nearest("profile")
        base = cfg.root if cfg is not None else cwd
    if given == "off":
        return None
    if given is not None:
        assert isinstance(given, str)
        path = os.path.join(base, given)
        paths = [(path, given if opts.profile is not None else display_path(path, cwd))]
    else:
        dirs = sorted({os.path.dirname(f.path) for job in jobs for f in job if f.lint})
        paths = [(p, display_path(p, cwd)) for p in pgo.default_profiles(dirs)]
        if not paths:
            return None
    key = (tuple(paths), threshold)
    if key not in loaded:
        try:
            loaded[key] = pgo.load(paths, threshold)
        except pgo.ProfileError as exc:
            raise Failure(str(exc)) from None
    return loaded[key]


def per_file(result: RunResult, tree: ConfigTree, cwd: str) -> None:
    """Drop what `[per-file-ignores]` turns off and give each finding the severity its file's
    config sets for the rule."""
    severities: dict[int, dict[str, str]] = {}
    kept = []
    for d in result.diagnostics:
        path = os.path.normpath(os.path.join(cwd, d.path))
        layered = tree.at(os.path.dirname(path))
        if layered.ignored(path, d.code):
            continue
        levels = severities.setdefault(id(layered), layered.severity())
        level = levels.get(d.code)
        if level is not None and level != d.severity:
            d = dataclasses.replace(d, severity=Severity(level))
        kept.append(d)
    result.diagnostics = kept
