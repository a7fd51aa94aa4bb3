"""The lexical index's token cache: a new process reuses the cards' tokens, and a missing,
stale, corrupt or unwritable cache only means tokenizing again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.retrieval import lexical
from bot.retrieval.lexical import LexicalIndex, card_tokens

QUESTIONS = (
    "VT-x is not available (VERR_VMX_NO_VMX)",
    "仮想マシンが開始されなかったのは、ネストされた仮想化がサポートされていないためです",
)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = lexical.tokenize

    def tokenize(text: str) -> list[str]:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(lexical, "tokenize", tokenize)
    return seen


def test_a_second_index_reads_the_tokens_from_the_cache(
    kb: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / lexical.CACHE_NAME
    fresh = LexicalIndex(kb, cache)
    assert cache.is_file()
    seen = _counting(monkeypatch)
    reused = LexicalIndex(kb, cache)
    assert seen == []  # no card was tokenized again
    for q in QUESTIONS:
        assert reused.scores(q) == fresh.scores(q) == LexicalIndex(kb).scores(q)


def test_only_a_changed_card_is_tokenized_again(
    kb: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / lexical.CACHE_NAME
    card_tokens(kb, cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    key = f"{kb.cards[0].id}:{kb.cards[0].lang}"
    data["docs"][key][0] = "0" * 64  # as if the card's text had changed since
    cache.write_text(json.dumps(data), encoding="utf-8")
    seen = _counting(monkeypatch)
    card_tokens(kb, cache)
    assert len(seen) == 1
    assert json.loads(cache.read_text(encoding="utf-8"))["docs"][key][0] != "0" * 64


def test_a_cache_from_another_tokenizer_is_not_used(
    kb: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / lexical.CACHE_NAME
    card_tokens(kb, cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["tokenizer"] = "an older tokenizer"
    cache.write_text(json.dumps(data), encoding="utf-8")
    seen = _counting(monkeypatch)
    card_tokens(kb, cache)
    assert len(seen) == len(kb.cards)


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\x00\xff" * 100, b'{"tokenizer": 1, "docs": []}', b"[1, 2, 3]"],
    ids=["empty", "truncated", "binary", "wrong-shape", "wrong-type"],
)
def test_a_corrupt_cache_is_rebuilt(kb: Any, tmp_path: Path, content: bytes) -> None:
    cache = tmp_path / lexical.CACHE_NAME
    cache.write_bytes(content)
    assert card_tokens(kb, cache) == card_tokens(kb)
    assert json.loads(cache.read_text(encoding="utf-8"))["tokenizer"] == lexical.tokenizer_key()


def test_an_unwritable_cache_directory_still_gives_an_index(kb: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the data directory should be", encoding="utf-8")
    cache = blocker / lexical.CACHE_NAME
    assert LexicalIndex(kb, cache).scores(QUESTIONS[0])
    assert blocker.read_text(encoding="utf-8").startswith("a file")
    assert list(tmp_path.iterdir()) == [blocker]  # no stray temporary file
