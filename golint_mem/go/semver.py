"""Semantic versions as Go modules use them (golang.org/x/mod/semver, module.CanonicalVersion)."""

from __future__ import annotations

import re

_SEMVER = re.compile(
    r"^v(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)"
    r"(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$"
)


def canonical_version(v: str) -> str:
    """The canonical form of a semantic version (v1.2 -> v1.2.0), or "" if it is not one."""
    m = _SEMVER.match(v)
    if not m or (m.group(2) is None and v.count(".") > 0):
        return ""
    major, minor, patch, pre, build = m.groups()
    for ident in (pre or "-")[1:].split("."):
        if ident.isdigit() and len(ident) > 1 and ident[0] == "0":
            return ""
    out = f"v{major}.{minor or '0'}.{patch or '0'}{pre or ''}"
    return out + "+incompatible" if build == "+incompatible" else out


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1, as golang.org/x/mod/semver.Compare; an invalid version sorts lowest."""
    ka, kb = _version_key(a), _version_key(b)
    return (ka > kb) - (ka < kb)


def _version_key(v: str) -> tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]:
    c = canonical_version(v)
    if not c:
        return (-1, 0, 0, 0, ())
    core, _, pre = c.split("+")[0].partition("-")
    major, minor, patch = (int(x) for x in core[1:].split("."))
    ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".") if pre)
    return (major, minor, patch, 0 if pre else 1, ids)
