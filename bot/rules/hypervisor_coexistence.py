"""Two hypervisors want VT-x/AMD-V: VMware, VirtualBox, HAXM or an emulator beside the
Windows hypervisor (domain-facts C6), or VirtualBox beside KVM on Linux."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding, observed

CAUSE = "hypervisor-coexistence"

# the user's statement that the hypervisor is on is about VBS, not Hyper-V, WSL or the like
_VBS_WORDS = re.compile(
    r"memory integrity|core isolation|credential guard|device guard|hvci|vbs|メモリ整合性|コア分離",
    re.IGNORECASE,
)


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("vtx_in_use"):
        # HAXM's check: another hypervisor's guest holds VT-x right now
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("vtx_in_use"),
            "VT-x occupied by another hypervisor's guest",
        )
    if facts.value("vbox_engine") == "nem":
        # VBox.log: VirtualBox fell back to the Windows hypervisor's API (NEM) [R50][R51]
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("vbox_engine"),
            "VirtualBox runs on the Windows hypervisor (NEM)",
        )
    if facts.value("vmware_monitor_mode") == "ULM":
        # vmware.log: user-level monitor = Host VBS mode, no nested VT-x for guests [R38]
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("vmware_monitor_mode"),
            "VMware runs in Host VBS mode",
        )
    third_party = facts.get("third_party_hypervisor")
    if third_party is None:
        return
    if (
        facts.is_true("hypervisor_present")
        and observed(facts, "hypervisor_present")
        and not facts.is_true("is_guest")
    ):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("third_party_hypervisor", "hypervisor_present"),
            "a Windows hypervisor runs beside a third-party one",
        )
    if facts.is_true("windows_hypervisor_on"):
        # when VBS is what keeps the Windows hypervisor on, that is the more specific cause:
        # turning Hyper-V features off does not stop it (vbs-memory-integrity)
        kept_by_vbs = facts.is_true("vbs_on") and all(
            _VBS_WORDS.search(q) for q in facts.quotes("windows_hypervisor_on")
        )
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE if kept_by_vbs else Confidence.STRONG,
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
