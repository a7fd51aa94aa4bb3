"""KVM missing for a reason other than firmware (domain-facts C12): the CPU has vmx/svm but
no kvm module is loaded, or /dev/kvm does not exist; inside a container, /dev/kvm exists only
when the container is given it, and inside a Flatpak sandbox when the app is given it."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding, observed

CAUSE = "kvm-unavailable"
SANDBOX = "kvm-hidden-by-flatpak-sandbox"


_KVM_USERS = ("linux_kvm_in_use", "dev_kvm_exists", "kvm_modules_loaded")


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("in_container") and facts.is_true("kvm_device_passed"):
        # the container was started with the host's /dev/kvm; if the host has one, the container
        # sees it
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("kvm_device_passed"),
            "the container was given /dev/kvm",
        )
    elif facts.is_true("in_container") and (
        any(facts.get(n) is not None for n in _KVM_USERS)
        or facts.value("third_party_hypervisor") == "android-emulator"
    ):
        # a container sees only the devices it is started with (Docker: --device /dev/kvm); on
        # a VM, the VM may have no VT-x to give (nesting), so the container is only one suspect
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE if facts.is_true("is_guest") else Confidence.STRONG,
            facts.quotes("in_container"),
            "KVM used inside a container",
            "container",
        )
    if (
        facts.is_false("emulator_sees_dev_kvm")
        and facts.is_true("dev_kvm_exists")
        and observed(facts, "dev_kvm_exists")
    ):
        # the emulator finds no /dev/kvm where the user's own listing shows one: it runs where
        # the host's devices are not passed in; on a desktop that is a Flatpak app's sandbox
        # (Dart-Code#1205), in a container the container (found above)
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("emulator_sees_dev_kvm", "dev_kvm_exists"),
            "the emulator does not see the host's /dev/kvm",
            card=None if facts.is_true("in_container") else SANDBOX,
        )
    virt_ok = facts.is_true("cpu_has_virt") and not facts.is_false("firmware_virt_on")
    if facts.is_true("kvm_vendor_unsupported"):
        # the module is installed and modprobe tried it; the kernel refused it for want of
        # usable VT-x/AMD-V (firmware, or a VM given none), which loading modules cannot change
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("kvm_vendor_unsupported"),
            "the KVM vendor module exists but finds no usable VT-x/AMD-V",
        )
    elif facts.is_false("dev_kvm_exists"):
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
