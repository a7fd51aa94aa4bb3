"""A saved, suspended or hibernated VM that will not resume (domain-facts C16)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "saved-state-incompatible"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("saved_state"):
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("saved_state"),
            "a saved or suspended state is involved",
        )
