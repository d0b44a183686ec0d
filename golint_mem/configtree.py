"""Which settings apply where: every `.golint-mem.toml` from a file's directory up to the
repository root, a nearer file refining the ones above it.

A monorepo keeps one file at the top and adds one in a subtree that needs something else. For a
directory, the files of its chain are read outermost first:
- a plain key (select, ignore, tests, include-generated, profile, profile-threshold) comes from
  the nearest file that sets it;
- rule options and severities (`[rules.GM103]`) merge option by option, the nearer file winning;
- `exclude` and `[per-file-ignores]` add up, each pattern relative to its own file's directory.

With `--config FILE`, that file alone applies everywhere, as in ruff.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from golint_mem.config import CONFIG_NAME, FileConfig
from golint_mem.registry import matches


@dataclass(frozen=True)
class Layered:
    """The configuration of one directory: its chain of files, outermost first."""

    chain: tuple[FileConfig, ...]
    _excludes: list[Callable[[str], bool]] = field(default_factory=list, compare=False)
    _ignores: list[tuple[str, Any, tuple[str, ...]]] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for cfg in self.chain:
            matcher = cfg.exclude_matcher()
            if matcher is not None:
                self._excludes.append(matcher)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(c.path for c in self.chain if c.path is not None)

    @property
    def path(self) -> str | None:
        """The nearest file, None when there is none."""
        return self.chain[-1].path if self.chain else None

    def nearest(self, attr: str) -> tuple[object, FileConfig | None]:
        """The value of `attr` in the nearest file that sets it (not None), and that file."""
        for cfg in reversed(self.chain):
            value = getattr(cfg, attr)
            if value is not None:
                return value, cfg
        return None, None

    def rule_options(self) -> dict[str, dict[str, object]]:
        merged: dict[str, dict[str, object]] = {}
        for cfg in self.chain:
            for code, options in cfg.rule_options.items():
                merged.setdefault(code, {}).update(options)
        return merged

    def severity(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for cfg in self.chain:
            merged.update(cfg.severity)
        return merged

    def excluded(self, path: str) -> bool:
        return any(match(path) for match in self._excludes)

    def ignored(self, path: str, code: str) -> bool:
        """Whether `[per-file-ignores]` turns `code` off for the file at `path` (absolute)."""
        if self._ignores is None:
            import pathspec

            specs = [
                (cfg.root, pathspec.GitIgnoreSpec.from_lines([pattern]), codes)
                for cfg in self.chain
                for pattern, codes in cfg.per_file_ignores
            ]
            object.__setattr__(self, "_ignores", specs)
            assert self._ignores is not None
        for root, spec, codes in self._ignores:
            rel = os.path.relpath(path, root)
            if rel.startswith(os.pardir):
                continue
            if matches(code, codes) and spec.match_file(rel.replace(os.sep, "/")):
                return True
        return False


class ConfigTree:
    """Finds and reads the config files of a run, each once."""

    def __init__(self, load: Callable[[str], FileConfig], explicit: str | None = None) -> None:
        self._load = load
        self._fixed = Layered((load(explicit),)) if explicit is not None else None
        self._files: dict[str, FileConfig | None] = {}
        self._chains: dict[str, Layered] = {}
        self._by_paths: dict[tuple[str, ...], Layered] = {}

    def at(self, directory: str) -> Layered:
        """The configuration of the files directly in `directory` (absolute)."""
        if self._fixed is not None:
            return self._fixed
        found = self._chains.get(directory)
        if found is not None:
            return found
        # Up to the first directory already known or the repository root, then back down.
        walk = []
        d = directory
        parent_chain: tuple[FileConfig, ...] = ()
        while True:
            if d in self._chains:
                parent_chain = self._chains[d].chain
                break
            walk.append(d)
            if os.path.lexists(os.path.join(d, ".git")):
                break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        chain = parent_chain
        for d in reversed(walk):
            own = self._file(d)
            chain = (*chain, own) if own is not None else chain
            key = tuple(c.path or "" for c in chain)
            if key not in self._by_paths:  # compiles the patterns: once per chain
                self._by_paths[key] = Layered(chain)
            self._chains[d] = self._by_paths[key]
        return self._chains[directory]

    def _file(self, directory: str) -> FileConfig | None:
        if directory not in self._files:
            path = os.path.join(directory, CONFIG_NAME)
            # lexists: a broken link or a directory by that name fails loudly when loaded.
            self._files[directory] = self._load(path) if os.path.lexists(path) else None
        return self._files[directory]

    def excluded(self, path: str) -> bool:
        """The discovery predicate: `path` is a file's, or a directory's ending in '/'."""
        stripped = path.rstrip("/" + os.sep)
        return self.at(os.path.dirname(stripped)).excluded(path)

    def ignored(self, path: str, code: str) -> bool:
        return self.at(os.path.dirname(path)).ignored(path, code)


def grouped(
    tree: ConfigTree, directories: Mapping[int, str]
) -> dict[tuple[str, ...], tuple[Layered, list[int]]]:
    """Job indexes by the configuration of their directory, in first-seen order."""
    out: dict[tuple[str, ...], tuple[Layered, list[int]]] = {}
    for index, directory in directories.items():
        layered = tree.at(directory)
        out.setdefault(layered.paths, (layered, []))[1].append(index)
    return out
