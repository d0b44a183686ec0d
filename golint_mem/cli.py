"""The command line: parse arguments, call the engine, pick a reporter, exit 0, 1 or 2."""

from __future__ import annotations

import io
import os
import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import click

from golint_mem import __version__
from golint_mem.model import ProblemKind, RuleMeta, RunResult
from golint_mem.runplan import Failure, Options

if TYPE_CHECKING:
    from golint_mem.baseline import Baseline
    from golint_mem.cache import Cache
    from golint_mem.engine import Settings
    from golint_mem.gitdiff import Changes
    from golint_mem.report.outputs import Destinations, Output
    from golint_mem.runner import Job

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_RANK = {"info": 0, "warning": 1, "error": 2}


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
    from golint_mem.registry import resolve

    text = page(resolve(value))
    if text is None:
        click.echo(f"golint-mem: error: no rule {value!r} (see --list-rules)", err=True)
        ctx.exit(EXIT_ERROR)
    click.echo(text.rstrip("\n"))
    ctx.exit(EXIT_CLEAN)


def _formats() -> list[str]:
    from golint_mem.report import FORMATS

    return list(FORMATS)


EPILOG = """\b
Exit status: 0 no findings; 1 findings (of --fail-on's severity or above);
2 a usage or configuration error, or a file that could not be linted.

\b
Configuration: .golint-mem.toml in the working directory or the nearest
parent up to the repository root; a .golint-mem.toml further down applies to
its own subtree, refining the ones above it. --config FILE reads that file
alone. Command-line options win over every file.
"""


@click.command(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.argument("patterns", nargs=-1)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Rule codes, prefixes or names to run (GM1, GM101,GM102, pool-put-without-reset).",
)
@click.option(
    "--ignore", multiple=True, metavar="CODES", help="Rule codes, prefixes or names not to run."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_formats()),
    default=None,
    help="How to report the findings [default: text]: text (go vet's shape), json, github "
    "(Actions annotations), sarif (code scanning), gitlab (Code Quality), junit (Jenkins, GitLab), "
    "rdjson (reviewdog), checkstyle.",
)
@click.option("--output", "-o", metavar="FILE", help="Write the report to FILE ('-': stdout).")
@click.option(
    "--output-format",
    multiple=True,
    metavar="FORMAT[:FILE]",
    help="One more report, to FILE or to standard output; repeat it for several "
    "(--output-format sarif:out.sarif --output-format text).",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how many findings each rule made instead of the findings.",
)
@click.option(
    "--fail-on",
    type=click.Choice(list(_RANK)),
    default="info",
    show_default=True,
    help="Exit 1 only for findings of this severity or above.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the report on standard output; auto: on a terminal, unless NO_COLOR is set.",
)
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
    help="Read settings from this file alone, not from the .golint-mem.toml files found.",
)
@click.option("--quiet", "-q", is_flag=True, help="No summary line and no notices on stderr.")
@click.option(
    "--stdin-filename", metavar="PATH", help="The file name standard input (-) stands for."
)
@click.option("--tests/--no-tests", default=None, help="Lint _test.go files [default: yes].")
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Skip a file named on the command line where ./... would skip it (below vendor/, "
    "testdata/, .* or _*, or excluded by the config): for pre-commit.",
)
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
    help="Print a rule's reference page (by code or name) and exit.",
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


def _run(raw: dict[str, object]) -> int:
    from golint_mem import registry, runplan
    from golint_mem.report import outputs

    opts = Options(**raw)  # type: ignore[arg-type]
    cwd = os.getcwd()
    try:
        wanted = outputs.plan(opts.fmt, opts.output, opts.output_format, _formats())
    except outputs.OutputError as exc:
        raise Failure(str(exc)) from None
    tree = runplan.config_tree(opts, cwd)
    here = tree.at(cwd)
    root = runplan.project_root(cwd, here.path)
    base_settings = runplan.settings(opts, here, cwd, root)
    jobs, problems = runplan.jobs(opts, tree, cwd)
    base, changes = _adoption(opts, cwd)  # before linting: a bad baseline or REV fails fast
    groups = runplan.groups(opts, tree, jobs, cwd, root)
    selected = base_settings.selected.union(*(s.selected for s, _ in groups))
    # The report files exist (as temporary files) before linting starts, so an unwritable
    # path fails now, and none is left behind however the run ends.
    try:
        with outputs.opened(wanted if opts.write_baseline is None else []) as dests:
            result = _lint(opts, groups)
            result.problems[:0] = problems
            runplan.per_file(result, tree, cwd)
            levels = here.severity()
            result.rules = tuple(
                m if m.code not in levels else _with_severity(m, levels[m.code])
                for m in registry.all_metas()
                if m.code in selected
            )
            if opts.write_baseline is not None:
                return _write_baseline(result, opts.write_baseline, opts.quiet)
            _adopt(opts, root, selected, jobs, result, cwd, base, changes)
            _report(result, opts, wanted, dests, cwd)
    except outputs.OutputError as exc:
        raise Failure(str(exc)) from None
    return _summarise(result, opts)


