"""The hybrid retriever as a LangChain ``BaseRetriever``: the seam for an optional LLM.

It returns one ``Document`` per card, best first, in the language asked for (or the
question's), with the card's cause, score and sources in the metadata, so a chain can cite
them. The default answer never goes through LangChain; this exists so LLM chains reuse the
same ranking instead of a second, naive one.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from bot.language import Language, detect
from bot.retrieval.cards import Card
from bot.retrieval.search import HybridSearcher


def card_document(card: Card, score: float) -> Document:
    steps = "\n".join(
        f"{i}. {s.text}" + (f"\n   [{s.shell}] {s.command}" if s.command else "")
        for i, s in enumerate(card.steps, start=1)
    )
    content = f"{card.title}\n\n{card.summary}\n\n{card.applies_when}\n\n{steps}\n\n" + "\n".join(
        f"- {n}" for n in card.security_notes
    )
    return Document(
        page_content=content,
        metadata={
            "card": card.id,
            "cause": card.cause,
            "lang": card.lang,
            "score": round(score, 4),
            "platforms": list(card.platforms),
            "sources": [s.url for s in card.sources],
        },
    )


class CardRetriever(BaseRetriever):
    """``CardRetriever(searcher=..., k=4).invoke("question")`` -> list of Documents."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: HybridSearcher
    k: int = 4
    lang: Language | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        lang = self.lang or detect(query)
        ranking = self.searcher.rank(query)
        docs = []
        for scored in ranking.cards[: self.k]:
            try:
                card = self.searcher.kb.get(scored.card, lang)
            except KeyError:
                card = self.searcher.kb.get(scored.card, "en")
            docs.append(card_document(card, scored.score))
        return docs
