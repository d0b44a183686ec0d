"""CPU profiles: pprof names, flat and cumulative shares, default.pgo, and --profile on the CLI."""

from __future__ import annotations

import gzip
import importlib.util
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from golint_mem import pgo
from golint_mem.cli import main
from golint_mem.pgo import HotFunctions
from golint_mem.pprof import profile_pb2

PPROF = Path(pgo.__file__).resolve().parent / "pprof"


def make_profile(
    samples: Sequence[tuple[Sequence[Sequence[str]], int]],
    types: Sequence[tuple[str, str]] = (("samples", "count"), ("cpu", "nanoseconds")),
    compress: bool = True,
) -> bytes:
    """A pprof profile: each sample is a stack of locations (leaf first), each location a list
    of function names (inlined callee first), and a CPU value; the count column is 1."""
    prof = profile_pb2.Profile()
    strings: dict[str, int] = {}

    def intern(s: str) -> int:
        if s not in strings:
            strings[s] = len(strings)
            prof.string_table.append(s)
        return strings[s]

    intern("")
    for typ, unit in types:
        prof.sample_type.add(type=intern(typ), unit=intern(unit))
    functions: dict[str, int] = {}
    locations: dict[tuple[str, ...], int] = {}
    for stack, value in samples:
        ids = []
        for frames in stack:
            key = tuple(frames)
            if key not in locations:
                loc = prof.location.add(id=len(locations) + 1)
                for name in frames:
                    if name not in functions:
                        functions[name] = len(functions) + 1
                        prof.function.add(id=functions[name], name=intern(name))
                    loc.line.add(function_id=functions[name])
                locations[key] = loc.id
            ids.append(locations[key])
        values = [1, value][: len(types)] if len(types) > 1 else [value]
        prof.sample.add(location_id=ids, value=values)
    data = prof.SerializeToString()
    return gzip.compress(data) if compress else data


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("main.main", "main.main"),
        ("example.com/m/pkg.F", "example.com/m/pkg.F"),
        ("example.com/m/pkg.(*T).Method", "example.com/m/pkg.T.Method"),
        ("example.com/m/pkg.T.Method", "example.com/m/pkg.T.Method"),
        ("example.com/m/pkg.F.func1", "example.com/m/pkg.F"),
        ("example.com/m/pkg.F.func1.2", "example.com/m/pkg.F"),
        ("example.com/m/pkg.(*T).M.func3", "example.com/m/pkg.T.M"),
        ("example.com/m/pkg.F.gowrap1", "example.com/m/pkg.F"),
        ("example.com/m/pkg.T.M-fm", "example.com/m/pkg.T.M"),
        ("example.com/m/pkg.F[...]", "example.com/m/pkg.F"),
        ("example.com/m/pkg.(*List[go.shape.int]).Push", "example.com/m/pkg.List.Push"),
        ("gopkg.in/yaml%2ev3.(*parser).parse", "gopkg.in/yaml.v3.parser.parse"),
        ("runtime.mallocgc", "runtime.mallocgc"),
        ("nodot", None),
        ("", None),
    ],
)
def test_function_key(name: str, key: str | None) -> None:
    assert pgo.function_key(name) == key


def test_flat_and_cumulative_shares() -> None:
    data = make_profile(
        [
            ([["example.com/p.leaf"], ["example.com/p.(*S).Run"], ["main.main"]], 60),
            # an inlined frame: leaf inlined into Run at one location
            ([["example.com/p.leaf", "example.com/p.(*S).Run"], ["main.main"]], 30),
            ([["example.com/p.Run.func1"], ["example.com/p.Run.func1"], ["main.main"]], 10),
        ]
    )
    shares = pgo.shares(data)
    assert shares["example.com/p.leaf"] == (90.0, 90.0)
    assert shares["example.com/p.S.Run"] == (0.0, 90.0)
    assert shares["main.main"] == (0.0, 100.0)
    # a closure counts for its function, once per sample however deep it recurses
    assert shares["example.com/p.Run"] == (10.0, 10.0)


