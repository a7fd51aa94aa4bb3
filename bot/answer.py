"""The answer object (``../shared/contract.md``): what every front end renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CauseAnswer:
    id: str
    title: str
    confidence: float
    evidence: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "confidence": round(self.confidence, 2),
            "evidence": list(self.evidence),
            "cards": list(self.cards),
            "why": self.why,
        }


@dataclass(frozen=True)
class StepAnswer:
    text: str
    command: str | None
    shell: str
    card: str
    where: str = "host"
    elevated: bool = False
    needs_vm_off: bool = False
    afterwards: str = "none"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "command": self.command,
            "shell": self.shell,
            "card": self.card,
            "where": self.where,
            "elevated": self.elevated,
            "needs_vm_off": self.needs_vm_off,
            "afterwards": self.afterwards,
        }


@dataclass(frozen=True)
class Citation:
    card: str
    url: str
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"card": self.card, "url": self.url, "title": self.title}


@dataclass(frozen=True)
class Answer:
    language: str
    causes: tuple[CauseAnswer, ...]
    steps: tuple[StepAnswer, ...] = ()
    security_notes: tuple[str, ...] = ()
    undo: tuple[StepAnswer, ...] = ()
    follow_up: str | None = None
    citations: tuple[Citation, ...] = ()
    text: str = ""
    id: str | None = None
    generator: str = "rules"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def top_cause(self) -> str:
        return self.causes[0].id if self.causes else "out-of-scope"

    def with_id(self, answer_id: str | None) -> Answer:
        from dataclasses import replace

        return replace(self, id=answer_id)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "language": self.language,
            "causes": [c.to_dict() for c in self.causes],
            "steps": [s.to_dict() for s in self.steps],
            "security_notes": list(self.security_notes),
            "undo": [u.to_dict() for u in self.undo],
            "follow_up": self.follow_up,
            "citations": [c.to_dict() for c in self.citations],
            "text": self.text,
        }
        out.update(self.extra)
        return out
