"""Memory integrity, Credential Guard or Device Guard keep the Windows hypervisor running
under VMware or VirtualBox (domain-facts C7)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding, observed

CAUSE = "vbs-memory-integrity"


def vbs_keeps_the_hypervisor(facts: Facts) -> bool:
    """A hypervisor is seen running (a log, a report) although the user turned Hyper-V off, and
    they name a VBS feature: VBS is what keeps the hypervisor on (domain-facts C7)."""
    return (
        facts.is_true("hypervisor_present")
        and observed(facts, "hypervisor_present")
        and facts.is_false("windows_hypervisor_on")
        and facts.is_true("vbs_mentioned")
    )


def findings(facts: Facts) -> Iterator[Finding]:
    third_party = facts.get("third_party_hypervisor") is not None
    running = [n for n in ("hvci_running", "credential_guard_running") if facts.is_true(n)]
    if running:
        strength = Confidence.STRONG if third_party else Confidence.SUGGESTIVE
        yield Finding(
            CAUSE,
            strength,
            facts.quotes(*running, "third_party_hypervisor"),
            "Memory integrity or Credential Guard is running",
        )
        return
    if facts.is_false("vbs_on"):
        yield Finding(CAUSE, Confidence.UNLIKELY, facts.quotes("vbs_on"), "VBS said to be off")
    elif facts.is_true("vbs_on") and third_party:
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("vbs_on", "third_party_hypervisor"),
            "VBS feature on beside a third-party hypervisor",
        )
    elif third_party and vbs_keeps_the_hypervisor(facts):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("hypervisor_present", "windows_hypervisor_on", "vbs_mentioned"),
            "a hypervisor still runs with Hyper-V off, and VBS is named",
        )
    elif facts.is_true("vbs_mentioned") and third_party:
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("vbs_mentioned", "third_party_hypervisor"),
            "VBS feature named beside a third-party hypervisor",
        )
