"""A needed Windows optional feature is off (domain-facts C3, C8). When the user (or pasted
Get-WindowsOptionalFeature output) shows it on, the cause is less likely."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "windows-feature-missing"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("windows_feature_on"):
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("windows_feature_on"),
            "the feature is said to be on",
        )
    elif facts.is_false("windows_feature_on") and facts.get("third_party_hypervisor") is None:
        # with VMware, VirtualBox or HAXM, Hyper-V being off is what they want, not a fault
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("windows_feature_on"),
            "the feature is said to be off",
        )
