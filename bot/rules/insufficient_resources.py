"""Not enough memory or disk on the host for the VM as configured (domain-facts C16)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "insufficient-resources"


def findings(facts: Facts) -> Iterator[Finding]:
    # the host said, or seen, to be out of memory or disk is this cause's own evidence (the
    # taxonomy's "Not enough memory in the system"; "No space left on device"; "Cドライブが逼迫")
    for name in ("short_of_memory", "short_of_disk"):
        if facts.is_true(name):
            yield Finding(CAUSE, Confidence.STRONG, facts.quotes(name), name)
