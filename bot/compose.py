"""Findings and retrieved cards -> an :class:`~bot.answer.Answer`, deterministically.

The answer leads with the most likely cause, lists up to five causes with why each fits and
the evidence quoted from the user's own words, gives the fix of the most likely cause as
exact, ordered steps (where to run them, elevation, what must be off, what must follow),
what the fix costs in security and how to undo it, one follow-up question when the evidence
does not separate the top causes, and the vendor sources. Everything is in the question's
language; Japanese answers come from the Japanese twins of the cards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from bot.answer import Answer, CauseAnswer, Citation, StepAnswer
from bot.errors import CardError
from bot.facts import Fact
from bot.language import Language
from bot.retrieval.cards import Card, KnowledgeBase, Step, UndoStep
from bot.retrieval.errorstrings import normalize
from bot.retrieval.search import HOSTS, CardScore, CauseScore, Ranking
from bot.rules import Confidence
from bot.taxonomy import CAUSES, OUT_OF_SCOPE

MAX_CAUSES = 5
#: Temperature of the softmax over cause scores, and the floor an exact error-string hit
#: lifts the top cause to. Checked on the development set: ``vmdoctor eval`` prints how
#: often answers at or above 0.7 are right compared with those below.
TEMPERATURE = 0.07
EXACT_FLOOR = 0.72
CEILING = 0.97
#: the most a ranking on the question's words alone may claim (no known error quoted, no fact
#: pointing at a cause): on dev such answers were right 64 % of the time when the softmax said
#: 0.7 or more (those with a known error or a fact: 83 %). Above 0.5, so that a question that
#: pasted an error we do not know is not asked for the exact error again
GUESS_CEILING = 0.6
#: A guess at a question that never says a start failed (``Scope.starting``) lists "perhaps not a
#: start failure" (``out-of-scope``) third, with this share of the confidence: on dev, 10 of the
#: 106 such questions were about something else than a VM failing to start (a program inside
#: Windows Sandbox, a guest's network, an upgrade of the guest's own OS)
DOUBT = 0.1
DOUBT_RANK = 3
#: Causes scoring within this of the top one are "close": a follow-up question may separate them.
CLOSE = 0.12

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "most_likely": "Most likely",
        "causes": "Likely causes",
        "fix": "Fix",
        "applies": "When this applies",
        "security": "Security notes",
        "undo": "To undo",
        "follow_up": "To be sure",
        "sources": "Sources",
        "evidence": "Evidence",
        "confidence": "confidence",
        "key_fix": "first step",
        "out_of_scope": (
            "I help when a virtual machine won't start: Hyper-V, WSL 2, Docker Desktop, "
            "Windows Sandbox, VMware, VirtualBox, QEMU/KVM, Proxmox, the Android Emulator, "
            "and nested virtualization in the cloud. Your question doesn't look like one of "
            "those, so I'd rather not guess. If it is, paste the exact error message and say "
            "which program shows it."
        ),
        "where.host": "on the machine that runs the VM",
        "where.outer-host": "on the host below this VM (physical host or outer hypervisor)",
        "where.guest": "inside the VM",
        "where.cloud": "in the cloud console or CLI",
        "where.firmware": "in the BIOS/UEFI setup",
        "elevated": "as administrator/root",
        "vm_off": "the VM must be shut down first",
        "after.reboot": "then restart",
        "after.power-cycle": "then shut down fully and power on again (a restart is not enough)",
        "after.sign-out": "then sign out and in again",
        "after.vm-restart": "then start the VM again",
        "after.wsl-shutdown": "then run `wsl --shutdown`",
        "after.service-restart": "then restart the service",
        "file": "add to",
        "doubt": (
            "Perhaps no start failure at all: your question does not say the VM fails to "
            "start. If it starts and what fails runs inside it or beside it (a program, the "
            "network, an update of the guest), that is outside what I cover; if it does not "
            "start, paste the exact error."
        ),
        "from_report": "your report",
        "note": "Note",
        "contradiction": "you said \u201c{said}\u201d, but your report shows \u201c{shown}\u201d.",
    },
    "ja": {
        "most_likely": "最も可能性が高い原因",
        "causes": "考えられる原因",
        "fix": "対処",
        "applies": "適用できる条件",
        "security": "セキュリティ上の注意",
        "undo": "元に戻すには",
        "follow_up": "確認させてください",
        "sources": "出典",
        "evidence": "根拠",
        "confidence": "確度",
        "key_fix": "最初の手順",
        "out_of_scope": (
            "このアシスタントは、仮想マシンが起動しないときのお手伝いをしています (Hyper-V、"
            "WSL 2、Docker Desktop、Windows サンドボックス、VMware、VirtualBox、QEMU/KVM、"
            "Proxmox、Android エミュレーター、クラウドでの入れ子になった仮想化など)。"
            "ご質問はそれに当たらないようですので、推測でお答えするのは控えます。"
            "もし該当する場合は、表示されたエラー メッセージとソフト名をそのまま貼り付けてください。"
        ),
        "where.host": "VM を動かしているマシンで",
        "where.outer-host": "この VM の下のホスト (物理ホストまたは外側のハイパーバイザー) で",
        "where.guest": "VM の中で",
        "where.cloud": "クラウドのコンソールまたは CLI で",
        "where.firmware": "BIOS/UEFI セットアップで",
        "elevated": "管理者 (root) 権限で",
        "vm_off": "先に VM をシャットダウンしておきます",
        "after.reboot": "その後、再起動します",
        "after.power-cycle": "その後、完全にシャットダウンしてから電源を入れ直します (再起動では不十分です)",
        "after.sign-out": "その後、サインアウトしてサインインし直します",
        "after.vm-restart": "その後、VM を起動し直します",
        "after.wsl-shutdown": "その後、`wsl --shutdown` を実行します",
        "after.service-restart": "その後、サービスを再起動します",
        "file": "追記先",
        "doubt": (
            "そもそも起動の失敗ではないかもしれません。ご質問には VM が起動しないとは書かれて"
            "いません。VM は起動していて、その中やそばで動くもの (プログラム、ネットワーク、"
            "ゲスト OS の更新など) が失敗しているのであれば、このアシスタントの対象外です。"
            "起動しない場合は、表示されたエラー メッセージをそのまま貼り付けてください。"
        ),
        "from_report": "レポート",
        "note": "注意",
        "contradiction": "\u201c{said}\u201d とのことですが、レポートでは \u201c{shown}\u201d となっています。",
    },
}

_SHELL_FENCE = {
    "powershell": "powershell",
    "cmd": "bat",
    "bash": "bash",
    "terminal": "bash",
    "file": "ini",
}

_CAUSE_TITLES_JA: dict[str, str] = {
    "firmware-virt-disabled": "BIOS/UEFI で仮想化支援機能 (VT-x / AMD-V) が無効",
    "cpu-unsupported": "CPU が必要な機能 (VT-x / AMD-V / SLAT) を備えていない",
    "nested-not-exposed": "外側のハイパーバイザーが仮想化支援機能を VM に渡していない",
    "nested-unsupported-by-platform": "この構成では入れ子になった仮想化を利用できない",
    "cloud-nested-disabled": "クラウドの VM で入れ子になった仮想化が有効になっていない",
    "hypervisor-coexistence": "2 つのハイパーバイザーが仮想化支援機能を取り合っている",
    "hypervisor-not-launched": "Hyper-V のハイパーバイザーが起動していない",
    "vbs-memory-integrity": "VBS / メモリ整合性 / Credential Guard がハイパーバイザーを使っている",
    "windows-feature-missing": "必要な Windows の機能が無効",
    "windows-edition-unsupported": "Windows のエディションまたはビルドが対応していない",
    "kvm-unavailable": "KVM モジュールが読み込まれていない、または /dev/kvm がない",
    "kvm-permission-denied": "/dev/kvm を開く権限がない",
    "vm-config-incompatible": "VM 自体の設定が起動を妨げている",
    "insufficient-resources": "ホストのメモリ・ディスク・CPU が足りない",
    "security-software-conflict": "セキュリティ ソフトが仮想化支援機能を使っている",
    "disk-image-problem": "仮想ディスクが見つからない・ロックされている・読めない",
    "saved-state-incompatible": "保存された状態やチェックポイントをこのホストで復元できない",
    "software-defect": "使用中のバージョンの不具合",
    "no-fault-found": "仮想化の構成に問題は見つからない",
    "out-of-scope": "仮想マシンの起動の問題ではない",
}


def cause_title(cause: str, lang: Language) -> str:
    if lang == "ja":
        return _CAUSE_TITLES_JA[cause]
    return CAUSES[cause]


@dataclass(frozen=True)
class Facet:
    id: str
    groups: tuple[frozenset[str], ...]
    answered_by: tuple[str, ...]
    text: dict[str, str]

    def splits(self, causes: Sequence[str]) -> bool:
        touched = {i for i, g in enumerate(self.groups) for c in causes if c in g}
        return len(touched) >= 2

    def is_answered(self, question: str) -> bool:
        q = normalize(question)
        return any(normalize(term) in q for term in self.answered_by)


def load_followups(path: Path) -> tuple[Facet, ...]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise CardError(
            str(path), "file", f"cannot be read as YAML: {type(err).__name__}"
        ) from None
    if not isinstance(data, list):
        raise CardError(str(path), "file", "must be a list of facets")
    facets = []
    for i, item in enumerate(data):
        try:
            groups = tuple(frozenset(g) for g in item["groups"])
            unknown = {c for g in groups for c in g} - set(CAUSES)
            if unknown:
                raise CardError(str(path), f"[{i}].groups", f"unknown cause ids {sorted(unknown)}")
            facets.append(
                Facet(
                    str(item["id"]),
                    groups,
                    tuple(str(t) for t in item["answered_by"]),
                    {"en": str(item["en"]).strip(), "ja": str(item["ja"]).strip()},
                )
            )
        except (KeyError, TypeError) as err:
            raise CardError(str(path), f"[{i}]", f"missing or malformed field {err}") from None
    return tuple(facets)


def confidences(
    causes: Sequence[CauseScore], *, exact_top: bool, guess: bool = False
) -> list[float]:
    """Softmax over cause scores; an exact error-string hit on the top cause lifts it; a
    ``guess`` (the question's words alone) claims at most GUESS_CEILING."""
    if not causes:
        return []
    top = causes[0].score
    weights = [math.exp((c.score - top) / TEMPERATURE) for c in causes]
    total = sum(weights)
    probs = [w / total for w in weights]
    if exact_top and probs[0] < EXACT_FLOOR:
        rest = sum(probs[1:]) or 1.0
        probs = [EXACT_FLOOR] + [p / rest * (1 - EXACT_FLOOR) for p in probs[1:]]
    # never certainty: the evidence may be stale, misread or incomplete
    ceiling = GUESS_CEILING if guess else CEILING
    return [min(p, ceiling) for p in probs]


_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)


