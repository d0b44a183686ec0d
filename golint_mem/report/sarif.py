"""SARIF 2.1.0, the format GitHub code scanning reads, built with sarif-om.

What a consumer can rely on:
- one run; `tool.driver.rules` holds every rule that ran, with its reference page
  (docs/rules/GMxxx.md) as `help`, `defaultConfiguration.level` from its severity,
  `properties.precision` from its confidence and `properties.tags`;
- one result per diagnostic. A suppressed one is kept, with `suppressions: [{kind: inSource,
  justification}]`, so code scanning closes its alert instead of losing track of it;
- locations are relative to the project root (`uriBaseId: %SRCROOT%`), whatever the working
  directory; lines are 1-based, and columns are 1-based UTF-16 code units, as `run.columnKind`
  says and GitHub assumes; `endColumn` is just past the last character;
- `partialFingerprints["golintMem/v1"]` is engine.fingerprint(): it survives edits above the line;
- no timestamps and no absolute paths, so the same tree gives the same bytes;
- at most MAX_RESULTS results, GitHub's limit per run: past it, unsuppressed and more severe
  results are kept first and standard error says how many were left out.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

import sarif_om as om

from golint_mem import __version__
from golint_mem.model import ProblemKind, RuleMeta, Severity
from golint_mem.pages import page, sections
from golint_mem.report import HOMEPAGE, rule_url

if TYPE_CHECKING:
    from golint_mem.model import Diagnostic, Problem, RunResult

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "golintMem/v1"
SRCROOT = "%SRCROOT%"
MAX_RESULTS = 25_000  # GitHub rejects a run with more

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
# A field equal to its sarif-om default is left out (rank -1, language en-US) except these, which
# GitHub and the issue ask for explicitly even when they hold the default value.
_ALWAYS = frozenset({"level"})


def render(result: RunResult, out: TextIO, *, cwd: str) -> None:
    data = _plain(log(result))
    assert isinstance(data, dict)
    # `$schema` and `version` first, as SARIF files usually begin; sarif-om lists them last.
    head = {k: data.pop(k) for k in ("$schema", "version")}
    json.dump({**head, **data}, out, indent=2)
    out.write("\n")


def log(result: RunResult) -> Any:
    """The SarifLog for `result` (a sarif_om object)."""
    metas = _metas(result)
    index = {m.code: i for i, m in enumerate(metas)}
    kept = _within_limit(result.diagnostics)
    run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name="golint-mem",
                version=__version__,
                semantic_version=__version__,
                information_uri=HOMEPAGE,
                rules=[_descriptor(m) for m in metas],
            )
        ),
        column_kind="utf16CodeUnits",
        results=[_result(d, index) for d in kept],
        invocations=[
            om.Invocation(
                execution_successful=not result.failed,
                tool_execution_notifications=[_notification(p) for p in result.problems] or None,
            )
        ],
    )
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA, runs=[run])


def _metas(result: RunResult) -> list[RuleMeta]:
    """The rules that ran, plus any a diagnostic names without it being listed (so every result
    has a ruleIndex), by code."""
    metas = {m.code: m for m in result.rules}
    missing = {d.code: d for d in result.diagnostics if d.code not in metas}
    if missing:
        from golint_mem.registry import all_metas

        known = {m.code: m for m in all_metas()}
        for code, d in missing.items():
            metas[code] = known.get(code) or RuleMeta(code, d.name, d.name, d.severity)
    return [metas[c] for c in sorted(metas)]


def _descriptor(meta: RuleMeta) -> Any:
    md = page(meta.code)
    full, text, markdown, uri = meta.summary, meta.summary, None, None
    if md is not None:
        what = sections(md).get("What it does", "")
        full = what.split("\n\n", 1)[0].strip() or meta.summary
        text = markdown = _without_title(md)
        uri = rule_url(meta.code)
    return om.ReportingDescriptor(
        id=meta.code,
        name=meta.name,
        short_description=om.MultiformatMessageString(text=meta.summary),
        full_description=om.MultiformatMessageString(text=full),
        help=om.MultiformatMessageString(text=text, markdown=markdown),
        help_uri=uri,
        default_configuration=om.ReportingConfiguration(level=_LEVEL[meta.severity]),
        properties={"tags": list(meta.tags), "precision": meta.confidence.value},
    )


def _without_title(markdown: str) -> str:
    """The page minus its `# GM101: name` title line, which the descriptor already carries."""
    first, _, rest = markdown.partition("\n")
    return (rest if first.startswith("# ") else markdown).strip() + "\n"


def _result(d: Diagnostic, index: dict[str, int]) -> Any:
    region = om.Region(
        start_line=d.start.line,
        start_column=d.start.column16,
        end_line=d.end.line,
        end_column=d.end.column16,
    )
    where = om.ArtifactLocation(uri=quote(d.root_path or d.path, safe="/"), uri_base_id=SRCROOT)
    physical = om.PhysicalLocation(artifact_location=where, region=region)
    return om.Result(
        message=om.Message(text=d.message or d.name),
        rule_id=d.code,
        rule_index=index[d.code],
        level=_LEVEL[d.severity],
        locations=[om.Location(physical_location=physical)],
        partial_fingerprints={FINGERPRINT_KEY: d.fingerprint} if d.fingerprint else None,
        suppressions=(
            [om.Suppression(kind="inSource", justification=d.suppressed)]
            if d.suppressed is not None
            else None
        ),
    )


def _notification(p: Problem) -> Any:
    level = "error" if p.kind is ProblemKind.ERROR else "note"
    return om.Notification(message=om.Message(text=p.render()), level=level)


def _within_limit(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    if len(diagnostics) <= MAX_RESULTS:
        return diagnostics
    order = sorted(
        range(len(diagnostics)),
        key=lambda i: (diagnostics[i].suppressed is not None, _RANK[diagnostics[i].severity], i),
    )
    kept = sorted(order[:MAX_RESULTS])
    print(
        f"golint-mem: SARIF: {len(diagnostics):,} results is over GitHub's limit of "
        f"{MAX_RESULTS:,} per run; {len(diagnostics) - MAX_RESULTS:,} left out "
        "(suppressed and less severe ones first)",
        file=sys.stderr,
    )
    return [diagnostics[i] for i in kept]


def _plain(value: object) -> object:
    """sarif-om objects as JSON data: schema property names; unset and default fields left out."""
    fields: Iterable[Any] | None = getattr(type(value), "__attrs_attrs__", None)
    if fields is not None:
        out: dict[str, object] = {}
        for f in fields:
            v = getattr(value, f.name)
            if v is None or (f.name not in _ALWAYS and v == _default(f)):
                continue
            out[f.metadata["schema_property_name"]] = _plain(v)
        return out
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _default(field: Any) -> object:
    factory = getattr(field.default, "factory", None)
    return factory() if factory is not None else field.default