def test_sample_column_and_plain_protobuf() -> None:
    only_samples = make_profile([([["a/b.F"]], 5)], types=(("samples", "count"),))
    assert pgo.shares(only_samples) == {"a/b.F": (100.0, 100.0)}
    uncompressed = make_profile([([["a/b.F"]], 5)], compress=False)
    assert pgo.shares(uncompressed) == {"a/b.F": (100.0, 100.0)}
    assert pgo.shares(make_profile([])) == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x1f\x8b\x08\x00garbage", "not a gzipped pprof profile"),
        (gzip.compress(b"\xff\xff\xff\xff"), "not a pprof profile"),
        (make_profile([([["a.F"]], 1)], types=(("space", "bytes"),)), "not a CPU profile"),
    ],
)
def test_bad_profiles(data: bytes, message: str) -> None:
    with pytest.raises(pgo.ProfileError, match=message):
        pgo.shares(data)


def test_load_applies_the_threshold_and_merges_profiles(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pgo", tmp_path / "b.pgo"
    a.write_bytes(make_profile([([["x/p.F"]], 95), ([["x/p.G"]], 5)]))
    b.write_bytes(make_profile([([["x/p.G"]], 50), ([["x/p.H"]], 50)]))
    hot = pgo.load([(str(a), "a.pgo")], threshold=10)
    assert dict(hot.shares) == {"x/p.F": (95.0, "a.pgo")}
    both = pgo.load([(str(a), "a.pgo"), (str(b), "b.pgo")], threshold=10)
    assert both.lookup("x/p.G") == (50.0, "b.pgo")
    assert both.lookup("x/p.F") == (95.0, "a.pgo")
    assert both.lookup("x/p.Z") is None
    with pytest.raises(pgo.ProfileError, match=r"^missing.pgo: cannot read"):
        pgo.load([(str(tmp_path / "missing.pgo"), "missing.pgo")], 1)


def test_import_path_from_go_mod(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("// comment\nmodule example.com/app // trailing\n\ngo 1.22\n")
    (tmp_path / "internal" / "codec").mkdir(parents=True)
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "go.mod").write_text('module "example.com/tools"\n')
    assert pgo.import_path(str(tmp_path)) == "example.com/app"
    assert pgo.import_path(str(tmp_path / "internal" / "codec")) == "example.com/app/internal/codec"
    assert pgo.import_path(str(tmp_path / "tools")) == "example.com/tools"


def test_import_path_without_go_mod(tmp_path: Path) -> None:
    if any((p / "go.mod").exists() for p in tmp_path.parents):
        pytest.skip("a go.mod above the temporary directory")
    assert pgo.import_path(str(tmp_path)) is None


def test_default_profiles_only_of_main_packages(tmp_path: Path) -> None:
    for name, package in (("cmd", "main"), ("lib", "lib")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.go").write_text(f"// doc\npackage {package}\n")
        (tmp_path / name / "default.pgo").write_bytes(b"")
    (tmp_path / "cmd" / "a_test.go").write_text("package main_test\n")
    found = pgo.default_profiles([str(tmp_path / "cmd"), str(tmp_path / "lib")])
    assert found == [str(tmp_path / "cmd" / "default.pgo")]


@pytest.mark.skipif(
    importlib.util.find_spec("grpc_tools") is None, reason="grpcio-tools (protoc) not installed"
)
def test_generated_module_matches_profile_proto(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"-I{PPROF}",
            f"--python_out={tmp_path}",
            f"--pyi_out={tmp_path}",
            str(PPROF / "profile.proto"),
        ],
        check=True,
    )

    # The serialized schema must match; headers and layout vary with the protoc version.
    def schema(path: Path) -> list[str]:
        return [ln for ln in path.read_text().splitlines() if "AddSerializedFile(" in ln]

    assert schema(tmp_path / "profile_pb2.py") == schema(PPROF / "profile_pb2.py") != []
    assert (tmp_path / "profile_pb2.pyi").exists()


def test_profile_proto_keeps_its_licence() -> None:
    head = (PPROF / "profile.proto").read_text().splitlines()[:5]
    assert "Licensed under the Apache License, Version 2.0" in "\n".join(head)


# The CLI ----------------------------------------------------------------------------------------

APP = """package main

import "fmt"

func encode(b []byte) string {
\treturn fmt.Sprintf("%x", b)
}

func rare(b []byte) string {
\treturn fmt.Sprintf("%x", b)
}

func main() {
\tfmt.Println(encode(nil), rare(nil))
}
"""

LIB = """package codec

import "fmt"

type Enc struct{}

func (e *Enc) Encode(b []byte) string {
\treturn fmt.Sprint(b)
}
"""


def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "go.mod").write_text("module example.com/app\n")
    (tmp_path / "cmd").mkdir()
    (tmp_path / "cmd" / "main.go").write_text(APP)
    (tmp_path / "codec").mkdir()
    (tmp_path / "codec" / "codec.go").write_text(LIB)
    profile = make_profile(
        [
            ([["main.encode"], ["main.main"]], 795),
            ([["example.com/app/codec.(*Enc).Encode"], ["main.main"]], 200),
            ([["main.rare"], ["main.main"]], 5),
        ]
    )
    (tmp_path / "cpu.pprof").write_bytes(profile)
    return tmp_path


