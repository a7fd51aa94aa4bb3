"""A saved, suspended or hibernated VM that will not resume (domain-facts C16)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "saved-state-incompatible"
#: the Android Emulator's Quick Boot card: every start after the first resumes a snapshot
QUICK_BOOT = "android-emulator-quickboot-snapshot"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("saved_state"):
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("saved_state"),
            "a saved or suspended state is involved",
        )
    if facts.is_true("later_starts_fail") and _the_emulator(facts):
        # the emulator saves its state on exit and resumes from it on the next start (Quick
        # Boot, on by default): a first start that works and later ones that hang point at
        # that snapshot
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("later_starts_fail", "third_party_hypervisor"),
            "the emulator's first start works, later ones (from its snapshot) hang",
            card=QUICK_BOOT,
        )


def _the_emulator(facts: Facts) -> bool:
    """The Android Emulator is named, or the sentence itself says "the emulator" (ruboto's
    `ruboto emulator` runs Android's)."""
    if facts.value("third_party_hypervisor") == "android-emulator":
        return True
    return any("emulator" in q.lower() for q in facts.quotes("later_starts_fail"))
