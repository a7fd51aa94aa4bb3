"""The knowledge base as code: every card is checked here (issue #3's knowledge tests)."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from bot.retrieval.cards import Card, KnowledgeBase, card_files, load_cards
from bot.taxonomy import CARD_CAUSES
from tests.conftest import KNOWLEDGE

_KB = load_cards(KNOWLEDGE)
EN_CARDS = _KB.in_lang("en")
JA_CARDS = _KB.in_lang("ja")
MATCHES = [(c.id, c.lang, m) for c in _KB.cards for m in c.matches]


def test_every_cause_but_out_of_scope_has_cards() -> None:
    covered = {c.cause for c in EN_CARDS}
    assert covered == set(CARD_CAUSES)


def test_there_are_at_least_seventy_cards_in_each_language() -> None:
    assert len(EN_CARDS) >= 70
    assert len(JA_CARDS) >= 70


def test_every_english_card_has_a_japanese_twin() -> None:
    assert {c.id for c in EN_CARDS} == {c.id for c in JA_CARDS}


def test_an_error_string_names_the_same_card_in_both_languages() -> None:
    # a Japanese card that lists an English message must be the twin of that message's
    # English card (translated messages are checked by the diagnosis tests, e.g. systeminfo's
    # "hypervisor detected" in both languages)
    owners: dict[str, set[str]] = defaultdict(set)
    for card_id, _lang, match in MATCHES:
        owners[match.casefold()].add(card_id)
    assert {m: ids for m, ids in owners.items() if len(ids) > 1} == {}


@pytest.mark.parametrize("card", EN_CARDS, ids=lambda c: c.id)
def test_card_cites_a_vendor_or_primary_source(card: Card) -> None:
    assert any(s.kind in ("vendor", "primary") for s in card.sources)


@pytest.mark.parametrize("card", EN_CARDS, ids=lambda c: c.id)
def test_card_steps_say_where_and_how_they_run(card: Card) -> None:
    for step in card.steps:
        assert step.shell
        if step.shell in ("powershell", "cmd", "bash", "terminal"):
            assert step.command, f"{card.id}: a {step.shell} step without its command"
        if (
            step.command
            and step.shell in ("powershell", "cmd")
            and re.search(
                r"\b(bcdedit|dism|Enable-WindowsOptionalFeature|Set-VMProcessor|reg add)\b",
                step.command,
                re.IGNORECASE,
            )
        ):
            assert step.elevated, f"{card.id}: {step.command!r} needs an elevated shell"


# what a step's "afterwards" already tells the reader to do, as the command of a step of its own
_AFTERWARDS_DONE_BY = {
    "wsl-shutdown": r"^\s*wsl(?:\.exe)?\s+--shutdown\b",
    "reboot": r"^\s*(?:Restart-Computer\b|shutdown(?:\.exe)?\s+/r\b|(?:sudo\s+)?reboot\s*$)",
}


@pytest.mark.parametrize("card", EN_CARDS, ids=lambda c: c.id)
def test_no_step_says_to_do_afterwards_what_the_next_step_does(card: Card) -> None:
    # "(then run `wsl --shutdown`)" followed by a step that runs it tells the reader twice
    for number, (step, following) in enumerate(itertools.pairwise(card.steps), 1):
        done_by = _AFTERWARDS_DONE_BY.get(step.afterwards)
        if done_by and following.command:
            assert not re.search(done_by, following.command, re.IGNORECASE), (
                f"{card.id}: step {number} says {step.afterwards!r} and step {number + 1} does it"
            )


@pytest.mark.parametrize("card", JA_CARDS, ids=lambda c: c.id)
def test_japanese_card_is_written_in_japanese(card: Card) -> None:
    kana = re.compile(r"[\u3040-\u30ff]")
    for text in (card.title, card.summary, card.applies_when, *[s.text for s in card.steps]):
        assert kana.search(text), f"{card.id}: not Japanese: {text[:60]!r}"


#: a product, host system or machine named alone: the platform bonus already rewards a card for
#: the products a question names, and as a keyword such a name pulls every question about that
#: product towards the one card that lists it
BARE_NAMES = frozenset(
    {
        *("virtualbox", "vmware", "vmware fusion", "fusion", "vmware player", "esxi", "vsphere"),
        *("vcenter", "hyper-v", "windows sandbox", "sandbox", "サンドボックス", "wsl", "wsl2"),
        *("wsl 2", "docker", "docker desktop", "podman machine", "orbstack", "minikube"),
        *("multipass", "qemu", "libvirt", "virt-manager", "gnome boxes", "proxmox", "pve", "utm"),
        *("parallels", "azure", "android studio", "android emulator", "emulator", "エミュレーター"),
        *("vz", "virtualization.framework", "virtualization framework", "hypervisor.framework"),
        *("linux", "ubuntu", "fedora", "debian", "centos", "arch linux", "macos", "windows 10"),
        *("windows 11", "windows server", "macbook", "imac", "mac mini", "apple silicon"),
        *("m1", "m2", "m3", "m4"),
    }
)


@pytest.mark.parametrize("card", _KB.cards, ids=lambda c: f"{c.id}:{c.lang}")
def test_keywords_are_not_bare_product_names(card: Card) -> None:
    bare = [k for k in card.keywords if k.strip().casefold() in BARE_NAMES]
    assert not bare, f"{card.id} ({card.lang}): keywords name only a product or system: {bare}"


@pytest.mark.parametrize("card", EN_CARDS, ids=lambda c: c.id)
def test_english_card_shows_no_japanese_in_an_answer(card: Card) -> None:
    # an English answer with kana in it reads as Japanese (bot/language.py): a source title that
    # quoted a Japanese message once made four English answers fail that check
    kana = re.compile(r"[\u3040-\u30ff]")
    shown = (
        card.title,
        card.summary,
        card.applies_when,
        *[s.text for s in card.steps],
        *[s.command or "" for s in card.steps],
        *card.security_notes,
        *[u.text for u in card.undo],
        *[s.title for s in card.sources],
    )
    for text in shown:
        assert not kana.search(text), f"{card.id}: Japanese in an English card: {text[:60]!r}"


#: Windows' own screens, whose names Japanese Windows shows in Japanese (Device Manager is left
#: out: the Android cards' "Device Manager" is Android Studio's, which has no Japanese UI)
_WINDOWS_SCREENS = re.compile(
    r"^(?:Settings|Windows Security|Task Manager|Control Panel|Event Viewer|Hyper-V Manager|"
    r"File Explorer|Disk Management|Start|gpedit\.msc|sysdm\.cpl)\b"
)


@pytest.mark.parametrize("card", JA_CARDS, ids=lambda c: c.id)
def test_japanese_card_names_windows_screens_as_japanese_windows_does(card: Card) -> None:
    english = _KB.get(card.id, "en")
    pairs = zip((*english.steps, *english.undo), (*card.steps, *card.undo), strict=True)
    untranslated = [
        en.command
        for en, ja in pairs
        if en.shell == "gui"
        and en.command
        and _WINDOWS_SCREENS.match(en.command)
        and ja.command == en.command
    ]
    assert untranslated == []


def _folded_katakana_breaks(path: Path) -> list[int]:
    """Line numbers where a folded YAML line or a Markdown paragraph breaks between two katakana
    characters: folding turns that break into a space that may not be meant."""
    lines = path.read_text(encoding="utf-8").splitlines()
    bad = []
    for n, (line, nxt) in enumerate(itertools.pairwise(lines), start=1):
        a, b = line.rstrip(), nxt.strip()
        if a and b and re.match(r"[\u30a0-\u30ff]", a[-1]) and re.match(r"[\u30a0-\u30ff]", b[0]):
            bad.append(n)
    return bad


@pytest.mark.parametrize(
    "path", [p for p in card_files(KNOWLEDGE) if p.name.endswith(".ja.md")], ids=lambda p: p.name
)
def test_japanese_lines_do_not_break_between_katakana_words(path: Path) -> None:
    assert _folded_katakana_breaks(path) == []


# -- commands that contradict each other -----------------------------------------------------

_SETTINGS = [
    (re.compile(r"bcdedit\s+/set\s+(?:\{\w+\}\s+)?(\w+)\s+(\w+)", re.I), "bcdedit:{0}"),
    (re.compile(r"-(\w+)\s+\$(true|false)", re.I), "ps:{0}"),
    (re.compile(r"/v\s+\"?(\w+)\"?\s+/t\s+\w+\s+/d\s+(\w+)", re.I), "reg:{0}"),
    (
        re.compile(r"(enable|disable)-windowsoptionalfeature.*?-featurename\s+\"?([\w-]+)", re.I),
        "feature:{1}",
    ),
    (re.compile(r"--([\w-]+)\s+(on|off)\b", re.I), "vbox:{0}"),
    (re.compile(r"options\s+(kvm[-_]\w+)\s+nested=(\w+)", re.I), "kvm-nested:{0}"),
]


def command_settings(command: str) -> dict[str, str]:
    """The settings a command assigns, as {key: value}, for the kinds we know to compare."""
    found: dict[str, str] = {}
    for pattern, key in _SETTINGS:
        for m in pattern.finditer(command):
            groups = [g.lower() for g in m.groups()]
            value = groups[0] if key.startswith("feature") else groups[-1]
            found[key.format(*groups)] = value
    return found


def test_command_settings_reads_the_usual_forms() -> None:
    assert command_settings("bcdedit /set hypervisorlaunchtype off") == {
        "bcdedit:hypervisorlaunchtype": "off"
    }
    assert command_settings(
        'Set-VMProcessor -VMName "<VM>" -ExposeVirtualizationExtensions $true'
    ) == {"ps:exposevirtualizationextensions": "true"}
    assert command_settings(
        "Disable-WindowsOptionalFeature -Online -FeatureName HypervisorPlatform"
    ) == {"feature:hypervisorplatform": "disable"}


def test_no_two_cards_of_a_cause_and_platform_set_the_same_thing_differently() -> None:
    seen: dict[tuple[str, str, str], tuple[str, str]] = {}
    clashes = []
    for card in EN_CARDS:
        for step in card.steps:
            for key, value in command_settings(step.command or "").items():
                for platform in card.platforms:
                    slot = (card.cause, platform, key)
                    other = seen.setdefault(slot, (value, card.id))
                    # one card may offer both directions as alternatives; two cards may not
                    if other[0] != value and other[1] != card.id:
                        clashes.append(f"{card.id} sets {key}={value}, {other[1]} sets {other[0]}")
    assert clashes == []


# -- retrieval, with the real model -----------------------------------------------------------


@pytest.mark.parametrize(
    ("card_id", "lang", "match"),
    MATCHES,
    ids=[f"{c}:{lang}:{i}" for i, (c, lang, _) in enumerate(MATCHES)],
)
def test_card_is_retrieved_first_for_its_own_error_string(
    pipeline: Any, card_id: str, lang: str, match: str
) -> None:
    ranking = pipeline.searcher.rank(match)
    assert ranking.cards[0].card == card_id, (
        f"{match!r} ranks {[c.card for c in ranking.cards[:3]]}"
    )


def test_knowledge_base_fingerprint_changes_with_content(kb: KnowledgeBase) -> None:
    cards = list(kb.cards)
    from dataclasses import replace

    changed = KnowledgeBase((replace(cards[0], summary=cards[0].summary + " x"), *cards[1:]))
    assert changed.fingerprint() != kb.fingerprint()


def test_platform_coverage_reaches_every_family() -> None:
    by_platform: dict[str, set[str]] = defaultdict(set)
    for card in EN_CARDS:
        for p in card.platforms:
            by_platform[p].add(card.cause)
    for family in (
        "hyper-v",
        "wsl2",
        "docker-desktop",
        "windows-sandbox",
        "vmware-workstation",
        "vmware-esxi",
        "virtualbox",
        "kvm",
        "proxmox",
        "android-emulator",
        "gcp",
        "azure",
        "aws",
        "macos",
    ):
        assert by_platform[family], f"no card for {family}"
