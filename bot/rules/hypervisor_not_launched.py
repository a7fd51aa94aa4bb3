"""Hyper-V installed but its hypervisor not started at boot (domain-facts C3): stated outright
(`hypervisorlaunchtype Off`), or what remains when firmware virtualization and the Windows
features are said to be on and a Windows-hypervisor product (Hyper-V, WSL 2, Docker Desktop,
Sandbox) still cannot start: tools such as emulators and games switch the launch type off.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "hypervisor-not-launched"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.get("third_party_hypervisor") is not None:
        return  # with VMware or VirtualBox, launch type off is the wanted state
    fact = facts.get("hypervisorlaunchtype")
    if fact is not None and fact.value == "off":
        yield Finding(CAUSE, Confidence.STRONG, (fact.quote,), "hypervisorlaunchtype off")
    elif facts.is_true("firmware_virt_on") and facts.is_true("windows_feature_on"):
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("firmware_virt_on", "windows_feature_on"),
            "firmware and features on, yet the Windows hypervisor does not start",
        )
