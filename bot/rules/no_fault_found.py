"""Everything the usual causes need is said to be in place: firmware virtualization on and the
Windows features on. The failure may lie elsewhere: say so, and ask for the exact error."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "no-fault-found"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("firmware_virt_on") and facts.is_true("windows_feature_on"):
        yield Finding(
            CAUSE,
            Confidence.WEAK,
            facts.quotes("firmware_virt_on", "windows_feature_on"),
            "firmware and features said to be on",
        )
