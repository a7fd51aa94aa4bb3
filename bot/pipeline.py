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
from bot.facts import Fact, Facts
from bot.facts import question as question_facts
from bot.facts.registry import facts_from_sections
from bot.inputs import Section, read_input, sniff
from bot.language import Language, detect
from bot.retrieval.cards import KnowledgeBase, load_cards
from bot.retrieval.embed import Embedder
from bot.retrieval.index import BuildReport, DenseIndex, Progress
from bot.retrieval.search import HybridSearcher, Ranking
from bot.scope import judge
from bot.settings import Settings

MAX_QUESTION_CHARS = 20_000
MAX_REPORT_CHARS = 8 * 1024 * 1024


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
            f"{name} is larger than {MAX_REPORT_CHARS // (1024 * 1024)} MB; "
            "send the probe report or the relevant part of the log"
        )
    if "\x00" in text:
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
        source = (
            (lambda: model)
            if model is not None
            else functools.cache(lambda: Embedder.load(settings.index_dir))
        )
        dense = DenseIndex.open(settings.index_dir, source, settings.chroma_url)
        report = dense.ensure(kb, progress)
        searcher = HybridSearcher(kb, source(), dense)
        return cls(settings, kb, searcher, Composer(kb, facets), report)

    def rank(self, question: str, report: str | None = None) -> Ranking:
        text = check_question(question)
        evidence = gather(text, check_report_text(report, "the report") if report else None)
        return self.searcher.rank(
            text, extra_text=evidence.text, findings=rules.evaluate(evidence.facts)
        )

    def answer(
        self, question: str, report: str | None = None, *, lang: Language | None = None
    ) -> Answer:
        text = check_question(question)
        evidence = gather(text, check_report_text(report, "the report") if report else None)
        language: Language = lang or detect(text)
        ranking = self.searcher.rank(
            text, extra_text=evidence.text, findings=rules.evaluate(evidence.facts)
        )
        quoted = [hit.match for hit in ranking.exact_hits]
        scope = judge(text, quoted=quoted, best_dense=ranking.best_dense)
        if not evidence.sections and (not scope.in_scope or not ranking.causes):
            return self.composer.out_of_scope(language, scope.reason)
        return self.composer.compose(
            text,
            ranking,
            language,
            evidence.text,
            evidence.contradictions(),
            doubt=ranking.guess and not scope.starting,
        )

    def diagnose(self, report: str, *, lang: Language = "en") -> Answer:
        """Why won't a VM start on the machine this report (or pasted output) describes?"""
        check_report_text(report, "the input")
        question = DIAGNOSE_QUESTION[lang]
        evidence = gather(question, report)
        findings = rules.evaluate(evidence.facts)
        ranking = self.searcher.rank(
            question,
            extra_text=evidence.text,
            findings=findings,
            platform_hints=evidence.platforms(),
        )
        if not evidence.sections and not ranking.exact_hits:
            raise InputError(
                "this is not a vmdoctor probe report nor an output vmdoctor reads (systeminfo, "
                "bcdedit, /proc/cpuinfo, lscpu, dmesg, kvm-ok, VBox.log, vmware.log, WSL errors, "
                "...): run 'vmdoctor probe --out report.json' and send that file"
            )
        return self.composer.compose(
            question, ranking, lang, evidence.text, evidence.contradictions()
        )


DIAGNOSE_QUESTION: dict[str, str] = {
    "en": "Why won't a virtual machine start on this machine?",
    "ja": "このマシンで仮想マシンが起動しないのはなぜですか?",
}


@dataclass(frozen=True)
class Evidence:
    """What is known besides the question's words: the sections read from a report or from
    output pasted into the question, the facts from them and from the question, and the text
    lexical and exact search may read."""

    sections: tuple[Section, ...]
    facts: Facts
    text: str

    def platforms(self) -> frozenset[str]:
        """Platform ids the observed facts show: the OS the output came from, and the
        hypervisor this machine runs under (its fix lives there)."""
        outer = self.facts.value("outer_hypervisor")
        if isinstance(outer, str) and rules.observed(self.facts, "outer_hypervisor"):
            hosted = _OUTER_PLATFORMS.get(outer, set())
            if hosted and self.facts.is_true("is_guest"):
                # a guest's virtualization is decided by the hypervisor it runs under
                return frozenset(hosted)
        os_family = self.facts.value("os_family")
        if isinstance(os_family, str) and rules.observed(self.facts, "os_family"):
            return frozenset(_OS_PLATFORMS.get(os_family, set()))
        return frozenset()

    def contradictions(self) -> list[tuple[Fact, Fact]]:
        """(observed, stated) pairs: where the machine's output contradicts the user."""
        return [
            (a, b)
            for a, b in self.facts.conflicts
            if a.source != rules.STATED and b.source == rules.STATED
        ]


_OS_PLATFORMS: dict[str, set[str]] = {
    "linux": {"linux", "kvm"},
    "windows": {"windows"},
    "macos": {"macos"},
}
_OUTER_PLATFORMS: dict[str, set[str]] = {
    "kvm": {"kvm"}, "qemu": {"kvm"}, "microsoft": {"hyper-v"}, "vmware": {"vmware-workstation",
    "vmware-esxi"}, "virtualbox": {"virtualbox"}, "oracle": {"virtualbox"}, "parallels":
    {"macos"}, "apple": {"macos"},
}  # fmt: skip


def gather(question: str, report: str | None) -> Evidence:
    """Sections, facts and searchable text from a question and an optional report/output."""
    sections = read_input(report) if report else []
    pasted = sniff(question)
    observed = facts_from_sections([*sections, *pasted])
    stated = question_facts.read(question)
    facts = Facts.of([*observed.items, *(loser for _, loser in observed.conflicts), *stated.items])
    if report and sections and all(s.origin.startswith("report:") for s in sections):
        text = "\n".join(s.text for s in sections)
    else:
        text = report or ""
    return Evidence(tuple([*sections, *pasted]), facts, text)
