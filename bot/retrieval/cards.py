"""Knowledge cards: schema, loader and the checks every card must pass.

A card is ``knowledge/<cause>/<id>.md`` (English) with its Japanese twin
``knowledge/<cause>/<id>.ja.md``: YAML front matter between ``---`` lines, then Markdown.
``knowledge/README.md`` documents every field. A Japanese card translates the words; the
commands, shells and flags of its steps come from its English twin (a JA step that repeats a
command must repeat it exactly), so the two can never disagree on what to run.

Errors name the file and the field: ``knowledge/x/y.md: steps[2].shell: field required``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from bot.errors import CardError
from bot.platforms import PLATFORM_IDS
from bot.taxonomy import CARD_CAUSES

Lang = Literal["en", "ja"]
LANGS: tuple[Lang, ...] = ("en", "ja")

Shell = Literal["powershell", "cmd", "bash", "terminal", "gui", "firmware", "file"]
"""Where a step's command is typed. ``terminal``: any shell (gcloud, aws, az);
``gui``: a settings screen (``command`` is the menu path or empty); ``firmware``: BIOS/UEFI
setup; ``file``: a line to put in a configuration file (``path`` names the file)."""

Where = Literal["host", "outer-host", "guest", "cloud", "firmware"]
"""Which machine a step runs on. ``host``: the machine that runs the failing hypervisor;
``outer-host``: the layer below it (the physical host, or the hypervisor/cloud running this
VM); ``guest``: inside the VM; ``cloud``: a cloud console or CLI; ``firmware``: BIOS/UEFI."""

Afterwards = Literal[
    "none", "reboot", "power-cycle", "sign-out", "vm-restart", "wsl-shutdown", "service-restart"
]

SourceKind = Literal["vendor", "primary", "community"]
"""``vendor``: the maker's documentation or knowledge base; ``primary``: the maker's source
code, release notes or bug tracker; ``community``: anything else (kept as corroboration)."""

_CARD_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# YAML folds a line break into a space; between Japanese words that space is wrong, except
# between two katakana words, which Microsoft's Japanese style separates ("仮想マシン プラット
# フォーム"). So a JA line must not break between two katakana words unless a space is meant.
_HIRA_KANJI = "\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\u3000-\u3003\u300c-\u300f\uff08\uff09"
_JA_ANY = _HIRA_KANJI + "\u30a0-\u30ff"
_FOLDED_SPACE = re.compile(
    f"(?<=[{_HIRA_KANJI}]) (?=[{_JA_ANY}])|(?<=[{_JA_ANY}]) (?=[{_HIRA_KANJI}])"
)


def unfold_japanese(text: str) -> str:
    """Remove the spaces line folding put between Japanese words."""
    return _FOLDED_SPACE.sub("", text)


_MAX_CARD_BYTES = 200_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Step(_Strict):
    text: str = Field(min_length=1)
    command: str | None = None
    shell: Shell
    where: Where = "host"
    elevated: bool = False
    needs_vm_off: bool = False
    afterwards: Afterwards = "none"
    path: str | None = None


class UndoStep(_Strict):
    text: str = Field(min_length=1)
    command: str | None = None
    shell: Shell | None = None
    afterwards: Afterwards = "none"


class Source(_Strict):
    title: str = Field(min_length=1)
    url: str
    kind: SourceKind

    @field_validator("url")
    @classmethod
    def _is_http_url(cls, value: str) -> str:
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value


class EnglishCard(_Strict):
    id: str
    cause: str
    title: str = Field(min_length=1)
    lang: Literal["en"]
    platforms: list[str] = Field(min_length=1)
    summary: str = Field(min_length=1)
    applies_when: str = Field(min_length=1)
    matches: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    also_consider: list[str] = Field(default_factory=list)
    #: the card's matches are a tool's report that the VM it starts failed (Vagrant's "invalid
    #: state", Docker Desktop's "Unexpected WSL error"); another quoted error says why
    wrapper: bool = False
    #: the card's matches do not say which cause applies (WSL's 0x80370102 names both the
    #: feature and the firmware switch): the causes in also_consider come in closer behind it,
    #: so the answer claims less and the user's facts settle it more easily
    ambiguous: bool = False
    #: as ``ambiguous``, for some of the card's matches only: a card whose own check is exact
    #: ("Virtualization Enabled In Firmware: No") may also own a tool's message that several
    #: causes produce (Docker Desktop's "Virtualization support not detected")
    ambiguous_matches: list[str] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)
    security_notes: list[str] = Field(min_length=1)
    undo: list[UndoStep] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)

    @field_validator("platforms")
    @classmethod
    def _known_platforms(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - PLATFORM_IDS)
        if unknown:
            raise ValueError(f"unknown platform id(s) {unknown}; see bot/platforms.py")
        return value

    @field_validator("also_consider")
    @classmethod
    def _known_causes(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - CARD_CAUSES)
        if unknown:
            raise ValueError(f"unknown cause id(s) {unknown}")
        return value

    @field_validator("ambiguous", "ambiguous_matches")
    @classmethod
    def _says_what_else(cls, value: bool | list[str], info: ValidationInfo) -> bool | list[str]:
        if value and not info.data.get("also_consider"):
            raise ValueError(
                "an ambiguous card lists the causes its error may mean in also_consider"
            )
        return value

    @field_validator("ambiguous_matches")
    @classmethod
    def _names_own_matches(cls, value: list[str], info: ValidationInfo) -> list[str]:
        foreign = [m for m in value if m not in info.data.get("matches", [])]
        if foreign:
            raise ValueError(f"not among the card's matches: {foreign}")
        return value


class JapaneseStep(_Strict):
    text: str = Field(min_length=1)
    command: str | None = None
    shell: Shell | None = None


class JapaneseUndo(_Strict):
    text: str = Field(min_length=1)
    command: str | None = None


class JapaneseCard(_Strict):
    id: str
    cause: str
    title: str = Field(min_length=1)
    lang: Literal["ja"]
    summary: str = Field(min_length=1)
    applies_when: str = Field(min_length=1)
    matches: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    steps: list[JapaneseStep] = Field(min_length=1)
    security_notes: list[str] = Field(min_length=1)
    undo: list[JapaneseUndo] = Field(min_length=1)
    #: Japanese editions of the sources; the English twin's sources always apply too.
    sources: list[Source] = Field(default_factory=list)


@dataclass(frozen=True)
class Card:
    """A card in one language, with the structure shared by both twins filled in."""

    id: str
    cause: str
    lang: Lang
    title: str
    platforms: tuple[str, ...]
    summary: str
    applies_when: str
    matches: tuple[str, ...]
    keywords: tuple[str, ...]
    also_consider: tuple[str, ...]
    steps: tuple[Step, ...]
    security_notes: tuple[str, ...]
    undo: tuple[UndoStep, ...]
    sources: tuple[Source, ...]
    body: str
    path: str
    wrapper: bool = False
    ambiguous: bool = False
    ambiguous_matches: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.id}:{self.lang}"

    def says_ambiguous(self, match: str | None) -> bool:
        """Whether this card says that its error (``match``, the string of its own that a
        question quoted; None when none was) does not tell which cause applies."""
        return self.ambiguous or (match is not None and match in self.ambiguous_matches)

    def content_hash(self) -> str:
        payload = {
            "id": self.id,
            "cause": self.cause,
            "lang": self.lang,
            "title": self.title,
            "summary": self.summary,
            "applies_when": self.applies_when,
            "matches": self.matches,
            "keywords": self.keywords,
            "steps": [s.model_dump() for s in self.steps],
            "body": self.body,
        }
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class KnowledgeBase:
    """Every card, in both languages, and lookups over them."""

    cards: tuple[Card, ...]

    def get(self, card_id: str, lang: Lang) -> Card:
        for card in self.cards:
            if card.id == card_id and card.lang == lang:
                return card
        raise KeyError(f"{card_id}:{lang}")

    def ids(self) -> list[str]:
        return sorted({c.id for c in self.cards})

    def in_lang(self, lang: Lang) -> list[Card]:
        return [c for c in self.cards if c.lang == lang]

    def by_cause(self, cause: str, lang: Lang) -> list[Card]:
        return [c for c in self.cards if c.cause == cause and c.lang == lang]

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for card in sorted(self.cards, key=lambda c: c.key):
            digest.update(f"{card.key}={card.content_hash()};".encode())
        return digest.hexdigest()[:16]


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    rel = str(path)
    if not text.startswith("---"):
        raise CardError(rel, "front matter", "the file must start with a '---' line")
    parts = re.split(r"^---[ \t]*$", text, maxsplit=2, flags=re.MULTILINE)
    if len(parts) < 3:
        raise CardError(rel, "front matter", "no closing '---' line")
    try:
        data = yaml.safe_load(parts[1])
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        # parts[1] starts on the opening '---' line, so its line 0 is the file's line 1
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise CardError(rel, where, f"invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise CardError(rel, "front matter", "must be a YAML mapping")
    line = _comment_after_plain_value(parts[1])
    if line is not None:
        raise CardError(
            rel,
            f"line {line + 1}",
            "' #' after an unquoted value starts a YAML comment and cuts the value short: "
            "put the value in quotes",
        )
    return data, parts[2].strip()


def _comment_after_plain_value(front: str) -> int | None:
    """The 0-based line of the first unquoted value followed by a comment on the same line
    ("title: WSL issue #11216 — ..." loads as "WSL issue"), or None."""
    lines = front.splitlines()
    for token in yaml.scan(front):
        if isinstance(token, yaml.ScalarToken) and token.plain:
            end = token.end_mark
            rest = lines[end.line][end.column :] if end.line < len(lines) else ""
            if rest.lstrip().startswith("#"):
                return end.line
    return None


def _field_of(error: dict[str, Any]) -> str:
    out = ""
    for part in error["loc"]:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front matter"


def _validate(model: type[_Strict], data: dict[str, Any], path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        raise CardError(str(path), _field_of(dict(first)), first["msg"]) from None


def _identity(path: Path) -> tuple[str, Lang]:
    name = path.name
    if name.endswith(".ja.md"):
        return name[: -len(".ja.md")], "ja"
    return name[: -len(".md")], "en"


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        if path.stat().st_size > _MAX_CARD_BYTES:
            raise CardError(str(path), "file", f"larger than {_MAX_CARD_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CardError(str(path), "file", "not UTF-8 text") from None
    except OSError as err:
        raise CardError(str(path), "file", err.strerror or "cannot be read") from None
    return _split_front_matter(path, text)


def _check_identity(path: Path, data: dict[str, Any]) -> None:
    stem, lang = _identity(path)
    cause = path.parent.name
    if not _CARD_ID.match(stem):
        raise CardError(str(path), "id", "file names are lowercase words joined by '-'")
    if data.get("id") != stem:
        raise CardError(str(path), "id", f"must equal the file name {stem!r}")
    if data.get("lang") != lang:
        raise CardError(str(path), "lang", f"must be {lang!r} for a file named like this")
    if cause not in CARD_CAUSES:
        raise CardError(str(path), "cause", f"folder {cause!r} is not a taxonomy cause id")
    if data.get("cause") != cause:
        raise CardError(str(path), "cause", f"must equal its folder name {cause!r}")


def _merge_ja(en: Card, ja: JapaneseCard, body: str, path: Path) -> Card:
    if len(ja.steps) != len(en.steps):
        raise CardError(
            str(path), "steps", f"has {len(ja.steps)} steps, its English twin has {len(en.steps)}"
        )
    if len(ja.undo) != len(en.undo):
        raise CardError(
            str(path), "undo", f"has {len(ja.undo)} entries, its English twin has {len(en.undo)}"
        )
    u = unfold_japanese
    steps = []
    for i, (js, es) in enumerate(zip(ja.steps, en.steps, strict=True)):
        if js.shell is not None and js.shell != es.shell:
            raise CardError(str(path), f"steps[{i}].shell", "differs from the English twin")
        command = _japanese_command(js.command, es.command, es.shell, path, f"steps[{i}]")
        steps.append(es.model_copy(update={"text": u(js.text), "command": command}))
    undo = []
    for i, (ju, eu) in enumerate(zip(ja.undo, en.undo, strict=True)):
        command = _japanese_command(ju.command, eu.command, eu.shell, path, f"undo[{i}]")
        undo.append(eu.model_copy(update={"text": u(ju.text), "command": command}))
    return Card(
        id=ja.id,
        cause=ja.cause,
        lang="ja",
        title=u(ja.title),
        platforms=en.platforms,
        summary=u(ja.summary),
        applies_when=u(ja.applies_when),
        matches=tuple(ja.matches),
        keywords=tuple(ja.keywords),
        also_consider=en.also_consider,
        steps=tuple(steps),
        security_notes=tuple(u(n) for n in ja.security_notes),
        undo=tuple(undo),
        sources=tuple(ja.sources) + en.sources,
        body=_unfold_body(body),
        path=str(path),
        wrapper=en.wrapper,
        ambiguous=en.ambiguous,
        ambiguous_matches=en.ambiguous_matches,
    )


def _japanese_command(
    ja: str | None, en: str | None, shell: Shell | None, path: Path, field: str
) -> str | None:
    """The command a Japanese step shows: the English twin's, except that a settings screen's
    menu path (`gui`) may be given as the Japanese UI names it ("設定 > Windows Update"), since
    Japanese Windows, macOS and most hypervisors show their menus in Japanese. Anything that is
    typed stays the English twin's, character for character."""
    if ja is None or ja == en:
        return en
    if shell != "gui" or not en:
        raise CardError(str(path), f"{field}.command", "differs from the English twin")
    if not ja.strip():
        raise CardError(str(path), f"{field}.command", "a localized menu path must not be empty")
    return ja


