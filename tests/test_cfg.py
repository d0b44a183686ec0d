"""The control-flow graph of golint_mem.go.cfg: block structure and edges per construct, the
tricky combinations, defers, closures, deep nesting, and invariants over the fixtures and over
generated functions."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from golint_mem.go import cfg
from tests.gocfg import block, check, functions, graph, kinds, node, source

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"


def listing(body: str) -> str:
    return graph(textwrap.dedent(body)).format()


def test_if_else_joins() -> None:
    assert listing("""
        x := 1
        if x > 0 {
            a()
        } else {
            b()
        }
        c()
    """) == textwrap.dedent("""\
        .0: entry
        \tx := 1
        \tx > 0
        \tsuccs: 1 2
        .1: if.then
        \ta()
        \tsuccs: 3
        .2: if.else
        \tb()
        \tsuccs: 3
        .3: if.done
        \tc()
        \tsuccs: 4
        .4: exit
    """)


def test_if_without_else_falls_through_to_what_follows() -> None:
    g = graph("if err := g(); err != nil {\n a()\n}\nb()\nc()")
    head = block(g, "err != nil")
    assert head is g.entry and block(g, "err := g()") is g.entry
    then, done = head.succs
    assert then is block(g, "a()") and done is block(g, "b()") is block(g, "c()")
    assert then.succs == [done] and done.succs == [g.exit]


def test_else_if_chain() -> None:
    g = graph("if a {\n x()\n} else if b {\n y()\n} else {\n z()\n}\nw()")
    assert block(g, "a").succs == [block(g, "x()"), block(g, "b")]
    assert block(g, "b").succs == [block(g, "y()"), block(g, "z()")]
    join = block(g, "w()")
    inner = block(g, "y()").succs
    assert block(g, "x()").succs == [join] and block(g, "z()").succs == inner
    assert inner[0].kind == "if.done" and inner[0].succs == [join]


def test_three_clause_for() -> None:
    assert listing("""
        for i := 0; i < n; i++ {
            a()
        }
        b()
    """) == textwrap.dedent("""\
        .0: entry
        \ti := 0
        \tsuccs: 1
        .1: for.loop
        \ti < n
        \tsuccs: 3 4
        .2: for.post
        \ti++
        \tsuccs: 1
        .3: for.body
        \ta()
        \tsuccs: 2
        .4: for.done
        \tb()
        \tsuccs: 5
        .5: exit
    """)


def test_condition_only_and_infinite_for() -> None:
    g = graph("for ok {\n a()\n}\nfor {\n b()\n}\nc()")
    loop = block(g, "ok")
    body, done = loop.succs
    assert loop.kind == "for.loop" and body is block(g, "a()")
    assert done.kind == "for.done" and done.succs == [block(g, "b()")]
    assert block(g, "a()").succs == [loop]
    body = block(g, "b()")
    assert body.succs == [body]  # `for {}` loops on itself; what follows is dead
    assert not block(g, "c()").live


def test_range_assigns_key_and_value_in_the_body() -> None:
    g = graph("for k, v := range m {\n use(k, v)\n}\ndone()")
    assert block(g, "m") is g.entry
    loop = g.entry.succs[0]
    assert loop.kind == "range.loop" and not loop.nodes
    body, done = loop.succs
    assert [n.type for n in body.nodes] == ["expression_list", "expression_statement"]
    assert body.succs == [loop] and done is block(g, "done()")


def test_short_circuit_and_negation() -> None:
    g = graph("if a && (b || !c) {\n yes()\n} else {\n no()\n}")
    yes, no = block(g, "yes()"), block(g, "no()")
    a, b, c = block(g, "a"), block(g, "b"), block(g, "c")
    assert kinds([a, b, c]) == ["entry", "cond.and", "cond.or"]
    assert a.succs == [b, no] and b.succs == [yes, c]
    assert c.succs == [no, yes]  # `!c`: c true goes to else


def test_expression_switch_tries_cases_in_order_and_default_last() -> None:
    g = graph("switch x {\ncase 1, 2:\n one()\ndefault:\n other()\ncase 3:\n three()\n}\nend()")
    one, other, three = block(g, "one()"), block(g, "other()"), block(g, "three()")
    assert block(g, "x") is block(g, "1") is g.entry
    assert g.entry.succs[0] is one
    two = block(g, "2")
    assert g.entry.succs[1] is two and two.succs[0] is one
    assert two.succs[1] is block(g, "3") and block(g, "3").succs[0] is three
    assert block(g, "3").succs[1].succs == [other]  # default, tried after every case
    done = block(g, "end()")
    assert one.succs == other.succs == three.succs == [done]


def test_fallthrough_into_default() -> None:
    g = graph("switch x {\ncase 1:\n a()\n fallthrough\ndefault:\n d()\ncase 2:\n c()\n}")
    assert block(g, "fallthrough") is block(g, "a()")
    assert block(g, "a()").succs == [block(g, "d()")]
    assert block(g, "d()").succs == block(g, "c()").succs  # both leave for switch.done


def test_fallthrough_out_of_default_goes_to_the_next_case_in_source() -> None:
    g = graph("switch {\ndefault:\n d()\n fallthrough\ncase x > 1:\n c()\n}")
    assert block(g, "d()").succs == [block(g, "c()")]


def test_type_switch_has_an_edge_per_case() -> None:
    g = graph("switch v := x.(type) {\ncase int, bool:\n a(v)\ncase string:\n b(v)\n}\nc()")
    head = block(g, "x")
    assert block(g, "v") is head
    done = block(g, "c()")
    assert head.succs == [block(g, "a(v)"), block(g, "b(v)"), done]  # no default: no match
    assert kinds(head.succs) == ["typeswitch.case", "typeswitch.case", "typeswitch.done"]


def test_select_has_an_edge_per_case_and_the_comm_runs_in_its_case() -> None:
    g = graph("select {\ncase v := <-in:\n a(v)\ncase out <- 1:\n b()\ndefault:\n c()\n}\nd()")
    head = g.entry
    assert head.succs == [block(g, "a(v)"), block(g, "b()"), block(g, "c()")]
    assert block(g, "v := <-in") is block(g, "a(v)")
    assert block(g, "out <- 1") is block(g, "b()")
    assert all(s.succs == [block(g, "d()")] for s in head.succs)


def test_empty_select_blocks_forever() -> None:
    g = graph("select {}\nnever()")
    assert not block(g, "never()").live and not g.exit.live


def test_labeled_break_out_of_a_select_inside_a_for() -> None:
    g = graph(
        "L:\n\tfor {\n\t\tselect {\n\t\tcase <-ch:\n\t\t\tbreak L\n"
        "\t\tcase v := <-in:\n\t\t\tuse(v)\n\t\t}\n\t}\n\tafter()"
    )
    after = block(g, "after()")
    assert block(g, "break L").succs == [after] and after.kind == "for.done"
    assert after.live
    body = block(g, "<-ch").preds[0]
    assert body.kind == "for.body"
    select_done = block(g, "use(v)").succs[0]
    assert select_done.kind == "select.done" and select_done.succs == [body]


def test_unlabeled_break_in_a_select_leaves_the_select_only() -> None:
    g = graph("for {\n select {\n case <-ch:\n  break\n }\n}\nafter()")
    assert block(g, "break").succs[0].kind == "select.done"
    assert not block(g, "after()").live


def test_continue_in_a_range_inside_a_switch() -> None:
    g = graph(
        "switch x {\ncase 1:\n for _, v := range xs {\n  if v {\n   continue\n  }\n"
        "  a()\n }\n b()\n}"
    )
    loop = block(g, "continue").succs[0]
    assert loop.kind == "range.loop" and loop is block(g, "a()").succs[0]
    assert loop.succs[1] is block(g, "b()")


def test_continue_in_a_switch_inside_a_range_continues_the_range() -> None:
    g = graph("for _, v := range xs {\n switch v {\n case 1:\n  continue\n }\n a()\n}\nb()")
    loop = block(g, "continue").succs[0]
    assert loop.kind == "range.loop"
    assert block(g, "a()").succs == [loop] and loop.succs[1] is block(g, "b()")


def test_break_in_a_switch_nested_in_a_for_means_the_switch() -> None:
    g = graph("for i := 0; i < n; i++ {\n switch i {\n case 1:\n  break\n }\n after()\n}\nend()")
    target = block(g, "break").succs[0]
    assert target.kind == "switch.done" and target is block(g, "after()")
    assert block(g, "end()").kind == "for.done"


def test_labeled_continue_goes_to_the_outer_post_statement() -> None:
    g = graph(
        "outer:\n\tfor i := 0; i < n; i++ {\n\t\tfor j := range xs {\n"
        "\t\t\tif j > i {\n\t\t\t\tcontinue outer\n\t\t\t}\n\t\t}\n\t}"
    )
    assert block(g, "continue outer").succs == [block(g, "i++")]
    assert block(g, "i := 0").kind == "label.outer"  # the label comes before the init


def test_goto_backward_and_forward() -> None:
    g = graph(
        "i := 0\nloop:\n\ti++\n\tif i < 10 {\n\t\tgoto loop\n\t}\n"
        "\tgoto end\n\tdead()\nend:\n\tdone()"
    )
    label = block(g, "i++")
    assert label.kind == "label.loop" and block(g, "goto loop").succs == [label]
    assert block(g, "i := 0").succs == [label]
    end = block(g, "done()")
    assert block(g, "goto end").succs == [end] and end.kind == "label.end"
    dead = block(g, "dead()")
    assert not dead.live and dead.kind == "unreachable.branch" and dead.succs == [end]


def test_return_ends_the_path_and_the_rest_is_dead() -> None:
    g = graph("a()\nreturn\nb()", "func f()")
    assert block(g, "return").succs == [g.exit]
    dead = block(g, "b()")
    assert dead.kind == "unreachable.return" and not dead.live
    assert g.returns() == [g.entry]
    assert len(g.blocks) == 3  # no empty block after the return


def test_panic_in_one_branch() -> None:
    g = graph('if c {\n panic("x")\n} else {\n a()\n}\nb()')
    p = block(g, 'panic("x")')
    assert p.succs == [] and p.kind == "if.then"
    done = block(g, "b()")
    assert done.live and done.preds == [block(g, "a()")]


def test_calls_that_never_return() -> None:
    for call in (
        "os.Exit(1)",
        'log.Fatalf("%v", err)',
        "t.Fatal(err)",
        "b.FailNow()",
        "runtime.Goexit()",
    ):
        g = graph(f"{call}\nafter()")
        assert g.entry.succs == [] and not block(g, "after()").live, call
    g = graph("x.Exit(1)\nlog.Print(1)\nafter()")
    assert block(g, "after()") is g.entry and g.entry.succs == [g.exit]


def test_calls_that_never_return_can_be_told() -> None:
    data = b"package p\nfunc f() {\n\tmust(x)\n\tafter()\n}\n"
    (func,) = functions(data)
    g = cfg.build(
        func, data, no_return=lambda call, src: src[call.start_byte :].startswith(b"must")
    )
    assert g.entry.succs == [] and g.blocks[1].kind == "unreachable.call"


def test_defer_in_a_loop() -> None:
    g = graph("defer a()\nfor _, x := range xs {\n defer x.Close()\n}\nreturn", "func f()")
    first, loop = node(g, "defer a()"), node(g, "defer x.Close()")
    assert g.defers == [first, loop]
    ret = block(g, "return")
    assert g.deferred(ret) == ((first,), (loop, first))  # run order: last registered first
    assert g.deferred(g.entry) == ((first,), (first,))


def test_defer_in_one_branch_is_registered_on_some_paths() -> None:
    g = graph("if c {\n defer a()\n return\n}\ndefer b()\nreturn", "func f()")
    a, b = node(g, "defer a()"), node(g, "defer b()")
    early, late = block(g, "defer a()"), block(g, "defer b()")
    assert g.returns() == [early, late]
    assert g.deferred(early) == ((a,), (a,)) and g.deferred(late) == ((b,), (b,))
    assert g.deferred(g.exit) == ((), (b, a))


def test_return_inside_a_closure_does_not_end_the_outer_function() -> None:
    data = b"package p\nfunc f() {\n\tg := func() {\n\t\treturn\n\t}\n\tg()\n\tafter()\n}\n"
    (func,) = functions(data)
    outer, inner = cfg.build_all(func, data)
    check(outer)
    check(inner)
    assert [len(b.nodes) for b in outer.blocks] == [3, 0]  # one block: g :=, g(), after()
    assert outer.returns() == [outer.entry]
    assert inner.func.type == "func_literal" and outer.literals() == [inner.func]
    assert [n.type for n in inner.entry.nodes] == ["return_statement"]
    ret = inner.entry.nodes[0]
    assert outer.locate(ret) is None and inner.locate(ret) == (inner.entry, 0)


def test_literals_lists_direct_ones_and_build_all_every_one() -> None:
    data = source("a := func() { b := func() {}; b() }\nc := func() {}\na(); c()")
    (func,) = functions(data)
    graphs = cfg.build_all(func, data)
    assert len(graphs) == 4 and len(graphs[0].literals()) == 2
    assert graphs[1].literals() == [graphs[2].func]


def test_enclosing_function() -> None:
    data = source("go func() {\n a()\n}()\nb()")
    (func,) = functions(data)
    outer, inner = cfg.build_all(func, data)
    a, b = inner.entry.nodes[0], outer.entry.nodes[1]
    assert cfg.enclosing(a) == inner.func and cfg.enclosing(b) == func
    assert cfg.enclosing(func) is None


def test_locate_finds_the_statement_holding_a_node() -> None:
    g = graph("x := pool.Get()\nif ok {\n pool.Put(x)\n}")
    stmt = node(g, "pool.Put(x)")
    call = stmt.named_child(0)
    assert call is not None and g.locate(call) == (block(g, "pool.Put(x)"), 0)
    assert g.locate(g.func) is None


def test_body_less_function() -> None:
    data = b"package p\nfunc f() int\n"
    (func,) = functions(data)
    g = cfg.build(func, data)
    check(g)
    assert g.entry.succs == [g.exit]


def test_deep_nesting_costs_no_recursion() -> None:
    depth = 2_500
    ifs = "if c {\n" * depth + "a()\n" + "}\n" * depth
    g = graph(ifs + "for {\n" * depth + "break\n" + "}\n" * depth)
    assert len(g.blocks) > 4 * depth
    chain = "if c {\n} else " * depth + "{\n}\n"
    graph(chain)
    graph("if " + " && ".join(["c"] * depth) + " {\n}")
    graph("if " + "(" * depth + "c" + ")" * depth + " {\n}")


def test_invalid_code_makes_a_graph() -> None:
    for body in ("break", "continue L", "fallthrough", "goto nowhere", "if {", "for x := {", "L:"):
        data = source_of(body)
        for func in functions(data):
            cfg.build(func, data).format()


def source_of(body: str) -> bytes:
    return f"package p\nfunc f() {{\n{body}\n}}\n".encode()


# -- properties ---------------------------------------------------------------------------------

FIXTURES = sorted(TESTDATA.rglob("*.go"))


def test_every_function_of_every_fixture() -> None:
    count = 0
    for path in FIXTURES:
        data = path.read_bytes()
        for func in functions(data):
            for g in cfg.build_all(func, data):
                check(g)
                count += 1
    assert count > 100


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(FIXTURES), st.integers(0, 10_000), st.integers(1, 400))
def test_fixtures_cut_anywhere_still_make_graphs(path: Path, at: int, length: int) -> None:
    data = bytearray(path.read_bytes())
    at %= len(data)
    del data[at : at + length]  # unbalanced braces, half statements: ERROR nodes
    for func in functions(bytes(data)):
        for g in cfg.build_all(func, bytes(data)):
            check(g, valid=not func.has_error)


@st.composite
def statements(draw: st.DrawFn, depth: int = 0, loop: bool = False, brk: bool = False) -> str:
    """A valid Go statement list: branches only where they mean something."""
    out = []
    for _ in range(draw(st.integers(0 if depth else 1, 3))):
        kinds_ = ["call", "assign", "return", "defer", "panic", "goto"]
        if depth < 4:
            kinds_ += ["if", "ifelse", "for", "range", "switch", "select", "typeswitch", "closure"]
        if loop:
            kinds_ += ["continue"]
        if brk:
            kinds_ += ["break"]
        kind = draw(st.sampled_from(kinds_))
        inner = statements(depth + 1, loop, brk)
        looped = statements(depth + 1, True, True)
        cased = statements(depth + 1, loop, True)
        if kind == "call":
            out.append("a()")
        elif kind == "assign":
            out.append("x = x + 1")
        elif kind == "return":
            out.append("return")
        elif kind == "defer":
            out.append("defer a()")
        elif kind == "panic":
            out.append('panic("p")')
        elif kind == "goto":
            out.append(f"goto L{draw(st.integers(0, 2))}")
        elif kind == "continue":
            out.append("continue")
        elif kind == "break":
            out.append("break")
        elif kind == "if":
            out.append(f"if x > 0 && y {{\n{draw(inner)}\n}}")
        elif kind == "ifelse":
            out.append(f"if !y {{\n{draw(inner)}\n}} else {{\n{draw(inner)}\n}}")
        elif kind == "for":
            out.append(draw(st.sampled_from(["for {", "for x < 9 {", "for i := 0; i < 3; i++ {"])))
            out.append(f"{draw(looped)}\n}}")
        elif kind == "range":
            out.append(f"for _, v := range xs {{\n_ = v\n{draw(looped)}\n}}")
        elif kind == "switch":
            out.append(
                f"switch x {{\ncase 1:\n{draw(cased)}\nfallthrough\n"
                f"default:\n{draw(cased)}\ncase 2, 3:\n{draw(cased)}\n}}"
            )
        elif kind == "select":
            out.append(f"select {{\ncase v := <-ch:\n_ = v\n{draw(cased)}\ncase ch <- 1:\n}}")
        elif kind == "typeswitch":
            out.append(f"switch t := z.(type) {{\ncase int:\n_ = t\n{draw(cased)}\ndefault:\n}}")
        elif kind == "closure":
            out.append(f"fn := func() {{\n{draw(statements(depth + 1))}\n}}\nfn()")
    return "\n".join(out)


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(statements(), min_size=3, max_size=3))
def test_generated_functions_keep_the_invariants(parts: list[str]) -> None:
    body = "\n".join(f"L{i}:\n{part}" for i, part in enumerate(parts))
    data = source_of("var x, y, z, xs, ch = 0, true, any(0), []int{}, make(chan int)\n" + body)
    (func,) = functions(data)
    for g in cfg.build_all(func, data):
        check(g)
        for b in g.blocks:
            for n in b.nodes:
                if n.type in ("break_statement", "continue_statement", "goto_statement"):
                    assert len(b.succs) == 1, g.format()
