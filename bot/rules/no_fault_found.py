"""The virtualization stack looks healthy: KVM created a VM on this machine (the probe's
KVM_CREATE_VM), a checker says KVM is usable, or every requirement the user names is met.
Then the failure lies elsewhere: say so, and ask for the VM's own error or log."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "no-fault-found"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("kvm_create_vm_ok"):
        yield Finding(
            CAUSE,
            Confidence.DECISIVE,
            facts.quotes("kvm_create_vm_ok"),
            "KVM created a VM on this machine",
        )
    elif facts.is_true("kvm_ok_usable") or facts.is_true("virt_host_validate_hw"):
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("kvm_ok_usable", "virt_host_validate_hw"),
            "a checker says KVM is usable",
        )
    if facts.is_true("vm_runs"):
        # the user's own account that the VM starts: whatever fails, it is not the start
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("vm_runs"),
            "the VM itself starts; what fails is inside it",
        )
    if facts.is_true("firmware_virt_on") and facts.is_true("windows_feature_on"):
        yield Finding(
            CAUSE,
            Confidence.WEAK,
            facts.quotes("firmware_virt_on", "windows_feature_on"),
            "firmware and features said to be on",
        )