def _unfold_body(body: str) -> str:
    """Markdown paragraphs of a JA body with their line breaks joined the Japanese way."""
    blocks = []
    for block in body.split("\n\n"):
        if block.lstrip().startswith(("```", "|", "- ", "* ", "1.")):
            blocks.append(block)
        else:
            blocks.append(unfold_japanese(" ".join(block.split())))
    return "\n\n".join(blocks)


def _english(model: EnglishCard, body: str, path: Path) -> Card:
    return Card(
        id=model.id,
        cause=model.cause,
        lang="en",
        title=model.title,
        platforms=tuple(model.platforms),
        summary=model.summary,
        applies_when=model.applies_when,
        matches=tuple(model.matches),
        keywords=tuple(model.keywords),
        also_consider=tuple(model.also_consider),
        steps=tuple(model.steps),
        security_notes=tuple(model.security_notes),
        undo=tuple(model.undo),
        sources=tuple(model.sources),
        body=body,
        path=str(path),
        wrapper=model.wrapper,
        ambiguous=model.ambiguous,
        ambiguous_matches=tuple(model.ambiguous_matches),
    )


def card_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*.md") if p.is_file())


def _check_steps(card: Card) -> None:
    for i, step in enumerate(card.steps):
        if step.shell in ("powershell", "cmd", "bash", "terminal") and not step.command:
            raise CardError(
                card.path, f"steps[{i}].command", f"a {step.shell} step needs the command to run"
            )
        if step.shell == "file" and not (step.command and step.path):
            raise CardError(
                card.path,
                f"steps[{i}].path",
                "a file step needs the line to add (command) and the file (path)",
            )
    if not any(s.kind in ("vendor", "primary") for s in card.sources):
        raise CardError(card.path, "sources", "needs at least one vendor or primary source")