def run(tmp_path: Path, *args: str) -> tuple[int, list[str], str]:
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(main, ["-j", "1", "-q", "--select", "GM202", *args])
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_profile_changes_findings(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert run(root, "./...")[:2] == (0, [])
    code, lines, _ = run(root, "--profile", "cpu.pprof", "./...")
    assert code == 1
    assert [line.split(": ", 1)[0] for line in lines] == [
        "cmd/main.go:6:27",
        "codec/codec.go:8:20",
    ]
    assert "in main.encode, 79.5% of CPU samples in cpu.pprof" in lines[0]
    assert "in example.com/app/codec.Enc.Encode, 20.0%" in lines[1]
    code, lines, _ = run(root, "--profile", "cpu.pprof", "--profile-threshold", "50", "./...")
    assert [line.split(": ", 1)[0] for line in lines] == ["cmd/main.go:6:27"]


def test_default_pgo_of_the_main_package(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "cpu.pprof").rename(root / "cmd" / "default.pgo")
    code, lines, _ = run(root, "./...")
    assert code == 1 and len(lines) == 2
    assert "of CPU samples in cmd/default.pgo" in lines[0]
    assert run(root, "--profile", "off", "./...")[:2] == (0, [])
    # The library alone: its directory holds no main package, so no profile is found.
    assert run(root, "./codec")[:2] == (0, [])


def test_profile_from_the_config_file(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / ".golint-mem.toml").write_text('profile = "cpu.pprof"\nprofile-threshold = 50\n')
    code, lines, _ = run(root, "./...")
    assert code == 1 and len(lines) == 1
    assert run(root, "--profile-threshold", "1", "./...")[0] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "golint-mem: error: nope.pprof: cannot read: No such file or directory"),
        (b"\x1f\x8bjunk", "golint-mem: error: bad.pprof: not a gzipped pprof profile"),
        (b"\x08\x96\x01\x12", "golint-mem: error: bad.pprof: not a pprof profile"),
    ],
)
def test_bad_profile_is_one_line_and_exit_2(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    root = project(tmp_path)
    name = "nope.pprof" if content is None else "bad.pprof"
    if content is not None:
        (root / name).write_bytes(content)
    code, lines, err = run(root, "--profile", name, "./...")
    assert code == 2 and lines == []
    assert len(err.splitlines()) == 1
    assert err.startswith(message)


def test_settings_with_hot_functions_pickle() -> None:
    import pickle

    from golint_mem.engine import Settings

    settings = Settings(
        selected=frozenset({"GM202"}), hot=HotFunctions({"a/b.F": (2.0, "default.pgo")}, 1.5)
    )
    back = pickle.loads(pickle.dumps(settings))
    assert back == settings
    assert back.hot is not None and back.hot.lookup("a/b.F") == (2.0, "default.pgo")


def test_profile_reaches_worker_processes(tmp_path: Path) -> None:
    root = project(tmp_path)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            main, ["-j", "2", "-q", "--select", "GM202", "--profile", "cpu.pprof", "./..."]
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
