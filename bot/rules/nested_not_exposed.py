"""The failing machine is itself a VM whose outer hypervisor does not pass VT-x/AMD-V in
(domain-facts C4, C12, C13): a guest without vmx/svm, a Hyper-V VM without
ExposeVirtualizationExtensions, or the user saying they run inside VMware, VirtualBox, KVM..."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding, observed
from bot.rules.firmware_virt_disabled import CLOUD_VMS
from bot.rules.nested_unsupported_by_platform import old_hyperv_host, virtualizing_inside

CAUSE = "nested-not-exposed"
#: the local hypervisors that hide VT-x from their guests by default, by the names the question
#: reader gives them, each with the platform whose card says how to pass VT-x in (the fix is
#: made there, whatever error the guest shows: a Hyper-V error inside a VMware Fusion VM gets
#: Fusion's card); None where no card covers that hypervisor's setting
_LOCAL_OUTER: dict[str, str | None] = {
    "vmware": "vmware-workstation", "vmware-workstation": "vmware-workstation",
    "vmware-player": "vmware-workstation", "vmware-fusion": "vmware-fusion",
    "vmware-esxi": "vmware-esxi", "esxi": "vmware-esxi", "vsphere": "vmware-esxi",
    "virtualbox": "virtualbox", "oracle": "virtualbox", "hyper-v": "hyper-v", "hyperv": "hyper-v",
    "microsoft": None, "kvm": "kvm", "qemu": "kvm", "proxmox": "proxmox",
    "parallels": None, "utm": None, "xen": None, "xenserver": None,
}  # fmt: skip


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_false("expose_virtualization_extensions"):
        yield Finding(
            CAUSE,
            Confidence.DECISIVE,
            facts.quotes("expose_virtualization_extensions"),
            "ExposeVirtualizationExtensions is False",
        )
    if facts.is_true("expose_virtualization_extensions"):
        # the outer Hyper-V passes VT-x in (the user ran Set-VMProcessor -ExposeVirtualization
        # Extensions $true, or Get-VMProcessor shows True): the extensions are exposed
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("expose_virtualization_extensions"),
            "ExposeVirtualizationExtensions is True",
        )
        return
    if facts.is_false("is_guest"):
        # the user says this machine is not a VM (Docker's issue form: "running inside a
        # virtualized Windows ...: No")
        yield Finding(CAUSE, Confidence.UNLIKELY, facts.quotes("is_guest"), "not a VM")
        return
    if not facts.is_true("is_guest"):
        return
    hidden = [n for n in ("cpu_has_virt", "slat") if facts.is_false(n) and observed(facts, n)]
    if hidden:
        # decisive for hypervisors that need VT-x/AMD-V; when KVM still creates VMs here (a
        # paravirtualised KVM such as kvm_pvm needs no hardware extensions), it is not the
        # whole story
        yield Finding(
            CAUSE,
            Confidence.STRONG if facts.is_true("kvm_create_vm_ok") else Confidence.DECISIVE,
            facts.quotes("is_guest", *hidden),
            "a guest whose CPU shows no vmx/svm",
        )
        return
    if facts.is_false("virt_host_validate_hw") and observed(facts, "virt_host_validate_hw"):
        # libvirt's check reads the same CPU flags, second hand
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("is_guest", "virt_host_validate_hw"),
            "a guest where virt-host-validate finds no hardware virtualization",
        )
        return
    if facts.is_true("cpu_has_virt") and observed(facts, "cpu_has_virt"):
        return  # the outer hypervisor does pass the extensions in
    if facts.is_true("kvm_ok_usable") and observed(facts, "kvm_ok_usable"):
        # kvm-ok run in the guest finds /dev/kvm and says "KVM acceleration can be used": nesting
        # is exposed, and what fails runs somewhere that does not see it ("I checked with: sudo
        # kvm-ok ... KVM acceleration can be used. However, when I am installing vDSM on
        # Portainer ...", a container in a Proxmox VM, vdsm/virtual-dsm#788)
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("kvm_ok_usable"),
            "kvm-ok in the guest says KVM can be used",
        )
        return
    if facts.is_true("nesting_on"):
        # the user says the outer hypervisor passes VT-x in ("Running on VMware Workstation
        # 16.1.1, Nested Virtualization Enabled", microsoft/WSL#6937, where a later Insider
        # build fixed it); their CPU flags, where seen, have had their say above
        yield Finding(
            CAUSE, Confidence.UNLIKELY, facts.quotes("nesting_on"), "the user says nesting is on"
        )
        return
    if old_hyperv_host(facts):
        # a Hyper-V host before Windows Server 2016 has no setting that passes VT-x in: there is
        # nothing to expose (nested-unsupported-by-platform says so)
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("hyperv_host_release"),
            "a Hyper-V host too old to expose VT-x",
        )
        return
    outer = facts.value("outer_hypervisor")
    if outer in CLOUD_VMS:
        # a cloud VM has no outer hypervisor setting of the user's to pass VT-x in: the
        # instance type or size decides (Azure, EC2: nested_unsupported_by_platform), or the
        # cloud's own nesting option (Compute Engine: cloud_nested_disabled)
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("outer_hypervisor"),
            "a cloud VM, whose nesting the platform or the cloud's option decides",
        )
        return
    if (
        isinstance(outer, str)
        and outer in _LOCAL_OUTER
        and virtualizing_inside(facts, guest_os=False)
    ):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("is_guest", "outer_hypervisor"),
            "a guest of a hypervisor that hides VT-x by default",
            _LOCAL_OUTER[outer],
        )
    elif (
        outer is None
        and facts.is_false("dev_kvm_exists")
        and not facts.is_true("in_container")
        and not facts.is_true("arm_guest")
    ):
        # KVM's module will not load in a guest whose CPU lacks vmx/svm, so a VM with no
        # /dev/kvm is first of all a VM its outer hypervisor gives no VT-x ("trying this on a
        # Ubuntu VM ... Could not access KVM kernel module: No such file or directory",
        # foxlet/macOS-Simple-KVM#404); a named cloud or WSL has its own reading, and so has an
        # Arm64 guest, whose host seldom has nesting to expose (nested_unsupported_by_platform)
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("is_guest", "dev_kvm_exists"),
            "a guest with no /dev/kvm",
        )
    elif outer is None and facts.is_true("vtx_check_failed"):
        # a tool's own CPUID check finds no VT-x/AMD-V in a guest ("I am using VDI ... This
        # computer doesn't have VT-X/AMD-v enabled", moby/moby#27787): what a guest whose
        # outer hypervisor does not pass them in looks like
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("is_guest", "vtx_check_failed"),
            "a guest where a tool's check finds no VT-x/AMD-V",
        )
    else:
        yield Finding(
            CAUSE, Confidence.SUGGESTIVE, facts.quotes("is_guest"), "the machine is a guest"
        )