def _match_clashes(cards: Iterable[Card]) -> list[CardError]:
    clashes: list[CardError] = []
    seen: dict[tuple[str, str], Card] = {}
    for card in cards:
        for i, match in enumerate(card.matches):
            key = (card.lang, " ".join(match.casefold().split()))
            other = seen.get(key)
            if other is not None and other.id != card.id:
                clashes.append(
                    CardError(
                        card.path,
                        f"matches[{i}]",
                        f"{match!r} is already a match of {other.id}; "
                        "an error string belongs to one card",
                    )
                )
            else:
                seen[key] = card
    return clashes


def load_cards(root: Path, paths: Sequence[Path] | None = None) -> KnowledgeBase:
    """Load and check every card under ``root``; raise :class:`CardError` on the first fault."""
    files = list(paths) if paths is not None else card_files(root)
    if not files:
        raise CardError(str(root), "knowledge", "no cards found (knowledge/<cause>/<id>.md)")
    cards = _load(files)
    clashes = _match_clashes(cards)
    if clashes:
        raise clashes[0]
    return KnowledgeBase(tuple(sorted(cards, key=lambda c: (c.cause, c.id, c.lang))))


def _load(files: Sequence[Path]) -> list[Card]:
    english: dict[str, Card] = {}
    japanese: list[tuple[Path, JapaneseCard, str]] = []
    # English first, so a fault shared by both twins is reported on the English card
    for path in sorted(files, key=lambda p: _identity(p)[1] != "en"):
        data, body = _read(path)
        _check_identity(path, data)
        _, lang = _identity(path)
        if lang == "en":
            card = _english(_validate(EnglishCard, data, path), body, path)
            if card.id in english:
                raise CardError(str(path), "id", f"duplicates {english[card.id].path}")
            english[card.id] = card
        else:
            japanese.append((path, _validate(JapaneseCard, data, path), body))
    cards: list[Card] = list(english.values())
    for path, model, body in japanese:
        en = english.get(model.id)
        if en is None or en.cause != model.cause:
            raise CardError(
                str(path),
                "id",
                f"no English twin {model.cause}/{model.id}.md (every JA card has one)",
            )
        cards.append(_merge_ja(en, model, body, path))
    for card in cards:
        _check_steps(card)
    return cards


