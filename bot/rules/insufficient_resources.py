"""Not enough memory or disk on the host for the VM as configured (domain-facts C16)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "insufficient-resources"


def findings(facts: Facts) -> Iterator[Finding]:
    for name in ("short_of_memory", "short_of_disk"):
        if facts.is_true(name):
            yield Finding(CAUSE, Confidence.SUGGESTIVE, facts.quotes(name), name)
