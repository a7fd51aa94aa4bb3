"""Two hypervisors want VT-x/AMD-V: VMware, VirtualBox, HAXM or an emulator beside the
Windows hypervisor (domain-facts C6), or VirtualBox beside KVM on Linux."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "hypervisor-coexistence"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("vtx_in_use"):
        # HAXM's check: another hypervisor's guest holds VT-x right now
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("vtx_in_use"),
            "VT-x occupied by another hypervisor's guest",
        )
    third_party = facts.get("third_party_hypervisor")
    if third_party is None:
        return
    if facts.is_true("windows_hypervisor_on"):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("third_party_hypervisor", "windows_hypervisor_on"),
            "third-party hypervisor beside the Windows hypervisor",
        )
    elif facts.is_false("windows_hypervisor_on"):
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("windows_hypervisor_on"),
            "the Windows hypervisor is said to be off",
        )
    if third_party.value == "virtualbox" and facts.value("linux_kvm_in_use") is True:
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("third_party_hypervisor", "linux_kvm_in_use"),
            "VirtualBox beside KVM on Linux",
        )
