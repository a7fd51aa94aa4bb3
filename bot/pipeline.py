"""The one core entry point: ``Pipeline.open(settings).answer(question, report=None)``.

Opening loads the cards, the model and the index once (building or refreshing the index when
the cards changed); every answer after that reuses them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bot import rules
from bot.answer import Answer
from bot.compose import Composer, load_followups
from bot.errors import InputError
from bot.facts import question as question_facts
from bot.language import Language, detect
from bot.retrieval.cards import KnowledgeBase, load_cards
from bot.retrieval.embed import Embedder
from bot.retrieval.index import BuildReport, DenseIndex, Progress
from bot.retrieval.search import HybridSearcher, Ranking
from bot.rules import Finding
from bot.scope import judge
from bot.settings import Settings

MAX_QUESTION_CHARS = 20_000
MAX_REPORT_CHARS = 2_000_000


def check_question(question: object) -> str:
    """The question, stripped; or an :class:`InputError` saying what is wrong with it."""
    if not isinstance(question, str):
        raise InputError("the question must be text")
    text = question.strip()
    if not text:
        raise InputError("the question is empty: say what fails, or paste the error message")
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(
            f"the question is {len(text)} characters long; the limit is {MAX_QUESTION_CHARS}: "
            "paste the error message and the lines around it, or pass a log with --report"
        )
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r")
    if "\x00" in text or controls > max(2, len(text) // 50) or "\ufffd" in text:
        raise InputError("the question looks like binary data, not text")
    return text


def check_report_text(text: str, name: str) -> str:
    if len(text) > MAX_REPORT_CHARS:
        raise InputError(
            f"{name} is larger than {MAX_REPORT_CHARS // 1_000_000} MB; "
            "send the probe report or the relevant part of the log"
        )
    if "\x00" in text or "\ufffd" in text[:10_000]:
        raise InputError(f"{name} is binary data, not text")
    return text


@dataclass
class Pipeline:
    settings: Settings
    kb: KnowledgeBase
    searcher: HybridSearcher
    composer: Composer
    index_report: BuildReport | None = None

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        progress: Progress | None = None,
        embedder: Embedder | None = None,
    ) -> Pipeline:
        kb = load_cards(settings.knowledge_dir)
        facets = load_followups(settings.knowledge_dir / "followups.yaml")
        model = embedder
        source = (lambda: model) if model is not None else functools.cache(Embedder.load)
        dense = DenseIndex.open(settings.index_dir, source, settings.chroma_url)
        report = dense.ensure(kb, progress)
        searcher = HybridSearcher(kb, source(), dense)
        return cls(settings, kb, searcher, Composer(kb, facets), report)

    def rank(self, question: str, report: str | None = None) -> Ranking:
        text = check_question(question)
        extra = check_report_text(report, "the report") if report else ""
        return self.searcher.rank(text, extra_text=extra, findings=self.findings(text, extra))

    @staticmethod
    def findings(question: str, extra: str = "") -> list[Finding]:
        """What the rules conclude from the facts in the question (and pasted output)."""
        facts = question_facts.read(question if not extra else f"{question}\n{extra}")
        return rules.evaluate(facts)

    def answer(
        self, question: str, report: str | None = None, *, lang: Language | None = None
    ) -> Answer:
        text = check_question(question)
        extra = check_report_text(report, "the report") if report else ""
        language: Language = lang or detect(text)
        ranking = self.searcher.rank(text, extra_text=extra, findings=self.findings(text, extra))
        scope = judge(text, has_exact_hit=bool(ranking.exact_hits), best_dense=ranking.best_dense)
        if not scope.in_scope or not ranking.causes:
            return self.composer.out_of_scope(language, scope.reason)
        return self.composer.compose(text, ranking, language, extra)
