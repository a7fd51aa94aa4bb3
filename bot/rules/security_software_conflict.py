"""Third-party security software holding VT-x or filtering VM disks (domain-facts C16)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "security-software-conflict"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.get("antivirus") is not None:
        yield Finding(
            CAUSE, Confidence.SUGGESTIVE, facts.quotes("antivirus"), "security software named"
        )
