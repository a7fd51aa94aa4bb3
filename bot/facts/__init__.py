"""Raw text -> typed facts, one module per source. Pure: no I/O, no clock.

A :class:`Fact` carries the verbatim text it was read from, so every answer can quote its
evidence. Unknown is absent (or ``None``), never ``False``: a question that does not mention
Hyper-V says nothing about whether Hyper-V is on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

FactValue = bool | str | int | None


@dataclass(frozen=True)
class Fact:
    name: str
    value: FactValue
    quote: str  # a verbatim substring of the input it came from
    source: str  # "question", "systeminfo", "proc_cpuinfo", ...


@dataclass(frozen=True)
class Facts:
    """Facts by name. When two sources disagree, the one listed first wins; the loser is kept
    in :attr:`conflicts` so an answer can say so."""

    items: tuple[Fact, ...] = ()
    conflicts: tuple[tuple[Fact, Fact], ...] = ()

    @classmethod
    def of(cls, facts: Iterable[Fact]) -> Facts:
        chosen: dict[str, Fact] = {}
        conflicts: list[tuple[Fact, Fact]] = []
        for fact in facts:
            first = chosen.get(fact.name)
            if first is None:
                chosen[fact.name] = fact
            elif first.value != fact.value:
                conflicts.append((first, fact))
        return cls(tuple(chosen.values()), tuple(conflicts))

    def get(self, name: str) -> Fact | None:
        for fact in self.items:
            if fact.name == name:
                return fact
        return None

    def value(self, name: str) -> FactValue:
        fact = self.get(name)
        return None if fact is None else fact.value

    def is_true(self, name: str) -> bool:
        return self.value(name) is True

    def is_false(self, name: str) -> bool:
        return self.value(name) is False

    def quotes(self, *names: str) -> tuple[str, ...]:
        out = []
        for name in names:
            fact = self.get(name)
            if fact is not None and fact.quote not in out:
                out.append(fact.quote)
        return tuple(out)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
