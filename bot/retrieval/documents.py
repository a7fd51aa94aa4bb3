"""Cards cut into the pieces that retrieval indexes.

Dense search embeds short chunks (a title with its summary, one error string, one body
paragraph, the steps): MiniLM reads at most 256 word pieces, and a short chunk that matches
well says more than a long one that matches vaguely. Lexical search scores one document per
card and language (all its words together).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.retrieval.cards import Card, KnowledgeBase

_MAX_CHUNK_CHARS = 900


@dataclass(frozen=True)
class Chunk:
    id: str
    card: str
    cause: str
    lang: str
    kind: str  # head | match | body | steps
    text: str

    @property
    def hash(self) -> str:
        raw = f"{self.card}|{self.cause}|{self.lang}|{self.kind}|{self.text}".encode()
        return hashlib.sha256(raw).hexdigest()[:16]

    def metadata(self) -> dict[str, str]:
        return {
            "card": self.card,
            "cause": self.cause,
            "lang": self.lang,
            "kind": self.kind,
            "hash": self.hash,
        }


def parse_chunk_id(chunk_id: str) -> tuple[str, str, str]:
    """(card, lang, kind) from a chunk id ``<card>:<lang>:<kind>:<n>``: a query can then skip
    fetching metadata, which costs more than the search itself."""
    card, lang, kind, _ = chunk_id.split(":", 3)
    return card, lang, kind


def _paragraphs(body: str) -> list[str]:
    out: list[str] = []
    for block in body.split("\n\n"):
        block = " ".join(block.split())
        while len(block) > _MAX_CHUNK_CHARS:
            cut = block.rfind(". ", 0, _MAX_CHUNK_CHARS)
            cut = cut + 1 if cut > 200 else _MAX_CHUNK_CHARS
            out.append(block[:cut].strip())
            block = block[cut:].strip()
        if block:
            out.append(block)
    return out


def card_chunks(card: Card) -> list[Chunk]:
    base = f"{card.id}:{card.lang}"

    def chunk(kind: str, n: int, text: str) -> Chunk:
        return Chunk(f"{base}:{kind}:{n}", card.id, card.cause, card.lang, kind, text)

    head = f"{card.title}. {card.summary}"
    if card.keywords:
        head += " " + ", ".join(card.keywords)
    chunks = [chunk("head", 0, head)]
    chunks += [chunk("match", i, m) for i, m in enumerate(card.matches)]
    if card.lang == "en":
        # MiniLM was trained on English: Japanese paragraphs cost many word pieces each and
        # add little; BM25 with a Japanese tokenizer covers them.
        chunks += [chunk("body", i, p) for i, p in enumerate(_paragraphs(card.body))]
        steps = " ".join(f"{s.text} {s.command or ''}".strip() for s in card.steps)
        chunks.append(chunk("steps", 0, steps[: _MAX_CHUNK_CHARS * 2]))
    return chunks


def all_chunks(kb: KnowledgeBase) -> list[Chunk]:
    return [c for card in kb.cards for c in card_chunks(card)]


def lexical_text(card: Card) -> str:
    """Every word of a card in one language, for BM25; titles and matches count twice."""
    parts = [
        card.title,
        card.title,
        card.summary,
        card.applies_when,
        *card.keywords,
        *card.matches,
        *card.matches,
        card.body,
    ]
    parts += [f"{s.text} {s.command or ''}" for s in card.steps]
    return "\n".join(parts)