def _with_severity(meta: RuleMeta, level: str) -> RuleMeta:
    import dataclasses

    from golint_mem.model import Severity

    return dataclasses.replace(meta, severity=Severity(level))


def _lint(opts: Options, groups: Sequence[tuple[Settings, list[Job]]]) -> RunResult:
    """Every group of packages with its own settings, merged as one run."""
    from golint_mem.engine import PackageResult
    from golint_mem.runner import ProgressLine, job_size, merge, run

    progress = None
    if not opts.quiet and sys.stderr.isatty():
        sizes = [job_size(job) for _, packages in groups for job in packages]
        progress = ProgressLine(sys.stderr, sum(f for f, _ in sizes), sum(b for _, b in sizes))
    parts = []
    warnings: dict[str, None] = {}
    try:
        for settings, packages in groups:
            cache = _cache(opts, settings)
            part = run(packages, settings, opts.jobs or os.cpu_count() or 1, progress, cache)
            parts.append(PackageResult(part.diagnostics, part.problems, part.files))
            warnings.update(dict.fromkeys(cache.warnings if cache is not None else ()))
    finally:
        if progress is not None:
            progress.close()
    for warning in warnings if not opts.quiet else ():
        click.echo(f"golint-mem: warning: {warning}", err=True)
    return merge(parts)


def _cache(opts: Options, settings: Settings) -> Cache | None:
    if opts.no_cache:
        return None
    from golint_mem.cache import Cache, default_dir

    return Cache.open(os.path.abspath(opts.cache_dir or default_dir()), settings)


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
    root: str,
    selected: frozenset[str],
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
        linted = {root_relative(f.path, root) for job in jobs for f in job if f.lint}
        applied = baseline.apply(base, result.diagnostics, linted=linted, selected=selected)
        result.diagnostics = applied.kept
        if applied.unused and UNUSED_DIRECTIVE_META.code in selected:
            path = os.path.abspath(os.path.join(cwd, base.path))
            result.diagnostics += baseline.unused_diagnostics(
                base,
                applied.unused,
                display=display_path(path, cwd),
                root_path=root_relative(path, root),
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


def _report(
    result: RunResult, opts: Options, wanted: list[Output], dests: Destinations, cwd: str
) -> None:
    """Every report asked for; --statistics takes the place of the one on standard output."""
    from golint_mem import report
    from golint_mem.report import statistics, text

    color = _color(opts.color)
    on_stdout = False
    for o in wanted:
        if o.path is not None:
            with dests.stream(o) as out:
                report.get(o.fmt).render(result, out, cwd=cwd)
            continue
        on_stdout = True
        if opts.statistics and o.fmt == "json":
            statistics.render_json(result, sys.stdout)
        elif opts.statistics:
            statistics.render(result, sys.stdout, color=color)
        elif o.fmt == "text":
            text.render(result, sys.stdout, cwd=cwd, color=color)
        else:
            report.get(o.fmt).render(result, sys.stdout, cwd=cwd)
    if opts.statistics and not on_stdout:
        statistics.render(result, sys.stdout, color=color)
    sys.stdout.flush()


def _color(choice: str) -> bool:
    """--color: auto is on for a terminal unless NO_COLOR is set (https://no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _summarise(result: RunResult, opts: Options) -> int:
    for p in result.problems:
        if p.kind is ProblemKind.ERROR or not opts.quiet:
            click.echo(f"{p.render()}", err=True)
    reported = result.reported
    if not opts.quiet:
        suppressed = len(result.diagnostics) - len(reported)
        noun = "finding" if len(reported) == 1 else "findings"
        files = "file" if result.files == 1 else "files"
        extra = f" ({suppressed} suppressed)" if suppressed else ""
        click.echo(f"{len(reported)} {noun} in {result.files} {files}{extra}", err=True)
    if result.failed:
        return EXIT_ERROR
    bar = _RANK[opts.fail_on]
    if any(_RANK[d.severity] >= bar for d in reported) and not opts.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN
