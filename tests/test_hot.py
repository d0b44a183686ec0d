"""The hot-path model: each source of hotness on its own, the cold directive, and cold paths."""

from __future__ import annotations

import pytest

from golint_mem.analysis.hotpath.hot import HotPaths
from golint_mem.go.package import Package, PackageFile
from golint_mem.pgo import HotFunctions

MARK = "target()"


def reason(
    body: str,
    *,
    path: str = "/src/p/x.go",
    package: str = "p",
    hot: HotFunctions | None = None,
    import_path: str | None = None,
) -> str | None:
    """HotPaths.reason of the call `target()` in a file made of `body` after the package clause."""
    src = f"package {package}\n\n{body}".encode()
    pkg = Package([PackageFile(path, path, lambda: src)])
    pkg.hot, pkg.import_path = hot, import_path
    ctx = pkg.trees.lint_tree(path, src, None)
    start = src.index(MARK.encode())
    node = ctx.root.descendant_for_byte_range(start, start + len(MARK))
    while node is not None and node.type != "call_expression":
        node = node.parent
    assert node is not None, body
    return HotPaths(ctx).reason(node)


# 1. loops ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "loop",
    [
        "for i := 0; i < n; i++ {\n\t\ttarget()\n\t}",
        "for _, x := range xs {\n\t\ttarget()\n\t}",
        "for v := range ch {\n\t\ttarget()\n\t}",
        "for v := range seq {\n\t\ttarget()\n\t}",
        "for {\n\t\ttarget()\n\t}",
        "for ok {\n\t\tif n > 1 {\n\t\t\ttarget()\n\t\t}\n\t}",
        "for range xs {\n\t\tgo func() { target() }()\n\t}",
        "for range xs {\n\t\tsort.Slice(xs, func(i, j int) bool { target(); return true })\n\t}",
    ],
)
def test_loop_bodies_are_hot(loop: str) -> None:
    params = "n int, xs []int, ch chan int, seq func(func(int) bool), ok bool"
    body = f"func f({params}) {{\n\t{loop}\n}}\n"
    assert reason(body) == "inside a for loop"


@pytest.mark.parametrize(
    "code",
    [
        "target()",
        "for _, x := range target() {\n\t\t_ = x\n\t}",
        "for i := target(); i < 3; i++ {\n\t}",
        "for range xs {\n\t\tfns = append(fns, func() { target() })\n\t}",
        "for range xs {\n\t\tfn := func() { target() }\n\t\t_ = fn\n\t}",
        "for range xs {\n\t\tif len(xs) > 3 {\n\t\t\ttarget()\n\t\t\treturn\n\t\t}\n\t}",
        "for range xs {\n\t\treturn target()\n\t}",
        "for range xs {\n\t\tif err != nil {\n\t\t\ttarget()\n\t\t}\n\t}",
        "for range xs {\n\t\tif err == nil {\n\t\t} else {\n\t\t\ttarget()\n\t\t}\n\t}",
        "for range xs {\n\t\tif n > 0 && err != nil {\n\t\t\ttarget()\n\t\t}\n\t}",
        "for range xs {\n\t\tif n > 0 {\n\t\t\ttarget()\n\t\t\tpanic(n)\n\t\t}\n\t}",
        "for range xs {\n\t\tif n > 0 {\n\t\t\ttarget()\n\t\t\tlog.Fatalf(n)\n\t\t}\n\t}",
        "for range xs {\n\t\tif n > 0 {\n\t\t\ttarget()\n\t\t\tos.Exit(1)\n\t\t}\n\t}",
    ],
)
def test_not_per_iteration(code: str) -> None:
    body = (
        'import (\n\t"log"\n\t"os"\n)\n\n'
        "func f(n int, xs []int, err error, fns []func()) int {\n\t" + code + "\n\treturn 0\n}\n"
    )
    assert reason(body) is None


def test_error_branch_by_name_when_the_type_is_unknown() -> None:
    body = (
        "func f(xs []int) {\n\tfor range xs {\n"
        "\t\tif err := g(); err != nil {\n\t\t\ttarget()\n\t\t}\n\t}\n}\n"
    )
    assert reason(body) is None


def test_a_return_in_a_literal_called_in_the_loop_does_not_leave_the_loop() -> None:
    body = (
        "func f(xs []int) {\n\tfor range xs {\n\t\tfunc() {\n\t\t\ttarget()\n\t\t\treturn\n"
        "\t\t}()\n\t}\n}\n"
    )
    assert reason(body) == "inside a for loop"


def test_package_level_code_is_not_hot() -> None:
    assert reason("var x = target()\n") is None


# 2. HTTP handlers ------------------------------------------------------------------------------


def test_net_http_handler_shapes() -> None:
    imp = 'import "net/http"\n\n'
    params = "w http.ResponseWriter, r *http.Request"
    assert reason(imp + f"func h({params}) {{\n\ttarget()\n}}\n") == "in HTTP handler h"
    assert (
        reason(imp + f"type T struct{{}}\n\nfunc (t *T) ServeHTTP({params}) {{\n\ttarget()\n}}\n")
        == "in HTTP handler T.ServeHTTP"
    )
    lit = f'func reg() {{\n\thttp.HandleFunc("/", func({params}) {{\n\t\ttarget()\n\t}})\n}}\n'
    assert reason(imp + lit) == "in HTTP handler func literal"
    # A function with other parameters is not a handler, nor is one outside net/http's types.
    assert reason(imp + "func h(w http.ResponseWriter) {\n\ttarget()\n}\n") is None
    assert reason("func h(w ResponseWriter, r *Request) {\n\ttarget()\n}\n") is None