def check_cards(root: Path) -> tuple[KnowledgeBase, list[CardError]]:
    """Every fault in the knowledge base (not just the first), and the cards that passed."""
    errors: list[CardError] = []
    loaded: dict[str, list[Card]] = {}
    files = card_files(root)
    for path in files:
        if _identity(path)[1] != "en":
            continue
        try:
            (card,) = _load([path])
        except CardError as err:
            errors.append(err)
            continue
        if card.id in loaded:
            errors.append(CardError(str(path), "id", f"duplicates {loaded[card.id][0].path}"))
            continue
        loaded[card.id] = [card]
    for path in files:
        stem, lang = _identity(path)
        twin = path.with_name(f"{stem}.md")
        if lang != "ja":
            continue
        if not twin.exists():
            errors.append(
                CardError(str(path), "id", f"no English twin {twin.name} (every JA card has one)")
            )
            continue
        if stem not in loaded:
            continue  # its English twin is broken, and already reported
        try:
            loaded[stem].extend(c for c in _load([twin, path]) if c.lang == "ja")
        except CardError as err:
            errors.append(err)
    cards = [c for pair in loaded.values() for c in pair]
    clashes = _match_clashes(cards)
    errors.extend(clashes)
    bad = {c.id for c in cards if any(e.path == c.path for e in clashes)}
    kept = [c for c in cards if c.id not in bad]
    return KnowledgeBase(tuple(sorted(kept, key=lambda c: (c.cause, c.id, c.lang)))), errors


def missing_twins(kb: KnowledgeBase) -> list[str]:
    """English card ids that have no Japanese twin yet."""
    ja = {c.id for c in kb.in_lang("ja")}
    return sorted(c.id for c in kb.in_lang("en") if c.id not in ja)
