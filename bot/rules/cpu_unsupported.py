"""The CPU lacks what the hypervisor needs: HAXM on AMD, VT-x without EPT on Core 2-era CPUs,
an x86 guest on Apple silicon (domain-facts C1, C11); an Arm guest there is not this cause."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding, observed

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
    if (
        facts.value("cpu_vendor") == "apple"
        and facts.is_true("arm_guest")
        and not facts.is_true("x86_guest")
    ):
        # an Arm guest on Apple silicon is the host's own architecture
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("cpu_vendor", "arm_guest"),
            "an Arm guest on Apple silicon",
        )
    if (
        facts.is_false("cpu_has_virt")
        and facts.is_false("is_guest")
        and not facts.is_false("firmware_virt_on")
    ):
        # no vmx/svm on bare metal: the CPU lacks them, unless firmware hides them
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("cpu_has_virt", "is_guest"),
            "no vmx/svm on bare metal",
        )
    if facts.is_false("slat") and not facts.is_true("is_guest"):
        # inside a VM, "No" describes what the outer hypervisor passes in (nested-not-exposed)
        yield Finding(
            CAUSE,
            Confidence.DECISIVE,
            facts.quotes("slat"),
            "systeminfo: Second Level Address Translation: No",
        )
    haxm_on_amd = facts.is_true("haxm") and facts.value("cpu_vendor") == "amd"
    if facts.is_true("is_guest") and not facts.is_true("cpu_too_old") and not haxm_on_amd:
        # in a VM the CPU a tool checks is the virtual one: no VT-x there is the outer
        # hypervisor's doing (nesting), not the processor's
        yield Finding(CAUSE, Confidence.UNLIKELY, facts.quotes("is_guest"), "a VM's virtual CPU")
    elif (
        facts.is_true("hypervisor_present")
        and observed(facts, "hypervisor_present")
        and not facts.is_true("cpu_too_old")
        and not haxm_on_amd
    ):
        # a hypervisor runs beneath the OS (HAXM's checktool "Hyper-V disabled - No",
        # systeminfo's "A hypervisor has been detected"): a tool then sees VT-x and EPT through
        # it, so its "VMX supported - No" or "EPT supported - No" says nothing of the processor
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("hypervisor_present"),
            "a hypervisor runs: tools see the CPU through it",
        )
    if facts.is_true("cpu_too_old"):
        yield Finding(
            CAUSE, Confidence.STRONG, facts.quotes("cpu_too_old"), "a CPU from before EPT/SLAT"
        )
