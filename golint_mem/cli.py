"""The command line: parse arguments, call the engine, pick a reporter, exit 0, 1 or 2."""

from __future__ import annotations

import dataclasses
import io
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

import click

from golint_mem import __version__
from golint_mem.model import Problem, ProblemKind, RunResult

if TYPE_CHECKING:
    from golint_mem.baseline import Baseline
    from golint_mem.cache import Cache
    from golint_mem.config import FileConfig
    from golint_mem.engine import LintFile, Settings
    from golint_mem.gitdiff import Changes
    from golint_mem.pgo import HotFunctions
    from golint_mem.runner import Job

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Failure(Exception):
    """A user-facing error: one line on stderr, exit 2."""


def _codes(values: Sequence[str]) -> list[str] | None:
    """`--select GM101,GM102 --select GM2` as a list of upper-case codes; None when not given."""
    if not values:
        return None
    return [c.strip().upper() for v in values for c in v.split(",") if c.strip()]


def _list_rules(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from golint_mem.registry import all_metas

    metas = all_metas()
    width = max(len(m.name) for m in metas)
    for m in metas:
        click.echo(f"{m.code}  {m.name:<{width}}  {m.severity.value:<7}  {m.summary}")
    ctx.exit(EXIT_CLEAN)


def _explain(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from golint_mem.pages import page

    text = page(value.strip().upper())
    if text is None:
        click.echo(f"golint-mem: error: no rule {value!r} (see --list-rules)", err=True)
        ctx.exit(EXIT_ERROR)
    click.echo(text.rstrip("\n"))
    ctx.exit(EXIT_CLEAN)


def _formats() -> list[str]:
    from golint_mem.report import FORMATS

    return sorted(FORMATS)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("patterns", nargs=-1)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Rule codes or prefixes to run (GM1, GM101,GM102).",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Rule codes or prefixes not to run.")
@click.option("--format", "fmt", type=click.Choice(_formats()), default="text", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write the report to FILE.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: number of cores].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(),
    help="Read settings from this file instead of .golint-mem.toml.",
)
@click.option("--quiet", "-q", is_flag=True, help="No summary line and no notices on stderr.")
@click.option(
    "--stdin-filename", metavar="PATH", help="The file name standard input (-) stands for."
)
@click.option("--tests/--no-tests", default=None, help="Lint _test.go files [default: yes].")
@click.option(
    "--include-generated",
    is_flag=True,
    default=None,
    help="Lint files marked '// Code generated ... DO NOT EDIT.'.",
)
@click.option(
    "--parse-errors", is_flag=True, help="Report files the grammar cannot parse as GM000 findings."
)
@click.option(
    "--report-unused-directives",
    is_flag=True,
    help="Report suppressions that suppress nothing (GM002).",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Follow symlinked directories that lead outside the tree.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds the parser, and then the rules, may spend on one file.",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=20_000_000,
    show_default=True,
    metavar="BYTES",
    help="Skip larger files.",
)
@click.option("--no-cache", is_flag=True, help="Lint everything; neither read nor write the cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Keep the result cache in DIR [default: $XDG_CACHE_HOME/golint-mem].",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Hide the findings recorded in FILE by --write-baseline.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Record the findings in FILE instead of reporting them, and exit 0.",
)
@click.option(
    "--new-from-rev",
    metavar="REV",
    help="Report only findings on lines added or changed since git revision REV.",
)
@click.option(
    "--profile",
    metavar="FILE",
    help="A pprof CPU profile whose hot functions are hot paths [default: the default.pgo of the "
    "main packages linted]; 'off' reads none.",
)
@click.option(
    "--profile-threshold",
    type=click.FloatRange(min=0, max=100, min_open=True),
    default=None,
    metavar="PCT",
    help="Percent of CPU samples (flat or cumulative) that makes a function hot [default: 1].",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.option(
    "--list-rules",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_list_rules,
    help="List every rule and exit.",
)
@click.option(
    "--explain",
    metavar="CODE",
    expose_value=False,
    is_eager=True,
    callback=_explain,
    help="Print a rule's reference page and exit.",
)
@click.version_option(__version__, "--version", prog_name="golint-mem")
def main(**opts: object) -> NoReturn:
    """Find memory anti-patterns in Go source: sync.Pool misuse, boxing, retention.

    PATTERNS are Go package patterns (default ./...): dir/... recurses, a directory means the
    .go files in it, a .go path means that file, - reads standard input.
    """
    debug = bool(opts["debug"])
    for stream in (sys.stdout, sys.stderr):
        _tolerant(stream)
    try:
        code = _run(opts)
    except Failure as exc:
        click.echo(f"golint-mem: error: {exc}", err=True)
        code = EXIT_ERROR
    except KeyboardInterrupt:
        click.echo("golint-mem: interrupted", err=True)
        code = 130
    except Exception as exc:  # a bug of ours: say so in one line, trace only on request
        click.echo(f"golint-mem: internal error: {type(exc).__name__}: {exc}", err=True)
        if debug:
            traceback.print_exc()
        code = EXIT_ERROR
    sys.exit(code)


def _tolerant(stream: object) -> None:
    """Paths come from the file system: a name that is not UTF-8 (held as surrogates) is written
    back as its own bytes, and a character the output encoding lacks as an escape, not a crash."""
    if isinstance(stream, io.TextIOWrapper):
        utf8 = stream.encoding.replace("_", "-").lower() in ("utf-8", "utf8")
        stream.reconfigure(errors="surrogateescape" if utf8 else "backslashreplace")


@dataclass(frozen=True, slots=True)
class Options:
    """The parsed command line, typed."""

    patterns: tuple[str, ...]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fmt: str
    output: str | None
    jobs: int | None
    exit_zero: bool
    config_path: str | None
    quiet: bool
    stdin_filename: str | None
    tests: bool | None
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


def _run(raw: dict[str, object]) -> int:
    from golint_mem import registry
    from golint_mem.runner import ProgressLine, run

    opts = Options(**raw)  # type: ignore[arg-type]
    cwd = os.getcwd()
    cfg = _load_config(opts, cwd)
    settings = _settings(opts, cfg, cwd)
    jobs, problems = _jobs(opts, cfg, cwd)
    base, changes = _adoption(opts, cwd)  # before linting: a bad baseline or REV fails fast
    hot = _hot_functions(opts, cfg, cwd, jobs)
    if hot is not None:
        settings = dataclasses.replace(settings, hot=hot)
    cache = _cache(opts, settings)
    progress = ProgressLine(sys.stderr) if not opts.quiet and sys.stderr.isatty() else None
    try:
        result = run(jobs, settings, opts.jobs or os.cpu_count() or 1, progress, cache)
    finally:
        if progress is not None:
            progress.close()
    if cache is not None and not opts.quiet:
        for warning in cache.warnings:
            click.echo(f"golint-mem: warning: {warning}", err=True)
    result.problems[:0] = problems
    result.rules = tuple(m for m in registry.all_metas() if m.code in settings.selected)
    if opts.write_baseline is not None:
        return _write_baseline(result, opts.write_baseline, opts.quiet)
    _adopt(opts, settings, jobs, result, cwd, base, changes)
    _report(result, opts.fmt, opts.output, cwd)
    return _summarise(result, opts.quiet, opts.exit_zero)


def _settings(opts: Options, cfg: FileConfig, cwd: str) -> Settings:
    from golint_mem import registry
    from golint_mem.discover import display_path
    from golint_mem.engine import Settings
    from golint_mem.engine_rules import OPT_IN

    select = _codes(opts.select) or (list(cfg.select) if cfg.select is not None else None)
    ignore = _codes(opts.ignore) or (list(cfg.ignore) if cfg.ignore is not None else None)
    # A code from the config file is named with the file, like the config's own errors.
    where = display_path(cfg.path, cwd) + ": " if cfg.path else ""
    try:
        registry.validate(select or [], "--select" if opts.select else where + "select")
        registry.validate(ignore or [], "--ignore" if opts.ignore else where + "ignore")
    except registry.SelectionError as exc:
        raise Failure(str(exc)) from None
    off = set(OPT_IN)
    if opts.parse_errors:
        off.discard("GM000")
    if opts.report_unused_directives:
        off.discard("GM002")
    selected = registry.select(select, ignore, frozenset(off))
    include_generated = opts.include_generated or bool(cfg.include_generated)
    return Settings(
        selected=selected,
        options=_options(cfg, selected),
        include_generated=include_generated,
        timeout=opts.timeout,
        max_bytes=opts.max_file_size,
        root=_project_root(cwd, cfg.path),
        debug=opts.debug,
    )


def _cache(opts: Options, settings: Settings) -> Cache | None:
    if opts.no_cache:
        return None
    from golint_mem.cache import Cache, default_dir

    return Cache.open(os.path.abspath(opts.cache_dir or default_dir()), settings)


def _hot_functions(
    opts: Options, cfg: FileConfig, cwd: str, jobs: Sequence[Job]
) -> HotFunctions | None:
    """The hot functions of --profile (or the config's profile), else of the default.pgo files
    in the directories of the main packages linted; None when there is no profile."""
    from golint_mem import pgo

    threshold = opts.profile_threshold or cfg.profile_threshold or pgo.DEFAULT_THRESHOLD
    if opts.profile is not None:
        given: str | None = opts.profile
        base = cwd
    else:
        given = cfg.profile
        base = cfg.root
    if given == "off":
        return None
    if given is not None:
        path = os.path.join(base, given)
        paths = [(path, given if opts.profile is not None else _shown(path, cwd))]
    else:
        dirs = sorted({os.path.dirname(f.path) for job in jobs for f in job if f.lint})
        paths = [(p, _shown(p, cwd)) for p in pgo.default_profiles(dirs)]
        if not paths:
            return None
    try:
        return pgo.load(paths, threshold)
    except pgo.ProfileError as exc:
        raise Failure(str(exc)) from None


def _shown(path: str, cwd: str) -> str:
    from golint_mem.discover import display_path

    return display_path(path, cwd)


def _load_config(opts: Options, cwd: str) -> FileConfig:
    from golint_mem import config as configmod
    from golint_mem.registry import rules
    from golint_mem.rule import NoOptions

    path = opts.config_path or configmod.find_config(cwd)
    options = {r.meta.code: r.options or NoOptions for r in rules()}
    try:
        return configmod.load_config(path, rules=options, cwd=cwd)
    except configmod.ConfigError as exc:
        raise Failure(str(exc)) from None


def _options(cfg: FileConfig, selected: frozenset[str]) -> tuple[tuple[str, object], ...]:
    return tuple(
        (code, opts) for code, opts in sorted(cfg.rule_options.items()) if code in selected
    )


def _project_root(cwd: str, config_path: str | None) -> str:
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


def _jobs(opts: Options, cfg: FileConfig, cwd: str) -> tuple[list[Job], list[Problem]]:
    from golint_mem.discover import discover
    from golint_mem.engine import LintFile

    tests = opts.tests if opts.tests is not None else cfg.tests if cfg.tests is not None else True
    patterns = [p for p in opts.patterns if p != "-"] if opts.patterns else ["./..."]
    found = (
        discover(
            patterns,
            cwd=cwd,
            tests=tests,
            exclude=cfg.exclude_matcher(),
            follow_symlinks=opts.follow_symlinks,
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


def _write_baseline(result: RunResult, path: str, quiet: bool) -> int:
    """--write-baseline: record, report nothing; exit 0 like ruff --add-noqa, 2 if a file failed."""
    from golint_mem import baseline

    try:
        count = baseline.write(path, result.diagnostics)
    except baseline.BaselineError as exc:
        raise Failure(str(exc)) from None
    for p in result.problems:
        if p.kind is ProblemKind.ERROR or not quiet:
            click.echo(p.render(), err=True)
    if not quiet:
        click.echo(f"wrote {_findings(count)} to {path}", err=True)
    return EXIT_ERROR if result.failed else EXIT_CLEAN


def _adoption(opts: Options, cwd: str) -> tuple[Baseline | None, Changes | None]:
    """The baseline (--baseline) and the lines changed since --new-from-rev, when asked for."""
    from golint_mem import baseline, gitdiff

    if opts.write_baseline is not None:
        return None, None  # records everything: neither applies
    try:
        base = baseline.read(opts.baseline) if opts.baseline is not None else None
        rev = opts.new_from_rev
        changes = gitdiff.changes_since(rev, cwd) if rev is not None else None
    except (baseline.BaselineError, gitdiff.GitError) as exc:
        raise Failure(str(exc)) from None
    return base, changes


def _adopt(
    opts: Options,
    settings: Settings,
    jobs: list[Job],
    result: RunResult,
    cwd: str,
    base: Baseline | None,
    changes: Changes | None,
) -> None:
    """Hide what the baseline records, then what is not on changed lines (in that order, so that
    a baseline entry on an unchanged line still counts as used)."""
    from golint_mem import baseline, gitdiff
    from golint_mem.discover import display_path
    from golint_mem.engine import root_relative
    from golint_mem.suppress import UNUSED_DIRECTIVE_META

    notes = []
    if base is not None:
        linted = {root_relative(f.path, settings.root) for job in jobs for f in job if f.lint}
        applied = baseline.apply(
            base, result.diagnostics, linted=linted, selected=settings.selected
        )
        result.diagnostics = applied.kept
        if applied.unused and UNUSED_DIRECTIVE_META.code in settings.selected:
            path = os.path.abspath(os.path.join(cwd, base.path))
            result.diagnostics += baseline.unused_diagnostics(
                base,
                applied.unused,
                display=display_path(path, cwd),
                root_path=root_relative(path, settings.root),
            )
            result.diagnostics.sort(key=lambda d: d.sort_key())
        if applied.hidden:
            notes.append(f"{_findings(applied.hidden)} hidden by the baseline {base.path}")
    if changes is not None:
        result.diagnostics, dropped = gitdiff.keep_new(result.diagnostics, changes, cwd)
        if dropped:
            notes.append(
                f"{_findings(dropped)} hidden: not on lines changed since {opts.new_from_rev}"
            )
    for note in notes if not opts.quiet else ():
        click.echo(note, err=True)


def _findings(n: int) -> str:
    return f"{n} finding" if n == 1 else f"{n} findings"


def _report(result: RunResult, fmt: str, output: str | None, cwd: str) -> None:
    from golint_mem import report

    reporter = report.get(fmt)
    if output is None:
        reporter.render(result, sys.stdout, cwd=cwd)
        sys.stdout.flush()
        return
    try:
        with open(output, "w", encoding="utf-8", errors="surrogateescape", newline="\n") as out:
            reporter.render(result, out, cwd=cwd)
    except OSError as exc:
        raise Failure(f"cannot write {output}: {exc.strerror or exc}") from None


def _summarise(result: RunResult, quiet: bool, exit_zero: bool) -> int:
    for p in result.problems:
        if p.kind is ProblemKind.ERROR or not quiet:
            click.echo(f"{p.render()}", err=True)
    reported = len(result.reported)
    if not quiet:
        suppressed = len(result.diagnostics) - reported
        noun = "finding" if reported == 1 else "findings"
        files = "file" if result.files == 1 else "files"
        extra = f" ({suppressed} suppressed)" if suppressed else ""
        click.echo(f"{reported} {noun} in {result.files} {files}{extra}", err=True)
    if result.failed:
        return EXIT_ERROR
    if reported and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN
