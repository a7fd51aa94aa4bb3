"""BM25 over the cards, with Japanese read as character bigrams."""

from __future__ import annotations

from typing import Any

from bot.retrieval.lexical import LexicalIndex


def _top(index: LexicalIndex, question: str) -> str:
    scores = index.scores(question)
    return max(scores, key=scores.__getitem__)


def test_the_seed_error_in_japanese_finds_a_nesting_card(kb: Any) -> None:
    index = LexicalIndex(kb)
    # Windows' own Japanese text of the seed error (knowledge/nested-not-exposed).
    top = _top(
        index,
        "仮想マシンが開始されなかったのは、ネストされた仮想化がサポートされていないためです",
    )
    assert kb.get(top, "en").cause in {"nested-not-exposed", "nested-unsupported-by-platform"}


def test_the_windows_security_ui_name_finds_the_memory_integrity_card(kb: Any) -> None:
    index = LexicalIndex(kb)
    assert kb.get(_top(index, "メモリ整合性をオフにしたら動いた"), "en").cause == (
        "vbs-memory-integrity"
    )


def test_half_width_katakana_scores_like_full_width(kb: Any) -> None:
    index = LexicalIndex(kb)
    assert index.scores("ｳｲﾙｽ対策ソフト") == index.scores("ウイルス対策ソフト")


def test_a_question_of_particles_only_scores_nothing(kb: Any) -> None:
    assert LexicalIndex(kb).scores("これはなんですか") == {}
