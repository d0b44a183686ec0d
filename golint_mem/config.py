"""Settings read from `.golint-mem.toml`, validated as they are read.

Every value the file can hold is checked here, so a typo fails the run with the file and the
key named, instead of being ignored. Values the file leaves out stay None (or empty): the CLI
decides between its flags, the file and the defaults.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from golint_mem.discover import display_path

CONFIG_NAME = ".golint-mem.toml"
KEYS = (
    "exclude",
    "ignore",
    "include-generated",
    "per-file-ignores",
    "profile",
    "profile-threshold",
    "rules",
    "select",
    "tests",
)
_SELECTOR = re.compile(r"GM\d{0,3}|ALL")
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """A config file that cannot be used; str() is one line naming the file and the key."""

    def __init__(self, path: str, message: str, key: str | None = None) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.key = key  # the dotted key at fault, None when the whole file is


def _no_options() -> Mapping[str, Mapping[str, object]]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class FileConfig:
    path: str | None  # the config file read (absolute), None when there is none
    root: str  # exclude patterns are relative to it: the config file's directory, or cwd
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    tests: bool | None = None
    include_generated: bool | None = None
    profile: str | None = None  # a CPU profile, relative to root; "off" reads none
    profile_threshold: float | None = None  # percent of CPU samples that makes a function hot
    # Only the options the file sets, by the field names of the rule's Options (rule.py), typed
    # and validated, as read-only mappings (arrays become tuples). A MappingProxyType cannot be
    # hashed, so the field is left out of hash() but not of ==.
    rule_options: Mapping[str, Mapping[str, object]] = field(
        default_factory=_no_options, hash=False
    )
    # [rules.GM202] severity = "info": (code, severity), sorted by code.
    severity: tuple[tuple[str, str], ...] = ()
    # [per-file-ignores] "gen/**" = ["GM201"]: (gitignore-style pattern relative to root, codes).
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def exclude_matcher(self) -> Callable[[str], bool] | None:
        """A predicate on absolute paths (a directory's ending in '/'), None with no patterns.

        Patterns are gitignore-style and relative to `root`; paths outside root never match.
        """
        if not self.exclude:
            return None
        import pathspec  # 10 ms of imports, paid only by a config that excludes something

        spec = pathspec.GitIgnoreSpec.from_lines(self.exclude)
        root = self.root

        def excluded(path: str) -> bool:
            is_dir = path.endswith(("/", os.sep))
            try:
                rel = os.path.relpath(path, root)
            except ValueError:  # another drive
                return False
            if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep):
                return False
            rel = rel.replace(os.sep, "/")
            return bool(spec.match_file(rel + "/" if is_dir else rel))

        return excluded


def find_config(cwd: str) -> str | None:
    """The nearest `.golint-mem.toml` from cwd up to the repository root (a dir holding .git)."""
    directory = os.path.abspath(cwd)
    while True:
        candidate = os.path.join(directory, CONFIG_NAME)
        # lexists: a broken link or a directory by that name is returned, so that loading it
        # fails loudly instead of a parent's config being used in silence.
        if os.path.lexists(candidate):
            return candidate
        if os.path.lexists(os.path.join(directory, ".git")):
            return None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def load_config(
    path: str | None,
    *,
    rules: Mapping[str, type],
    cwd: str | None = None,
    names: Mapping[str, str] | None = None,
) -> FileConfig:
    """Read and validate the config at `path`; with None, an empty config rooted at cwd.

    `rules` maps every known rule code to its Options class (a frozen dataclass, rule.py), whose
    field types and checks the file's values must pass. `cwd` (default: the process's) resolves a
    relative `path` and shortens the file name in error messages. `names` maps rule names to
    codes: the file may name a rule either way.
    """
    base = os.path.abspath(os.getcwd() if cwd is None else cwd)
    if path is None:
        return FileConfig(path=None, root=base)
    full = os.path.abspath(os.path.join(base, path))
    shown = display_path(full, base)
    if os.path.isdir(full):
        raise ConfigError(shown, "is a directory, not a config file")
    try:
        with open(full, "rb") as file:
            data = tomllib.load(file)
    except OSError as err:
        reason = err.strerror or str(err)
        raise ConfigError(shown, f"cannot read: {reason[:1].lower()}{reason[1:]}") from err
    except UnicodeDecodeError as err:
        raise ConfigError(shown, f"not valid UTF-8 (byte {err.start})") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(shown, str(err)) from err  # the message carries line and column
    return _Reader(shown, rules, names or {}).read(data, full)


def _quoted(key: str) -> str:
    """A TOML key as it would be written: bare when it can be, else in double quotes."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace('"', '\\"') + '"'