def md(text: str) -> str:
    """Card or user prose made safe for the answer's Markdown: outside code spans a "<" is
    escaped, or a Markdown renderer takes "<VM>" or "<inaccessible>" for an HTML tag and drops
    it."""
    out: list[str] = []
    last = 0
    for m in _CODE_SPAN.finditer(text):
        out.append(text[last : m.start()].replace("<", "\\<"))
        out.append(m.group())
        last = m.end()
    out.append(text[last:].replace("<", "\\<"))
    return "".join(out)


_KEY_WORDS = re.compile(r"\b(?:hypervisor|vmx|svm|ept|npt)\b")


def _excerpt(quote: str, width: int = 160) -> str:
    """A long quoted line cut down around the words that matter (a 1,000-character
    /proc/cpuinfo flags line: the part with "hypervisor"), with ellipses where cut."""
    if len(quote) <= width:
        return quote
    match = _KEY_WORDS.search(quote)
    centre = match.start() if match else 0
    start = max(0, centre - width // 2)
    end = min(len(quote), start + width)
    return (
        ("\u2026" if start else "")
        + quote[start:end].strip()
        + ("\u2026" if end < len(quote) else "")
    )


def _quote_line(text: str, needle: str) -> str | None:
    """The line of ``text`` that contains ``needle`` (normalised match), quoted verbatim."""
    target = normalize(needle)
    for line in text.splitlines():
        if target and target in normalize(line):
            line = line.strip()
            return line if len(line) <= 240 else line[:237] + "..."
    return None


class Composer:
    def __init__(self, kb: KnowledgeBase, facets: Sequence[Facet]) -> None:
        self.kb = kb
        self.facets = tuple(facets)

    def out_of_scope(self, lang: Language, reason: str) -> Answer:
        label = LABELS[lang]
        return Answer(
            language=lang,
            causes=(CauseAnswer(OUT_OF_SCOPE, cause_title(OUT_OF_SCOPE, lang), 0.9, why=reason),),
            text=label["out_of_scope"],
        )

    def compose(
        self,
        question: str,
        ranking: Ranking,
        lang: Language,
        evidence_text: str = "",
        conflicts: Sequence[tuple[Fact, Fact]] = (),
        *,
        doubt: bool = False,
    ) -> Answer:
        """``evidence_text``: the report or pasted output; quotes from it are labelled as such.
        ``conflicts``: (observed, stated) pairs where the machine contradicts the user.
        ``doubt``: the question may not be about a start failure at all; the causes then list
        that possibility (``out-of-scope``) at DOUBT_RANK."""
        label = LABELS[lang]
        causes = list(ranking.causes[:MAX_CAUSES])
        top_card = causes[0].cards[0]
        # an error its own card calls ambiguous does not lift the answer's confidence
        decisive_error = top_card.exact is not None and not self.kb.get(
            top_card.card, "en"
        ).says_ambiguous(top_card.exact.match)
        probs = confidences(ranking.causes, exact_top=decisive_error, guess=ranking.guess)
        source_text = f"{question}\n{evidence_text}" if evidence_text else question

        cause_answers: list[CauseAnswer] = []
        chosen: list[Card] = []
        for cause, prob in zip(causes, probs, strict=False):
            best = self._best(cause)
            card = self._card(best.card, lang)
            chosen.append(card)
            evidence = [
                self._labelled(q, question, label) for q in self._evidence(cause, source_text)
            ]
            cause_answers.append(
                CauseAnswer(
                    id=cause.cause,
                    title=card.title,
                    confidence=prob,
                    evidence=tuple(evidence),
                    cards=tuple(
                        dict.fromkeys(
                            [best.card]
                            + [s.card for s in cause.cards[:2] if s.score >= best.score - CLOSE]
                        )
                    ),
                    why=card.summary,
                )
            )

        listed: list[Card | None] = list(chosen)
        if doubt:
            cause_answers = [
                replace(c, confidence=c.confidence * (1 - DOUBT)) for c in cause_answers
            ]
            maybe_not = CauseAnswer(
                OUT_OF_SCOPE, cause_title(OUT_OF_SCOPE, lang), DOUBT, why=label["doubt"]
            )
            cause_answers.insert(DOUBT_RANK - 1, maybe_not)
            listed.insert(DOUBT_RANK - 1, None)
            cause_answers, listed = cause_answers[:MAX_CAUSES], listed[:MAX_CAUSES]

        lead = chosen[0]
        steps = tuple(self._step(s, lead.id) for s in lead.steps)
        undo = tuple(self._undo(u, lead.id) for u in lead.undo)
        follow_up = self._follow_up(question, causes, probs[0], ranking, lang)
        citations = tuple(
            Citation(card.id, s.url, s.title) for card in chosen[:3] for s in card.sources
        )
        notes = tuple(
            label["contradiction"].format(said=stated.quote, shown=seen.quote)
            for seen, stated in conflicts
        )
        text = self._text(lang, label, cause_answers, listed, lead, follow_up, citations, notes)
        return Answer(
            language=lang,
            causes=tuple(cause_answers),
            steps=steps,
            security_notes=lead.security_notes,
            undo=undo,
            follow_up=follow_up,
            citations=citations,
            text=text,
        )

    # -- pieces ---------------------------------------------------------------------------

    def _card(self, card_id: str, lang: Language) -> Card:
        try:
            return self.kb.get(card_id, lang)
        except KeyError:
            return self.kb.get(card_id, "en")

    def _best(self, cause: CauseScore) -> CardScore:
        """Which of the cause's cards gives the fix, in this order: the card a strong rule
        names (a reported regression: the card on a release's bug; an Azure VM of a named size:
        the size card, of Azure's two); the card for the platform a strong rule is about (the
        Android Emulator's "/dev/kvm is missing" run in a Docker container: the container card,
        though the message is on another card); the card whose own error string the question
        quotes; the card a weaker rule names (it broke after an update), unless it is written
        for other platforms than the question names (the Windows card on updates, for a Mac);
        the card for the platform a weaker rule is about (an Azure VM: the Azure card, not one a
        keyword ranked higher); the card for the platforms in question; the best-scoring card. A
        card named is ahead of the platform's cards at each strength: it is the more exact of
        the two."""
        strong = {Confidence.DECISIVE, Confidence.STRONG}
        for_cause = set(Confidence) - {Confidence.UNLIKELY}
        by_strength = sorted(cause.findings, key=lambda f: list(Confidence).index(f.confidence))

        def pointed(attr: str, levels: set[Confidence]) -> list[str]:
            """The platforms or cards the findings at these levels point at, strongest first."""
            return [v for f in by_strength if (v := getattr(f, attr)) and f.confidence in levels]

        def on_platform(levels: set[Confidence]) -> list[CardScore]:
            return [
                c
                for p in pointed("platform", levels)
                for c in cause.cards
                if p in self._platforms(c.card)
            ]

        def named(levels: set[Confidence]) -> list[CardScore]:
            return [c for n in pointed("card", levels) for c in cause.cards if c.card == n]

        def own_platforms(card: CardScore) -> CardScore:
            """A named card written for other platforms than the question's gives way to its
            variant for them, named "<card>-<platform>" (the Windows card on a release's bug,
            update-hypervisor-known-bug, and its Mac twin for Parallels or Fusion)."""
            if card.platform_match is not False:
                return card
            variants = [
                c for c in cause.cards if c.card.startswith(card.card + "-") and c.platform_match
            ]
            return variants[0] if variants else card

        def host_twin(card: CardScore) -> CardScore:
            """A message the tool prints on every host, quoted on its card for one host, gives
            way to the same tool's card for the host the question names (VirtualBox's
            "Kernel driver not installed (rc=-1908)" on the Linux card, asked on a Mac: the
            Mac card). A twin is about the same failure: it is at least as close in meaning to
            the question as the card that holds the message (QEMU's card for Windows hosts is
            not a twin of libvirt's "network 'default' is not active" card when a guest named
            "win10" makes the question name Windows)."""
            if card.platform_match is not False:
                return card
            tools = set(self._platforms(card.card)) - HOSTS
            twins = [
                c
                for c in cause.cards
                if c.platform_match
                and tools & set(self._platforms(c.card))
                and c.dense >= card.dense
            ]
            return twins[0] if twins else card

        for pool in (
            [own_platforms(c) for c in named(strong)],
            on_platform(strong),
            [host_twin(c) for c in cause.cards if c.exact is not None],
            [c for c in named(for_cause) if c.platform_match is not False],
            on_platform(for_cause),
            [c for c in cause.cards if c.platform_match],
            named(for_cause),  # written for other platforms, but still the rule's own card
        ):
            if pool:
                return pool[0]
        return cause.cards[0]

    def _platforms(self, card_id: str) -> tuple[str, ...]:
        return tuple(self.kb.get(card_id, "en").platforms)

    @staticmethod
    def _labelled(quote: str, question: str, label: dict[str, str]) -> str:
        """A quote from the user's own words stands as it is; one from their report or
        pasted output says where it comes from."""
        if quote in question:
            return quote
        return f"{label['from_report']}: {_excerpt(quote)}"

    @staticmethod
    def _evidence(cause: CauseScore, text: str) -> list[str]:
        quotes: list[str] = []
        for finding in cause.findings:
            if finding.confidence is Confidence.UNLIKELY:
                continue
            quotes.extend(q for q in finding.evidence if q not in quotes)
        for scored in cause.cards[:3]:
            if scored.exact is None:
                continue
            line = _quote_line(text, scored.exact.match) or _quote_line(
                text, scored.exact.match.split("<")[0]
            )
            if line and line not in quotes:
                quotes.append(line)
        # a word the rules quoted that a longer quote already shows adds nothing
        return [q for q in quotes if not any(q != other and q in other for other in quotes)]

    @staticmethod
    def _step(step: Step, card: str) -> StepAnswer:
        return StepAnswer(
            step.text,
            step.command,
            step.shell,
            card,
            step.where,
            step.elevated,
            step.needs_vm_off,
            step.afterwards,
        )

    @staticmethod
    def _undo(undo: UndoStep, card: str) -> StepAnswer:
        return StepAnswer(
            undo.text, undo.command, undo.shell or "gui", card, afterwards=undo.afterwards
        )

    def _follow_up(
        self,
        question: str,
        causes: Sequence[CauseScore],
        top_prob: float,
        ranking: Ranking,
        lang: Language,
    ) -> str | None:
        # causes the scores cannot separate, and those the lead card says share its symptom
        close = [c.cause for c in causes if c.score >= causes[0].score - CLOSE]
        close += self.kb.get(causes[0].cards[0].card, "en").also_consider
        for facet in self.facets:
            if facet.groups and facet.splits(close) and not facet.is_answered(question):
                return facet.text[lang]
        if top_prob < 0.5 and not ranking.exact_hits:
            for facet in self.facets:
                if facet.id == "exact-error":
                    return facet.text[lang]
        return None

    def _text(
        self,
        lang: Language,
        label: dict[str, str],
        causes: Sequence[CauseAnswer],
        cards: Sequence[Card | None],
        lead: Card,
        follow_up: str | None,
        citations: Sequence[Citation],
        notes: Sequence[str] = (),
    ) -> str:
        out: list[str] = []
        top = causes[0]
        out.append(f"**{label['most_likely']}:** {md(top.title)} (`{top.id}`)")
        out.append("")
        for note in notes:
            out.append(f"**{label['note']}:** {md(note)}")
            out.append("")
        out.append(md(top.why))
        out.append("")
        out.append(f"**{label['causes']}**")
        for i, (cause, card) in enumerate(zip(causes, cards, strict=True), start=1):
            pct = f"{round(cause.confidence * 100)}%"
            out.append(f"{i}. **{md(cause.title)}** (`{cause.id}`, {label['confidence']} {pct})")
            if card is None:  # no card: the question may be about something else
                out.append(f"   {md(cause.why)}")
            elif i > 1:
                out.append(f"   {md(card.summary)}")
                first = next((s for s in card.steps if s.command), None)
                if first is not None:
                    out.append(f"   {label['key_fix']}: `{first.command}`")
            if cause.evidence:
                quoted = " ".join(f"\u201c{md(quote)}\u201d" for quote in cause.evidence)
                out.append(f"   {label['evidence']}: {quoted}")
        out.append("")
        out.append(f"**{label['fix']}: {md(lead.title)}**")
        out.append(f"_{label['applies']}:_ {md(lead.applies_when)}")
        out.append("")
        for i, step in enumerate(lead.steps, start=1):
            notes = self._step_notes(step, label)
            out.append(f"{i}. {md(step.text)}" + (f" ({notes})" if notes else ""))
            if step.command:
                if step.shell == "file" and step.path:
                    out.append(f"   {label['file']} `{step.path}`:")
                if step.shell in _SHELL_FENCE:
                    out.append(f"   ```{_SHELL_FENCE[step.shell]}")
                    out.extend(f"   {line}" for line in step.command.splitlines())
                    out.append("   ```")
                else:
                    out.append(f"   `{step.command}`")
        out.append("")
        out.append(f"**{label['security']}**")
        out.extend(f"- {md(note)}" for note in lead.security_notes)
        out.append("")
        out.append(f"**{label['undo']}**")
        for undo in lead.undo:
            out.append(f"- {md(undo.text)}" + (f" `{undo.command}`" if undo.command else ""))
        if follow_up:
            out.append("")
            out.append(f"**{label['follow_up']}:** {md(follow_up)}")
        out.append("")
        seen: set[str] = set()
        refs = []
        for c in citations:
            if c.url not in seen:
                seen.add(c.url)
                refs.append(f"[{md(c.title)}]({c.url})")
        out.append(f"{label['sources']}: " + "; ".join(refs))
        return "\n".join(out)

    @staticmethod
    def _step_notes(step: Step, label: dict[str, str]) -> str:
        notes = [label[f"where.{step.where}"]]
        if step.elevated:
            notes.append(label["elevated"])
        if step.needs_vm_off:
            notes.append(label["vm_off"])
        if step.afterwards != "none":
            notes.append(label[f"after.{step.afterwards}"])
        sep = "、" if label is LABELS["ja"] else "; "
        return sep.join(notes)
