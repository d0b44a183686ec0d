"""Facts: what an analysis works out once per package and key, and every rule then reads.

The counterpart of go/analysis's `ResultOf`, and of its per-object facts. An analysis declares
each fact once, at module level, with the function that computes it:

    BOUNDS_RECEIVER: Fact[FuncDecl, bool] = Fact("bounds its receiver", _bounds, cycle=False)

and asks for it with `BOUNDS_RECEIVER.of(package, fd)`. The answer is computed on the first question
and remembered until the package is done (Package.close). A fact that asks for itself, directly
or through others (a function that calls itself), gets `cycle` while its own answer is being
worked out; so a summary of each function, computed from the summaries of the functions it
calls, is a fact like any other. `depth` bounds how many answers of one fact may be worked out
inside one another (a chain of calls): a question past it gets `cycle` and is not remembered.

Keys are plain values (names, FuncDecls, tuples of them): never a tree node, since answers
outlive the trees they were read from.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

if TYPE_CHECKING:
    from golint_mem.go.package import Package

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, eq=False)
class Fact(Generic[K, V]):
    """A question about a package, answered by `compute(package, key)` once per key."""

    name: str
    compute: Callable[[Package, K], V]
    cycle: V  # the answer while its own answer is being worked out, and past `depth`
    depth: int | None = None

    def of(self, package: Package, key: K) -> V:
        return package.facts.get(self, package, key)


class Facts:
    """The answers of one package's facts (Package.facts)."""

    __slots__ = ("_answers", "_busy", "_nesting")

    def __init__(self) -> None:
        self._answers: dict[tuple[Fact[Any, Any], Hashable], object] = {}
        self._busy: set[tuple[Fact[Any, Any], Hashable]] = set()
        self._nesting: dict[Fact[Any, Any], int] = {}

    def get(self, fact: Fact[K, V], package: Package, key: K) -> V:
        k = (fact, key)
        if k in self._answers:
            return cast(V, self._answers[k])
        nesting = self._nesting.get(fact, 0)
        if k in self._busy or (fact.depth is not None and nesting >= fact.depth):
            return fact.cycle
        self._busy.add(k)
        self._nesting[fact] = nesting + 1
        try:
            answer = fact.compute(package, key)
        finally:
            self._busy.discard(k)
            self._nesting[fact] = nesting
        self._answers[k] = answer
        return answer

    def clear(self) -> None:
        self._answers.clear()
        self._busy.clear()
        self._nesting.clear()