def _kind(value: object) -> str:
    """The TOML name of a parsed value's type, for messages."""
    for python, name in (
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a float"),
        (str, "a string"),
        (list, "an array"),
        (dict, "a table"),
    ):
        if isinstance(value, python):
            return name
    return "a date or time"


_TYPE_NAMES: dict[type, tuple[str, str]] = {
    bool: ("a boolean", "booleans"),
    int: ("an integer", "integers"),
    float: ("a number", "numbers"),
    str: ("a string", "strings"),
}


def _fits(kind: type, value: object) -> bool:
    if kind is bool or isinstance(value, bool):
        # bool is an int to Python, never to a user writing `max-capacity = true`
        return kind is bool and isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float)
    return isinstance(value, kind)


class _Reader:
    def __init__(self, shown: str, rules: Mapping[str, type], names: Mapping[str, str]) -> None:
        self.shown = shown
        self.rules = rules
        self.names = names
        self.severity: dict[str, str] = {}

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.shown, f"{key}: {message}", key)

    def unknown(self, key: str, expected: str) -> ConfigError:
        return ConfigError(self.shown, f"unknown key '{key}' ({expected})", key)

    def read(self, data: Mapping[str, object], path: str) -> FileConfig:
        for key in data:
            if key not in KEYS:
                raise self.unknown(key, "expected one of: " + ", ".join(KEYS))
        return FileConfig(
            path=path,
            root=os.path.dirname(path),
            select=self.selectors("select", data["select"]) if "select" in data else None,
            ignore=self.selectors("ignore", data["ignore"]) if "ignore" in data else None,
            exclude=self.patterns(data.get("exclude", [])),
            tests=self.boolean("tests", data.get("tests")),
            include_generated=self.boolean("include-generated", data.get("include-generated")),
            profile=self.string("profile", data.get("profile")),
            profile_threshold=self.percent("profile-threshold", data.get("profile-threshold")),
            rule_options=self.rule_tables(data.get("rules", {})),
            severity=tuple(sorted(self.severity.items())),
            per_file_ignores=self.per_file(data.get("per-file-ignores", {})),
        )

    def strings(self, key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list of strings, got {_kind(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise self.fail(f"{key}[{i}]", f"expected a string, got {_kind(item)}")
        return tuple(value)

    def selectors(self, key: str, value: object) -> tuple[str, ...]:
        """Codes, prefixes and rule names, as codes and prefixes."""
        codes = self.strings(key, value)
        for i, code in enumerate(codes):
            if code not in self.names and not _SELECTOR.fullmatch(code):
                raise self.fail(
                    f"{key}[{i}]",
                    f"'{code}' is not a rule code or prefix, nor a rule name (expected ALL, GM "
                    "and up to three digits such as GM1 or GM101, or a name such as "
                    "pool-put-without-reset)",
                )
        return tuple(self.names.get(c, c) for c in codes)

    def patterns(self, value: object, key: str = "exclude") -> tuple[str, ...]:
        patterns = self.strings(key, value)
        for i, pattern in enumerate(patterns):
            self.pattern(f"{key}[{i}]", pattern)
        return patterns

    def pattern(self, key: str, pattern: str) -> None:
        import pathspec  # 10 ms of imports, paid only by a config that names paths

        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except ValueError as err:  # pathspec's pattern errors are ValueErrors
            raise self.fail(key, f"invalid pattern: {err}") from err

    def per_file(self, value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not isinstance(value, dict):
            raise self.fail("per-file-ignores", f"expected a table of patterns, got {_kind(value)}")
        out = []
        for pattern, codes in value.items():
            key = f"per-file-ignores.{_quoted(pattern)}"
            self.pattern(key, pattern)
            out.append((pattern, self.selectors(key, codes)))
        return tuple(out)

    def boolean(self, key: str, value: object) -> bool | None:
        if value is not None and not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {_kind(value)}")
        return value

    def string(self, key: str, value: object) -> str | None:
        if value is not None and (not isinstance(value, str) or not value):
            got = "an empty string" if value == "" else _kind(value)
            raise self.fail(key, f"expected a non-empty string, got {got}")
        return value

    def percent(self, key: str, value: object) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"expected a number, got {_kind(value)}")
        if not 0 < value <= 100:
            raise self.fail(key, f"expected a percentage above 0 and at most 100, got {value}")
        return float(value)

    def rule_tables(self, value: object) -> Mapping[str, Mapping[str, object]]:
        if not isinstance(value, dict):
            raise self.fail("rules", f"expected a table of rule tables, got {_kind(value)}")
        tables: dict[str, Mapping[str, object]] = {}
        for name, options in value.items():
            key = f"rules.{name}"
            code = self.names.get(name, name)
            if code not in self.rules:
                raise self.unknown(key, "expected a rule code: " + ", ".join(sorted(self.rules)))
            if not isinstance(options, dict):
                raise self.fail(key, f"expected a table of options, got {_kind(options)}")
            if "severity" in options:
                options = dict(options)
                self.severity[code] = self.level(f"{key}.severity", options.pop("severity"))
            tables[code] = MappingProxyType(self.rule_options(code, options))
        return MappingProxyType(tables)

    def level(self, key: str, value: object) -> str:
        if value not in SEVERITIES:
            got = repr(value) if isinstance(value, str) else _kind(value)
            raise self.fail(key, f"expected one of {', '.join(map(repr, SEVERITIES))}, got {got}")
        assert isinstance(value, str)
        return value

    def rule_options(self, code: str, options: Mapping[str, object]) -> dict[str, object]:
        """The values the table sets, by the field names of the rule's Options (a field's TOML
        name is its Python name with `-` for `_`); a nearer file's override a farther one's."""
        cls = self.rules[code]
        fields = {f.name.replace("_", "-"): f for f in dataclasses.fields(cls)}
        kinds = typing.get_type_hints(cls)
        known = ", ".join(sorted(fields))
        values: dict[str, object] = {}
        for name, value in options.items():
            key = f"rules.{code}.{name}"
            if name not in fields:
                expected = f"expected one of: {known}" if known else f"{code} has no options"
                raise self.unknown(key, expected)
            f = fields[name]
            values[f.name] = self.option(key, kinds[f.name], value, f.metadata)
        return values

    def option(
        self, key: str, kind: object, value: object, metadata: Mapping[str, object]
    ) -> object:
        """A value of an option of type `kind`: bool, int, float, str, or a tuple of one."""
        if typing.get_origin(kind) is tuple:
            item = typing.get_args(kind)[0]
            if not isinstance(value, list):
                plural = _TYPE_NAMES[item][1]
                raise self.fail(key, f"expected a list of {plural}, got {_kind(value)}")
            each = metadata.get("each")
            return tuple(self.scalar(f"{key}[{i}]", item, v, each) for i, v in enumerate(value))
        assert isinstance(kind, type)
        return self.scalar(key, kind, value, metadata.get("check"))

    def scalar(self, key: str, kind: type, value: object, check: object) -> object:
        if not _fits(kind, value):
            raise self.fail(key, f"expected {_TYPE_NAMES[kind][0]}, got {_kind(value)}")
        if kind is float and isinstance(value, int):
            value = float(value)
        wanted = check(value) if callable(check) else None
        if wanted is not None:
            raise self.fail(key, f"expected {wanted}, got {value!r}")
        return value
