"""BM25 over one document per card and language (bm25s with our own tokens: its built-in
tokenizer sees a whole Japanese sentence as one word, stack-notes §4). Tokenizing every card
takes about 0.2 s, so the index is built in memory when a process opens; nothing is stored."""

from __future__ import annotations

import bm25s
import numpy as np

from bot.retrieval.cards import KnowledgeBase
from bot.retrieval.documents import lexical_text
from bot.retrieval.tokens import tokenize


class LexicalIndex:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._docs = [(card.id, card.lang) for card in kb.cards]
        self._bm25 = bm25s.BM25()
        docs = [tokenize(lexical_text(card)) or ["∅"] for card in kb.cards]
        self._bm25.index(docs, show_progress=False)

    def scores(self, question: str) -> dict[str, float]:
        """Best BM25 score per card id (over its languages); cards with 0 are left out."""
        tokens = tokenize(question)
        if not tokens:
            return {}
        raw = np.asarray(self._bm25.get_scores(tokens), dtype=float)
        out: dict[str, float] = {}
        for (card, _lang), score in zip(self._docs, raw, strict=True):
            if score > out.get(card, 0.0):
                out[card] = float(score)
        return out
