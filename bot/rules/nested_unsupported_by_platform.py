"""The outer platform cannot nest in this configuration (domain-facts C5, C14, C15):
- Apple silicon: only M3 or later with macOS 15, generic Linux guests [R72];
- nested Hyper-V on AMD needs a Windows 11 / Server 2022 host [R1]; a Hyper-V host before
  Windows Server 2016 / Windows 10 cannot nest at all [R1];
- AWS offers nesting on virtual instances only for C8i, M8i and R8i (and *.metal gives VT-x
  directly) [R68]; Google Cloud not on AMD or Arm machine types [R61] (and, per its older
  page, not on E2); Azure Trusted Launch VMs need security type Standard [R1][R8].
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot import platforms
from bot.facts import Facts
from bot.rules import Confidence, Finding, observed

CAUSE = "nested-unsupported-by-platform"
AZURE_SIZE = "azure-size-no-nesting"
AZURE_SECURITY_TYPE = "azure-trusted-launch-security-type"
OLD_HYPERV_HOST = "hyperv-host-before-2016-no-nesting"

_AWS_NESTING = re.compile(r"^(?:c8i|m8i|r8i)(?:-flex)?\.|\.metal")
_AWS_TYPE = re.compile(r"^[a-z][1-8][a-z-]*\.")
#: what the question reader calls Amazon's cloud (outer_hypervisor)
AWS_NAMES = frozenset({"aws", "ec2"})
_GCP_NO_NESTING = re.compile(r"^(?:e2|n2d|c2d|c3d|t2d|t2a|c4a)-")


def _cloud_of(instance: str) -> str | None:
    """The cloud whose instance-type names this one follows, among those the rules know."""
    if _AWS_TYPE.match(instance):
        return "aws"
    if _GCP_NO_NESTING.match(instance):
        return "gcp"
    return None


def instance_nests(instance: str) -> bool | None:
    """Whether a cloud instance type can offer nested virtualization; None when unknown."""
    cloud = _cloud_of(instance)
    if cloud == "aws":
        return bool(_AWS_NESTING.search(instance))
    return False if cloud == "gcp" else None


def old_hyperv_host(facts: Facts) -> bool:
    """The machine is a guest of a Hyper-V host released before Windows Server 2016, which
    cannot pass VT-x/AMD-V to its guests in any configuration [R1]."""
    release = facts.value("hyperv_host_release")
    return (
        isinstance(release, str)
        and release.startswith(("2008", "2012"))
        and facts.is_true("is_guest")
        and facts.value("outer_hypervisor") in (None, "hyper-v", "hyperv")
    )


def _no_hypervisor_inside(facts: Facts) -> list[str]:
    """Facts showing that a Windows hypervisor could not start inside this cloud VM: WSL's
    0x80370102 (on an Azure VM, WSL's troubleshooting names Trusted Launch [R8]) or Hyper-V's
    own "the hypervisor is not running"."""
    names = []
    if facts.value("hcs_error") == "HCS_E_HYPERV_NOT_INSTALLED":
        names.append("hcs_error")
    if facts.is_false("hypervisor_present") and observed(facts, "hypervisor_present"):
        names.append("hypervisor_present")
    return names


#: facts saying the user runs, or tries to run, virtualization inside the machine
_INSIDE = (
    "nesting_named",
    "uses_wsl",
    "uses_hyperv",
    "uses_docker_desktop",
    "uses_sandbox",
    "third_party_hypervisor",
    "haxm",
    "kvm_in_wsl",
    "dev_kvm_exists",
    "dev_kvm_accessible",
    "cpu_has_virt",
    "hypervisor_present",
    "nesting_on",
    "nesting_supported",
    "expose_virtualization_extensions",
    "firmware_virt_on",
    "hcs_error",
    "vtx_check_failed",
    "docker_virt_check",
    "windows_hypervisor_on",
    "windows_feature_on",
    "hypervisorlaunchtype",
    "linux_kvm_in_use",
    "vbs_on",
    "container_isolation",
    "x86_guest",
    "aehd_start_failed",
    "kvm_device_passed",
)


def virtualizing_inside(facts: Facts, *, guest_os: bool = True) -> bool:
    """Whether anything says virtualization runs or is wanted inside the machine. Without it a
    cloud VM's size or cloud says nothing about nesting: "az vm start fails with no capacity
    for Standard_D4s_v5" is about the VM itself, which no nesting limit stops from starting.
    The outer hypervisor named as a product is not one ("VirtualBox のゲスト" names VirtualBox
    as the host, not as something run inside; "vm in hyperv" names Hyper-V as the host).
    Without ``guest_os`` an x86 guest OS does not count: beside a local outer hypervisor it is
    the outer's own guest ("a windows 7 VM installed on VMware Fusion 12"), not one run inside
    it."""
    return any(
        facts.value(name) is not None
        and (guest_os or name != "x86_guest")
        and not (name in _PRODUCTS and _names_the_outer(facts, name))
        for name in _INSIDE
    )


#: facts that name a hypervisor product, which may be the outer one named again
_PRODUCTS = ("third_party_hypervisor", "uses_hyperv")


def _names_the_outer(facts: Facts, name: str) -> bool:
    """Whether the words the fact was read from name the same product as the outer hypervisor's
    (by the platforms' aliases: "VMware" and "VM on VMware Fusion", "HyperV" and "vm in
    hyperv"), not only the same host system."""
    fact, outer = facts.get(name), facts.get("outer_hypervisor")
    if fact is None or outer is None:
        return False
    named = platforms.mentioned(fact.quote) & platforms.mentioned(outer.quote)
    return bool(named - platforms.HOSTS)


def findings(facts: Facts) -> Iterator[Finding]:
    vendor = facts.value("cpu_vendor")
    if vendor == "apple" and facts.is_true("is_guest"):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("cpu_vendor", "is_guest"),
            "a VM inside a VM on Apple silicon",
            "macos",
        )
    # a guest shows no KVM: no /dev/kvm, no vmx/svm
    missing_kvm = [n for n in ("dev_kvm_exists", "cpu_has_virt") if facts.is_false(n)]
    if facts.is_true("is_guest") and facts.is_true("arm_guest") and missing_kvm:
        # an Arm64 machine that is itself a VM and shows no KVM: nesting on Arm needs both
        # hardware (FEAT_NV2) and a host that offers it, which Apple offers only from M3 with
        # macOS 15 [R72], Google Cloud not on its Arm machine types [R61] and AWS only on Intel
        # C8i/M8i/R8i [R68]; hosted CI runners on Arm are such cloud VMs, and there is no
        # setting the user could turn on in the host
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("is_guest", "arm_guest", *missing_kvm),
            "an Arm64 VM without KVM",
        )
    if vendor == "amd" and facts.value("windows_version") == "10" and facts.is_true("is_guest"):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("cpu_vendor", "windows_version", "is_guest"),
            "nested Hyper-V on AMD with Windows 10",
            "hyper-v",
        )
    windows = facts.value("windows_version")
    if facts.is_true("kvm_in_wsl") and (
        windows == "10" or (windows is None and facts.is_false("dev_kvm_exists"))
    ):
        # WSL offers nested virtualization only on Windows 11, where WSL 2 gives its VM /dev/kvm
        # by default (WSL 1 has no KVM at all) [R10][R14]: KVM asked for inside WSL on Windows 10,
        # or missing there with the Windows release unsaid, is most likely that limit
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("windows_version", "kvm_in_wsl", "dev_kvm_exists"),
            "KVM inside WSL, which nests only on Windows 11",
            "wsl2",
        )
    if old_hyperv_host(facts):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("is_guest", "hyperv_host_release"),
            "a guest of a Hyper-V host older than Windows Server 2016",
            "hyper-v",
            card=OLD_HYPERV_HOST,
        )
    instance = facts.value("cloud_instance")
    inside = virtualizing_inside(facts)
    if isinstance(instance, str) and instance_nests(instance) is False and inside:
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("cloud_instance"),
            "an instance type without nested virtualization",
            _cloud_of(instance),
        )
    outer = facts.value("outer_hypervisor")
    if outer in AWS_NAMES and not isinstance(instance, str):
        # most EC2 types cannot nest [R68]; with the type unknown, a guest that shows no VT-x
        # (no /dev/kvm, no vmx/svm, WSL's 0x80370102) most likely runs on one of them
        # (the user saying these instances cannot nest counts the same)
        missing = missing_kvm + (
            ["nesting_supported"] if facts.is_false("nesting_supported") else []
        )
        missing += _no_hypervisor_inside(facts)
        if missing or inside:
            yield Finding(
                CAUSE,
                Confidence.STRONG if missing else Confidence.SUGGESTIVE,
                facts.quotes("outer_hypervisor", *missing),
                "an EC2 instance (only C8i, M8i, R8i and metal types offer VT-x)",
                "aws",
            )
    if facts.is_true("azure_trusted_launch"):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("azure_trusted_launch"),
            "Azure Trusted Launch",
            "azure",
            card=AZURE_SECURITY_TYPE,
        )
    if outer == "azure" and not facts.is_true("azure_trusted_launch") and inside:
        # on Azure both size and security type decide whether nesting is offered [R1][R67];
        # an Azure VM alone says little, one with a named size or missing VT-x says more
        pointed = [
            n
            for n in ("cloud_instance", "firmware_virt_on", "cpu_has_virt")
            if facts.value(n) not in (None, True)
        ]
        pointed += _no_hypervisor_inside(facts)
        yield Finding(
            CAUSE,
            Confidence.STRONG if pointed else Confidence.SUGGESTIVE,
            facts.quotes("outer_hypervisor", *pointed),
            "an Azure VM (size and security type decide nesting)",
            "azure",
            # the size is read first: on a size without nesting the security type does not matter
            card=AZURE_SIZE,
        )
    if outer == "virtualbox" and facts.value("third_party_hypervisor") == "vmware":
        # VirtualBox passes VT-x/AMD-V but not nested paging [R46]; VMware needs EPT/RVI [R43]
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("outer_hypervisor", "third_party_hypervisor"),
            "VMware inside a VirtualBox VM",
        )
