"""Two hypervisors want VT-x/AMD-V: VMware, VirtualBox, HAXM or an emulator beside the
Windows hypervisor (domain-facts C6), or VirtualBox beside KVM on Linux."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding, observed
from bot.rules.vbs_memory_integrity import vbs_keeps_the_hypervisor

CAUSE = "hypervisor-coexistence"
#: the card for VirtualBox refused VT-x/AMD-V by KVM on a Linux host (not the other way round)
VBOX_BESIDE_KVM = "linux-virtualbox-vs-kvm"

# what a tool's output shows when another hypervisor holds VT-x: (fact, value, why)
_OBSERVED = (
    # HAXM's check: another hypervisor's guest holds VT-x right now
    ("vtx_in_use", True, "VT-x occupied by another hypervisor's guest"),
    # VBox.log: VirtualBox fell back to the Windows hypervisor's API (NEM) [R50][R51]
    ("vbox_engine", "nem", "VirtualBox runs on the Windows hypervisor (NEM)"),
    # vmware.log: user-level monitor = Host VBS mode, no nested VT-x for guests [R38]
    ("vmware_monitor_mode", "ULM", "VMware runs in Host VBS mode"),
)

_THIRD = "third_party_hypervisor"
# what the user says of the Windows hypervisor beside a third-party one; the first that holds
# counts: (fact, value, confidence, why)
_STATED: tuple[tuple[str, bool, Confidence, str], ...] = (
    # off now because turning it off is what worked: the user's own test of the clash
    (
        "hypervisor_off_helps",
        True,
        Confidence.STRONG,
        "it works once the Windows hypervisor is off",
    ),
    (
        "windows_hypervisor_on",
        True,
        Confidence.STRONG,
        "third-party hypervisor beside the Windows hypervisor",
    ),
    (
        "windows_hypervisor_on",
        False,
        Confidence.UNLIKELY,
        "the Windows hypervisor is said to be off",
    ),
    # VBS keeps the Windows hypervisor on: the same clash, though the specific cause (and fix)
    # is vbs-memory-integrity
    (
        "vbs_on",
        True,
        Confidence.SUGGESTIVE,
        "third-party hypervisor beside a hypervisor that VBS keeps on",
    ),
)


def _hosts_this_machine(facts: Facts, product: str) -> bool:
    """The third-party hypervisor the user names is the one this machine runs inside ("WSL2
    in a Win10 VirtualBox VM", microsoft/WSL#5430), not a neighbour contending for VT-x."""
    outer = facts.value("outer_hypervisor")
    return facts.is_true("is_guest") and isinstance(outer, str) and outer.startswith(product)


def findings(facts: Facts) -> Iterator[Finding]:
    for name, value, why in _OBSERVED:
        if facts.value(name) == value:
            yield Finding(CAUSE, Confidence.STRONG, facts.quotes(name), why)
    if (
        facts.is_false("hypervisor_present")
        and observed(facts, "hypervisor_present")
        and not facts.is_true("windows_hypervisor_on")
        and _kvm_beside_virtualbox(facts) is None
    ):
        # VirtualBox's "Not in a hypervisor partition (HVP=0)" (read by facts.vbox_log, pasted or
        # in a report): Windows runs on no hypervisor, so none holds VT-x/AMD-V beside
        # VirtualBox; its "VT-x is not available" then means a CPU, firmware or outer hypervisor
        # that gives none (NEMR3Native-win.cpp, HM.cpp)
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("hypervisor_present"),
            "no Windows hypervisor runs (HVP=0)",
        )
        return
    # HAXM's own check output names no product in the user's words, but it is HAXM's
    third_party = facts.get(_THIRD) or facts.get("haxm")
    if third_party is None and facts.is_true("vms_broke_with_win_hv"):
        # the VMs the user had stopped when Hyper-V, WSL 2 or Docker Desktop came: they are
        # another hypervisor's, though the user does not name it
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("vms_broke_with_win_hv"),
            "the user's VMs stopped when a Windows hypervisor feature was turned on",
        )
    if third_party is None or _hosts_this_machine(facts, str(third_party.value)):
        return
    if facts.is_true("third_party_removed"):
        return  # the user took the other hypervisor off this machine
    if (
        facts.is_true("hypervisor_present")
        and observed(facts, "hypervisor_present")
        and not facts.is_true("is_guest")
    ):
        # the same clash, but when VBS is what keeps the hypervisor on, that is the specific
        # cause (and fix)
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE if vbs_keeps_the_hypervisor(facts) else Confidence.STRONG,
            facts.quotes(_THIRD, "hypervisor_present"),
            "a Windows hypervisor runs beside a third-party one",
        )
    for name, value, confidence, why in _STATED:
        if facts.value(name) is value:
            if name == "windows_hypervisor_on" and value and facts.is_true("regression_named"):
                # the user's earlier release of the same tool ran beside the same Windows
                # hypervisor: the clash alone does not explain what changed ("versions newer
                # than v7.1.10 will not boot ... with MS Hypervisor still enabled",
                # VirtualBox/virtualbox#709)
                confidence = Confidence.SUGGESTIVE
            # against the cause, the statement alone is the evidence
            names = (name,) if confidence is Confidence.UNLIKELY else (_THIRD, name)
            yield Finding(CAUSE, confidence, facts.quotes(*names), why)
            break
    kvm_evidence = _kvm_beside_virtualbox(facts) if third_party.value == "virtualbox" else None
    if kvm_evidence is not None:
        name, why = kvm_evidence
        yield Finding(
            CAUSE, Confidence.STRONG, facts.quotes(_THIRD, name), why, card=VBOX_BESIDE_KVM
        )


def _kvm_beside_virtualbox(facts: Facts) -> tuple[str, str] | None:
    """The fact that shows KVM holding VT-x/AMD-V on VirtualBox's Linux host, and why."""
    if facts.value("linux_kvm_in_use") is True:
        return "linux_kvm_in_use", "VirtualBox beside KVM on Linux"
    if _kvm_holds_vtx_once_loaded(facts):
        # from Linux 6.12 KVM turns VT-x/AMD-V on when its module loads (enable_virt_at_load),
        # and distributions load it at boot on any CPU that has them: no KVM guest need run
        return (
            "linux_kernel",
            "VirtualBox on Linux 6.12 or later, where a loaded KVM module holds VT-x",
        )
    return None


def _kvm_holds_vtx_once_loaded(facts: Facts) -> bool:
    """A Linux host (not WSL's kernel) from 6.12 on, whose VirtualBox built and loaded its own
    module (a failed build is the release's, not the clash)."""
    release = facts.value("linux_kernel")
    if not isinstance(release, str) or facts.is_true("uses_wsl"):
        return False
    if facts.is_true("host_module_build_failed"):
        return False
    major, _, minor = release.partition(".")
    return (int(major), int(minor)) >= (6, 12)
