"""KVM missing for a reason other than firmware (domain-facts C12): the CPU has vmx/svm but
no kvm module is loaded, or /dev/kvm does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "kvm-unavailable"


def findings(facts: Facts) -> Iterator[Finding]:
    virt_ok = facts.is_true("cpu_has_virt") and not facts.is_false("firmware_virt_on")
    if facts.is_false("dev_kvm_exists"):
        strength = Confidence.STRONG if virt_ok else Confidence.SUGGESTIVE
        yield Finding(
            CAUSE, strength, facts.quotes("dev_kvm_exists", "cpu_has_virt"), "/dev/kvm is missing"
        )
    elif facts.is_false("kvm_modules_loaded") and virt_ok:
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("kvm_modules_loaded", "cpu_has_virt"),
            "no kvm module loaded on a CPU with vmx/svm",
        )
