"""golint_mem.go.dataflow: the worklist solver, path and dominance questions, and the question
issue 12 asks of them: does a deferred Put see a buffer written and not reset?"""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from golint_mem.go import cfg, dataflow
from golint_mem.treesitter import Node
from tests.gocfg import block, functions, graph, node, source, text
from tests.test_cfg import statements

State = tuple[bool, bool]  # (the deferred Put is registered, the buffer is dirty)


def dirty_puts(body: str) -> list[str]:
    """The returns at which a deferred `pool.Put(b)` would put back a written, unreset `b`:
    a typestate per path, so that "registered" and "dirty" stay paired."""
    g = graph(textwrap.dedent(body), "func f() error")

    def step(n: Node, facts: frozenset[State]) -> frozenset[State]:
        said = text(g, n)
        out = set()
        for armed, dirty in facts:
            if n.type == "defer_statement" and said == "defer pool.Put(b)":
                armed = True
            elif said.startswith("b.Write("):
                dirty = True
            elif said == "b.Reset()":
                dirty = False
            out.add((armed, dirty))
        return frozenset(out)

    solution = dataflow.forward(g, step, init=frozenset({(False, False)}))
    return [
        text(g, r.nodes[-1]) if r.nodes else r.kind
        for r in g.returns()
        if (True, True) in solution.end[r.index]
    ]


def test_an_early_return_after_a_write_and_before_the_reset_is_dirty() -> None:
    assert dirty_puts("""
        b := pool.Get().(*bytes.Buffer)
        defer pool.Put(b)
        b.Write(p)
        if err := check(); err != nil {
            return err
        }
        b.Reset()
        return nil
    """) == ["return err"]


def test_a_reset_on_every_path_is_clean() -> None:
    assert (
        dirty_puts("""
        b := pool.Get().(*bytes.Buffer)
        defer pool.Put(b)
        b.Write(p)
        if err := check(); err != nil {
            b.Reset()
            return err
        }
        b.Reset()
        return nil
    """)
        == []
    )


def test_a_deferred_reset_before_the_put_is_not_what_this_question_sees() -> None:
    # The reset runs inside a closure registered after the Put: a rule must look at the
    # deferred calls themselves (Graph.deferred gives them in run order).
    g = graph(
        "b := get()\ndefer pool.Put(b)\ndefer func() { b.Reset() }()\nb.Write(p)\nreturn nil",
        "func f() error",
    )
    put, reset = node(g, "defer pool.Put(b)"), node(g, "defer func() { b.Reset() }()")
    assert g.deferred(g.returns()[0]) == ((reset, put), (reset, put))


def test_a_return_before_the_put_is_registered_puts_nothing() -> None:
    assert dirty_puts("""
        b := pool.Get().(*bytes.Buffer)
        b.Write(p)
        if err := check(); err != nil {
            return err
        }
        defer pool.Put(b)
        b.Reset()
        b.Write(q)
        return nil
    """) == ["return nil"]


def test_dirty_and_registered_stay_paired_per_path() -> None:
    # One path writes and never registers the Put; the other registers it and stays clean.
    # Separate facts "dirty" and "registered" would join into a false finding.
    assert (
        dirty_puts("""
        b := pool.Get().(*bytes.Buffer)
        if fast {
            b.Write(p)
        } else {
            defer pool.Put(b)
        }
        return nil
    """)
        == []
    )


def test_a_write_in_a_loop_reset_after_it() -> None:
    body = """
        b := pool.Get().(*bytes.Buffer)
        defer pool.Put(b)
        for _, p := range ps {
            b.Write(p)
            if len(p) == 0 {
                break
            }
        }
        b.Reset()
        return nil
    """
    assert dirty_puts(body) == []
    assert dirty_puts(body.replace("break", "return errEmpty")) == ["return errEmpty"]


def test_falling_off_the_end_is_a_return() -> None:
    g = graph("b := get()\ndefer pool.Put(b)\nb.Write(p)")
    (end,) = g.returns()
    assert end is g.entry and end.succs == [g.exit]


def test_must_and_may_and_the_facts_around_a_node() -> None:
    g = graph("a()\nif c {\n b()\n}\nd()")

    def seen(n: Node, facts: frozenset[str]) -> frozenset[str]:
        return facts | {text(g, n)}

    may = dataflow.forward(g, seen)
    must = dataflow.forward(g, seen, must=True)
    d = node(g, "d()")
    assert may.before(d) == {"a()", "c", "b()"}
    assert must.before(d) == {"a()", "c"}
    assert must.after(d) == {"a()", "c", "d()"}
    later = dataflow.backward(g, seen)
    assert later.before(node(g, "c")) == {"c", "b()", "d()"}
    assert later.after(node(g, "c")) == {"b()", "d()"}
    every = dataflow.backward(g, seen, must=True)
    assert every.start[g.entry.index] == {"a()", "c", "d()"}


def test_backward_starts_at_calls_that_never_return_too() -> None:
    g = graph("if c {\n panic(1)\n}\nreset()")

    def resets(n: Node, facts: frozenset[str]) -> frozenset[str]:
        return facts | {"reset"} if text(g, n) == "reset()" else facts

    assert dataflow.backward(g, resets, must=True).before(node(g, "c")) == frozenset()
    assert dataflow.backward(g, resets).before(node(g, "c")) == {"reset"}


def test_must_analysis_through_a_loop() -> None:
    g = graph("x := 0\nfor i := 0; i < n; i++ {\n if i > 2 {\n  reset()\n }\n}\nuse()")

    def resets(n: Node, facts: frozenset[str]) -> frozenset[str]:
        return facts | {"reset"} if text(g, n) == "reset()" else facts

    assert dataflow.forward(g, resets, must=True).before(node(g, "use()")) == frozenset()
    assert dataflow.forward(g, resets).before(node(g, "use()")) == {"reset"}


