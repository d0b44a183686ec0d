"""GitLab Code Quality: the subset of the Code Climate issue format that GitLab reads.

A JSON array with one object per unsuppressed finding: `description`, `check_name`, `fingerprint`,
`severity` (GitLab's `info`, `minor`, `major`, `critical` or `blocker`), and `location` with
`path` (relative to the repository root, as GitLab resolves it) and `lines.begin`. GitLab keeps one
finding per fingerprint, so every fingerprint in a report is distinct. Use it as
`artifacts: reports: codequality:` in `.gitlab-ci.yml`.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, TextIO

from golint_mem.model import Severity

if TYPE_CHECKING:
    from golint_mem.model import Diagnostic, RunResult

_SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def _issue(d: Diagnostic, fingerprint: str) -> dict[str, object]:
    return {
        "type": "issue",
        "check_name": d.code,
        "description": f"{d.code} {d.message}",
        "categories": ["Performance"],
        "fingerprint": fingerprint,
        "severity": _SEVERITY[d.severity],
        "location": {
            "path": d.root_path or d.path,
            "lines": {"begin": d.start.line, "end": d.end.line},
        },
    }


def render(result: RunResult, out: TextIO, *, cwd: str) -> None:
    issues = []
    seen: set[str] = set()
    for d in result.reported:
        fingerprint = d.fingerprint or _digest(d.root_path or d.path, d.code, str(d.offset))
        while fingerprint in seen:  # never two alike: GitLab would drop one
            fingerprint = _digest(fingerprint, str(d.offset))
        seen.add(fingerprint)
        issues.append(_issue(d, fingerprint))
    json.dump(issues, out, indent=2)
    out.write("\n")


def _digest(*parts: str) -> str:
    data = "\0".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.sha256(data).hexdigest()[:32]
