"""Every output parser, by kind, and the one way to turn sections into facts.

A kind is a parser module's name (its ``SOURCE``). Each module in :data:`MODULES` has
``SOURCE``, ``SIGNATURE`` (a regex that recognises its output in pasted text, used by
``bot.inputs.sniff``) and ``read(text) -> Facts``. Adding a source is one module plus one
entry here; a test checks that every parser module in bot/facts/ is listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING

from bot.facts import (
    Fact,
    Facts,
    bcdedit,
    coreinfo,
    dev_kvm,
    emulator_check,
    get_computerinfo,
    haxm_check,
    hyperv_vm,
    id_groups,
    kernel_log,
    kvm_nested,
    kvm_ok,
    lscpu,
    lsmod,
    optional_features,
    proc_cpuinfo,
    systemd_detect_virt,
    systeminfo,
    vbox_log,
    virt_host_validate,
    vmware_log,
    win32,
    wsl,
)

if TYPE_CHECKING:
    from bot.inputs import Section

Parser = Callable[[str], Facts]

MODULES: tuple[ModuleType, ...] = (
    systeminfo,
    get_computerinfo,
    bcdedit,
    win32,
    optional_features,
    hyperv_vm,
    coreinfo,
    wsl,
    proc_cpuinfo,
    lscpu,
    kernel_log,
    kvm_ok,
    virt_host_validate,
    kvm_nested,
    dev_kvm,
    lsmod,
    systemd_detect_virt,
    id_groups,
    vbox_log,
    vmware_log,
    emulator_check,
    haxm_check,
)

PARSERS: dict[str, Parser] = {m.SOURCE: m.read for m in MODULES}
SIGNATURES: dict[str, re.Pattern[str]] = {m.SOURCE: m.SIGNATURE for m in MODULES}

_BOOL = (bool,)
_INT = (int,)
_STR = (str,)
_STATE = frozenset({"enabled", "disabled", "pending"})

#: Every fact name output parsers give, with its type or its closed set of values
#: (bot/facts/README.md, plus the names marked "added"). A test holds every parser to it.
FACT_VALUES: dict[str, tuple[type, ...] | frozenset[str]] = {
    "os_family": frozenset({"windows", "linux", "macos"}),
    "windows_edition": frozenset({"home", "pro", "enterprise", "education", "server"}),
    "windows_build": _INT,
    "windows_version": frozenset({"7", "8", "8.1", "10", "11"}),
    "cpu_vendor": frozenset({"intel", "amd", "apple", "arm"}),
    "cpu_model": _STR,
    "cpu_has_virt": _BOOL,
    "slat": _BOOL,
    "firmware_virt_on": _BOOL,
    "dep_available": _BOOL,
    "hypervisor_present": _BOOL,
    "is_guest": _BOOL,
    "outer_hypervisor": _STR,
    "hypervisorlaunchtype": frozenset({"auto", "off"}),
    "vbs_status": _INT,
    "vbs_running": _BOOL,
    "hvci_running": _BOOL,
    "credential_guard_running": _BOOL,
    "feature_hyperv": _STATE,
    "feature_vmp": _STATE,
    "feature_whp": _STATE,
    "feature_sandbox": _STATE,
    "feature_wsl": _STATE,
    "expose_virtualization_extensions": _BOOL,
    "kvm_modules_loaded": _BOOL,
    "kvm_vendor_unsupported": _BOOL,
    "kvm_nested": _BOOL,
    "dev_kvm_exists": _BOOL,
    "dev_kvm_mode": _STR,
    "dev_kvm_group": _STR,
    "dev_kvm_accessible": _BOOL,
    "kvm_create_vm_ok": _BOOL,
    "user_in_kvm_group": _BOOL,
    "kvm_ok_usable": _BOOL,
    "virt_host_validate_hw": _BOOL,
    "vbox_engine": frozenset({"vt-x", "amd-v", "nem"}),
    "vmware_monitor_mode": _STR,
    "emulator_accel_usable": _BOOL,
    "emulator_accel_reason": _STR,
    "emulator_sees_dev_kvm": _BOOL,  # False: the emulator says /dev/kvm is not found/missing
    # names bot.facts.question already gives, which rules read
    "vtx_in_use": _BOOL,  # VT-x held by another hypervisor (VirtualBox; HAXM's guest check)
    "short_of_memory": _BOOL,  # Hyper-V: not enough memory to start the VM
    "haxm": _BOOL,  # Intel HAXM is installed
    # added: no name above fits
    "container": _STR,  # systemd-detect-virt container id (docker, lxc, wsl, ...)
    "kvm_hw_support": _BOOL,  # kernel: "kvm: no hardware support" -> False
    "hcs_error": _STR,  # Host Compute Service error name, e.g. HCS_E_HYPERV_NOT_INSTALLED
    "wsl_default_version": _INT,  # wsl --status "Default Version: 1|2"
    "vmware_virtual_exec": frozenset({"hardware", "software"}),  # vmware.log HV Settings
    "os_version_supported": _BOOL,  # a tool's own check of the host OS (HAXM: Windows 7 SP1+)
}


def facts_from_sections(sections: Iterable[Section]) -> Facts:
    """Run each section's parser and merge the facts: report sections first, in order, then
    pasted ones. Where sources disagree the first stands and the other is kept as a conflict.

    Win32_Processor's firmware/VT-x/SLAT values are dropped when any section shows a running
    hypervisor (see bot.facts.win32): in a report they arrive in another section than
    Win32_ComputerSystem's HypervisorPresent.
    """
    ordered = sorted(sections, key=lambda s: not s.origin.startswith("report:"))
    facts: list[Fact] = []
    for section in ordered:
        parser = PARSERS.get(section.kind)
        if parser is None:
            continue  # a probe kind no parser reads yet (sw_vers, sc_query, ...)
        found = parser(section.text)
        facts += found.items
        facts += [loser for _, loser in found.conflicts]
    if any(f.name == "hypervisor_present" and f.value is True for f in facts):
        facts = [
            f
            for f in facts
            if not (f.source == win32.SOURCE and f.name in win32.HIDDEN_BY_HYPERVISOR)
        ]
    return Facts.of(facts)