def test_path_exists_avoiding_resets() -> None:
    g = graph(
        "b.Write(p)\nif err != nil {\n return err\n}\nb.Reset()\nreturn nil",
        "func f() error",
    )
    write, reset = node(g, "b.Write(p)"), node(g, "b.Reset()")

    def is_reset(n: Node) -> bool:
        return n == reset

    assert dataflow.path_exists(g, write, g.exit, is_reset)  # through `return err`
    assert not dataflow.path_exists(g, write, node(g, "return nil"), is_reset)
    assert dataflow.path_exists(g, write, node(g, "return nil"))
    assert not dataflow.path_exists(g, reset, write)
    assert dataflow.path_exists(g, g.entry, write) and not dataflow.path_exists(g, write, write)


def test_path_exists_within_one_block() -> None:
    g = graph("a()\nr()\nb()")
    a, r, b = node(g, "a()"), node(g, "r()"), node(g, "b()")
    assert dataflow.path_exists(g, a, b) and not dataflow.path_exists(g, a, b, lambda n: n == r)
    assert dataflow.path_exists(g, a, b, lambda n: n in (a, b))  # the ends are not between
    assert not dataflow.path_exists(g, b, a)


def test_path_exists_round_a_loop() -> None:
    g = graph("for {\n a()\n if c {\n  stop()\n }\n b()\n}")
    a, b, stop = node(g, "a()"), node(g, "b()"), node(g, "stop()")
    assert dataflow.path_exists(g, b, a) and dataflow.path_exists(g, a, a)
    c = node(g, "c")
    assert not dataflow.path_exists(g, a, b, lambda n: n == c)  # the condition is in between
    assert dataflow.path_exists(g, a, b, lambda n: n == stop)


def test_dominance() -> None:
    g = graph("a()\nif c {\n b()\n} else {\n d()\n}\ne()\nreturn")
    a, b, c, e = node(g, "a()"), node(g, "b()"), node(g, "c"), node(g, "e()")
    assert dataflow.dominates(g, a, e) and dataflow.dominates(g, c, b)
    assert not dataflow.dominates(g, b, e)
    assert dataflow.dominates(g, a, e, post=True) and dataflow.dominates(g, b, e, post=True)
    assert not dataflow.dominates(g, a, b, post=True)
    up = dataflow.idoms(g)
    assert up[block(g, "e()").index] == g.entry.index and up[g.entry.index] is None
    assert up[block(g, "b()").index] == g.entry.index
    down = dataflow.idoms(g, post=True)
    assert down[g.entry.index] == block(g, "e()").index and down[g.exit.index] is None


def test_nodes_outside_the_graph_are_refused() -> None:
    data = source("f := func() { a() }\nf()")
    (func,) = functions(data)
    outer, inner = cfg.build_all(func, data)
    call = inner.entry.nodes[0]
    try:
        dataflow.path_exists(outer, call, outer.exit)
    except ValueError as exc:
        assert "not in this function's graph" in str(exc)
    else:
        raise AssertionError("a node of another graph was accepted")


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(statements(), min_size=2, max_size=2))
def test_solver_and_path_search_agree(parts: list[str]) -> None:
    """A node is among the may-facts where a block starts iff some path runs from it to the
    block; must-facts are among may-facts; and the dominator tree (Cooper-Harvey-Kennedy) says
    what must-reachability says."""
    body = "\n".join(f"L{i}:\n{part}" for i, part in enumerate(parts))
    data = source("var x, y, z, xs, ch = 0, true, any(0), []int{}, make(chan int)\n" + body)
    (func,) = functions(data)
    g = cfg.build(func, data)

    def ran(n: Node, facts: frozenset[Node]) -> frozenset[Node]:
        return facts | {n}

    may = dataflow.forward(g, ran)
    must = dataflow.forward(g, ran, must=True)
    up, down = dataflow.idoms(g), dataflow.idoms(g, post=True)
    after = dataflow.backward(g, ran, must=True)
    homes = [(n, b) for b in g.blocks if b.live for n in b.nodes]
    for b in g.blocks:
        if not b.live:
            continue
        assert must.start[b.index] <= may.start[b.index]
        for n, home in homes:
            assert (n in may.start[b.index]) == dataflow.path_exists(g, n, b), (text(g, n), b)
            dominated = home is not b and home.index in _chain(up, b.index)
            assert (n in must.start[b.index]) == dominated, (text(g, n), b)
            postdominated = home is not b and home.index in _chain(down, b.index)
            assert (n in after.end[b.index]) == postdominated, (text(g, n), b)


def test_deep_nesting_costs_no_recursion() -> None:
    depth = 2_500
    g = graph("L:\n" + "for {\n" * depth + "a()\nbreak L\n" + "}\n" * depth + "b()")
    a, b = node(g, "a()"), node(g, "b()")

    def seen(n: Node, facts: frozenset[str]) -> frozenset[str]:
        return facts | {text(g, n)}

    assert dataflow.forward(g, seen, must=True).before(b) == {"a()", "break L"}
    assert dataflow.backward(g, seen).after(a) == {"break L", "b()"}
    assert dataflow.path_exists(g, a, b) and dataflow.dominates(g, a, b)
    assert dataflow.dominates(g, a, b, post=True) and not dataflow.dominates(g, b, a)


def _chain(up: list[int | None], at: int) -> set[int]:
    """The blocks that dominate block `at` (strictly), by the immediate dominators."""
    out = set()
    cur = up[at]
    while cur is not None:
        out.add(cur)
        cur = up[cur]
    return out