@pytest.mark.parametrize(
    ("path", "param", "framework"),
    [
        ("github.com/valyala/fasthttp", "*fasthttp.RequestCtx", "fasthttp"),
        ("github.com/gin-gonic/gin", "*gin.Context", "gin"),
        ("github.com/labstack/echo/v4", "echo.Context", "echo"),
        ("github.com/gofiber/fiber/v2", "*fiber.Ctx", "fiber"),
    ],
)
def test_framework_handlers_by_import_path(path: str, param: str, framework: str) -> None:
    body = f'import "{path}"\n\nfunc h(c {param}) {{\n\ttarget()\n}}\n'
    assert reason(body) == f"in {framework} handler h"
    other = body.replace(path, "example.com/" + path.rsplit("/", 1)[-1])
    assert reason(other) is None  # same names, another package


def test_handlers_in_test_files_are_not_hot() -> None:
    body = 'import "net/http"\n\nfunc h(w http.ResponseWriter, r *http.Request) {\n\ttarget()\n}\n'
    assert reason(body, path="/src/p/x_test.go") is None


# 3. benchmarks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "loop",
    [
        "for i := 0; i < b.N; i++ {\n\t\ttarget()\n\t}",
        "for b.Loop() {\n\t\ttarget()\n\t}",
        "for range b.N {\n\t\ttarget()\n\t}",
        "b.RunParallel(func(pb *testing.PB) {\n\t\tfor pb.Next() {\n\t\t\ttarget()\n\t\t}\n\t})",
    ],
)
def test_benchmark_loops(loop: str) -> None:
    body = f'import "testing"\n\nfunc BenchmarkX(b *testing.B) {{\n\t{loop}\n}}\n'
    assert reason(body, path="/src/p/x_test.go") == "in the b.N loop of BenchmarkX"


def test_other_loops_in_test_files_are_not_hot() -> None:
    setup = (
        'import "testing"\n\nfunc BenchmarkX(b *testing.B) {\n'
        "\tfor _, n := range []int{1} {\n\t\ttarget()\n\t}\n}\n"
    )
    assert reason(setup, path="/src/p/x_test.go") is None
    test = 'import "testing"\n\nfunc TestX(t *testing.T) {\n\tfor {\n\t\ttarget()\n\t}\n}\n'
    assert reason(test, path="/src/p/x_test.go") is None
    assert reason(test, path="/src/p/x.go") == "inside a for loop"


# 4. directives ---------------------------------------------------------------------------------


def test_hot_directive() -> None:
    body = "// F encodes.\n//\n//golintmem:hot\nfunc F() {\n\ttarget()\n}\n"
    assert reason(body) == "in F, marked //golintmem:hot"
    method = "type T int\n\n//golintmem:hot\nfunc (t T) M() {\n\tfunc() { target() }()\n}\n"
    assert reason(method) == "in T.M, marked //golintmem:hot"


def test_a_directive_needs_no_space_and_must_touch_the_function() -> None:
    assert reason("// golintmem:hot\nfunc F() {\n\ttarget()\n}\n") is None
    assert reason("//golintmem:hot\n\nfunc F() {\n\ttarget()\n}\n") is None


def test_cold_wins_over_everything() -> None:
    loop = "//golintmem:cold\nfunc F(xs []int) {\n\tfor range xs {\n\t\ttarget()\n\t}\n}\n"
    assert reason(loop) is None
    handler = (
        'import "net/http"\n\n//golintmem:cold\n'
        "func h(w http.ResponseWriter, r *http.Request) {\n\ttarget()\n}\n"
    )
    assert reason(handler) is None
    both = "//golintmem:hot\n//golintmem:cold\nfunc F() {\n\ttarget()\n}\n"
    assert reason(both) is None
    hot = HotFunctions({"example.com/p.F": (50.0, "default.pgo")})
    profiled = "//golintmem:cold\nfunc F() {\n\ttarget()\n}\n"
    assert reason(profiled, hot=hot, import_path="example.com/p") is None


# 5. profiles -----------------------------------------------------------------------------------


def test_profile_makes_listed_functions_hot() -> None:
    hot = HotFunctions({"example.com/p.F": (3.25, "default.pgo"), "example.com/p.T.M": (1.0, "x")})
    body = "type T struct{}\n\nfunc F() {\n\tg := func() { target() }\n\t_ = g\n}\n"
    assert reason(body, hot=hot, import_path="example.com/p") == (
        "in example.com/p.F, 3.2% of CPU samples in default.pgo"
    )
    method = "type T struct{}\n\nfunc (t *T) M() {\n\ttarget()\n}\n"
    assert reason(method, hot=hot, import_path="example.com/p") == (
        "in example.com/p.T.M, 1.0% of CPU samples in x"
    )
    assert reason(method.replace(") M(", ") N("), hot=hot, import_path="example.com/p") is None
    assert reason(body, hot=hot, import_path="example.com/q") is None
    assert reason(body, hot=hot, import_path=None) is None
    assert reason(body, import_path="example.com/p") is None  # no profile


def test_profile_names_package_main_main() -> None:
    hot = HotFunctions({"main.serve": (12.0, "cmd/default.pgo")})
    body = "func serve() {\n\ttarget()\n}\n"
    assert reason(body, package="main", hot=hot, import_path="example.com/cmd") == (
        "in main.serve, 12.0% of CPU samples in cmd/default.pgo"
    )


def test_loop_reason_comes_before_the_profile() -> None:
    hot = HotFunctions({"example.com/p.F": (3.0, "default.pgo")})
    body = "func F(xs []int) {\n\tfor range xs {\n\t\ttarget()\n\t}\n}\n"
    assert reason(body, hot=hot, import_path="example.com/p") == "inside a for loop"
