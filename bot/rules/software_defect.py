"""A defect in the tool or version in use, not in the machine: the user reports a regression,
it worked before an update, or a checker's verdict contradicts what the machine does (kvm-ok
or virt-host-validate saying KVM cannot be used while KVM creates a VM here; the taxonomy
names this case)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "software-defect"
#: the card on telling a release's bug from a broken machine, and fixing it
KNOWN_BUG = "update-hypervisor-known-bug"
#: the card on host kernel modules that a hypervisor release cannot build for a newer kernel
NEW_KERNEL = "linux-host-modules-fail-on-new-kernel"
#: the card on Multipass's and minikube's retired HyperKit driver
HYPERKIT = "hyperkit-driver-macos-retired"
#: the card on docker-machine's and minikube's VT-x/AMD-V check that missed AMD-V on AMD CPUs
AMD_VTX_CHECK = "docker-machine-amd-vtx-check-bug"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("regression_named"):
        # a user who calls it a regression has seen it work on an earlier release
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("regression_named"),
            "the user reports a regression",
            card=KNOWN_BUG,
        )
    elif facts.is_true("after_update"):
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("after_update"),
            "failure began after an update",
            card=KNOWN_BUG,
        )
    if facts.is_true("host_module_build_failed"):
        # VirtualBox's and VMware's host modules compile against the running kernel; a build
        # that fails (not for want of headers) right after a kernel update is a release that
        # does not support that kernel yet (the vboxdrv card's own reading of compiler errors)
        yield Finding(
            CAUSE,
            Confidence.STRONG if facts.is_true("after_update") else Confidence.SUGGESTIVE,
            facts.quotes("host_module_build_failed", "after_update"),
            "the hypervisor's host modules fail to build",
            "linux",
            card=NEW_KERNEL,
        )
    if facts.is_true("hyperkit_driver"):
        # the driver's own card: HyperKit is unmaintained, instances on it hang or stop while
        # starting on newer macOS, and the vendors' way out is another driver
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("hyperkit_driver"),
            "the VM runs on HyperKit, which is no longer maintained",
            "macos",
            card=HYPERKIT,
        )
    if (
        facts.is_true("vtx_check_failed")
        and facts.value("cpu_vendor") == "amd"
        and facts.is_true("amd_vtx_check_bug_release")
    ):
        # the check of these releases looked for AMD's SVM flag among the standard CPUID
        # features, so on an AMD processor it failed whatever the firmware or Windows did
        # (docker/machine#4679); other releases' verdicts are the coexistence card's to read
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("vtx_check_failed", "cpu_vendor", "amd_vtx_check_bug_release"),
            "a release whose VT-x/AMD-V check never saw AMD-V, on an AMD processor",
            card=AMD_VTX_CHECK,
        )
    wrong = [n for n in ("kvm_ok_usable", "virt_host_validate_hw") if facts.is_false(n)]
    if wrong and facts.is_true("kvm_create_vm_ok"):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes(*wrong, "kvm_create_vm_ok"),
            "a checker says KVM is unusable, yet KVM created a VM",
        )
