"""Exact matching of the error strings and codes that cards list in ``matches``.

A pasted error rarely equals the card's string: the VM's name is filled in, the quotes are
curly, the case and spacing differ, or only a fragment was copied. So both sides are
normalised (NFKC, case-folded, quotes straightened, spaces collapsed and dropped around a
colon: "/dev/vmmon:broken pipe" is "/dev/vmmon: Broken pipe"), placeholders such as
``<VM>`` match anything, and a long enough fragment of a card's string counts as a partial hit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.retrieval.cards import KnowledgeBase

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u3000": " "}
)
_PLACEHOLDER = re.compile(r"['\"]?<[^<>\s]{1,40}>['\"]?")
_EDGE = " \t\r\n.,:;!?'\"()[]。、"
_MIN_FRAGMENT = 24
_COLON = re.compile(r" ?: ?")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _COLON.sub(":", " ".join(text.split()))


@dataclass(frozen=True)
class ErrorHit:
    card: str
    lang: str
    match: str
    score: float  # 1.0 = the whole string (or code) is in the question; less for fragments


class _Pattern:
    def __init__(self, card: str, lang: str, raw: str) -> None:
        self.card = card
        self.lang = lang
        self.raw = raw
        norm = normalize(raw)
        self.parts = [p.strip(_EDGE) for p in _PLACEHOLDER.split(norm)]
        self.parts = [p for p in self.parts if p]
        self.whole = " ".join(self.parts)
        self.longest = max((len(p) for p in self.parts), default=0)

    def score(self, question: str, bare: str) -> float:
        """``question`` normalised; ``bare`` the same without its edge punctuation."""
        if not self.parts:
            return 0.0
        pos = 0
        for part in self.parts:
            found = question.find(part, pos)
            if found < 0:
                break
            pos = found + len(part)
        else:
            return 1.0
        # a fragment of a long message pasted on its own (one no longer than a part)
        if _MIN_FRAGMENT <= len(bare) <= self.longest and any(bare in p for p in self.parts):
            return 0.5 + 0.4 * min(1.0, len(bare) / max(len(self.whole), 1))
        return 0.0


class ErrorStringMatcher:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._patterns = [
            _Pattern(card.id, card.lang, m) for card in kb.cards for m in card.matches
        ]

    def find(self, question: str) -> list[ErrorHit]:
        """Best hit per card, strongest first."""
        q = normalize(question)
        bare = q.strip(_EDGE)
        best: dict[str, ErrorHit] = {}
        for pattern in self._patterns:
            score = pattern.score(q, bare)
            if score <= 0:
                continue
            # prefer the longer (more specific) string when several hit
            weight = score * (1.0 + min(len(pattern.whole), 120) / 600)
            prior = best.get(pattern.card)
            if prior is None or weight > prior.score:
                best[pattern.card] = ErrorHit(pattern.card, pattern.lang, pattern.raw, weight)
        return sorted(best.values(), key=lambda h: -h.score)
