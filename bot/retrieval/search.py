"""Hybrid retrieval that ranks CAUSES, not chunks.

Three signals per card, over both languages of the card:
- dense: the best cosine similarity of the question to any of the card's chunks (chromadb);
- lexical: BM25 over the card's words, divided by the best BM25 score for this question;
- exact: a verbatim error string or code from the card's ``matches`` found in the question.
A card named for a platform the question mentions gains a little; one for other platforms
only loses a little. A cause scores as its best card, and the causes its best card names in
``also_consider`` follow it as runners-up. The weights were set on the development set
(``vmdoctor eval``) and live here, in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from bot import platforms
from bot.platforms import HOSTS
from bot.retrieval.cards import Card, KnowledgeBase
from bot.retrieval.embed import Embedder
from bot.retrieval.errorstrings import ErrorHit, ErrorStringMatcher
from bot.retrieval.glossary import english_gist
from bot.retrieval.index import DenseIndex
from bot.retrieval.lexical import LexicalIndex
from bot.rules import Confidence, Finding

#: the cause whose cards say how to get the VM's own error or log
COLLECT_EVIDENCE = "no-fault-found"
#: the leading causes of a ranking: those a reader weighs (the answer lists a few more)
LEADING = 3
#: where a guess offers the way to the VM's own error: right after the leading causes, so it
#: is listed without taking the place of a cause (on the development set's guesses the cause
#: in fourth place was the right one more often than the way to the log was)
COLLECT_RANK = LEADING + 1
#: how far a bare question's way to the VM's own error leads the best guess
BARE_LEAD = 0.05

# the words of a question that says no more than that a VM does not start: besides the
# platforms' names, a VM, the failure and filler ("VirtualBox VM won't start", "WSL2 が起動
# しない", "仮想マシンが起動しません")
_BARE_EN = re.compile(
    r"\b(?:my|our|the|a|an|this|that|any|all|vms?|virtual ?machines?|guests?|instances?|"
    r"won'?t|wont|will|not|no|doesn'?t|does|don'?t|do|didn'?t|did|can'?t|cannot|can|couldn'?t|"
    r"could|isn'?t|is|are|was|be|it|fails?|failed|failing|failure|to|start|starts|started|"
    r"starting|startup|boot|boots|booting|launch|launches|launching|power|powering|on|up|"
    r"open|opening|work|works|working|anymore|longer|help|please|again|suddenly|now|today|"
    r"why|how|fix|what|i|me|get|getting|in|under|inside|with|error|problem|issue|"
    # the host by its short name, which no platform takes as an alias (a "MAC address" would
    # be macOS): "M1 Mac の UTM で Windows が起動しない"
    r"macs?)\b",
    re.IGNORECASE | re.ASCII,
)
_BARE_JA = re.compile(
    r"仮想マシン|仮想環境|ゲスト|起動|開始|立ち上が|しません|しない|できない|できません|されない|"
    r"されません|らない|りません|なくなった|なくなりました|急に|突然|また|助けて|どうすれば|なぜ|"
    r"原因|です|ます|した|して|ない|ください|[がはをでのにもとへやか]"
)


#: longer than a bare question can be ("My Windows 11 VM on VMware Workstation Player will not
#: start anymore, please help" is 78 characters)
_BARE_MAX = 160
_PLATFORM_NAMES = re.compile(
    "|".join(f"(?:{platforms.alias_pattern(pid)})" for pid in sorted(platforms.PLATFORM_IDS)),
    re.IGNORECASE | re.ASCII,
)


def bare(question: str) -> bool:
    """Whether the question says no more than that a VM (of the platforms it names) does not
    start: no error, no symptom, no change, no set-up."""
    if len(question) > _BARE_MAX:
        return False
    text = _BARE_JA.sub(" ", _BARE_EN.sub(" ", _PLATFORM_NAMES.sub(" ", question)))
    return not re.sub(r"[\W_]+", "", text)


@dataclass(frozen=True)
class Weights:
    dense: float = 1.0
    lexical: float = 0.45
    exact: float = 1.2
    #: how much of its exact-match weight a wrapper card keeps when the question also quotes an
    #: error another card owns (Vagrant's "invalid state" above VirtualBox's VERR_VMX_NO_VMX):
    #: none, the other error says why; the wrapper still ranks on its words
    wrapper_exact: float = 0.0
    platform_bonus: float = 0.12
    #: what a card on getting the VM's own error or log gives up against the cards of causes
    #: when it quotes no error of its own: it is close to every question about a VM that will
    #: not start, so on likeness alone it would lead them all; a bare question or a guess still
    #: brings it forward (``_offer_to_collect_evidence``)
    collect_penalty: float = 0.07
    platform_penalty: float = 0.08
    runner_up_gap: float = 0.22
    #: the share of that gap left when the lead card says its error is ambiguous (``ambiguous``
    #: in the card): the causes it names come in at half the distance
    ambiguous_gap: float = 0.5
    dense_k: int = 60
    decisive: float = 0.6
    strong: float = 0.45
    suggestive: float = 0.12
    weak: float = 0.04
    unlikely: float = -0.1
    #: how far above the lead card a cause that the facts settle is put: a DECISIVE finding,
    #: or a STRONG one for a cause the lead card itself lists in also_consider (the error is
    #: ambiguous by the card's own account, and the user's facts say which cause it is); the
    #: lead cause's own weaker findings are counted on top of the lead card's score
    settles: float = 0.05

    def boost(self, confidence: Confidence) -> float:
        return float(getattr(self, confidence.value))


@dataclass(frozen=True)
class CardScore:
    card: str
    cause: str
    score: float
    dense: float
    lexical: float
    exact: ErrorHit | None
    platform_match: bool | None  # None: the question names no platform


@dataclass(frozen=True)
class CauseScore:
    """A cause, its score, and its cards best first (those for the platforms in question
    ahead of the others)."""

    cause: str
    score: float
    cards: tuple[CardScore, ...]  # best first
    via: str | None = None  # a card id whose also_consider brought this cause in
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Ranking:
    causes: tuple[CauseScore, ...]
    cards: tuple[CardScore, ...]
    platforms: frozenset[str]
    best_dense: float
    best_lexical: float
    exact_hits: tuple[ErrorHit, ...] = field(default=())
    #: the ranking rests on the question's words alone: it quotes no known error, and no fact
    #: read from it points at a cause
    guess: bool = False

    @property
    def top(self) -> CauseScore | None:
        return self.causes[0] if self.causes else None


class HybridSearcher:
    """Holds the indexes; build once per process, then call :meth:`rank` per question."""

    def __init__(
        self,
        kb: KnowledgeBase,
        embedder: Embedder,
        dense: DenseIndex,
        weights: Weights | None = None,
    ) -> None:
        self.kb = kb
        self.embedder = embedder
        self.dense = dense
        self.lexical = LexicalIndex(kb)
        self.matcher = ErrorStringMatcher(kb)
        self.weights = weights or Weights()
        self._cards: dict[str, Card] = {c.id: c for c in kb.in_lang("en")}

    def card(self, card_id: str) -> Card:
        return self._cards[card_id]

    def rank(
        self,
        question: str,
        *,
        extra_text: str = "",
        findings: Sequence[Finding] = (),
        platform_hints: frozenset[str] = frozenset(),
    ) -> Ranking:
        """Rank causes for a question; ``extra_text`` (pasted output) feeds exact matching
        and lexical search but not the dense query, which reads the question. ``findings``
        from the rules raise (or lower) the causes they name; ``platform_hints`` are platform
        ids the facts show (a report from Linux, a guest of KVM) besides those named."""
        w = self.weights
        text = f"{question}\n{extra_text}" if extra_text else question
        # platforms named in a pasted log count; those in a probe report's raw text (which
        # lists every tool it looked for) do not: the report's facts give the hints instead
        mentioned = (
            platforms.mentioned(question) | platform_hints
            if platform_hints
            else platforms.mentioned(text)
        )

        dense: dict[str, float] = {}
        query = english_gist(question)
        for hit in self.dense.query(self.embedder.encode_query(query), k=w.dense_k):
            if hit.similarity > dense.get(hit.card, -1.0):
                dense[hit.card] = hit.similarity
        floor = min(dense.values(), default=0.0)

        lexical = self.lexical.scores(text)
        best_lexical = max(lexical.values(), default=0.0)
        exact = {h.card: h for h in self.matcher.find(text)}
        # a tool's report that its VM failed gives way to the error that says why
        explained = any(not self._cards[c].wrapper for c in exact)

        scored: list[CardScore] = []
        for card_id, card in self._cards.items():
            d = dense.get(card_id, floor)
            lex = lexical.get(card_id, 0.0) / best_lexical if best_lexical > 0 else 0.0
            error_hit = exact.get(card_id)
            match: bool | None = None
            score = w.dense * d + w.lexical * lex
            if card.cause == COLLECT_EVIDENCE and error_hit is None:
                score -= w.collect_penalty
            if error_hit is not None:
                weight = w.exact * (w.wrapper_exact if card.wrapper and explained else 1.0)
                score += weight * error_hit.score
            if mentioned:
                match = bool(mentioned & set(card.platforms)) and not _other_host(
                    card.platforms, mentioned
                )
                if match and _other_tool(card.platforms, mentioned):
                    # only the host system is shared (the Android Emulator's disk card, asked
                    # about a Proxmox node): neither a match nor a card for elsewhere
                    match = False
                else:
                    score += w.platform_bonus if match else -w.platform_penalty
            scored.append(CardScore(card_id, card.cause, score, d, lex, error_hit, match))
        scored.sort(key=lambda s: -s.score)
        causes = self._causes(scored, findings)
        # nothing quoted and nothing read that points at a cause
        guess = not exact and all(f.confidence is Confidence.UNLIKELY for f in findings)
        if guess:
            causes = _offer_to_collect_evidence(causes, lead=bare(question))
        return Ranking(
            causes=tuple(causes),
            cards=tuple(scored),
            platforms=mentioned,
            best_dense=max(dense.values(), default=0.0),
            best_lexical=best_lexical,
            exact_hits=tuple(sorted(exact.values(), key=lambda h: -h.score)),
            guess=guess,
        )

    def _net_boost(self, findings: Sequence[Finding]) -> float:
        """The strongest finding for a cause and the strongest against it, summed."""
        boosts = [self.weights.boost(f.confidence) for f in findings]
        return max((b for b in boosts if b > 0), default=0.0) + min(
            (b for b in boosts if b < 0), default=0.0
        )

    @staticmethod
    def _settles(finding: Finding, listed_by_lead: bool) -> bool:
        if finding.confidence is Confidence.DECISIVE:
            return True
        return finding.confidence is Confidence.STRONG and listed_by_lead

    def _causes(self, scored: Iterable[CardScore], findings: Sequence[Finding]) -> list[CauseScore]:
        by_cause: dict[str, list[CardScore]] = {}
        for s in scored:
            by_cause.setdefault(s.cause, []).append(s)
        causes: dict[str, CauseScore] = {}
        lead_card = next(iter(scored), None)
        lead_score = lead_card.score if lead_card else 0.0
        ambiguous = set(self._cards[lead_card.card].also_consider) if lead_card else set()
        lead_cause = lead_card.cause if lead_card else None
        if lead_cause == COLLECT_EVIDENCE:
            # a card that asks for the log leads: every cause is still open, so the facts settle
            ambiguous = set(by_cause)
        lead_boosts = [self.weights.boost(f.confidence) for f in findings if f.cause == lead_cause]
        for cause, cards in by_cause.items():
            mine = tuple(f for f in findings if f.cause == cause)
            score = cards[0].score + self._net_boost(mine)
            settling = [f for f in mine if self._settles(f, cause in ambiguous)]
            if settling:
                # the user's facts name which of the causes behind the lead card's (ambiguous)
                # error applies, or settle the question outright
                decisive = any(f.confidence is Confidence.DECISIVE for f in settling)
                settler = self.weights.boost(Confidence.DECISIVE if decisive else Confidence.STRONG)
                # above the lead cause, counting the lead's own findings that are weaker
                weaker = max((b for b in lead_boosts if 0 < b < settler), default=0.0)
                score = max(
                    score, lead_score + weaker + self.weights.settles * (2 if decisive else 1)
                )
            causes[cause] = CauseScore(cause, score, tuple(cards), None, mine)
        ordered = sorted(causes.values(), key=lambda c: -c.score)
        if ordered:
            lead = ordered[0].cards[0]
            # the lead CARD's own score, so a rule's boost does not pull its neighbours along
            gap = self.weights.runner_up_gap
            if self._cards[lead.card].says_ambiguous(lead.exact.match if lead.exact else None):
                gap *= self.weights.ambiguous_gap
            runner = lead.score - gap
            for other in self._cards[lead.card].also_consider:
                current = causes.get(other)
                if current is not None and current.score < runner:
                    # the facts still count among the causes the lead card brings in
                    causes[other] = CauseScore(
                        other,
                        runner + self._net_boost(current.findings),
                        current.cards,
                        lead.card,
                        current.findings,
                    )
            ordered = sorted(causes.values(), key=_order)
        return ordered


def _order(cause: CauseScore) -> tuple[float, bool]:
    """Best first; of two causes that score the same, the one the facts do not speak against
    (the lead card's cause that the user's facts make unlikely ties with a cause it lists in
    also_consider that the facts suggest: the gap it is brought in at equals the two boosts)."""
    against = any(f.confidence is Confidence.UNLIKELY for f in cause.findings)
    return (-round(cause.score, 6), against)


#: the host operating systems a card may be written for alone


def _other_host(card_platforms: Iterable[str], mentioned: frozenset[str]) -> bool:
    """The card is written for host systems other than the ones the question names (Docker
    Desktop's disk image on a Mac, asked about on Windows): a shared tool is not a match."""
    card_hosts = HOSTS.intersection(card_platforms)
    asked = HOSTS & mentioned
    return bool(card_hosts and asked and not card_hosts & asked)


def _other_tool(card_platforms: Iterable[str], mentioned: frozenset[str]) -> bool:
    """The question names its tool (a hypervisor, emulator or cloud), the card is written for
    other tools and shares with it only a host system. A question that names only a host
    (UTM is macOS here) matches every card for that host."""
    tools = set(card_platforms) - HOSTS
    return bool(tools and mentioned - HOSTS) and not tools & mentioned


def _offer_to_collect_evidence(causes: list[CauseScore], *, lead: bool) -> list[CauseScore]:
    """A question that quotes no known error, and from which no fact pointing at a cause could
    be read, leaves every cause a guess: getting the exact error or log then comes at
    COLLECT_RANK, when it is not already ahead. With ``lead`` (a bare question, which says only
    that a VM does not start) that way leads: any cause ahead of it would be a guess from the
    platform's name alone."""
    collect = next((c for c in causes if c.cause == COLLECT_EVIDENCE), None)
    if collect is None:
        return causes
    rest = [c for c in causes if c.cause != COLLECT_EVIDENCE]
    if lead:
        return [replace(collect, score=max(collect.score, causes[0].score + BARE_LEAD)), *rest]
    if len(causes) <= COLLECT_RANK or collect in causes[:COLLECT_RANK]:
        return causes
    return [*rest[: COLLECT_RANK - 1], collect, *rest[COLLECT_RANK - 1 :]]
