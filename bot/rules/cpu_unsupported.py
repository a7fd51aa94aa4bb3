"""The CPU lacks what the hypervisor needs: HAXM on AMD, VT-x without EPT on Core 2-era CPUs
(domain-facts C1, C11)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "cpu-unsupported"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("haxm") and facts.value("cpu_vendor") == "amd":
        yield Finding(
            CAUSE,
            Confidence.DECISIVE,
            facts.quotes("haxm", "cpu_vendor"),
            "Intel HAXM on an AMD CPU",
        )
    if (
        facts.value("cpu_vendor") == "apple"
        and facts.is_true("x86_guest")
        and not facts.is_true("is_guest")
    ):
        # Apple silicon runs Arm guests only; x86 Windows or Linux cannot be virtualized [R74]
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("cpu_vendor", "x86_guest"),
            "an x86 guest on Apple silicon",
        )
    if facts.is_false("slat"):
        yield Finding(
            CAUSE,
            Confidence.DECISIVE,
            facts.quotes("slat"),
            "systeminfo: Second Level Address Translation: No",
        )
    if facts.is_true("cpu_too_old"):
        yield Finding(
            CAUSE, Confidence.STRONG, facts.quotes("cpu_too_old"), "a CPU from before EPT/SLAT"
        )
