"""What several sources name the same way: CPU vendors, hypervisors, VM models, Windows
editions and builds, x86 flags.

Names are normalised to the values of the facts contract (bot/facts/README.md): cpu_vendor
"intel"/"amd"/"apple"/"arm"; outer_hypervisor lower-case ("kvm", "microsoft", "vmware",
"virtualbox", "xen", "qemu", "parallels", "aws", "gcp", ...).
"""

from __future__ import annotations

import re

from bot.facts import Fact

_VENDOR_IDS = (
    (re.compile(r"GenuineIntel"), "intel"),
    (re.compile(r"AuthenticAMD"), "amd"),
)
_BRANDS = (
    (re.compile(r"\bIntel\b|\bXeon\b|\bCore\(TM\)|\bPentium\b|\bCeleron\b", re.I), "intel"),
    (re.compile(r"\bAMD\b|\bRyzen\b|\bEPYC\b|\bOpteron\b|\bAthlon\b", re.I), "amd"),
    (re.compile(r"\bApple M\d", re.I), "apple"),
    (re.compile(r"\bQualcomm\b|\bSnapdragon\b|\bARMv\d|\bCortex-A\d|\bNeoverse\b", re.I), "arm"),
)


def _first(table: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str | None:
    """The name of the first pattern in ``table`` that ``text`` matches."""
    return next((name for pattern, name in table if pattern.search(text)), None)


def cpu_vendor(text: str) -> str | None:
    """The vendor named in a vendor id (``GenuineIntel``) or, failing that, a brand string."""
    return _first(_VENDOR_IDS, text) or _first(_BRANDS, text)


# lscpu "Hypervisor vendor:" (util-linux lscpu-virt.c hv_vendors), the kernel's "Hypervisor
# detected:" (arch/x86/kernel/cpu/hypervisor.c) and systemd-detect-virt's ids (systemd
# src/basic/virt.c) -> outer_hypervisor
_HYPERVISOR_WORDS = (
    (re.compile(r"\bkvm\b", re.I), "kvm"),
    (re.compile(r"\bmicrosoft\b|\bhyper-?v\b|Windows Subsystem for Linux", re.I), "microsoft"),
    (re.compile(r"\bvmware\b", re.I), "vmware"),
    (re.compile(r"\bvirtualbox\b|\binnotek\b|\bvbox\b|\boracle\b", re.I), "virtualbox"),
    (re.compile(r"\bxen\b", re.I), "xen"),
    (re.compile(r"\bqemu\b", re.I), "qemu"),
    (re.compile(r"\bparallels\b", re.I), "parallels"),
    (re.compile(r"\bamazon\b", re.I), "aws"),
    (re.compile(r"\bgoogle\b", re.I), "gcp"),
    (re.compile(r"\bbhyve\b", re.I), "bhyve"),
    (re.compile(r"\bacrn\b", re.I), "acrn"),
    (re.compile(r"\bbochs\b", re.I), "bochs"),
    (re.compile(r"\bapple\b", re.I), "apple"),
    (re.compile(r"\bpowervm\b|\bphyp\b", re.I), "powervm"),
    (re.compile(r"\bzvm\b|\bz/vm\b", re.I), "zvm"),
)


def hypervisor_name(word: str) -> str:
    """A hypervisor vendor as a tool prints it -> the outer_hypervisor value."""
    return _first(_HYPERVISOR_WORDS, word) or word.strip().lower()


# System manufacturer / model strings of VMs, as systeminfo ("System Model:"),
# Win32_ComputerSystem (Model, Manufacturer) and DMI print them. A Microsoft-made PC (Surface)
# is not a VM: only the model "Virtual Machine" is.
_VM_MODELS = (
    (re.compile(r"^Virtual Machine$", re.I), "microsoft"),
    (re.compile(r"\bVMware\b", re.I), "vmware"),
    (re.compile(r"\bVirtualBox\b|\binnotek\b", re.I), "virtualbox"),
    (re.compile(r"^KVM$|\bKVM Virtual Machine\b", re.I), "kvm"),
    (re.compile(r"^QEMU\b|^Standard PC \((?:i440FX|Q35)", re.I), "qemu"),
    (re.compile(r"^Xen\b|\bHVM domU\b", re.I), "xen"),
    (re.compile(r"\bParallels\b", re.I), "parallels"),
    (re.compile(r"^Google Compute Engine$|^Google$", re.I), "gcp"),
    (re.compile(r"^Amazon EC2$", re.I), "aws"),
    (re.compile(r"^Bochs$", re.I), "bochs"),
    (re.compile(r"^BHYVE$", re.I), "bhyve"),
)


def vm_model(value: str) -> str | None:
    """The hypervisor a system maker/model string names, or None for anything else."""
    return _first(_VM_MODELS, value.strip())


_EDITIONS = (
    (re.compile(r"\bServer\b", re.I), "server"),
    (re.compile(r"\bEducation\b|教育", re.I), "education"),
    (re.compile(r"\bEnterprise\b|企业|企業", re.I), "enterprise"),
    (re.compile(r"\bPro(?:fessional)?\b|专业|專業", re.I), "pro"),
    (re.compile(r"\bHome\b|家庭", re.I), "home"),
)


def edition(os_name: str) -> str | None:
    """windows_edition from an OS name ("Microsoft Windows 10 Home" -> "home"; Chinese
    editions say 家庭/专业/企业/教育)."""
    return _first(_EDITIONS, os_name)


_OLD_CLIENTS = {(6, 3): "8.1", (6, 2): "8", (6, 1): "7"}


def version_facts(
    major: int, minor: int, build: int, client: bool | None, quote: str, source: str
) -> list[Fact]:
    """windows_build, and windows_version for a Windows client: 10.0 is 10 (11 from build
    22000), 6.3 is 8.1, 6.2 is 8 and 6.1 is 7 (the servers of those years share the numbers)."""
    out = [Fact("windows_build", build, quote, source)]
    if not client:
        return out
    if (major, minor) == (10, 0):
        out.append(Fact("windows_version", "11" if build >= 22000 else "10", quote, source))
    elif (major, minor) in _OLD_CLIENTS:
        out.append(Fact("windows_version", _OLD_CLIENTS[(major, minor)], quote, source))
    return out


def x86_flag_facts(flags: frozenset[str], quote: str, source: str) -> list[Fact]:
    """Facts from an x86 CPU flags line (/proc/cpuinfo ``flags``, lscpu ``Flags:``).

    vmx/svm -> cpu_has_virt; ept/npt -> slat (only when vmx/svm is there: without them the
    flags say nothing about the CPU underneath); ``hypervisor`` -> is_guest. Only x86 lines
    (with ``fpu``) say anything about vmx/svm or the hypervisor bit. A line the user cut short
    ("... hypervisor lahf_lm cmp_legacy svm ...", harvester/harvester#3900) shows the flags it
    kept, not that the others are missing."""
    if "fpu" not in flags:
        return []
    cut = bool(flags & {"...", "…"})
    has_virt = bool(flags & {"vmx", "svm"})
    facts = [
        ("cpu_has_virt", has_virt),
        ("is_guest", "hypervisor" in flags),
        ("slat", bool(flags & {"ept", "npt"}) if has_virt else None),
    ]
    return [
        Fact(name, value, quote, source)
        for name, value in facts
        if value is not None and (value or not cut)
    ]
