"""The development evaluation: real questions from public posts, labelled with the cause and
the fix that worked (``eval/dev.yaml``, documented in ``eval/README.md``).

Measures top-1 / top-3 cause accuracy (overall, per language, per cause, per kind), how often
a right answer names the fix that worked, whether the answer's language matches the
question's, and whether confidence means something (accuracy at >= 0.7 vs below).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.answer import Answer
from bot.errors import InputError
from bot.language import detect
from bot.taxonomy import CAUSES

CONFIDENT = 0.7


class EvalItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    lang: Literal["en", "ja"]
    kind: Literal["question", "trap", "off-topic"]
    question: str
    cause: str
    platform: str | None = None
    fix: list[str] = []
    worked: str = ""
    resolved: bool = True
    source: str
    note: str = ""


def load_items(path: Path) -> list[EvalItem]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise InputError(f"cannot read the evaluation set {path}: {type(err).__name__}") from None
    if not isinstance(data, list):
        raise InputError(f"{path}: must be a YAML list of questions")
    items: list[EvalItem] = []
    for i, raw in enumerate(data):
        try:
            item = EvalItem.model_validate(raw)
        except ValidationError as err:
            first = err.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise InputError(f"{path}: item {i}: {loc}: {first['msg']}") from None
        if item.cause not in CAUSES:
            raise InputError(f"{path}: item {item.id}: unknown cause {item.cause!r}")
        items.append(item)
    return items


@dataclass(frozen=True)
class Outcome:
    item: EvalItem
    predicted: tuple[str, ...]
    confidence: float
    fix_named: bool | None  # None when the item has no fix to look for
    language_ok: bool
    seconds: float

    @property
    def top1(self) -> bool:
        return bool(self.predicted) and self.predicted[0] == self.item.cause

    @property
    def top3(self) -> bool:
        return self.item.cause in self.predicted[:3]


_JOINING_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_QUOTE_MARKS = re.compile("[\"'`\u2018\u2019\u201c\u201d]")


def _plain(text: str) -> str:
    """Case, quote marks, a hyphen between words and runs of spaces do not change what a fix
    says ("power-off" is "power off"; 'choose "Emulate" instead of "Virtualize"' names "Emulate
    instead of Virtualize"), so they do not decide whether an answer names it; a flag's leading
    dashes ("--privileged") stay."""
    text = _QUOTE_MARKS.sub("", text.casefold())
    return " ".join(_JOINING_HYPHEN.sub(" ", text).split())


def fix_named(answer: Answer, fix: Sequence[str]) -> bool:
    haystack = _plain(answer.text)
    return any(_plain(term) in haystack for term in fix)


def evaluate(items: Sequence[EvalItem], ask: Callable[[str], Answer]) -> list[Outcome]:
    outcomes = []
    for item in items:
        started = time.perf_counter()
        answer = ask(item.question)
        elapsed = time.perf_counter() - started
        predicted = tuple(c.id for c in answer.causes)
        language_ok = answer.language == item.lang and detect(answer.text) == item.lang
        named = fix_named(answer, item.fix) if item.fix else None
        top = answer.causes[0].confidence if answer.causes else 0.0
        outcomes.append(Outcome(item, predicted, top, named, language_ok, elapsed))
    return outcomes


@dataclass
class Tally:
    n: int = 0
    top1: int = 0
    top3: int = 0

    def add(self, o: Outcome) -> None:
        self.n += 1
        self.top1 += o.top1
        self.top3 += o.top3

    def row(self, name: str) -> str:
        if not self.n:
            return f"{name:<34} {0:>4}"
        return (
            f"{name:<34} {self.n:>4}  top-1 {self.top1 / self.n:6.1%}  "
            f"top-3 {self.top3 / self.n:6.1%}"
        )


@dataclass
class Summary:
    overall: Tally = field(default_factory=Tally)
    by_lang: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_cause: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    fix_right: int = 0
    fix_total: int = 0
    lang_ok: int = 0
    confident: Tally = field(default_factory=Tally)
    unsure: Tally = field(default_factory=Tally)

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Summary:
        s = cls()
        for o in outcomes:
            s.overall.add(o)
            s.by_lang[o.item.lang].add(o)
            s.by_cause[o.item.cause].add(o)
            s.by_kind[o.item.kind].add(o)
            s.lang_ok += o.language_ok
            (s.confident if o.confidence >= CONFIDENT else s.unsure).add(o)
            if o.top1 and o.fix_named is not None:
                s.fix_total += 1
                s.fix_right += o.fix_named
        return s

    def to_dict(self) -> dict[str, object]:
        def pct(t: Tally) -> dict[str, float | int]:
            return {
                "n": t.n,
                "top1": t.top1 / t.n if t.n else 0.0,
                "top3": t.top3 / t.n if t.n else 0.0,
            }

        return {
            "overall": pct(self.overall),
            "by_lang": {k: pct(v) for k, v in sorted(self.by_lang.items())},
            "by_cause": {k: pct(v) for k, v in sorted(self.by_cause.items())},
            "by_kind": {k: pct(v) for k, v in sorted(self.by_kind.items())},
            "fix_named": self.fix_right / self.fix_total if self.fix_total else 0.0,
            "language_match": self.lang_ok / self.overall.n if self.overall.n else 0.0,
            "confident": pct(self.confident),
            "unsure": pct(self.unsure),
        }

    def lines(self) -> list[str]:
        out = [self.overall.row("overall"), ""]
        out += [t.row(f"lang {k}") for k, t in sorted(self.by_lang.items())]
        out.append("")
        out += [t.row(f"kind {k}") for k, t in sorted(self.by_kind.items())]
        out.append("")
        out += [t.row(k) for k, t in sorted(self.by_cause.items())]
        out.append("")
        fix = self.fix_right / self.fix_total if self.fix_total else 0.0
        lang = self.lang_ok / self.overall.n if self.overall.n else 0.0
        out.append(f"fix named when top-1 is right: {self.fix_right}/{self.fix_total} = {fix:.1%}")
        out.append(
            f"answer language matches question: {self.lang_ok}/{self.overall.n} = {lang:.1%}"
        )
        out.append(self.confident.row(f"confidence >= {CONFIDENT}"))
        out.append(self.unsure.row(f"confidence < {CONFIDENT}"))
        return out


def misses(outcomes: Sequence[Outcome]) -> list[str]:
    rows = []
    for o in outcomes:
        if not o.top1:
            rows.append(
                f"{o.item.id:<8} want {o.item.cause:<30} got "
                f"{', '.join(o.predicted[:3])}  ({o.confidence:.2f})"
            )
    return rows
