"""BM25 over one document per card and language (bm25s with our own tokens: its built-in
tokenizer sees a whole Japanese sentence as one word, stack-notes §4).

The cards' tokens are kept in a cache file beside the index, keyed by each card's text and by
the tokenizer (its code and dictionary version): a new process then runs the Japanese
tokenizer only over Japanese questions, not over every Japanese card, whose dictionary pages
alone add about 100 MB to the process. The cache is an optimisation only: a missing, corrupt
or unwritable file means the cards are tokenized again, never an error."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

import bm25s
import numpy as np

from bot.retrieval import tokens as tokens_module
from bot.retrieval.cards import KnowledgeBase
from bot.retrieval.documents import lexical_text
from bot.retrieval.tokens import tokenize

CACHE_NAME = "lexical-tokens.json"


@functools.cache
def tokenizer_key() -> str:
    """Changes whenever the tokens a text gives could change."""
    digest = hashlib.sha256(Path(tokens_module.__file__).read_bytes())
    for dist in ("fugashi", "unidic-lite"):
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=none".encode())
    return digest.hexdigest()


def _read_cache(path: Path) -> dict[str, tuple[str, list[str]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("tokenizer") != tokenizer_key():
            return {}
        return {
            key: (str(digest), [str(t) for t in toks])
            for key, (digest, toks) in data["docs"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_cache(path: Path, docs: dict[str, tuple[str, list[str]]]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"tokenizer": tokenizer_key(), "docs": docs}, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError:  # a read-only data directory: tokenize again next time
        with contextlib.suppress(OSError):  # the directory may not even exist
            tmp.unlink(missing_ok=True)


def card_tokens(kb: KnowledgeBase, cache: Path | None = None) -> list[list[str]]:
    """Each card's tokens, in ``kb.cards`` order, from ``cache`` where its text is unchanged."""
    cached = _read_cache(cache) if cache is not None else {}
    docs: dict[str, tuple[str, list[str]]] = {}
    out: list[list[str]] = []
    for card in kb.cards:
        text = lexical_text(card)
        key = f"{card.id}:{card.lang}"
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        hit = cached.get(key)
        toks = hit[1] if hit is not None and hit[0] == digest else tokenize(text)
        docs[key] = (digest, toks)
        out.append(toks)
    if cache is not None and docs != cached:
        _write_cache(cache, docs)
    return out


class LexicalIndex:
    def __init__(self, kb: KnowledgeBase, cache: Path | None = None) -> None:
        self._docs = [(card.id, card.lang) for card in kb.cards]
        self._bm25 = bm25s.BM25()
        self._bm25.index([toks or ["∅"] for toks in card_tokens(kb, cache)], show_progress=False)

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
