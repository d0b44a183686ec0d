from __future__ import annotations

import builtins
import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from golint_mem.config import CONFIG_NAME, ConfigError, FileConfig, find_config, load_config
from golint_mem.discover import discover
from golint_mem.pages import page, sections
from golint_mem.registry import rules
from golint_mem.rule import NoOptions, above_zero, identifier, option


@dataclass(frozen=True, slots=True)
class Resets:
    reset_methods: tuple[str, ...] = option(("Reset", "reset"), each=identifier)
    strict: bool = False


@dataclass(frozen=True, slots=True)
class Capacity:
    max_capacity: int = option(65536, check=above_zero)
    ratio: float = 0.5
    style: str = "short"


RULES: dict[str, type] = {"GM101": Resets, "GM102": NoOptions, "GM103": Capacity}


def write(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / CONFIG_NAME
    path.write_text(text)
    return path


def load(tmp_path: Path, text: str) -> FileConfig:
    return load_config(str(write(tmp_path, text)), rules=RULES, cwd=str(tmp_path))


def load_error(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert "\n" not in str(info.value)
    return info.value


# find_config


def test_find_config_in_cwd_and_in_parents(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    config = write(tmp_path, "")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(str(tmp_path)) == str(config)
    assert find_config(str(deep)) == str(config)


def test_nearest_config_wins(tmp_path: Path) -> None:
    write(tmp_path, "")
    inner = write(tmp_path / "sub", "")
    assert find_config(str(tmp_path / "sub")) == str(inner)


@pytest.mark.parametrize("git_is_a_file", [False, True])
def test_find_config_stops_at_the_repository_root(tmp_path: Path, git_is_a_file: bool) -> None:
    write(tmp_path, "")  # above the repository: not ours
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    if git_is_a_file:  # a worktree or submodule
        (repo / ".git").write_text("gitdir: elsewhere\n")
    else:
        (repo / ".git").mkdir()
    assert find_config(str(repo / "pkg")) is None
    assert find_config(str(tmp_path)) == str(tmp_path / CONFIG_NAME)


def test_find_config_reaches_the_filesystem_root(tmp_path: Path) -> None:
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    ancestors = [str(start), *map(str, start.parents)]
    if any(os.path.lexists(os.path.join(d, n)) for d in ancestors for n in (CONFIG_NAME, ".git")):
        pytest.skip("an ancestor of the temporary directory has a config or .git")
    assert find_config(str(start)) is None


def test_find_config_returns_a_directory_so_loading_fails(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / CONFIG_NAME).mkdir()
    found = find_config(str(tmp_path))
    assert found == str(tmp_path / CONFIG_NAME)
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(found, rules=RULES, cwd=str(tmp_path))


# load_config: what a good file gives


def test_no_config_file(tmp_path: Path) -> None:
    config = load_config(None, rules=RULES, cwd=str(tmp_path))
    assert config == FileConfig(path=None, root=str(tmp_path))
    assert (config.select, config.ignore, config.exclude) == (None, None, ())
    assert (config.tests, config.include_generated) == (None, None)
    assert dict(config.rule_options) == {}
    assert config.exclude_matcher() is None


def test_empty_file_sets_nothing(tmp_path: Path) -> None:
    config = load(tmp_path, "")
    assert config.path == str(tmp_path / CONFIG_NAME)
    assert config.root == str(tmp_path)
    assert (config.select, config.tests, dict(config.rule_options)) == (None, None, {})


def test_every_key(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
select = ["GM1", "GM203"]
ignore = ["GM103"]
exclude = ["gen/", "*.pb.go"]
tests = false
include-generated = true

[rules.GM101]
reset-methods = ["Clear"]

[rules.GM103]
max-capacity = 1024
ratio = 2
""",
    )
    assert config.select == ("GM1", "GM203")
    assert config.ignore == ("GM103",)
    assert config.exclude == ("gen/", "*.pb.go")
    assert config.tests is False
    assert config.include_generated is True
    assert config.rule_options == {
        "GM101": {"reset_methods": ("Clear",)},
        "GM103": {"max_capacity": 1024, "ratio": 2.0},
    }
    assert isinstance(config.rule_options["GM103"]["ratio"], float)


def test_empty_lists_are_kept_apart_from_absent_ones(tmp_path: Path) -> None:
    config = load(tmp_path, "select = []\n")
    assert config.select == ()
    assert config.ignore is None


@pytest.mark.parametrize("code", ["ALL", "GM", "GM1", "GM10", "GM101"])
def test_valid_selectors(tmp_path: Path, code: str) -> None:
    assert load(tmp_path, f'ignore = ["{code}"]\n').ignore == (code,)


def test_rule_options_are_read_only(tmp_path: Path) -> None:
    config = load(tmp_path, '[rules.GM101]\nreset-methods = ["Clear"]\n')
    with pytest.raises(TypeError):
        config.rule_options["GM999"] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        config.rule_options["GM101"]["strict"] = True  # type: ignore[index]
    with pytest.raises(AttributeError):
        config.tests = True  # type: ignore[misc]


def test_file_config_is_hashable_and_compares_options(tmp_path: Path) -> None:
    a = load(tmp_path, "[rules.GM103]\nmax-capacity = 1\n")
    b = load(tmp_path, "[rules.GM103]\nmax-capacity = 1\n")
    c = load(tmp_path, "[rules.GM103]\nmax-capacity = 2\n")
    assert hash(a) == hash(b) and a == b
    assert a != c
    assert len({a, b, c}) == 2


def test_a_table_holds_what_it_sets_and_the_options_class_the_rest(tmp_path: Path) -> None:
    config = load(tmp_path, "[rules.GM103]\nmax-capacity = 10\n")
    assert config.rule_options == {"GM103": {"max_capacity": 10}}
    assert Capacity(**config.rule_options["GM103"]) == Capacity(10, 0.5, "short")


def test_relative_path_is_resolved_against_cwd(tmp_path: Path) -> None:
    write(tmp_path / "conf", "tests = true\n")
    config = load_config(f"conf/{CONFIG_NAME}", rules=RULES, cwd=str(tmp_path))
    assert config.path == str(tmp_path / "conf" / CONFIG_NAME)
    assert config.root == str(tmp_path / "conf")


# load_config: what a bad file gives


def test_unknown_top_level_key(tmp_path: Path) -> None:
    err = load_error(tmp_path, 'selct = ["GM1"]\n')
    assert str(err) == (
        ".golint-mem.toml: unknown key 'selct' (expected one of: "
        "exclude, ignore, include-generated, per-file-ignores, profile, profile-threshold, rules, "
        "select, tests)"
    )
    assert (err.path, err.key) == (".golint-mem.toml", "selct")


def test_tool_table_is_not_accepted(tmp_path: Path) -> None:
    err = load_error(tmp_path, '[tool.golint-mem]\nselect = ["GM1"]\n')
    assert err.key == "tool"


def test_error_names_the_file_relative_to_cwd(tmp_path: Path) -> None:
    path = write(tmp_path / "proj", "tests = 1\n")
    with pytest.raises(ConfigError) as info:
        load_config(str(path), rules=RULES, cwd=str(tmp_path / "proj" / "pkg"))
    assert str(info.value) == "../.golint-mem.toml: tests: expected true or false, got an integer"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('select = "GM1"', "select: expected a list of strings, got a string"),
        ("ignore = [101]", "ignore[0]: expected a string, got an integer"),
        (
            'select = ["GM1", "GMX"]',
            "select[1]: 'GMX' is not a rule code or prefix, nor a rule name (expected ALL, GM "
            "and up to three digits such as GM1 or GM101, or a name such as "
            "pool-put-without-reset)",
        ),
        ('select = ["GM1010"]', "select[0]: 'GM1010' is not a rule code or prefix"),
        ('ignore = ["gm101"]', "ignore[0]: 'gm101' is not a rule code or prefix"),
        ('select = ["all"]', "select[0]: 'all' is not a rule code or prefix"),
        ('select = [" GM1"]', "select[0]: ' GM1' is not a rule code or prefix"),
        ('exclude = "gen/"', "exclude: expected a list of strings, got a string"),
        ('exclude = ["ok/", ["nested"]]', "exclude[1]: expected a string, got an array"),
        ('exclude = ["ok/", "!"]', "exclude[1]: invalid pattern: "),
        ('tests = "no"', "tests: expected true or false, got a string"),
        ("include-generated = 0", "include-generated: expected true or false, got an integer"),
        ("tests = 1979-05-27", "tests: expected true or false, got a date or time"),
        ("rules = 1", "rules: expected a table of rule tables, got an integer"),
        ("rules.GM101 = true", "rules.GM101: expected a table of options, got a boolean"),
        ("profile = 1", "profile: expected a non-empty string, got an integer"),
        ('profile = ""', "profile: expected a non-empty string, got an empty string"),
        ('profile-threshold = "5"', "profile-threshold: expected a number, got a string"),
        ("profile-threshold = true", "profile-threshold: expected a number, got a boolean"),
        (
            "profile-threshold = 0",
            "profile-threshold: expected a percentage above 0 and at most 100, got 0",
        ),
        ("profile-threshold = 100.5", "profile-threshold: expected a percentage above 0"),
        ("per-file-ignores = []", "per-file-ignores: expected a table of patterns, got an array"),
        (
            '[per-file-ignores]\n"gen/**" = "GM1"',
            'per-file-ignores."gen/**": expected a list of strings, got a string',
        ),
        (
            '[per-file-ignores]\n"*_test.go" = ["GM1", "GMX"]',
            "per-file-ignores.\"*_test.go\"[1]: 'GMX' is not a rule code or prefix",
        ),
        ('[per-file-ignores]\n"!" = ["GM1"]', 'per-file-ignores."!": invalid pattern: '),
        (
            '[rules.GM101]\nseverity = "fatal"',
            "rules.GM101.severity: expected one of 'error', 'warning', 'info', got 'fatal'",
        ),
        (
            "[rules.GM103]\nseverity = 2",
            "rules.GM103.severity: expected one of 'error', 'warning', 'info', got an integer",
        ),
    ],
)
def test_bad_values(tmp_path: Path, text: str, message: str) -> None:
    err = load_error(tmp_path, text + "\n")
    assert str(err).startswith(f".golint-mem.toml: {message}")
    assert err.key == message.split(":")[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[rules.GM999]",
            "unknown key 'rules.GM999' (expected a rule code: GM101, GM102, GM103)",
        ),
        (
            "[rules.GM101]\nreset-method = []",
            "unknown key 'rules.GM101.reset-method' (expected one of: reset-methods, strict)",
        ),
        (
            "[rules.GM102]\nanything = 1",
            "unknown key 'rules.GM102.anything' (GM102 has no options)",
        ),
        (
            "[rules.GM101]\nreset-methods = 3",
            "rules.GM101.reset-methods: expected a list of strings, got an integer",
        ),
        (
            '[rules.GM101]\nreset-methods = ["Reset", 1]',
            "rules.GM101.reset-methods[1]: expected a string, got an integer",
        ),
        (
            '[rules.GM101]\nreset-methods = [["Reset"]]',
            "rules.GM101.reset-methods[0]: expected a string, got an array",
        ),
        (
            '[rules.GM101]\nreset-methods = ["Clear", ""]',
            "rules.GM101.reset-methods[1]: expected a Go identifier, got ''",
        ),
        (
            '[rules.GM101]\nreset-methods = ["Re set"]',
            "rules.GM101.reset-methods[0]: expected a Go identifier, got 'Re set'",
        ),
        (
            "[rules.GM103]\nmax-capacity = 0",
            "rules.GM103.max-capacity: expected a number above 0, got 0",
        ),
        (
            "[rules.GM103]\nmax-capacity = -4096",
            "rules.GM103.max-capacity: expected a number above 0, got -4096",
        ),
        ("[rules.GM101]\nstrict = 1", "rules.GM101.strict: expected a boolean, got an integer"),
        (
            "[rules.GM103]\nmax-capacity = true",
            "rules.GM103.max-capacity: expected an integer, got a boolean",
        ),
        (
            "[rules.GM103]\nmax-capacity = 1.5",
            "rules.GM103.max-capacity: expected an integer, got a float",
        ),
        ("[rules.GM103]\nratio = false", "rules.GM103.ratio: expected a number, got a boolean"),
        ('[rules.GM103]\nratio = "1"', "rules.GM103.ratio: expected a number, got a string"),
        ("[rules.GM103]\nstyle = 1", "rules.GM103.style: expected a string, got an integer"),
    ],
)
def test_bad_rule_options(tmp_path: Path, text: str, message: str) -> None:
    err = load_error(tmp_path, text + "\n")
    assert str(err) == f".golint-mem.toml: {message}"


def test_rule_with_no_options_may_have_an_empty_table(tmp_path: Path) -> None:
    assert load(tmp_path, "[rules.GM102]\n").rule_options == {"GM102": {}}


@dataclass(frozen=True, slots=True)
class Sizes:
    sizes: tuple[int, ...] = (1, 2)
    names: tuple[str, ...] = ()


def test_option_types_follow_the_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "[rules.GM201]\nsizes = [3]\nnames = []\n")
    config = load_config(str(path), rules={"GM201": Sizes}, cwd=str(tmp_path))
    assert config.rule_options["GM201"] == {"sizes": (3,), "names": ()}
    write(tmp_path, '[rules.GM201]\nsizes = [3, "4"]\n')
    with pytest.raises(ConfigError, match=r"sizes\[1\]: expected an integer, got a string$"):
        load_config(str(path), rules={"GM201": Sizes}, cwd=str(tmp_path))


REAL = {r.meta.code: r.options or NoOptions for r in rules()}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[rules.GM101]\nreset-methods = [""]', "reset-methods[0]: expected a Go identifier"),
        ("[rules.GM103]\nmax-capacity = 0", "max-capacity: expected a number above 0, got 0"),
        ("[rules.GM103]\nmax-capacity = 1.0", "max-capacity: expected an integer, got a float"),
        ("[rules.GM202]\nmax-capacity = 1", "unknown key 'rules.GM202.max-capacity'"),
    ],
)
def test_the_rules_own_options_are_checked(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text + "\n")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(str(path), rules=REAL, cwd=str(tmp_path))


@pytest.mark.parametrize("code", sorted(REAL))
def test_the_options_a_rule_page_shows_are_valid(tmp_path: Path, code: str) -> None:
    """The ```toml of a page's Options section is a config file that loads; a rule that has
    options shows them there."""
    shown = sections(page(code) or "")["Options"]
    toml = shown.split("```toml\n", 1)[1].split("```", 1)[0] if "```toml" in shown else ""
    config = load_config(str(write(tmp_path, toml)), rules=REAL, cwd=str(tmp_path))
    if REAL[code] is not NoOptions:
        assert REAL[code](**config.rule_options[code]) != REAL[code]()


def test_toml_syntax_error_has_file_line_and_column(tmp_path: Path) -> None:
    err = load_error(tmp_path, "tests = true\nselect = [,]\nignore = []\n")
    # tomllib's wording may change between Python versions; its position is what matters
    assert str(err).startswith(".golint-mem.toml: ")
    assert "line 2, column 11" in str(err)
    assert err.key is None


def test_duplicate_key_is_a_syntax_error(tmp_path: Path) -> None:
    assert "line 2" in str(load_error(tmp_path, "tests = true\ntests = false\n"))


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / CONFIG_NAME
    path.write_bytes(b"# caf\xe9\n")
    with pytest.raises(ConfigError, match=r"^\.golint-mem\.toml: not valid UTF-8 \(byte 5\)$"):
        load_config(str(path), rules=RULES, cwd=str(tmp_path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^nope\.toml: cannot read: no such file or directory$"):
        load_config("nope.toml", rules=RULES, cwd=str(tmp_path))


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root, so the refusal is simulated.
    path = write(tmp_path, "")
    real_open = builtins.open

    def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    with pytest.raises(ConfigError, match=r"^\.golint-mem\.toml: cannot read: permission denied$"):
        load_config(str(path), rules=RULES, cwd=str(tmp_path))


def test_directory_as_config_path(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    with pytest.raises(ConfigError, match=r"^sub: is a directory, not a config file$"):
        load_config("sub", rules=RULES, cwd=str(tmp_path))


# exclude_matcher


def test_exclude_matcher_is_gitignore_style_relative_to_root(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    config = FileConfig(
        path=None, root=str(root), exclude=("/gen/", "*.pb.go", "old", "!keep.pb.go")
    )
    matcher = config.exclude_matcher()
    assert matcher is not None

    def excluded(rel: str) -> bool:
        return matcher(os.path.join(str(root), *rel.split("/")) + ("/" if rel[-1] == "/" else ""))

    assert excluded("gen/")
    assert excluded("gen/x.go")
    assert not excluded("pkg/gen/")  # anchored to the root by the leading '/'
    assert excluded("pkg/gen.pb.go")
    assert not excluded("pkg/keep.pb.go")
    assert excluded("old/") and excluded("pkg/old") and excluded("old/x.go")
    assert not excluded("pkg/x.go")
    assert not matcher(str(root))
    assert not matcher(str(root) + "/")
    assert not matcher(str(tmp_path / "gen" / "x.pb.go"))  # outside the root
    assert not matcher(str(tmp_path / "proj-2" / "a.pb.go"))


def test_directory_only_pattern_needs_the_trailing_slash(tmp_path: Path) -> None:
    matcher = FileConfig(path=None, root=str(tmp_path), exclude=("build/",)).exclude_matcher()
    assert matcher is not None
    assert matcher(str(tmp_path / "build") + "/")
    assert not matcher(str(tmp_path / "build"))  # a file named build


def test_exclude_matcher_drives_discover(tmp_path: Path) -> None:
    for name in ("a.go", "a.pb.go", "gen/g.go", "pkg/gen/g.go", "vendor/v.go"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("package p\n")
    config = load(tmp_path, 'exclude = ["/gen/", "*.pb.go"]\n')
    result = discover(["./..."], cwd=str(tmp_path), exclude=config.exclude_matcher())
    shown = [(f.display, f.lint) for p in result.packages for f in p.files]
    assert shown == [("a.go", True), ("a.pb.go", False), ("pkg/gen/g.go", True)]


def test_profile_keys(tmp_path: Path) -> None:
    config = load(tmp_path, 'profile = "cmd/default.pgo"\nprofile-threshold = 2\n')
    assert config.profile == "cmd/default.pgo"
    assert config.profile_threshold == 2.0
    assert isinstance(config.profile_threshold, float)
    assert load(tmp_path, "profile-threshold = 0.5\n").profile_threshold == 0.5
    assert load(tmp_path, "").profile is None


def test_default_config_is_hashable() -> None:
    a = FileConfig(path=None, root="/")
    assert isinstance(a.rule_options, MappingProxyType)
    assert a == FileConfig(path=None, root="/") and hash(a) == hash(FileConfig(path=None, root="/"))
