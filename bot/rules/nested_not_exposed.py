"""The failing machine is itself a VM whose outer hypervisor does not pass VT-x/AMD-V in
(domain-facts C4, C12, C13)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "nested-not-exposed"
_LOCAL_OUTER = {
    "vmware",
    "vmware-workstation",
    "vmware-player",
    "vmware-fusion",
    "vmware-esxi",
    "virtualbox",
    "hyper-v",
    "hyperv",
    "kvm",
    "qemu",
    "proxmox",
    "esxi",
    "vsphere",
    "parallels",
    "utm",
    "xen",
    "xenserver",
}


def findings(facts: Facts) -> Iterator[Finding]:
    if not facts.is_true("is_guest"):
        return
    outer = facts.value("outer_hypervisor")
    if isinstance(outer, str) and outer in _LOCAL_OUTER:
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("is_guest", "outer_hypervisor"),
            "a guest of a hypervisor that hides VT-x by default",
        )
    else:
        yield Finding(
            CAUSE, Confidence.SUGGESTIVE, facts.quotes("is_guest"), "the machine is a guest"
        )
