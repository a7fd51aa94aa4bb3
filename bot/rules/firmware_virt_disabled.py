"""VT-x/AMD-V off in firmware (domain-facts C2): systeminfo's "Virtualization Enabled In
Firmware: No", the kernel's "disabled by bios" lines, kvm-ok's verdict, or the user's word.
A user saying it is on makes it less likely, not impossible: firmware updates turn it off.
Windows on a Boot Camp Mac is the exception to the user's word: most Intel Macs leave VT-x
locked off at power-on and only macOS turns it on, so it is on after a restart from macOS and
off after a cold start straight into Windows, whatever the user saw last time."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding, observed, windows_hypervisor_runs
from bot.rules.cloud_nested_disabled import CLOUDS

CAUSE = "firmware-virt-disabled"
#: the card on Intel Macs whose firmware leaves VT-x locked off for Windows started directly
BOOT_CAMP_CARD = "bootcamp-mac-vtx-locked-off"
#: the card on Linux's "disabled by bios" and the KVM vendor module refused
LINUX_CARD = "linux-kvm-disabled-by-bios"
#: a VM of these has no firmware switch of its own: the provider sets its hosts' firmware
CLOUD_VMS = CLOUDS | {"azure"}


def _boot_camp_run_as_vm(facts: Facts) -> bool:
    """The Boot Camp partition run as a VM from macOS: Windows is then a guest, and the Mac's
    lock on VT-x does not decide it. Said so ("my Boot Camp in Parallels Desktop"), or VMware
    named at all (Fusion runs it; the question reader has no "parallels" tool of its own)."""
    return facts.is_true("boot_camp_as_vm") or facts.value("third_party_hypervisor") == "vmware"


def findings(facts: Facts) -> Iterator[Finding]:
    quotes = facts.quotes("firmware_virt_on")
    if facts.is_true("is_guest") and observed(facts, "is_guest"):
        # a VM's virtual firmware reports what its hypervisor passes in: that is nesting
        return
    if facts.value("outer_hypervisor") in CLOUD_VMS:
        # a cloud VM's "enable it in the BIOS" is about what the provider passes in: nesting
        yield Finding(CAUSE, Confidence.UNLIKELY, facts.quotes("outer_hypervisor"), "a cloud VM")
        return
    boot_camp = (
        facts.is_true("boot_camp")
        and not facts.is_true("is_guest")
        and not _boot_camp_run_as_vm(facts)
    )
    if boot_camp:
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("boot_camp", "firmware_virt_on"),
            "Windows on a Boot Camp Mac",
            card=BOOT_CAMP_CARD,
        )
    if facts.is_false("firmware_virt_on"):
        if observed(facts, "firmware_virt_on"):
            yield Finding(CAUSE, Confidence.DECISIVE, quotes, "firmware virtualization off")
        elif facts.is_true("is_guest") or facts.value("outer_hypervisor") is not None:
            # inside a VM the "enable it in the BIOS" message is about the outer hypervisor
            yield Finding(CAUSE, Confidence.SUGGESTIVE, quotes, "said to be off, in a VM")
        else:
            yield Finding(CAUSE, Confidence.STRONG, quotes, "said to be off in firmware")
    elif facts.is_true("firmware_virt_on"):
        if not boot_camp:  # there, what the user saw depends on how Windows was started
            yield Finding(CAUSE, Confidence.UNLIKELY, quotes, "firmware virtualization on")
    elif facts.is_true("aehd_start_failed") and facts.is_false("windows_hypervisor_on"):
        # the emulator's driver finds no usable SVM/VT-x; Google names two reasons, the Windows
        # hypervisor holding it or firmware leaving it off, and the user has turned the first
        # off (android-emulator-aehd-startservice-failed card)
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("aehd_start_failed", "windows_hypervisor_on"),
            "the emulator's driver finds no SVM/VT-x with Hyper-V off",
        )
    elif (running := windows_hypervisor_runs(facts)) and not boot_camp:
        # the Windows hypervisor does not start without VT-x/AMD-V [R8]
        yield Finding(CAUSE, Confidence.UNLIKELY, *running)
    elif facts.is_true("kvm_vendor_unsupported") and not facts.is_true("is_guest"):
        # modprobe's "could not insert 'kvm_intel': Operation not supported" on a machine not
        # known to be a VM: the vendor module finds VT-x/AMD-V unusable, which on real hardware
        # is most often the firmware switch; with the CPU's vmx/svm flag seen, the firmware
        # is all that is left
        yield Finding(
            CAUSE,
            Confidence.STRONG if facts.is_true("cpu_has_virt") else Confidence.SUGGESTIVE,
            facts.quotes("kvm_vendor_unsupported", "cpu_has_virt"),
            "the kernel refused the KVM vendor module (Operation not supported)",
            card=LINUX_CARD,
        )
    elif facts.is_true("firmware_changed") and not facts.is_true("is_guest"):
        # a BIOS update, a new CPU or board, a cleared CMOS: the firmware's settings are back at
        # their defaults, and on many boards VT-x/AMD-V (SVM) is off by default
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("firmware_changed"),
            "the machine's firmware was updated or its CPU or board changed",
        )
    elif (
        facts.value("hcs_error") == "HCS_E_HYPERV_NOT_INSTALLED"
        and facts.is_true("windows_feature_on")
        and not facts.is_true("is_guest")
    ):
        # WSL's 0x80370102 names two things to check, Virtual Machine Platform and
        # virtualization in the BIOS [R8]; the user says the first is done, which leaves the
        # firmware as the likelier (the launch type needs no firmware word, see
        # hypervisor_not_launched, and is read there when both are said on)
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("hcs_error", "windows_feature_on"),
            "WSL finds no hypervisor though its feature is on",
        )
    elif (
        facts.is_false("cpu_has_virt")
        and facts.is_false("is_guest")
        and observed(facts, "cpu_has_virt")
    ):
        # on bare metal, Linux hides vmx/svm when firmware disables them (kernel feat_ctl.c,
        # cpu/amd.c [R54]); an old CPU without them looks the same
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("cpu_has_virt", "is_guest"),
            "no vmx/svm on bare metal",
        )
